/**
 * Linking a chat account to someone invited by name: they say "this is me" from their own account,
 * and the convener or the chair, who knows the people, confirms or refuses it. Until then the
 * account has no say in the meeting, so nobody can make themselves the client.
 */
import type { CommandOf } from '../commands.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import { isActingChair } from '../selectors.js';
import type { AccountClaim, Participant } from '../types.js';
import { LIMITS, optionalText, text } from '../validate.js';
import { type Decision, type Env, participantOrReject } from './env.js';

/** Pending claims a meeting holds at most; more would only be noise for the chair to clear. */
export const MAX_CLAIMS = 20;

type Linking = { readonly participantId: string; readonly chatUserId: string };

/** The invitee and the account, when the account may still become theirs. */
function linkable(env: Env, cmd: Linking): { p: Participant; account: string } | Rejection {
  const p = participantOrReject(env.m, cmd.participantId);
  if (isRejection(p)) return p;
  if (p.chatUserId !== undefined) return reject('account.taken', { name: p.name });
  const account = text(cmd.chatUserId, 'chatUserId', LIMITS.name * 2);
  if (isRejection(account)) return account;
  if (env.m.participants.some((o) => o.chatUserId === account)) return reject('account.already_linked');
  return { p, account };
}

/** Someone in the chat says they are this invitee; the app vouches for their account. */
export function claim(env: Env, cmd: CommandOf<'account.claim'>): Decision {
  if (env.actor !== undefined) return reject('account.already_linked');
  const target = linkable(env, cmd);
  if (isRejection(target)) return target;
  const displayName = optionalText(cmd.displayName, 'name', LIMITS.name);
  if (isRejection(displayName)) return displayName;
  const pending = env.m.claims;
  if (pending.some((c) => c.participantId === target.p.id && c.chatUserId === target.account))
    return reject('account.claim_pending');
  if (pending.length >= MAX_CLAIMS) return reject('account.too_many_claims', { max: MAX_CLAIMS });
  const claimed: AccountClaim = {
    participantId: target.p.id,
    chatUserId: target.account,
    ...(displayName ? { displayName } : {}),
  };
  return [{ type: 'account.claimed', ...claimed }];
}

/** The convener or the chair settles a claim: the account becomes the invitee's, or is turned away. */
export function settle(env: Env, cmd: CommandOf<'account.confirm' | 'account.refuse'>): Decision {
  if (env.actor !== env.m.convenerId && !isActingChair(env.m, env.actor))
    return reject('auth.convener_or_chair_only');
  const pending = env.m.claims.find(
    (c) => c.participantId === cmd.participantId && c.chatUserId === cmd.chatUserId,
  );
  if (!pending) return reject('account.no_claim');
  if (cmd.type === 'account.refuse')
    return [
      { type: 'account.claim_refused', participantId: pending.participantId, chatUserId: pending.chatUserId },
    ];
  const target = linkable(env, pending);
  if (isRejection(target)) return target;
  return [{ type: 'account.linked', participantId: target.p.id, chatUserId: target.account }];
}
