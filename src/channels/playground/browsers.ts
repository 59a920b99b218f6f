/**
 * Which browser opened which meetings in the playground. Each browser carries a random id in a
 * cookie of its own; the playground shows it only the meetings opened from it (and the follow-up
 * meetings Toivo made from them). Kept in the store, so that a restart forgets nothing, with an
 * index by meeting, so that an erased meeting leaves no trace in anyone's list.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, type RecordStore, StoreUnavailableError } from '../../app/index.js';

export const BROWSER_COOKIE = 'toivo_playground';
/** 24 random bytes, as base64url: not guessable, and nothing else looks like one. */
const BROWSER_ID = /^[A-Za-z0-9_-]{32}$/;

/**
 * The browser's id from its cookie; a browser without one (or with a malformed one) is given a
 * new one. Only over http on this machine, so not Secure; never readable by the page's script.
 */
export function browserOf(req: IncomingMessage, res: ServerResponse): string {
  const sent = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${BROWSER_COOKIE}=`))
    ?.slice(BROWSER_COOKIE.length + 1);
  if (sent && BROWSER_ID.test(sent)) return sent;
  const id = randomBytes(24).toString('base64url');
  res.setHeader('set-cookie', `${BROWSER_COOKIE}=${id}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict`);
  return id;
}

/** A browser's meetings, in the order they were opened. */
export interface BrowserMeetings {
  readonly meetings: readonly string[];
}
/** The browsers a meeting was opened from: the index an erasure goes by. */
export interface MeetingBrowsers {
  readonly browsers: readonly string[];
}

export class PlaygroundBrowsers {
  private readonly byBrowser: RecordStore<BrowserMeetings>;
  private readonly byMeeting: RecordStore<MeetingBrowsers>;
  /**
   * Meetings made from a browser whose noting the store failed (it stopped answering right after the
   * meeting was saved): listed from here, and written as soon as the store answers.
   */
  private readonly unwritten = new Map<string, Set<string>>();

  constructor(app: App) {
    this.byBrowser = app.records<BrowserMeetings>('playground-browsers');
    this.byMeeting = app.records<MeetingBrowsers>('playground-meeting-browsers');
    app.onErase((meetingId) => this.forget(meetingId));
  }

  /** The meetings opened from `browser`, oldest first. */
  async meetings(browser: string): Promise<readonly string[]> {
    for (const id of this.unwritten.get(browser) ?? []) {
      await this.write(browser, id);
      this.unwritten.get(browser)?.delete(id);
    }
    if (this.unwritten.get(browser)?.size === 0) this.unwritten.delete(browser);
    return this.stored(browser);
  }

  private async stored(browser: string): Promise<readonly string[]> {
    return (await this.byBrowser.get(browser))?.meetings ?? [];
  }

  /**
   * Notes that `meetingId` was opened from `browser` (or made from a meeting that was). The meeting
   * is saved by then: a store that fails this keeps it here, to write later, and does not fail it.
   */
  async add(browser: string, meetingId: string): Promise<void> {
    try {
      await this.write(browser, meetingId);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.unwritten.set(browser, (this.unwritten.get(browser) ?? new Set()).add(meetingId));
    }
  }

  private async write(browser: string, meetingId: string): Promise<void> {
    // The meeting's lock first and held throughout, as `forget` does: an erasure never comes between.
    await this.byMeeting.withLock(meetingId, async () => {
      const browsers = (await this.byMeeting.get(meetingId))?.browsers ?? [];
      if (!browsers.includes(browser))
        await this.byMeeting.set(meetingId, { browsers: [...browsers, browser] });
      await this.byBrowser.withLock(browser, async () => {
        const meetings = await this.stored(browser);
        if (!meetings.includes(meetingId))
          await this.byBrowser.set(browser, { meetings: [...meetings, meetingId] });
      });
    });
  }

  /** An erased meeting leaves every browser's list, and the index; a list left empty goes too. */
  async forget(meetingId: string): Promise<void> {
    for (const ids of this.unwritten.values()) ids.delete(meetingId);
    await this.byMeeting.withLock(meetingId, async () => {
      for (const browser of (await this.byMeeting.get(meetingId))?.browsers ?? []) {
        await this.byBrowser.withLock(browser, async () => {
          const left = (await this.stored(browser)).filter((id) => id !== meetingId);
          if (left.length > 0) await this.byBrowser.set(browser, { meetings: left });
          else await this.byBrowser.delete(browser);
        });
      }
      await this.byMeeting.delete(meetingId);
    });
  }
}
