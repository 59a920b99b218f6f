/**
 * Time-keeping: the time used and left of the booked duration, counted from the meeting's start,
 * and the chair's reminder that time must be left for the summary and the follow-up plan (the
 * seed: the chair "huolehtii, että aika riittää yhteenvedon ja jatkosuunnitelman tekemiseen").
 */
import type { Locale, Meeting, MeetingPhase } from '../../../core/index.js';
import { INTL_LOCALE, t } from '../../../i18n/index.js';
import { dateFormat } from '../card-format.js';

/** The phases before the summary: while in them, the summary and the follow-up are still to come. */
const BEFORE_SUMMARY: readonly MeetingPhase[] = ['opening', 'roles', 'why', 'discussion'];

/**
 * How much of the booked time the summary, the follow-up plan and the feedback need: a third of
 * it (they are three of the seven parts, and each commitment is checked with the client), at
 * least 15 and at most 45 minutes, and never more than half of a short meeting. With the usual
 * 90 minutes the chair is reminded when 30 are left.
 */
export function closingMinutes(booked: number): number {
  return Math.min(booked / 2, Math.max(15, Math.min(45, booked / 3)));
}

interface Clock {
  /** Whole minutes since the start. */
  readonly used: number;
  /** Minutes left of the booked time; negative when over it. */
  readonly left: number;
  /** When the booked time ends, on the meeting's wall clock ("15.30"). */
  readonly end: string;
}

function clockOf(locale: Locale, m: Meeting, now: string): Clock | undefined {
  if (m.startedAt === undefined) return undefined;
  const start = Date.parse(m.startedAt);
  const booked = m.invitation.durationMinutes;
  const used = Math.max(0, Math.floor((Date.parse(now) - start) / 60_000));
  const end = dateFormat(INTL_LOCALE[locale], {
    timeStyle: 'short',
    timeZone: m.invitation.timeZone,
  }).format(new Date(start + booked * 60_000));
  return { used, left: booked - used, end };
}

/** "45 min used, 45 min left (ends at 15:30)", or how far over the booked time: for everyone. */
export function timeView(locale: Locale, m: Meeting, now: string): string | undefined {
  const c = clockOf(locale, m, now);
  if (!c) return undefined;
  return c.left >= 0
    ? t(locale, 'card.board.time.left', { used: c.used, left: c.left, end: c.end })
    : t(locale, 'card.board.time.over', { used: c.used, over: -c.left, end: c.end });
}

/**
 * The chair's warning: before the summary, once the time it needs is running out; in any part,
 * once the booked time is over. Undefined while there is time.
 */
export function timeWarning(locale: Locale, m: Meeting, now: string): string | undefined {
  const c = clockOf(locale, m, now);
  if (!c) return undefined;
  const ahead = BEFORE_SUMMARY.includes(m.phase as MeetingPhase);
  if (c.left < 0) {
    return t(locale, `card.board.time.${ahead ? 'over_move_on' : 'over_stay'}`, { over: -c.left });
  }
  return ahead && c.left <= closingMinutes(m.invitation.durationMinutes)
    ? t(locale, 'card.board.time.move_on', { left: c.left })
    : undefined;
}
