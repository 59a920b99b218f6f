/**
 * "Add to calendar" in one's direct messages: a signed link to a calendar file (.ics) made for the
 * person it is sent to, served only to someone in the meeting. The invitation links to its
 * meeting's file, the follow-up reminder to the follow-up meeting's. The file is made when the
 * link is opened, so an old link gives the meeting as it is now: changed, or cancelled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, CalendarFile, Delivery, Locale } from '../app/index.js';
import { SignedLinks } from './signed-links.js';

/** Long enough to reach a meeting called some months ahead. */
const DAYS = 120;

const asFile = (file: CalendarFile | undefined) =>
  file && { filename: file.filename, type: 'text/calendar; charset=utf-8', body: file.text };

export class CalendarLinks {
  private readonly invitation: SignedLinks;
  private readonly followUp: SignedLinks;

  /** `path` is the channel's own (its links are signed with its own secret): /slack/calendar, /teams/calendar. */
  constructor(secret: string, publicUrl: string, path: string) {
    this.invitation = new SignedLinks(secret, 'toivo calendar links', publicUrl, path, DAYS);
    this.followUp = new SignedLinks(
      secret,
      'toivo follow-up calendar links',
      publicUrl,
      `${path}/follow-up`,
      DAYS,
    );
  }

  /** The link for `account` to the calendar file of `meetingId`'s invitation. */
  link(meetingId: string, account: string, locale: Locale, now = Date.now()): string {
    return this.invitation.link(meetingId, account, locale, now);
  }

  /** The link for `account` to the calendar file of the follow-up meeting `meetingId` agreed. */
  followUpLink(meetingId: string, account: string, locale: Locale, now = Date.now()): string {
    return this.followUp.link(meetingId, account, locale, now);
  }

  /** What a direct message's card gets: a calendar link for the one it goes to, where it has one. */
  viewFor(d: Extract<Delivery, { kind: 'direct' }>): { calendarUrl?: string } {
    const meetingId = d.view.meeting?.id;
    if (!meetingId) return {};
    if (d.surface === 'invitation') return { calendarUrl: this.link(meetingId, d.to.account, d.view.locale) };
    if (d.surface === 'followup-reminder')
      return { calendarUrl: this.followUpLink(meetingId, d.to.account, d.view.locale) };
    return {};
  }

  /** Serves both kinds of link. */
  route(app: App) {
    const invitation = this.invitation.serve(
      app,
      async ({ meetingId }, locale) => asFile(await app.calendar(meetingId, locale)),
      'calendar.link_invalid',
    );
    const followUp = this.followUp.serve(
      app,
      async ({ meetingId }, locale) => asFile(await app.followUpCalendar(meetingId, locale)),
      'calendar.link_invalid',
    );
    return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> =>
      (await invitation(req, res)) || followUp(req, res);
  }
}
