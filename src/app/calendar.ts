/**
 * A meeting as a calendar file (.ics, RFC 5545) written by the `ics` package: one event with a UID
 * of its own, its times in UTC (the invitation's start carries its offset, so the zone's daylight
 * saving is already in it), the place, and the online link. A changed invitation is the same event
 * with a higher SEQUENCE; a cancelled one is sent as METHOD:CANCEL. Nobody's name or address is in
 * it: Toivo has no addresses, and a file that is forwarded should say as little as it can.
 */
import { createEvent, type EventAttributes } from 'ics';
import { type Event, type EventType, followUpWhere, type Locale, type Meeting } from '../core/index.js';
import { localDate } from '../core/validate.js';
import { t } from '../i18n/index.js';
import { followUpIdOf } from './followups.js';

export interface CalendarFile {
  readonly filename: string;
  /** text/calendar, lines ended with CRLF. */
  readonly text: string;
}

/** Where SEQUENCE counts from: seconds since then fit an iCalendar integer until 2092. */
const EPOCH = Date.parse('2024-01-01T00:00:00Z');

/** Changes of what a meeting's calendar event says: when, where, whether it is on. */
const INVITATION_CHANGES: ReadonlySet<EventType> = new Set<EventType>([
  'meeting.created',
  'invitation.updated',
  'meeting.cancelled',
]);

/**
 * SEQUENCE: the moment of the last change, in seconds since 2024, one more where two fell in the
 * same second. It only grows, also from the file built before the follow-up meeting existed
 * (changed when its time was agreed) to the follow-up meeting's own (created after that).
 */
export function sequenceOf(events: readonly Event[], changes: ReadonlySet<EventType>): number {
  let sequence = 0;
  for (const e of events)
    if (changes.has(e.type)) sequence = Math.max(sequence + 1, Math.floor((Date.parse(e.at) - EPOCH) / 1000));
  return sequence;
}

interface Occasion {
  readonly uid: string;
  readonly summary: string;
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly place?: string;
  readonly onlineUrl?: string;
  readonly timeZone: string;
  readonly cancelled: boolean;
  readonly sequence: number;
}

function write(o: Occasion, locale: Locale, now: Date): CalendarFile {
  const start = Date.parse(o.startsAt);
  const attributes: EventAttributes & { readonly timestamp: number } = {
    productId: '-//Toivo//Toivo//EN',
    uid: o.uid,
    method: o.cancelled ? 'CANCEL' : 'REQUEST',
    status: o.cancelled ? 'CANCELLED' : 'CONFIRMED',
    sequence: o.sequence,
    timestamp: now.getTime(),
    start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: start + o.durationMinutes * 60_000,
    endInputType: 'utc',
    endOutputType: 'utc',
    title: o.summary,
    ...(o.place ? { location: o.place } : {}),
    ...(o.onlineUrl
      ? { url: o.onlineUrl, description: t(locale, 'calendar.online', { url: o.onlineUrl }) }
      : {}),
  };
  const { error, value } = createEvent(attributes);
  // Only a bug gets here (the core has checked every field); the message names a field, not its text.
  if (error || !value) throw new Error(`the calendar file could not be written: ${error?.name ?? 'empty'}`);
  return { filename: `toivo-${localDate(o.startsAt, o.timeZone)}.ics`, text: value };
}

/** The meeting's invitation as a calendar file, as it stands now (changed, or cancelled). */
export function calendarOf(
  meeting: Meeting,
  events: readonly Event[],
  locale: Locale,
  now: Date,
): CalendarFile {
  const inv = meeting.invitation;
  return write(
    {
      uid: `${meeting.id}@toivo`,
      summary: t(locale, 'calendar.summary', { purpose: inv.purpose }),
      startsAt: inv.startsAt,
      durationMinutes: inv.durationMinutes,
      ...(inv.place ? { place: inv.place } : {}),
      ...(inv.onlineUrl ? { onlineUrl: inv.onlineUrl } : {}),
      timeZone: inv.timeZone,
      cancelled: meeting.phase === 'cancelled',
      sequence: sequenceOf(events, INVITATION_CHANGES),
    },
    locale,
    now,
  );
}

/**
 * The follow-up meeting agreed in `first`, before it is created: at the agreed time, where the
 * first one was and as long, with the UID the follow-up meeting's own file has, so a calendar
 * keeps one event. Undefined when no time was agreed.
 */
export function followUpCalendarOf(
  first: Meeting,
  events: readonly Event[],
  locale: Locale,
  now: Date,
): CalendarFile | undefined {
  if (!first.followUp || !('at' in first.followUp)) return undefined;
  const inv = first.invitation;
  return write(
    {
      uid: `${followUpIdOf(first.id)}@toivo`,
      summary: t(locale, 'calendar.followup_summary', { purpose: inv.purpose }),
      startsAt: first.followUp.at,
      durationMinutes: inv.durationMinutes,
      ...followUpWhere(first),
      timeZone: inv.timeZone,
      cancelled: false,
      sequence: sequenceOf(events, new Set<EventType>(['followup.agreed'])),
    },
    locale,
    now,
  );
}
