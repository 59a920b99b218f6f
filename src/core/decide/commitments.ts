/** Who does what, by when, with whom; checked with the client; followed up after the meeting. */
import type { CommandOf, WithWhom } from '../commands.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import { sameFields } from '../same.js';
import { findParticipant, isActingChair, keepsRecord } from '../selectors.js';
import type { Commitment, MeetingPhase, Phase } from '../types.js';
import { calendarDate, LIMITS, localDate, optionalText, text } from '../validate.js';
import {
  type Decision,
  type Env,
  firstOf,
  participantOrReject,
  requirePhase,
  requireRecordKeeper,
} from './env.js';

const AGREEING: readonly MeetingPhase[] = ['discussion', 'summary'];
/** Statuses change from the summary on, and long after the meeting has closed. */
const FOLLOWING: readonly Phase[] = ['summary', 'followup', 'feedback', 'closed'];

interface Fields {
  what: string;
  ownerId: string;
  due: string;
  withParticipants: readonly string[];
  withOthers: readonly string[];
}

function futureDate(env: Env, value: unknown, field: string): string | Rejection {
  const date = calendarDate(value, field);
  if (isRejection(date)) return date;
  return date < localDate(env.now, env.m.invitation.timeZone)
    ? reject('input.date_in_past', { field })
    : date;
}

function fields(
  env: Env,
  input: { what: unknown; ownerId: unknown; due: unknown; withWhom?: WithWhom },
): Fields | Rejection {
  const what = text(input.what, 'what', LIMITS.what);
  if (isRejection(what)) return what;
  const owner = participantOrReject(env.m, input.ownerId);
  if (isRejection(owner)) return owner;
  const due = futureDate(env, input.due, 'due');
  if (isRejection(due)) return due;
  const ids = input.withWhom?.participantIds ?? [];
  const othersIn = input.withWhom?.others ?? [];
  if (!Array.isArray(ids) || !Array.isArray(othersIn) || othersIn.length > LIMITS.others) {
    return reject('commitment.too_many_others', { max: LIMITS.others });
  }
  if (ids.some((id) => !findParticipant(env.m, id))) return reject('participant.unknown');
  const withOthers: string[] = [];
  for (const o of othersIn) {
    const other = optionalText(o, 'other', LIMITS.other);
    if (isRejection(other)) return other;
    if (other) withOthers.push(other);
  }
  const withParticipants = [...new Set(ids)].filter((id) => id !== owner.id);
  return { what, ownerId: owner.id, due, withParticipants, withOthers };
}

function commitmentOrReject(env: Env, id: unknown): Commitment | Rejection {
  return env.m.commitments.find((c) => c.id === id) ?? reject('commitment.unknown');
}

/** The record keeper writes commitments down; anyone may write down their own. */
const mayWrite = (env: Env, ownerId: unknown): Rejection | undefined =>
  keepsRecord(env.m, env.actor) || (ownerId !== undefined && ownerId === env.subject)
    ? undefined
    : reject('auth.own_commitments_only');

export function add(env: Env, cmd: CommandOf<'commitment.add'>): Decision {
  const denied = firstOf(requirePhase(env, AGREEING), mayWrite(env, cmd.ownerId));
  if (denied) return denied;
  if (env.m.commitments.length >= LIMITS.commitments)
    return reject('commitment.too_many', { max: LIMITS.commitments });
  const f = fields(env, cmd);
  if (isRejection(f)) return f;
  return [{ type: 'commitment.added', commitmentId: `c${env.m.seq.commitment + 1}`, ...f }];
}

/** Any change means the client has to be asked again. */
export function edit(env: Env, cmd: CommandOf<'commitment.edit'>): Decision {
  const c = commitmentOrReject(env, cmd.commitmentId);
  if (isRejection(c)) return c;
  // Handing one's commitment to someone else is writing down theirs.
  const denied = firstOf(
    requirePhase(env, AGREEING),
    mayWrite(env, c.ownerId),
    mayWrite(env, cmd.ownerId ?? c.ownerId),
  );
  if (denied) return denied;
  const f = fields(env, {
    what: cmd.what ?? c.what,
    ownerId: cmd.ownerId ?? c.ownerId,
    due: cmd.due ?? c.due,
    withWhom: cmd.withWhom ?? { participantIds: c.withParticipants, others: c.withOthers },
  });
  if (isRejection(f)) return f;
  const same = sameFields<Fields>(f, c, ['what', 'ownerId', 'due', 'withParticipants', 'withOthers']);
  return same ? reject('commitment.unchanged') : [{ type: 'commitment.edited', commitmentId: c.id, ...f }];
}

export function remove(env: Env, cmd: CommandOf<'commitment.remove'>): Decision {
  const denied = firstOf(requirePhase(env, AGREEING), requireRecordKeeper(env));
  if (denied) return denied;
  const c = commitmentOrReject(env, cmd.commitmentId);
  return isRejection(c) ? c : [{ type: 'commitment.removed', commitmentId: c.id }];
}

/** "How did you understand this? Anything to add?" — answered by the client, or recorded by the chair. */
export function confirm(env: Env, cmd: CommandOf<'commitment.confirm'>): Decision {
  const denied = requirePhase(env, AGREEING);
  if (denied) return denied;
  const isClient = findParticipant(env.m, env.subject)?.role === 'client';
  if (!isClient && !keepsRecord(env.m, env.actor)) return reject('auth.client_or_record_keeper_only');
  const c = commitmentOrReject(env, cmd.commitmentId);
  if (isRejection(c)) return c;
  if (c.confirmation) return reject('commitment.already_confirmed');
  const comment = optionalText(cmd.clientComment, 'comment', LIMITS.comment);
  if (isRejection(comment)) return comment;
  return [
    { type: 'commitment.confirmed', commitmentId: c.id, ...(comment ? { clientComment: comment } : {}) },
  ];
}

export function setStatus(env: Env, cmd: CommandOf<'commitment.status'>): Decision {
  const phaseDenied = requirePhase(env, FOLLOWING);
  if (phaseDenied) return phaseDenied;
  const c = commitmentOrReject(env, cmd.commitmentId);
  if (isRejection(c)) return c;
  const allowed =
    env.subject === c.ownerId || isActingChair(env.m, env.actor) || env.actor === env.m.responsibleId;
  if (!allowed) return reject('auth.owner_chair_or_responsible_only');
  if (!['open', 'done', 'needs_help', 'postponed'].includes(cmd.status))
    return reject('commitment.invalid_status');
  const note = optionalText(cmd.note, 'note', LIMITS.comment);
  if (isRejection(note)) return note;
  let due = c.due;
  if (cmd.status === 'postponed') {
    const newDue = futureDate(env, cmd.newDue, 'newDue');
    if (isRejection(newDue)) return newDue;
    if (newDue <= c.due) return reject('commitment.postpone_not_later');
    due = newDue;
  } else if (cmd.status === c.status) {
    return reject('commitment.status_unchanged');
  }
  return [
    {
      type: 'commitment.status_changed',
      commitmentId: c.id,
      status: cmd.status,
      due,
      ...(note ? { note } : {}),
    },
  ];
}
