/** The client's responsible worker and the follow-up meeting; then the feedback poll. */
import type { CommandOf } from '../commands.js';
import { isRejection, reject } from '../rejection.js';
import { sameFields } from '../same.js';
import { findParticipant } from '../selectors.js';
import { dateTime, LIMITS, optionalText, score } from '../validate.js';
import { type Decision, type Env, firstOf, presentOrReject, requireChair, requirePhase } from './env.js';

export function assignResponsible(env: Env, cmd: CommandOf<'responsible.assign'>): Decision {
  const denied = firstOf(requirePhase(env, ['followup']), requireChair(env));
  if (denied) return denied;
  const p = presentOrReject(env.m, cmd.participantId);
  if (isRejection(p)) return p;
  if (p.role !== 'worker') return reject('responsible.not_worker', { name: p.name });
  if (p.id === env.m.responsibleId) return reject('responsible.already', { name: p.name });
  return [{ type: 'responsible.assigned', participantId: p.id }];
}

/** A date and time for the follow-up meeting, or a stated reason why there is none. */
export function agreeFollowUp(env: Env, cmd: CommandOf<'followup.agree'>): Decision {
  const denied = firstOf(requirePhase(env, ['followup']), requireChair(env));
  if (denied) return denied;
  const reason = optionalText(cmd.noneReason, 'reason', LIMITS.reason);
  if (isRejection(reason)) return reason;
  const hasAt = cmd.at !== undefined && cmd.at !== '';
  if (hasAt === (reason !== undefined)) return reject('followup.date_or_reason');
  if (reason !== undefined) return [{ type: 'followup.agreed', followUp: { noneReason: reason } }];
  const at = dateTime(cmd.at, 'at');
  if (isRejection(at)) return at;
  if (at <= Date.parse(env.now)) return reject('input.time_in_past', { field: 'at' });
  return [{ type: 'followup.agreed', followUp: { at: cmd.at as string } }];
}

/** One answer per participant who attended, changeable until the poll closes. */
export function answer(env: Env, cmd: CommandOf<'feedback.answer'>): Decision {
  const denied = requirePhase(env, ['feedback']);
  if (denied) return denied;
  if (env.m.pollClosed) return reject('feedback.closed');
  const who = findParticipant(env.m, env.subject);
  if (!who || (who.attendance !== 'present' && who.attendance !== 'left'))
    return reject('feedback.participants_only');
  const hopeful = score(cmd.hopeful, 'hopeful');
  if (isRejection(hopeful)) return hopeful;
  const trusting = score(cmd.trusting, 'trusting');
  if (isRejection(trusting)) return trusting;
  const clearer = score(cmd.clearer, 'clearer');
  if (isRejection(clearer)) return clearer;
  const comment = optionalText(cmd.comment, 'comment', LIMITS.comment);
  if (isRejection(comment)) return comment;
  const answer = { hopeful, trusting, clearer, ...(comment ? { comment } : {}), onBehalf: env.onBehalf };
  const previous = env.m.feedback[who.id];
  if (previous && sameFields(previous, answer, ['hopeful', 'trusting', 'clearer', 'comment', 'onBehalf']))
    // Told only to the one whose answer it is: for someone else's, "unchanged" would confirm a guess
    // at what they answered, so the same answer on their behalf is taken like any other.
    return env.onBehalf ? [] : reject('feedback.unchanged');
  return [{ type: 'feedback.answered', participantId: who.id, answer }];
}
