/** Calendar files to download: a meeting's invitation, and the follow-up meeting a meeting agreed. */
import type { Locale } from '../core/index.js';
import { type CalendarFile, calendarOf, followUpCalendarOf } from './calendar.js';
import { followUpIdOf } from './followups.js';
import type { MeetingService } from './meeting-service.js';

export async function calendarFile(
  meetings: MeetingService,
  meetingId: string,
  locale?: Locale,
): Promise<CalendarFile | undefined> {
  const meeting = await meetings.get(meetingId);
  if (!meeting) return undefined;
  const events = await meetings.events(meetingId);
  return calendarOf(meeting, events, locale ?? meeting.invitation.locale, meetings.clock.now());
}

/**
 * The follow-up meeting of `meetingId`: its own file once it is created, else one made from the
 * agreed time, with the same UID. Undefined when no follow-up meeting was agreed.
 */
export async function followUpCalendarFile(
  meetings: MeetingService,
  meetingId: string,
  locale?: Locale,
): Promise<CalendarFile | undefined> {
  const made = await calendarFile(meetings, followUpIdOf(meetingId), locale);
  if (made) return made;
  const first = await meetings.get(meetingId);
  if (!first) return undefined;
  // A follow-up meeting not yet held, reminding of itself: its own invitation.
  if (first.phase === 'invited' && first.previousMeetingId) return calendarFile(meetings, meetingId, locale);
  const events = await meetings.events(meetingId);
  return followUpCalendarOf(first, events, locale ?? first.invitation.locale, meetings.clock.now());
}
