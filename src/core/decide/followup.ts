/** The client's responsible worker and the follow-up meeting; then the feedback poll. */
import type { CommandOf } from '../commands.js';
import { followUpAgreed } from '../phases.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import { sameFields } from '../same.js';
import { findParticipant, keepsRecord } from '../selectors.js';
import type { FollowUp, Participant } from '../types.js';
import { calendarDate, dateTime, httpUrl, LIMITS, localDate, optionalText, score } from '../validate.js';
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

const given = (value: unknown): boolean =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/** A participant named on the form: someone in the meeting, not one erased from it. */
function named(env: Env, id: unknown, field: string): Participant | Rejection {
  if (!given(id)) return reject('input.no_person', { field });
  const p = findParticipant(env.m, typeof id === 'string' ? id : undefined);
  return p && !p.erased ? p : reject('participant.unknown');
}

/** A time, with where (a place or a link) and who hosts it when said. */
function atTime(env: Env, cmd: CommandOf<'followup.agree'>): FollowUp | Rejection {
  const at = dateTime(cmd.at, 'at');
  if (isRejection(at)) return at;
  if (at <= Date.parse(env.now)) return reject('input.time_in_past', { field: 'at' });
  const place = optionalText(cmd.place, 'place', LIMITS.place);
  if (isRejection(place)) return place;
  const onlineUrl = httpUrl(cmd.onlineUrl, 'onlineUrl');
  if (isRejection(onlineUrl)) return onlineUrl;
  const host = given(cmd.hostId) ? named(env, cmd.hostId, 'hostId') : undefined;
  if (isRejection(host)) return host;
  return {
    at: cmd.at as string,
    ...(place ? { place } : {}),
    ...(onlineUrl ? { onlineUrl } : {}),
    ...(host ? { hostId: host.id } : {}),
  };
}

/** A day, after today, by which the time is agreed, and who agrees it. */
function byDay(env: Env, cmd: CommandOf<'followup.agree'>): FollowUp | Rejection {
  const day = calendarDate(cmd.agreeBy, 'agreeBy');
  if (isRejection(day)) return day;
  if (day <= localDate(env.now, env.m.invitation.timeZone)) return reject('followup.agree_by_later');
  const agreer = named(env, cmd.agreerId, 'agreerId');
  return isRejection(agreer) ? agreer : { agreeBy: day, agreerId: agreer.id };
}

/**
 * A date and time for the follow-up meeting (and where, and who hosts it); or a day by which its
 * time is agreed, and who agrees it; or a stated reason why there is none. One of them, whole.
 */
export function agreeFollowUp(env: Env, cmd: CommandOf<'followup.agree'>): Decision {
  const denied = firstOf(requirePhase(env, ['followup']), requireChair(env));
  if (denied) return denied;
  const reason = optionalText(cmd.noneReason, 'reason', LIMITS.reason);
  if (isRejection(reason)) return reason;
  const time = given(cmd.at);
  const later = given(cmd.agreeBy) || given(cmd.agreerId);
  const ways = [time, later, reason !== undefined].filter(Boolean).length;
  if (ways === 0) return reject('followup.date_or_reason');
  // Where and who hosts belong to a time: said with anything else, they would be lost unseen.
  const timeOnly = given(cmd.place) || given(cmd.onlineUrl) || given(cmd.hostId);
  if (ways > 1 || (timeOnly && !time)) return reject('followup.one_way');
  const followUp: FollowUp | Rejection =
    reason !== undefined ? { noneReason: reason } : time ? atTime(env, cmd) : byDay(env, cmd);
  return isRejection(followUp) ? followUp : [{ type: 'followup.agreed', followUp }];
}

/**
 * "Does this suit you?" — the responsible worker and the follow-up as they stand, answered by the
 * client, or recorded by the chair or the note-taker, as a commitment is checked with them.
 */
export function confirmFollowUp(env: Env, cmd: CommandOf<'followup.confirm'>): Decision {
  const denied = requirePhase(env, ['followup']);
  if (denied) return denied;
  const isClient = findParticipant(env.m, env.subject)?.role === 'client';
  if (!isClient && !keepsRecord(env.m, env.actor)) return reject('auth.client_or_record_keeper_only');
  // What is confirmed is what the meeting may not go on without: the same rule says both.
  if (followUpAgreed(env.m)) return reject('followup.nothing_to_confirm');
  if (env.m.followUpConfirmation) return reject('followup.already_confirmed');
  const comment = optionalText(cmd.clientComment, 'comment', LIMITS.comment);
  if (isRejection(comment)) return comment;
  return [{ type: 'followup.confirmed', ...(comment ? { clientComment: comment } : {}) }];
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
