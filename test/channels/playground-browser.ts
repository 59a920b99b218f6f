/** A browser for the playground's API in tests: it keeps the cookie the playground gives it, as a browser does. */
import { BROWSER_COOKIE } from '../../src/channels/playground/browsers.js';

export class TestBrowser {
  /** `name=value`, as sent back; undefined until the playground has given one. */
  cookie: string | undefined;

  constructor(private readonly base: string) {}

  /** The browser's id, as the playground keeps it. */
  get id(): string {
    const id = this.cookie?.slice(BROWSER_COOKIE.length + 1);
    if (!id) throw new Error('the playground has given this browser no cookie yet');
    return id;
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    // As a browser does: a POST says which page sent it.
    if (init.method === 'POST' && !headers.has('origin')) headers.set('origin', this.base);
    const res = await fetch(`${this.base}${path}`, { ...init, headers });
    const given = res.headers.getSetCookie().find((c) => c.startsWith(`${BROWSER_COOKIE}=`));
    if (given) this.cookie = given.split(';')[0];
    return res;
  }

  /** Posts JSON, as the page does. */
  post(path: string, body: unknown): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
}

/**
 * The invitation form as the page sends it: Sanna convenes for Aino (with an account), her mother
 * Liisa (with one) and grandfather Matti (without), on 14 January 2027 at 14 in Helsinki; `more`
 * changes or adds fields.
 */
export const invitationFields = (more: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  purpose: 'Ainon koulunkäynti',
  date: '2027-01-14',
  time: '14:00',
  durationMinutes: '90',
  place: 'Koulu',
  meetingLocale: 'fi',
  convenerName: 'Sanna Korhonen',
  clientName: 'Aino Laine',
  clientAccount: 'yes',
  invitee1Name: 'Liisa Laine',
  invitee1Role: 'close',
  invitee1Account: 'yes',
  invitee2Name: 'Matti Laine',
  invitee2Role: 'close',
  invitee2Account: 'no',
  ...more,
});
