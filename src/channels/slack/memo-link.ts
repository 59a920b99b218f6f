/**
 * A link to the memo's Markdown for one person: signed, so that only the link Toivo sent them
 * opens it, and it stops working after a while. It is sent in their direct messages only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, LOCALES, type Locale } from '../../app/index.js';
import { t } from '../../i18n/index.js';

export const MEMO_PATH = '/slack/memo';
const DAY_MS = 86_400_000;

export class MemoLinks {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly publicUrl: string,
    private readonly days = 30,
  ) {
    // A key of its own, so a memo link never says anything about the secret it comes from.
    this.key = createHmac('sha256', secret).update('toivo memo links').digest();
  }

  private signature(meetingId: string, account: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${meetingId}\n${account}\n${expires}`).digest('base64url');
  }

  /** The link for `account` to the memo of `meetingId`. */
  link(meetingId: string, account: string, locale: Locale, now = Date.now()): string {
    const expires = Math.floor((now + this.days * DAY_MS) / 1000);
    const query = new URLSearchParams({
      m: meetingId,
      a: account,
      l: locale,
      e: String(expires),
      s: this.signature(meetingId, account, expires),
    });
    return `${this.publicUrl.replace(/\/$/, '')}${MEMO_PATH}?${query}`;
  }

  /** Whom a link was made for, if Toivo made it and it has not expired. */
  check(url: URL, now = Date.now()): { meetingId: string; account: string } | undefined {
    const get = (k: string) => url.searchParams.get(k) ?? '';
    const [m, a, s] = [get('m'), get('a'), get('s')];
    const expires = Number(get('e'));
    if (!m || !a || !Number.isInteger(expires) || expires * 1000 < now) return undefined;
    const expected = Buffer.from(this.signature(m, a, expires));
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected)
      ? { meetingId: m, account: a }
      : undefined;
  }

  /** Serves GET /slack/memo: the Markdown to the one the link was made for, while they are in the meeting. */
  route(app: App) {
    return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
      const url = new URL(req.url ?? '/', 'http://toivo');
      if (req.method !== 'GET' || url.pathname !== MEMO_PATH) return false;
      const asked = url.searchParams.get('l');
      const locale: Locale = LOCALES.includes(asked as Locale) ? (asked as Locale) : 'fi';
      const whom = this.check(url);
      const meeting = whom && (await app.meetings.get(whom.meetingId));
      const file =
        whom && meeting?.participants.some((p) => p.chatUserId === whom.account)
          ? await app.memo(whom.meetingId, locale)
          : undefined;
      if (!file) {
        res
          .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          .end(t(locale, 'slack.memo_link_invalid'));
        return true;
      }
      res
        .writeHead(200, {
          'content-type': 'text/markdown; charset=utf-8',
          'content-disposition': `attachment; filename="${file.filename}"`,
          'cache-control': 'private, no-store',
        })
        .end(file.markdown);
      return true;
    };
  }
}
