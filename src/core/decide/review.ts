/**
 * The follow-up meeting opens by reviewing what the meeting before agreed: each commitment, whose
 * it was, and what became of it. And each person may ask for no more reminders about a meeting.
 */
import type { CommandOf, ReviewInput } from '../commands.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import { findParticipant, keepsRecord } from '../selectors.js';
import { type CommitmentStatus, REVIEW_OUTCOMES, type ReviewItem } from '../types.js';
import { calendarDate, LIMITS, optionalText, text } from '../validate.js';
import { type Decision, type Env, RUNNING, requirePhase } from './env.js';

const STATUSES: readonly CommitmentStatus[] = ['open', 'done', 'needs_help', 'postponed'];

/** The review the app hands over at the start, checked as any input is. */
export function reviewItems(env: Env, input: readonly ReviewInput[] | undefined): ReviewItem[] | Rejection {
  if (input === undefined) return [];
  // Only a follow-up meeting has a meeting before it to review.
  if (!env.m.previousMeetingId || !Array.isArray(input)) return reject('command.unknown');
  if (input.length > LIMITS.commitments) return reject('commitment.too_many', { max: LIMITS.commitments });
  const items: ReviewItem[] = [];
  for (const i of input) {
    if (typeof i?.id !== 'string' || i.id === '' || items.some((x) => x.id === i.id))
      return reject('review.unknown');
    const what = text(i.what, 'what', LIMITS.what);
    if (isRejection(what)) return what;
    const ownerName = text(i.ownerName, 'name', LIMITS.name);
    if (isRejection(ownerName)) return ownerName;
    if (i.ownerId !== undefined && !findParticipant(env.m, i.ownerId)) return reject('participant.unknown');
    const due = calendarDate(i.due, 'due');
    if (isRejection(due)) return due;
    if (!STATUSES.includes(i.status)) return reject('commitment.invalid_status');
    const statusNote = optionalText(i.statusNote, 'note', LIMITS.comment);
    if (isRejection(statusNote)) return statusNote;
    items.push({
      id: i.id,
      what,
      ...(i.ownerId !== undefined ? { ownerId: i.ownerId } : {}),
      ownerName,
      due,
      status: i.status,
      ...(statusNote ? { statusNote } : {}),
    });
  }
  return items;
}

/** What became of a commitment: told by its owner, or written down by the chair or note-taker. */
export function record(env: Env, cmd: CommandOf<'review.record'>): Decision {
  const denied = requirePhase(env, RUNNING);
  if (denied) return denied;
  const item = env.m.review.find((r) => r.id === cmd.itemId);
  if (!item) return reject('review.unknown');
  const own = item.ownerId !== undefined && item.ownerId === env.subject;
  if (!own && !keepsRecord(env.m, env.actor)) return reject('auth.owner_or_record_keeper_only');
  if (!REVIEW_OUTCOMES.includes(cmd.outcome)) return reject('review.invalid_outcome');
  const note = optionalText(cmd.note, 'note', LIMITS.comment);
  if (isRejection(note)) return note;
  if (item.outcome === cmd.outcome && item.outcomeNote === note) return reject('review.unchanged');
  return [{ type: 'review.recorded', itemId: item.id, outcome: cmd.outcome, ...(note ? { note } : {}) }];
}

/** One's own reminders about this meeting, off or on again. */
export function mute(env: Env, cmd: CommandOf<'reminders.mute'>): Decision {
  const p = findParticipant(env.m, env.subject);
  if (!p) return reject('auth.not_participant');
  if (typeof cmd.muted !== 'boolean') return reject('command.unknown');
  if (env.m.muted.includes(p.id) === cmd.muted) return reject('reminders.unchanged');
  return [{ type: 'reminders.muted', participantId: p.id, muted: cmd.muted }];
}
