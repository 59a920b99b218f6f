/**
 * What the store fault tests share: a real Toivo (a child process, the playground over HTTP), a
 * meeting in it, and a burst of notes clicked one after another as a person would, each timed and
 * its answer kept, with what the store held at the moment each failed answer came.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createClient } from '@keyv/redis';
import type { Event, Locale } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import type { FaultProxy, ToivoProcess } from '../support/toivo-process.js';

/** A database of Redis's own for these runs: Toivo keeps its default namespace there, as it runs. */
export const FAULTS_DB = 13;

/** Removes what Toivo keeps in `url`'s database under its default namespace. */
export async function clearToivo(url: string): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const pattern of ['toivo::*', 'toivo-due:toivo:*', 'toivo-lock:toivo:*'])
      for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 }))
        if (keys.length > 0) await client.del(keys);
  } finally {
    await client.close();
  }
}

/** The store's deadline in Toivo (DEFAULT_STORE_TIMEOUT_MS), and what a click may take beyond it. */
export const DEADLINE_MS = 5_000;
export const SLACK_MS = 1_500;

/** A date in Helsinki `days` from now, as a date input gives it. */
const dayIn = (days: number): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));

/** The playground's page as it calls the API: JSON, from its own origin, with its cookie. */
export class Page {
  private readonly cookies = new Map<string, string>();
  /** The language the page is in, sent with every click as the page sends it; a meeting's own. */
  locale: Locale = 'fi';

  /** A page at `url`; with `browser`, the same browser (its cookies) as that page. */
  constructor(
    readonly url: string,
    browser?: Page,
  ) {
    for (const [name, value] of browser?.cookies ?? []) this.cookies.set(name, value);
  }

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('origin', this.url);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const res = await fetch(`${this.url}${path}`, { ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return res;
  }

  /** A GET of the page's (its cookie, its origin): status and JSON. */
  async get(path: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await this.request(path);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** A Teams invoke, as the page sends it; a request that gets no answer in `waitMs` is status 0. */
  async invoke(
    meeting: string | null,
    as: string | null,
    verb: string,
    data: Record<string, unknown> = {},
    waitMs = 30_000,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    try {
      const res = await this.request('/api/teams', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'invoke',
          meeting,
          as,
          locale: this.locale,
          value: {
            action: { type: 'Action.Execute', verb, data: meeting ? { meetingId: meeting, ...data } : data },
          },
        }),
        signal: AbortSignal.timeout(waitMs),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { text };
      }
      return { status: res.status, json };
    } catch (error) {
      return { status: 0, json: { error: (error as Error).message } };
    }
  }

  /**
   * A meeting called together from the form, in the page's language, and started: its id; the
   * convener (p1) chairs it.
   */
  async startedMeeting(): Promise<string> {
    await this.request('/');
    const created = await this.invoke(null, null, 'meeting.create', {
      purpose: 'Koulunkäynnin tukeminen',
      topics: 'Koulupoissaolot',
      date: dayIn(2),
      time: '14:00',
      durationMinutes: '90',
      place: 'Neuvotteluhuone',
      meetingLocale: this.locale,
      convenerName: 'Sanna',
      convenerOrganisation: 'Lastensuojelu',
      clientName: 'Aino',
      clientAccount: 'yes',
      invitee1Name: 'Liisa',
      invitee1Role: 'close',
      invitee1Relation: 'äiti',
      invitee1Account: 'yes',
    });
    assert.equal(created.json.ok, true, JSON.stringify(created).slice(0, 300));
    const id = created.json.meeting as string;
    const started = await this.invoke(id, 'p1', 'meeting.start', { presentIds: 'p1,p2,p3' });
    assert.equal(started.json.ok, true, JSON.stringify(started).slice(0, 300));
    return id;
  }
}

/** Holds `meetingId`'s lock in `store` until the returned function is called: its clicks wait for it. */
export function holdLock(store: EventStore<Event>, meetingId: string): () => Promise<void> {
  let release = () => {};
  const held = store.withLock(meetingId, () => new Promise<void>((done) => (release = done)));
  return async () => {
    release();
    await held;
  };
}

/** One click of a burst: its note, how long its answer took, and whether it said it was saved. */
export interface Click {
  readonly n: number;
  readonly text: string;
  readonly ms: number;
  readonly ok: boolean;
  readonly status: number;
  /** For a click whose answer said it failed: whether its note was in the store right then. */
  readonly storedAtAnswer?: boolean;
}

/** The notes of one run: unique, so that each click's note is found in the store by its text. */
export function notes(label: string) {
  const nonce = randomBytes(4).toString('hex');
  // Closed at both ends, so that no note's text is part of another's (5 of 52).
  return (n: number) => `<Burst-${label}-${nonce}-${n}>`;
}

/** Whether the meeting's stream in `direct` (the store read past the proxy) holds `text`. */
export async function stored(direct: EventStore<Event>, meetingId: string, text: string): Promise<boolean> {
  const stream = await direct.load(meetingId);
  return JSON.stringify(stream?.events ?? []).includes(text);
}

/** Clicks note `n` and times it; a failed answer is checked against the store at once. */
export async function clickNote(
  page: Page,
  meetingId: string,
  direct: EventStore<Event>,
  text: (n: number) => string,
  n: number,
): Promise<Click> {
  const started = Date.now();
  const answer = await page.invoke(meetingId, 'p1', 'note.add', { noteText: text(n) });
  const ms = Date.now() - started;
  const ok = answer.status === 200 && answer.json.ok === true;
  return ok
    ? { n, text: text(n), ms, ok, status: answer.status }
    : {
        n,
        text: text(n),
        ms,
        ok,
        status: answer.status,
        storedAtAnswer: await stored(direct, meetingId, text(n)),
      };
}

/**
 * The rules of a burst, checked against the store as it is after everything settled:
 * every click answered within the deadline; every acknowledged note kept; no note of a click told
 * it failed written after that answer.
 */
export async function assertBurst(
  clicks: readonly Click[],
  direct: EventStore<Event>,
  meetingId: string,
  what: string,
): Promise<void> {
  const slow = clicks.filter((c) => c.ms > DEADLINE_MS + SLACK_MS);
  assert.deepEqual(
    slow.map((c) => `${c.n}: ${c.ms} ms`),
    [],
    `${what}: every click is answered within the deadline`,
  );
  const stream = JSON.stringify((await direct.load(meetingId))?.events ?? []);
  const lost = clicks.filter((c) => c.ok && !stream.includes(c.text));
  assert.deepEqual(
    lost.map((c) => c.n),
    [],
    `${what}: every acknowledged note is kept`,
  );
  const late = clicks.filter((c) => !c.ok && !c.storedAtAnswer && stream.includes(c.text));
  assert.deepEqual(
    late.map((c) => c.n),
    [],
    `${what}: no note is written after its click was told it failed`,
  );
}

export const summary = (clicks: readonly Click[]): string =>
  clicks
    .map((c) => `${c.n}:${c.ok ? 'ok' : `failed(${c.status}${c.storedAtAnswer ? ',stored' : ''})`}/${c.ms}ms`)
    .join(' ');

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** How long the network stays stalled, and cut: longer than a deadline, so that clicks meet it. */
const STALL_MS = 7_000;
const CUT_MS = 2_500;
/** How soon after the network is back Toivo must serve again (its store is asked every 250 ms). */
const RESUME_MS = 5_000;

/**
 * The whole run over a store behind `proxy`: a few clicks; a stall on the next click's append
 * (delivered after its deadline when the network is back), clicks until it has lasted STALL_MS;
 * back; a cut on another click's append, clicks; back; then the rules, once late deliveries have
 * had time to arrive.
 */
export async function runFaults(run: {
  readonly toivo: ToivoProcess;
  readonly proxy: FaultProxy;
  readonly direct: EventStore<Event>;
  readonly label: string;
}): Promise<void> {
  const { toivo, proxy, direct } = run;
  const page = new Page(toivo.url);
  const meetingId = await page.startedMeeting();
  const text = notes(run.label);
  const clicks: Click[] = [];
  let n = 0;
  const click = async () => {
    const ended = toivo.ended();
    if (ended) {
      const { stdout, stderr } = toivo.output();
      assert.fail(
        `Toivo stopped (${ended.code ?? ended.signal}) while its store failed:\n${stdout}\n${stderr}`,
      );
    }
    const done = await clickNote(page, meetingId, direct, text, ++n);
    clicks.push(done);
    return done;
  };
  /** Clicks until three in a row are saved; how long that took from `since`. */
  const resume = async (since: number) => {
    let inRow = 0;
    let first: number | undefined;
    while (inRow < 3 && Date.now() - since < RESUME_MS * 2) {
      const done = await click();
      inRow = done.ok ? inRow + 1 : 0;
      if (done.ok) first ??= Date.now() - since;
      else await sleep(100);
    }
    assert.equal(inRow, 3, `it serves again once the network is back: ${summary(clicks)}`);
    return first ?? 0;
  };

  for (let i = 0; i < 4; i++) assert.ok((await click()).ok, `before the fault: ${summary(clicks)}`);

  // The stall: the append of the next click is held, with everything after it.
  const stalledNote = n + 1;
  let stalledAt = 0;
  const stalling = proxy.stallWhen(text(stalledNote)).then(() => {
    stalledAt = Date.now();
  });
  await click();
  await stalling;
  while (Date.now() - stalledAt < STALL_MS) {
    await click();
    await sleep(100);
  }
  const stallFailed = clicks.filter((c) => c.n >= stalledNote && !c.ok).length;
  proxy.restore();
  const backAfterStall = await resume(Date.now());

  // The cut: connections reset right as the next click's append is sent (it never arrives).
  const cutNote = n + 1;
  let cutAt = 0;
  const cutting = proxy.cutWhen(text(cutNote)).then(() => {
    cutAt = Date.now();
  });
  await click();
  await cutting;
  while (Date.now() - cutAt < CUT_MS) {
    await click();
    await sleep(200);
  }
  const cutFailed = clicks.filter((c) => c.n >= cutNote && !c.ok && c.n < n).length;
  proxy.restore();
  const backAfterCut = await resume(Date.now());

  // What was held is delivered by now; give the store a moment to have done all it will.
  await sleep(1_500);
  const { stdout, stderr } = toivo.output();
  assert.equal(toivo.ended(), undefined, `Toivo kept running:\n${stdout}\n${stderr}`);
  console.log(
    `      ${run.label}: ${clicks.length} clicks; stall: ${stallFailed} failed, served again ${backAfterStall} ms after; ` +
      `cut: ${cutFailed} failed, served again ${backAfterCut} ms after; slowest ${Math.max(...clicks.map((c) => c.ms))} ms`,
  );
  assert.ok(stallFailed > 0 && cutFailed > 0, `the faults reached the clicks: ${summary(clicks)}`);
  await assertBurst(clicks, direct, meetingId, summary(clicks));
  assert.equal(
    await stored(direct, meetingId, text(stalledNote)),
    false,
    'the stalled append, delivered after its deadline, was not applied',
  );
  assert.equal(
    await stored(direct, meetingId, text(cutNote)),
    false,
    'the append cut on its way is not there',
  );
}
