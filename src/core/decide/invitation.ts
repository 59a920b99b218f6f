/** Before the meeting: the invitation, its invitees, changes and cancelling. */
import type { CommandOf, Context, InvitationInput } from '../commands.js';
import type { EventBody } from '../events.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import { sameFields } from '../same.js';
import { findParticipant } from '../selectors.js';
import {
  DEFAULT_TIME_ZONE,
  INVITATION_FIELDS,
  type Invitation,
  LOCALES,
  type Participant,
} from '../types.js';
import { dateTime, httpUrl, isTimeZone, LIMITS, optionalText, text } from '../validate.js';
import { type Decision, type Env, firstOf, requireConvener, requirePhase } from './env.js';
import { duplicateOf, newParticipant, toParticipant } from './people.js';
import { toPreparation } from './preparation.js';

/** A meeting may be set up for "now"; an hour's grace lets a form filled slowly still pass. */
const PAST_GRACE_MS = 60 * 60 * 1000;

/** `now` is undefined when the start time is not being set, so an old start does not block other changes. */
export function toInvitation(
  input: InvitationInput | undefined,
  now: string | undefined,
): Invitation | Rejection {
  if (!input || typeof input !== 'object') return reject('input.empty', { field: 'invitation' });
  const purpose = text(input.purpose, 'purpose', LIMITS.purpose);
  if (isRejection(purpose)) return purpose;
  if (!Array.isArray(input.topics) || input.topics.length > LIMITS.topics) {
    return reject('invitation.too_many_topics', { max: LIMITS.topics });
  }
  const topics: string[] = [];
  for (const t of input.topics) {
    const topic = text(t, 'topic', LIMITS.topic);
    if (isRejection(topic)) return topic;
    topics.push(topic);
  }
  const starts = dateTime(input.startsAt, 'startsAt');
  if (isRejection(starts)) return starts;
  if (now !== undefined && starts < Date.parse(now) - PAST_GRACE_MS) {
    return reject('input.time_in_past', { field: 'startsAt' });
  }
  const d = input.durationMinutes;
  if (!Number.isInteger(d) || d < LIMITS.minDuration || d > LIMITS.maxDuration) {
    return reject('invitation.invalid_duration', { min: LIMITS.minDuration, max: LIMITS.maxDuration });
  }
  const place = optionalText(input.place, 'place', LIMITS.place);
  if (isRejection(place)) return place;
  const onlineUrl = httpUrl(input.onlineUrl, 'onlineUrl');
  if (isRejection(onlineUrl)) return onlineUrl;
  if (!place && !onlineUrl) return reject('invitation.no_place');
  if (!LOCALES.includes(input.locale)) return reject('input.invalid_locale');
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) return reject('input.invalid_time_zone');
  return {
    purpose,
    topics,
    startsAt: input.startsAt,
    durationMinutes: d,
    ...(place ? { place } : {}),
    ...(onlineUrl ? { onlineUrl } : {}),
    locale: input.locale,
    timeZone,
  };
}

export function create(cmd: CommandOf<'meeting.create'>, ctx: Context): Decision {
  if (!ctx.meetingId) return reject('input.empty', { field: 'meetingId' });
  const invitation = toInvitation(cmd.invitation, ctx.now);
  if (isRejection(invitation)) return invitation;
  if (!Array.isArray(cmd.invitees)) return reject('input.empty', { field: 'invitees' });
  if (cmd.invitees.length + 1 > LIMITS.participants)
    return reject('participant.too_many', { max: LIMITS.participants });
  const participants: Participant[] = [];
  for (const input of [cmd.convener, ...cmd.invitees]) {
    const p = toParticipant(input, `p${participants.length + 1}`, true, 'unknown');
    if (isRejection(p)) return p;
    const twin = duplicateOf(p, participants);
    if (twin) return twin;
    participants.push(p);
  }
  if (participants.filter((p) => p.role === 'client').length !== 1) return reject('invitation.one_client');
  if (participants.filter((p) => p.safeAdult).length > 1) return reject('invitation.one_safe_adult');
  const previous = cmd.previousMeetingId;
  if (previous !== undefined && (typeof previous !== 'string' || previous === '' || previous.length > 100))
    return reject('meeting.not_found');
  // The convener (p1) records the client's consent when the form says they agreed.
  const preparation =
    cmd.preparation === undefined ? undefined : toPreparation(cmd.preparation, undefined, 'p1', ctx.now);
  if (isRejection(preparation)) return preparation;
  return [
    {
      type: 'meeting.created',
      meetingId: ctx.meetingId,
      invitation,
      participants,
      ...(previous ? { previousMeetingId: previous } : {}),
      ...(preparation && Object.keys(preparation).length > 0 ? { preparation } : {}),
    },
  ];
}

export function update(env: Env, cmd: CommandOf<'invitation.update'>): Decision {
  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));
  if (denied) return denied;
  const changes = cmd.changes ?? {};
  const movesStart = changes.startsAt !== undefined && changes.startsAt !== env.m.invitation.startsAt;
  const invitation = toInvitation({ ...env.m.invitation, ...changes }, movesStart ? env.now : undefined);
  if (isRejection(invitation)) return invitation;
  if (sameFields(invitation, env.m.invitation, INVITATION_FIELDS)) return reject('invitation.unchanged');
  return [{ type: 'invitation.updated', invitation }];
}

export function addInvitee(env: Env, cmd: CommandOf<'invitee.add'>): Decision {
  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));
  if (denied) return denied;
  const participant = newParticipant(env.m, cmd.person, true, 'unknown');
  return isRejection(participant) ? participant : [{ type: 'invitee.added', participant }];
}

export function removeInvitee(env: Env, cmd: CommandOf<'invitee.remove'>): Decision {
  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));
  if (denied) return denied;
  const p = findParticipant(env.m, cmd.participantId);
  if (!p) return reject('participant.unknown');
  if (p.id === env.m.convenerId) return reject('invitee.cannot_remove_convener');
  if (p.role === 'client') return reject('invitee.cannot_remove_client');
  return [{ type: 'invitee.removed', participantId: p.id }];
}

/** Names one of the close ones invited as the client's safe adult, or nobody; at most one at a time. */
export function nameSafeAdult(env: Env, cmd: CommandOf<'safe_adult.name'>): Decision {
  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));
  if (denied) return denied;
  const now = env.m.participants.find((p) => p.safeAdult)?.id;
  if (cmd.participantId === undefined || cmd.participantId === '') {
    return now === undefined ? reject('safe_adult.unchanged') : [{ type: 'safe_adult.named' }];
  }
  const p = findParticipant(env.m, cmd.participantId);
  if (!p) return reject('participant.unknown');
  if (p.role !== 'close') return reject('participant.safe_adult_not_close');
  if (p.id === now) return reject('safe_adult.unchanged');
  return [{ type: 'safe_adult.named', participantId: p.id }];
}

export function cancel(env: Env, cmd: CommandOf<'meeting.cancel'>): Decision {
  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));
  if (denied) return denied;
  const reason = text(cmd.reason, 'reason', LIMITS.reason);
  if (isRejection(reason)) return reason;
  return [{ type: 'meeting.cancelled', reason } satisfies EventBody];
}
