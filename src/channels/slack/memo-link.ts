/**
 * A link to the memo's Markdown for one person: signed, so that only the link Toivo sent them
 * opens it, and it stops working after a while. It is sent in their direct messages only.
 */
import type { App, Locale } from '../../app/index.js';
import { type LinkHolder, SignedLinks } from '../signed-links.js';

export const MEMO_PATH = '/slack/memo';

export class MemoLinks {
  private readonly links: SignedLinks;

  constructor(secret: string, publicUrl: string, days = 30) {
    this.links = new SignedLinks(secret, 'toivo memo links', publicUrl, MEMO_PATH, days);
  }

  /** The link for `account` to the memo of `meetingId`. */
  link(meetingId: string, account: string, locale: Locale, now = Date.now()): string {
    return this.links.link(meetingId, account, locale, now);
  }

  /** Whom a link was made for, if Toivo made it and it has not expired. */
  check(url: URL, now = Date.now()): LinkHolder | undefined {
    return this.links.check(url, now);
  }

  /** Serves GET /slack/memo: the Markdown to the one the link was made for, while they are in the meeting. */
  route(app: App) {
    return this.links.serve(
      app,
      async ({ meetingId, account }, locale) => {
        // Read by the one the link was made for: on the meeting's access log.
        const file = await app.memoFor(meetingId, account, locale);
        // A draft to someone who does not review it: why they cannot have it yet.
        if (typeof file === 'string') return file;
        return file && { filename: file.filename, type: 'text/markdown; charset=utf-8', body: file.markdown };
      },
      'slack.memo_link_invalid',
    );
  }
}
