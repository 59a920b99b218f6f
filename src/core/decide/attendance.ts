/** Who is here: attendance, joining, leaving early, starting, and the roles of chair and note-taker. */
import type { CommandOf, PersonInput } from '../commands.js';
import type { EventBody } from '../events.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import { actingChairId, client, findParticipant, isPresent, keepsRecord } from '../selectors.js';
import {
  type Decision,
  type Env,
  firstOf,
  participantOrReject,
  presentOrReject,
  RUNNING,
  requireChair,
  requireConvener,
  requirePhase,
} from './env.js';
import { newParticipant } from './people.js';
import { enter } from './phases.js';
import { reviewItems } from './review.js';

/** Attendance is the record keeper's to mark, or one's own. */
const mayMarkFor = (env: Env, participantId: string): boolean =>
  env.subject === participantId || keepsRecord(env.m, env.actor) || env.actor === env.m.convenerId;

/** The chair and the note-taker hand their role over before they go. */
const mustHandOver = (env: Env, participantId: string): Rejection | undefined =>
  participantId === actingChairId(env.m)
    ? reject('leave.chair_must_hand_over')
    : participantId === env.m.noteTakerId
      ? reject('leave.notetaker_must_hand_over')
      : undefined;

export function mark(env: Env, cmd: CommandOf<'attendance.mark'>): Decision {
  const denied = requirePhase(env, ['invited', ...RUNNING]);
  if (denied) return denied;
  const p = participantOrReject(env.m, cmd.participantId);
  if (isRejection(p)) return p;
  if (!mayMarkFor(env, p.id)) return reject('auth.chair_or_notetaker_only');
  if (cmd.status !== 'present' && cmd.status !== 'absent') return reject('input.invalid_attendance');
  if (p.attendance === cmd.status) return reject('attendance.unchanged', { name: p.name });
  if (cmd.status === 'absent' && env.m.phase !== 'invited') {
    const handOver = mustHandOver(env, p.id);
    if (handOver) return handOver;
  }
  return [{ type: 'attendance.marked', participantId: p.id, status: cmd.status }];
}

/** Someone not invited joins: added by the chair or note-taker, or by themself from their chat account. */
export function join(env: Env, cmd: CommandOf<'participant.join'>, selfJoin: boolean): Decision {
  const denied = requirePhase(env, RUNNING);
  if (denied) return denied;
  if (!selfJoin && !keepsRecord(env.m, env.actor)) return reject('auth.chair_or_notetaker_only');
  const person: PersonInput | undefined = cmd.person;
  if (selfJoin && !person?.chatUserId) return reject('auth.not_participant');
  const participant = newParticipant(env.m, person, false, 'present');
  return isRejection(participant) ? participant : [{ type: 'participant.joined', participant }];
}

export function leave(env: Env, cmd: CommandOf<'participant.leave'>): Decision {
  const denied = requirePhase(env, RUNNING);
  if (denied) return denied;
  const p = presentOrReject(env.m, cmd.participantId);
  if (isRejection(p)) return p;
  if (env.subject !== p.id && !keepsRecord(env.m, env.actor)) return reject('auth.chair_or_notetaker_only');
  const handOver = mustHandOver(env, p.id);
  if (handOver) return handOver;
  return [{ type: 'participant.left', participantId: p.id }];
}

/** A follow-up meeting starts with the review of what the meeting before agreed, as the app hands it over. */
export function start(env: Env, cmd: CommandOf<'meeting.start'>): Decision {
  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));
  if (denied) return denied;
  if (!isPresent(client(env.m))) return reject('start.client_not_present');
  if (!isPresent(findParticipant(env.m, env.m.convenerId))) return reject('start.convener_not_present');
  const review = reviewItems(env, cmd.review);
  if (isRejection(review)) return review;
  return [
    review.length > 0 ? { type: 'meeting.started', review } : { type: 'meeting.started' },
    ...enter(env.m, 'invited', 'opening'),
  ];
}

export function assignChair(env: Env, cmd: CommandOf<'chair.assign'>): Decision {
  const denied = firstOf(requirePhase(env, RUNNING), requireChair(env));
  if (denied) return denied;
  const p = presentOrReject(env.m, cmd.participantId);
  if (isRejection(p)) return p;
  if (p.id === env.m.chairId) return reject('roles.already_chair', { name: p.name });
  return [{ type: 'chair.assigned', participantId: p.id } satisfies EventBody];
}

export function assignNoteTaker(env: Env, cmd: CommandOf<'notetaker.assign'>): Decision {
  const denied = firstOf(requirePhase(env, RUNNING), requireChair(env));
  if (denied) return denied;
  const p = presentOrReject(env.m, cmd.participantId);
  if (isRejection(p)) return p;
  if (p.id === env.m.noteTakerId) return reject('roles.already_notetaker', { name: p.name });
  return [{ type: 'notetaker.assigned', participantId: p.id }];
}
