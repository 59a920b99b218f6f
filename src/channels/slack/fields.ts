/**
 * What Toivo reads of a request from Slack, each field checked before it is used: Bolt passes a
 * body on as it came (typed, not checked), and a field that is not what Slack sends must neither
 * throw in a handler nor reach a meeting (an account made of `undefined`, a name that is a number).
 * What is not as Slack sends it is left out.
 */

import { isRecord } from '../../cards/submission-fields.js';

/** A Slack user id, as the people picker gives it and as every request names its sender. */
export const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;
/** A workspace's or a conversation's id (T…, E…, C…, D…, G…). */
const SLACK_ID = /^[A-Z0-9]{2,40}$/;

/** A text that is not empty, or undefined. */
export const textOf = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);

/** A workspace's or a conversation's id, or undefined. */
export const idOf = (x: unknown): string | undefined =>
  typeof x === 'string' && SLACK_ID.test(x) ? x : undefined;

/** The `id` of an object Slack nests (`team`, `channel`), or undefined. */
export const nestedId = (x: unknown): string | undefined => (isRecord(x) ? idOf(x.id) : undefined);

/** Who sent a request: their workspace (empty when Slack does not say), their user id and their name. */
export interface Sender {
  readonly team: string;
  readonly user: string;
  readonly name?: string;
}

/**
 * The sender of an interaction (a click, a modal's submit): `user` an object with a Slack user id,
 * the workspace from `team` or the user's `team_id`. Undefined when nobody can be told who sent it.
 */
export function senderOf(body: { readonly user?: unknown; readonly team?: unknown }): Sender | undefined {
  const user = isRecord(body.user) ? body.user : undefined;
  if (typeof user?.id !== 'string' || !SLACK_USER.test(user.id)) return undefined;
  const name = textOf(user.name);
  return {
    team: nestedId(body.team) ?? idOf(user.team_id) ?? '',
    user: user.id,
    ...(name ? { name } : {}),
  };
}

/** The sender of a slash command, from its form's fields (a field sent twice is a list, not a text). */
export function commandSenderOf(command: Readonly<Record<string, unknown>>): Sender | undefined {
  const { user_id: user, team_id: team } = command;
  if (typeof user !== 'string' || !SLACK_USER.test(user)) return undefined;
  const name = textOf(command.user_name);
  return { team: idOf(team) ?? '', user, ...(name ? { name } : {}) };
}
