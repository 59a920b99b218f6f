/**
 * Links to a meeting's files (the memo, a calendar file) made for one person: signed, so that only
 * a link Toivo sent them opens anything, and only for a while. Each kind of link has a key of its
 * own, so that one kind never opens another. They are sent in one's direct messages only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, LOCALES, type Locale } from '../app/index.js';
import { t } from '../i18n/index.js';

const DAY_MS = 86_400_000;

/** Whom a link was made for. */
export interface LinkHolder {
  readonly meetingId: string;
  readonly account: string;
}

/** A file to download: its name, its media type and what it holds. */
export interface LinkedFile {
  readonly filename: string;
  readonly type: string;
  readonly body: string;
}

export class SignedLinks {
  private readonly key: Buffer;

  /**
   * `purpose` names the kind of link and derives its key, so a link never says anything about the
   * secret it comes from; `path` is where the server serves it.
   */
  constructor(
    secret: string,
    purpose: string,
    private readonly publicUrl: string,
    readonly path: string,
    private readonly days = 30,
  ) {
    this.key = createHmac('sha256', secret).update(purpose).digest();
  }

  private signature(meetingId: string, account: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${meetingId}\n${account}\n${expires}`).digest('base64url');
  }

  /** The link for `account` to the file of `meetingId`. */
  link(meetingId: string, account: string, locale: Locale, now = Date.now()): string {
    const expires = Math.floor((now + this.days * DAY_MS) / 1000);
    const query = new URLSearchParams({
      m: meetingId,
      a: account,
      l: locale,
      e: String(expires),
      s: this.signature(meetingId, account, expires),
    });
    return `${this.publicUrl.replace(/\/$/, '')}${this.path}?${query}`;
  }

  /** Whom a link was made for, if Toivo made it and it has not expired. */
  check(url: URL, now = Date.now()): LinkHolder | undefined {
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

  /**
   * Serves GET on the link's path: the file to the one the link was made for, while they are in
   * the meeting; anything else gets a 404 with `invalid`, a sentence in the link's language.
   */
  serve(
    app: App,
    /** The file; or a message key, for someone the link was made for who may not have it yet. */
    file: (holder: LinkHolder, locale: Locale) => Promise<LinkedFile | string | undefined>,
    invalid: string,
  ) {
    return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
      const url = new URL(req.url ?? '/', 'http://toivo');
      if (req.method !== 'GET' || url.pathname !== this.path) return false;
      const asked = url.searchParams.get('l');
      const locale: Locale = LOCALES.includes(asked as Locale) ? (asked as Locale) : 'fi';
      const holder = this.check(url);
      const meeting = holder && (await app.meetings.get(holder.meetingId));
      const found =
        holder && meeting?.participants.some((p) => p.chatUserId === holder.account)
          ? await file(holder, locale)
          : undefined;
      if (typeof found === 'string') {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(t(locale, found));
        return true;
      }
      if (!found) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(t(locale, invalid));
        return true;
      }
      res
        .writeHead(200, {
          'content-type': found.type,
          'content-disposition': `attachment; filename="${found.filename}"`,
          'cache-control': 'private, no-store',
        })
        .end(found.body);
      return true;
    };
  }
}
