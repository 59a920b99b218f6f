/**
 * Calendar files in the playground: GET /api/calendar?meeting=… gives a meeting's invitation as a
 * .ics file, with `&followup=1` the follow-up meeting it agreed. The links need no signature: a
 * browser gets only the meetings opened from it, as its cookie says. The cards that carry them are
 * the invitation and the follow-up reminder.
 */
import type { ServerResponse } from 'node:http';
import { type App, LOCALES, type Locale } from '../../app/index.js';
import type { Surface } from '../../cards/render.js';
import { t } from '../../i18n/index.js';
import { sendJson, sendText } from './http.js';

export const CALENDAR_API = '/api/calendar';

/** The calendar link a card of `meetingId` carries, if it is one that has one. */
export function calendarLink(surface: Surface, meetingId: string): { calendarUrl?: string } {
  const url = `${CALENDAR_API}?meeting=${encodeURIComponent(meetingId)}`;
  if (surface === 'invitation') return { calendarUrl: url };
  if (surface === 'followup-reminder') return { calendarUrl: `${url}&followup=1` };
  return {};
}

/**
 * Answers GET /api/calendar; a meeting that does not exist gets a 404 saying so in `pageLocale`,
 * and so does one that is not `visible` to the one asking (another browser's).
 */
export async function serveCalendar(
  app: App,
  url: URL,
  res: ServerResponse,
  pageLocale: Locale,
  visible: (meetingId: string) => Promise<boolean>,
): Promise<void> {
  const meetingId = url.searchParams.get('meeting') ?? '';
  const asked = url.searchParams.get('locale');
  const locale = LOCALES.includes(asked as Locale) ? (asked as Locale) : undefined;
  const file = !(await visible(meetingId))
    ? undefined
    : url.searchParams.has('followup')
      ? await app.followUpCalendar(meetingId, locale)
      : await app.calendar(meetingId, locale);
  if (!file) {
    sendJson(res, 404, { error: t(pageLocale, 'playground.calendar_not_found') });
    return;
  }
  sendText(res, 200, 'text/calendar; charset=utf-8', file.text, {
    'content-disposition': `attachment; filename="${file.filename}"`,
  });
}
