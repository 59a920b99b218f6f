/** Slack's people as the app knows them. */

/** A Slack user as an account of the app: workspace and user, so two workspaces never mix. */
export const accountOf = (team: string, user: string): string => `slack:${team}:${user}`;

/** The Slack user id of an account made by `accountOf`. */
export function userOf(account: string): string {
  const [platform, , user] = account.split(':');
  if (platform !== 'slack' || !user) throw new Error('not a Slack account');
  return user;
}
