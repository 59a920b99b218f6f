/** Slack's people and languages as the app knows them. */
import type { Locale } from '../../app/index.js';

/** A Slack user as an account of the app: workspace and user, so two workspaces never mix. */
export const accountOf = (team: string, user: string): string => `slack:${team}:${user}`;

/** The Slack user id of an account made by `accountOf`. */
export function userOf(account: string): string {
  const [platform, , user] = account.split(':');
  if (platform !== 'slack' || !user) throw new Error('not a Slack account');
  return user;
}

/** Slack's locale ("fi-FI", "sv-SE", "en-US") as one of the app's languages, when it is one. */
export function localeOf(slackLocale: unknown): Locale | undefined {
  if (typeof slackLocale !== 'string') return undefined;
  const language = slackLocale.slice(0, 2).toLowerCase();
  return language === 'fi' || language === 'sv' || language === 'en' ? language : undefined;
}
