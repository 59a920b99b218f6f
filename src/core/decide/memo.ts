/**
 * The memo after closing: a draft the record keeper may still write, until it is reviewed by the
 * client, or by the chair or note-taker together with the client. Then it goes to the invitees.
 */
import type { CommandOf } from '../commands.js';
import { isRejection, reject } from '../rejection.js';
import { findParticipant, isMemoDraft, keepsRecord } from '../selectors.js';
import { LIMITS, optionalText } from '../validate.js';
import type { Decision, Env } from './env.js';

/** Once, after closing: the client's own word, or the record keeper's with the client. */
export function approve(env: Env, cmd: CommandOf<'memo.approve'>): Decision {
  if (env.m.phase !== 'closed') return reject('memo.not_closed');
  const isClient = findParticipant(env.m, env.subject)?.role === 'client';
  if (!isClient && !keepsRecord(env.m, env.actor)) return reject('auth.client_or_record_keeper_only');
  if (!isMemoDraft(env.m)) return reject('memo.already_sent');
  const comment = optionalText(cmd.clientComment, 'comment', LIMITS.comment);
  if (isRejection(comment)) return comment;
  return [
    {
      type: 'memo.approved',
      ...(isClient ? {} : { withClient: true as const }),
      ...(comment ? { clientComment: comment } : {}),
    },
  ];
}
