/**
 * Aftercare as the meeting's state implies it: which reminders are due to whom and when. Derived
 * again after every change, never held in timers: a moved due date moves its reminder (a new id),
 * a finished task has none. Reminders go out on working days at a local hour in the meeting's
 * time zone, daylight saving included.
 */
import { followUpConvener } from './follow-up.js';
import { addDays, localToIso, weekday } from './local-time.js';
import { isMemoDraft, memoReviewers } from './selectors.js';
import type { Commitment, Meeting, Participant } from './types.js';
import { localDate } from './validate.js';

export interface ReminderPolicy {
  /** Days before a commitment's due date that its owner is reminded. */
  readonly leadDays: number;
  /** The local hour (0–23) reminders are sent at, in the meeting's time zone. */
  readonly hour: number;
  /** The weekday of the responsible worker's digest, 1 Monday … 5 Friday. */
  readonly digestWeekday: number;
  /** How many weekly digests at most, when no follow-up meeting ends them sooner. */
  readonly digestWeeks: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  leadDays: 2,
  hour: 9,
  digestWeekday: 1,
  digestWeeks: 8,
};

export type ReminderKind =
  | 'commitment.soon'
  | 'commitment.due'
  | 'commitment.overdue'
  | 'followup.eve'
  /** The day by which the follow-up meeting's time is to be agreed: to the one who agrees it. */
  | 'followup.agree_by'
  | 'digest'
  /** The memo still a draft after the meeting's day: to the chair, the note-taker and the client, daily for a few days. */
  | 'memo.review'
  /** Not a message: the follow-up meeting to be created, kept here so that a crash cannot lose it. */
  | 'followup.meeting';

export interface Reminder {
  /** The same reminder derived again has the same id: it is never sent twice. */
  readonly id: string;
  readonly meetingId: string;
  readonly kind: ReminderKind;
  /** When to send it: an instant with the zone's offset. */
  readonly at: string;
  /** Who receives it: a participant with a chat account. */
  readonly to: string;
  /** Whose it is, when someone without a chat account is reminded through the responsible worker. */
  readonly onBehalfOf?: string;
  readonly commitmentId?: string;
}

/** A working day on or before `date` (a Saturday or Sunday reminder comes on the Friday before). */
const workdayOnOrBefore = (date: string): string =>
  weekday(date) === 6 ? addDays(date, -1) : weekday(date) === 0 ? addDays(date, -2) : date;

/** A working day on or after `date` (a Saturday or Sunday reminder comes on the Monday after). */
const workdayOnOrAfter = (date: string): string =>
  weekday(date) === 6 ? addDays(date, 2) : weekday(date) === 0 ? addDays(date, 1) : date;

/** The meeting's own day: nothing is reminded on it or before it. */
const meetingDay = (m: Meeting): string =>
  localDate(m.closedAt ?? m.startedAt ?? m.invitation.startsAt, m.invitation.timeZone);

/** Who is reminded of what someone owns: themselves, or for someone without a chat account the responsible worker. */
export function recipientFor(
  m: Meeting,
  owner: Participant | undefined,
): { to: string; onBehalfOf?: string } | undefined {
  if (!owner) return undefined;
  if (owner.chatUserId !== undefined) return { to: owner.id };
  const worker = m.participants.find((p) => p.id === m.responsibleId && p.chatUserId !== undefined);
  return worker ? { to: worker.id, onBehalfOf: owner.id } : undefined;
}

function commitmentReminders(m: Meeting, c: Commitment, policy: ReminderPolicy, first: string): Reminder[] {
  if (c.status === 'done') return [];
  const who = recipientFor(
    m,
    m.participants.find((p) => p.id === c.ownerId),
  );
  if (!who) return [];
  const days: [ReminderKind, string][] = [
    ['commitment.soon', workdayOnOrBefore(addDays(c.due, -policy.leadDays))],
    ['commitment.due', workdayOnOrBefore(c.due)],
    ['commitment.overdue', workdayOnOrAfter(addDays(c.due, 1))],
  ];
  const seen = new Set<string>();
  return days
    .filter(([, date]) => date > first)
    .reverse()
    .filter(([, date]) => !seen.has(date) && seen.add(date))
    .reverse()
    .map(([kind, date]) => ({
      // The due date is part of the id: a postponement is a new reminder, the old one is gone.
      id: `${kind}:${m.id}:${c.id}:${c.due}`,
      meetingId: m.id,
      kind,
      at: at(m, date, policy),
      ...who,
      commitmentId: c.id,
    }));
}

const at = (m: Meeting, date: string, policy: ReminderPolicy): string => {
  const hour = String(Math.min(23, Math.max(0, Math.trunc(policy.hour)))).padStart(2, '0');
  const iso = localToIso(date, `${hour}:00`, m.invitation.timeZone);
  if (!iso) throw new Error(`not a date: ${date}`);
  return iso;
};

/** Once the meeting has closed with a follow-up time agreed, the follow-up meeting is to be made, at once. */
function followupMeeting(m: Meeting): Reminder[] {
  const convener = followUpConvener(m);
  if (m.phase !== 'closed' || !m.closedAt || !m.followUp || !('at' in m.followUp) || !convener) return [];
  return [
    {
      id: `followup.meeting:${m.id}`,
      meetingId: m.id,
      kind: 'followup.meeting',
      at: m.closedAt,
      to: convener.id,
    },
  ];
}

/** The day before the follow-up meeting (a working day), for each invited person with a chat account. */
function followupReminders(m: Meeting, policy: ReminderPolicy, first: string): Reminder[] {
  // Once the meeting has closed, the follow-up meeting is made and reminds of itself (eveOfFollowUp).
  if (m.phase === 'closed' || !m.followUp || !('at' in m.followUp)) return [];
  const day = localDate(m.followUp.at, m.invitation.timeZone);
  return workdayOnOrBefore(addDays(day, -1)) > first ? eveReminders(m, day, policy) : [];
}

/**
 * The follow-up's time to be agreed by a day: the one who agrees it is reminded that day (a working
 * day, on or before it), or for someone without a chat account the responsible worker.
 */
function agreeByReminder(m: Meeting, policy: ReminderPolicy, first: string): Reminder[] {
  if (!m.followUp || !('agreeBy' in m.followUp)) return [];
  const { agreeBy, agreerId } = m.followUp;
  const who = recipientFor(
    m,
    m.participants.find((p) => p.id === agreerId),
  );
  const day = workdayOnOrBefore(agreeBy);
  if (!who || day <= first) return [];
  return [
    {
      // Who and the day are part of the id: another day or another person is a new reminder.
      id: `followup.agree_by:${m.id}:${agreerId}:${agreeBy}`,
      meetingId: m.id,
      kind: 'followup.agree_by',
      at: at(m, day, policy),
      ...who,
    },
  ];
}

/** Each invited person with a chat account (and reminders on) reminded on the working day before `day`. */
function eveReminders(m: Meeting, day: string, policy: ReminderPolicy): Reminder[] {
  const eve = workdayOnOrBefore(addDays(day, -1));
  return m.participants
    .filter((p) => p.invited && p.chatUserId !== undefined && !m.muted.includes(p.id))
    .map((p) => ({
      id: `followup.eve:${m.id}:${p.id}:${day}`,
      meetingId: m.id,
      kind: 'followup.eve' as const,
      at: at(m, eve, policy),
      to: p.id,
    }));
}

/** Working days after the meeting's day that a draft memo's reviewers are reminded of it, at most. */
const MEMO_REVIEW_DAYS = 3;

/**
 * A memo still waiting for review: its reviewers with a chat account are reminded on each of the
 * working days after the meeting, a few at most; approving it ends them.
 */
function memoReviewReminders(m: Meeting, policy: ReminderPolicy, first: string): Reminder[] {
  if (!isMemoDraft(m)) return [];
  const days: string[] = [];
  for (let day = first; days.length < MEMO_REVIEW_DAYS; ) {
    day = workdayOnOrAfter(addDays(day, 1));
    days.push(day);
  }
  return memoReviewers(m)
    .filter((p) => p.chatUserId !== undefined)
    .flatMap((p) =>
      days.map((day) => ({
        id: `memo.review:${m.id}:${p.id}:${day}`,
        meetingId: m.id,
        kind: 'memo.review' as const,
        at: at(m, day, policy),
        to: p.id,
      })),
    );
}

/**
 * The responsible worker's digest of every commitment: weekly from the week after the meeting until
 * the follow-up meeting (at most `digestWeeks`), and on the working day before the follow-up.
 */
function digests(m: Meeting, policy: ReminderPolicy, first: string): Reminder[] {
  const worker = m.participants.find((p) => p.id === m.responsibleId && p.chatUserId !== undefined);
  if (!worker || m.commitments.length === 0) return [];
  const followup =
    m.followUp && 'at' in m.followUp ? localDate(m.followUp.at, m.invitation.timeZone) : undefined;
  const dates = new Set<string>();
  let day = addDays(first, 1);
  while (weekday(day) !== policy.digestWeekday % 7) day = addDays(day, 1);
  for (let week = 0; week < policy.digestWeeks; week++, day = addDays(day, 7)) {
    if (followup && day >= followup) break;
    dates.add(day);
  }
  if (followup) {
    const before = workdayOnOrBefore(addDays(followup, -1));
    if (before > first) dates.add(before);
  }
  return [...dates].sort().map((date) => ({
    id: `digest:${m.id}:${worker.id}:${date}`,
    meetingId: m.id,
    kind: 'digest' as const,
    at: at(m, date, policy),
    to: worker.id,
  }));
}

/**
 * A follow-up meeting, before it is held, reminds everyone it invites on the working day before it,
 * at its own time: an edited invitation moves the reminder with it.
 */
function eveOfFollowUp(m: Meeting, policy: ReminderPolicy): Reminder[] {
  return eveReminders(m, localDate(m.invitation.startsAt, m.invitation.timeZone), policy);
}

/** Every reminder the meeting's state implies, in the order they fall due; none to who asked for none. */
export function remindersOf(m: Meeting, policy: ReminderPolicy = DEFAULT_REMINDER_POLICY): Reminder[] {
  if (m.phase === 'invited' && m.previousMeetingId) return eveOfFollowUp(m, policy);
  if (m.phase === 'invited' || m.phase === 'cancelled') return [];
  const first = meetingDay(m);
  return [
    ...m.commitments.flatMap((c) => commitmentReminders(m, c, policy, first)),
    ...followupReminders(m, policy, first),
    ...agreeByReminder(m, policy, first),
    ...digests(m, policy, first),
    ...memoReviewReminders(m, policy, first),
  ]
    .filter((r) => !m.muted.includes(r.to))
    .concat(followupMeeting(m))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
}

/** What a reminder is about, to its recipient: one task's reminders are one thing, one person's digests another. */
const topic = (r: Reminder): string =>
  r.commitmentId !== undefined
    ? `${r.commitmentId} ${r.to}`
    : r.kind === 'digest' || r.kind === 'memo.review'
      ? `${r.kind} ${r.to}`
      : r.id;

/**
 * Whether `r` is still worth sending at `now` among the meeting's reminders: not when a later one
 * about the same thing is due by then too (Toivo catching up after a stop sends a task's latest
 * reminder, not all it missed).
 */
export function supersededAt(reminders: readonly Reminder[], r: Reminder, now: number): boolean {
  const at = Date.parse(r.at);
  return reminders.some((x) => topic(x) === topic(r) && Date.parse(x.at) > at && Date.parse(x.at) <= now);
}
