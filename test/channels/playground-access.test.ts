/**
 * The playground shows a browser only the meetings opened from it: another browser learns nothing
 * of them, not even that they exist; one acts only as someone in the meeting; the memo is there
 * once the meeting is closed; and the browser's list outlives a restart but not an erasure.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { GUEST } from '../../src/channels/playground/api.js';
import type { BrowserMeetings, MeetingBrowsers } from '../../src/channels/playground/browsers.js';
import { PlaygroundBrowsers } from '../../src/channels/playground/browsers.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import { loadConfig } from '../../src/config.js';
import type { Event } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { PEOPLE, realisticMeeting } from '../support/realistic-meeting.js';
import { invitationFields, TestBrowser } from './playground-browser.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON loosely, as the page does
type Json = Record<string, any>;
interface Answer {
  readonly status: number;
  readonly body: unknown;
}

const answer = async (res: Response): Promise<Answer> => {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a memo, a calendar file): compared as text
  }
  return { status: res.status, body };
};

const action = (meeting: string | null, as: string | null, verb: string, data: Json = {}) => ({
  meeting,
  as,
  value: { action: { type: 'Action.Execute', verb, data } },
});

/** The rows of the store that hold what the playground keeps about browsers. */
function playgroundRows(file: string): Promise<{ key: string; value: string }[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (opened) => {
      if (opened) return reject(opened);
      db.all<{ key: string; value: string }>(
        "SELECT key, value FROM keyv WHERE key LIKE '%channel-playground%'",
        (error, rows) => {
          db.close();
          if (error) reject(error);
          else resolve(rows);
        },
      );
    });
  });
}

describe('the playground: each browser sees its own meetings', () => {
  let dir: string;
  let file: string;
  let store: EventStore<Event>;
  let clock: SimulatedClock;
  let app: App;
  let running: Running | undefined;
  /** The browser the meetings are opened from, and another one. */
  let mine: TestBrowser;
  let other: TestBrowser;

  async function start() {
    app = new App(store, { clock });
    running = await startServer(loadConfig({ PORT: '0' }), [playground(app, clock)]);
    const cookies = [mine?.cookie, other?.cookie];
    mine = new TestBrowser(running.url);
    other = new TestBrowser(running.url);
    [mine.cookie, other.cookie] = cookies;
  }
  /** The same store, a new app and playground: as after Toivo is started again. */
  async function restart() {
    await running?.close();
    await start();
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-playground-access-'));
    file = join(dir, 'toivo.sqlite');
    store = await openEventStore<Event>({ url: `sqlite://${file}` });
    clock = new SimulatedClock(() => Date.parse('2026-11-26T16:00:00+02:00'));
    mine = undefined as unknown as TestBrowser;
    other = undefined as unknown as TestBrowser;
    await start();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const json = async (browser: TestBrowser, path: string): Promise<Json> => {
    const res = await browser.fetch(path);
    assert.equal(res.status, 200, path);
    return (await res.json()) as Json;
  };
  const titles = async (browser: TestBrowser) =>
    ((await json(browser, '/api/state')).meetings as { id: string; title: string }[]).map((m) => m.title);
  /** The purposes of the meetings in the page's list. */
  const listed = async (browser: TestBrowser) =>
    (await titles(browser)).map((title) => title.split(' – ')[0]);

  /** A meeting called together from the invitation form in `browser`. */
  async function create(
    browser: TestBrowser,
    purpose = 'Ainon koulunkäynti',
    more: Record<string, string> = {},
  ) {
    const res = await browser.post(
      '/api/teams',
      action(null, null, 'meeting.create', invitationFields({ purpose, ...more })),
    );
    const created = (await res.json()) as Json;
    assert.equal(created.ok, true, JSON.stringify(created));
    return created.meeting as string;
  }

  /** A meeting in its feedback phase, chaired by Jari (who has an account), opened from `browser`. */
  async function atFeedback(browser: TestBrowser, id = 'realistic-meeting') {
    const events = realisticMeeting('feedback').events.map((e) =>
      e.type === 'meeting.created' ? { ...e, meetingId: id } : e,
    );
    assert.ok((await store.append(id, 0, events)).ok);
    await app.conversations.settle(id, { channel: 'playground', id: `conversation-of-${id}` });
    await json(browser, '/api/state'); // the browser is given its cookie
    await new PlaygroundBrowsers(app).add(browser.id, id);
    const meeting = await app.meetings.get(id);
    const chair = meeting?.participants.find((p) => p.name === PEOPLE.youth)?.id;
    assert.ok(chair);
    return { id, chair };
  }

  /** What `browser` gets for `meeting` on every route, `unknown` standing for the meeting's id. */
  async function everything(browser: TestBrowser, meeting: string, as: string): Promise<Answer[]> {
    const q = encodeURIComponent(meeting);
    const slack = {
      meeting,
      as,
      payload: {
        type: 'block_actions',
        actions: [
          {
            type: 'button',
            action_id: 'attendance.mark#0',
            value: JSON.stringify({ meetingId: meeting, status: 'present' }),
          },
        ],
        state: { values: {} },
      },
    };
    return [
      await answer(await browser.fetch(`/api/state?meeting=${q}`)),
      await answer(await browser.fetch(`/api/state?meeting=${q}&as=${as}`)),
      await answer(await browser.fetch(`/api/state?meeting=${q}&locale=sv`)),
      await answer(await browser.fetch(`/api/memo?meeting=${q}`)),
      await answer(await browser.fetch(`/api/calendar?meeting=${q}`)),
      await answer(await browser.fetch(`/api/calendar?meeting=${q}&followup=1`)),
      await answer(
        await browser.post(
          '/api/teams',
          action(meeting, as, 'attendance.mark', { meetingId: meeting, status: 'present' }),
        ),
      ),
      await answer(
        await browser.post('/api/teams', action(meeting, as, 'ui.refresh', { meetingId: meeting })),
      ),
      await answer(await browser.post('/api/slack', slack)),
    ];
  }

  /** Another browser gets for `meeting` exactly what it gets for a meeting that does not exist: a 404. */
  async function asIfNotThere(browser: TestBrowser, meeting: string, as: string) {
    const version = (await store.load(meeting))?.version;
    const unknown = await everything(browser, 'no-such-meeting', as);
    const theirs = await everything(browser, meeting, as);
    for (const a of unknown) assert.equal(a.status, 404, JSON.stringify(a));
    assert.deepEqual(theirs, unknown);
    assert.equal((await store.load(meeting))?.version, version, 'nothing changed in the meeting');
  }

  it('gives each browser a random id of its own in a cookie the page’s script cannot read, with the page', async () => {
    const page = await fetch(`${running?.url}/`);
    const [cookie, ...more] = page.headers.getSetCookie();
    assert.equal(more.length, 0);
    assert.match(
      cookie ?? '',
      /^toivo_playground=[A-Za-z0-9_-]{32}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Strict$/,
    );
    await mine.fetch('/api/state');
    await other.fetch('/api/state');
    assert.notEqual(mine.id, other.id);
    assert.notEqual(`toivo_playground=${mine.id}`, cookie?.split(';')[0]);
    // A browser that has one keeps it.
    const again = await mine.fetch('/api/state');
    assert.deepEqual(again.headers.getSetCookie(), []);
  });

  it('another browser sees an empty list, and gets for the meeting what a meeting that does not exist gets', async () => {
    const meeting = await create(mine);
    const convener = (await json(mine, `/api/state?meeting=${meeting}`)).as as string;
    assert.deepEqual(await listed(mine), ['Ainon koulunkäynti']);
    assert.deepEqual(await listed(other), []);
    await asIfNotThere(other, meeting, convener);
    // A browser without a cookie is another browser too.
    const stranger = () => new TestBrowser(running?.url ?? '');
    assert.deepEqual(await listed(stranger()), []);
    await asIfNotThere(stranger(), meeting, convener);
    // Its own browser still has it, unchanged: nobody's click reached it.
    const state = await json(mine, `/api/state?meeting=${meeting}`);
    assert.equal(state.meeting.id, meeting);
    const marked = ((await store.load(meeting))?.events ?? []).filter((e) => e.type === 'attendance.marked');
    assert.deepEqual(marked, []);
  });

  it('meetings with the same purpose are told apart in the list by their time and client', async () => {
    await create(mine, 'Koulunkäynti');
    await create(mine, 'Koulunkäynti', { clientName: 'Eetu Mäkinen', date: '2027-02-03', time: '09:30' });
    assert.deepEqual(await titles(mine), [
      'Koulunkäynti – 14.1.2027 klo 14.00, Aino',
      'Koulunkäynti – 3.2.2027 klo 9.30, Eetu',
    ]);
  });

  it('a meeting made from the form in another browser is that browser’s only', async () => {
    const first = await create(mine, 'Ensimmäinen');
    const second = await create(other, 'Toinen');
    assert.deepEqual(await listed(mine), ['Ensimmäinen']);
    assert.deepEqual(await listed(other), ['Toinen']);
    assert.equal((await mine.fetch(`/api/state?meeting=${second}`)).status, 404);
    assert.equal((await other.fetch(`/api/state?meeting=${first}`)).status, 404);
  });

  it('refuses to act as someone who is not in the meeting with an account, in the meeting’s language', async () => {
    const meeting = await create(mine);
    const m = await app.meetings.get(meeting);
    const matti = m?.participants.find((p) => p.name === 'Matti Laine');
    assert.ok(matti && !matti.chatUserId, 'Matti has no account');
    const refusal = { status: 403, body: { error: t('fi', 'playground.not_participant') } };
    for (const as of ['p99', matti.id]) {
      assert.deepEqual(
        await answer(await mine.fetch(`/api/state?meeting=${meeting}&as=${as}&locale=en`)),
        refusal,
        `as=${as}`,
      );
    }
    // No one asked for: the convener; the guest while offered; someone with an account.
    assert.equal((await json(mine, `/api/state?meeting=${meeting}`)).as, m?.convenerId);
    assert.equal((await json(mine, `/api/state?meeting=${meeting}&as=${GUEST}`)).as, GUEST);
    const liisa = m?.participants.find((p) => p.name === 'Liisa Laine')?.id;
    assert.equal((await json(mine, `/api/state?meeting=${meeting}&as=${liisa}`)).as, liisa);
  });

  it('serves the memo once the meeting is closed, to its own browser only; the follow-up is that browser’s too', async () => {
    const { id, chair } = await atFeedback(mine);
    const notFound = { status: 404, body: { error: t('fi', 'playground.not_found') } };
    assert.deepEqual(
      await answer(await mine.fetch(`/api/memo?meeting=${id}`)),
      notFound,
      'not while running',
    );
    const closed = (await (
      await mine.post('/api/teams', action(id, chair, 'meeting.close', { meetingId: id }))
    ).json()) as Json;
    assert.equal(closed.ok, true, JSON.stringify(closed));
    assert.equal((await app.meetings.get(id))?.phase, 'closed');
    // Started again before the page loads anything more: what the close made is still this browser's.
    await restart();
    // A draft until the client reviews it: the chair reviews it with her, and may read it.
    const memo = await mine.fetch(`/api/memo?meeting=${id}&as=${chair}`);
    assert.equal(memo.status, 200);
    assert.match(memo.headers.get('content-disposition') ?? '', /attachment; filename="toivo-2026-11-26.md"/);
    assert.match(await memo.text(), /Ainon koulunkäynnin tukeminen/);
    await asIfNotThere(other, id, chair);
    // The follow-up meeting Toivo called together as it closed is listed where the first one is.
    const followUp = (await json(mine, '/api/state')).meetings.map((m: { id: string }) => m.id)[1] as string;
    assert.ok(followUp && (await app.meetings.get(followUp))?.previousMeetingId === id);
    assert.equal((await json(mine, `/api/state?meeting=${followUp}`)).meeting.id, followUp);
    assert.deepEqual(await listed(other), []);
    await asIfNotThere(other, followUp, chair);
  });

  it('the browser’s list outlives a restart, and loses an erased meeting without a trace', async () => {
    const first = await create(mine, 'Ensimmäinen');
    const second = await create(mine, 'Toinen');
    await create(other, 'Toisen selaimen');
    await restart();
    assert.deepEqual(await listed(mine), ['Ensimmäinen', 'Toinen']);
    assert.equal((await json(mine, `/api/state?meeting=${first}`)).meeting.id, first);
    assert.deepEqual(await listed(other), ['Toisen selaimen']);

    await app.erase(first);
    assert.deepEqual(await listed(mine), ['Toinen']);
    assert.equal((await mine.fetch(`/api/state?meeting=${first}`)).status, 404);
    const browsers = app.records<BrowserMeetings>('playground-browsers');
    const index = app.records<MeetingBrowsers>('playground-meeting-browsers');
    assert.deepEqual(await browsers.get(mine.id), { meetings: [second] });
    assert.equal(await index.get(first), undefined);
    assert.deepEqual(await index.get(second), { browsers: [mine.id] });
    const rows = await playgroundRows(file);
    assert.ok(rows.length > 0, 'the playground’s records are where the test looks');
    assert.deepEqual(
      rows.filter((r) => r.key.includes(first) || r.value.includes(first)),
      [],
      'no record of the playground mentions the erased meeting',
    );

    // The last meeting erased, nothing is left of the browser either.
    await app.erase(second);
    assert.deepEqual(await listed(mine), []);
    assert.equal(await browsers.get(mine.id), undefined);
    assert.ok(
      !(await playgroundRows(file)).some((r) => r.key.includes(mine.id) || r.value.includes(mine.id)),
    );
  });

  it('the list after a restart names each meeting from one read of it, and then from what it keeps, not by loading every meeting again', async () => {
    await create(mine, 'Ensimmäinen');
    await create(mine, 'Toinen', { clientName: 'Eetu Mäkinen', date: '2027-02-03', time: '09:30' });
    await create(mine, 'Kolmas');
    const before = await titles(mine);
    // Started again over the same store, each read of a meeting's events counted.
    await running?.close();
    const reads: string[] = [];
    const counted = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === 'load')
          return (id: string, ...rest: unknown[]) => {
            reads.push(id);
            return target.load(id, ...(rest as []));
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    app = new App(counted, { clock });
    running = await startServer(loadConfig({ PORT: '0' }), [playground(app, clock)]);
    const cookie = mine.cookie;
    mine = new TestBrowser(running.url);
    mine.cookie = cookie;
    assert.deepEqual(await titles(mine), before, 'the same titles as before the restart');
    const perMeeting = [...new Set(reads)].map((id) => reads.filter((r) => r === id).length);
    assert.ok(
      perMeeting.every((n) => n === 1),
      `each meeting read once for the list, not its conversation drawn again: ${JSON.stringify(perMeeting)}`,
    );
    reads.length = 0;
    for (let i = 0; i < 3; i++) assert.deepEqual(await titles(mine), before);
    assert.deepEqual(reads, [], 'listing again reads no meeting');
  });

  it('the responsible worker exports from the closed board and downloads it; then erases the meeting from its form', async () => {
    const { id, chair } = await atFeedback(mine);
    assert.equal(
      (
        (await (
          await mine.post('/api/teams', action(id, chair, 'meeting.close', { meetingId: id }))
        ).json()) as Json
      ).ok,
      true,
    );
    const m = await app.meetings.get(id);
    const sanna = m?.responsibleId;
    const liisa = m?.participants.find((p) => p.name === PEOPLE.mother)?.id;
    assert.ok(m && sanna && liisa);
    const press = async (as: string, verb: string, data: Json = {}) =>
      (await (
        await mine.post('/api/teams', action(id, as, verb, { meetingId: id, version: m.version, ...data }))
      ).json()) as Json;
    // Liisa may not; Sanna may, and the export comes to her own messages with its two links.
    assert.equal((await press(liisa, 'ui.export')).ok, false);
    assert.equal((await press(sanna, 'ui.export')).ok, true);
    const direct = (await json(mine, `/api/state?meeting=${id}&as=${sanna}`)).direct as Json[];
    const card = JSON.stringify(direct.at(-1));
    const links = [...card.matchAll(/"url":"(\/api\/export\?[^"]+)"/g)].map((x) =>
      (x[1] as string).replace(/\\u0026/g, '&'),
    );
    assert.equal(links.length, 2, card);
    const [markdown, jsonLink] = links as [string, string];
    const md = await mine.fetch(markdown);
    assert.equal(md.status, 200);
    assert.match(await md.text(), /Ainon koulunkäynnin tukeminen/);
    const exported = await mine.fetch(jsonLink);
    assert.equal(exported.status, 200);
    assert.equal(((await exported.json()) as Json).format, 'toivo.export');
    // Another browser, or the link made to act as Liisa, gets what an unknown meeting gets.
    const notFound = { status: 404, body: { error: t('fi', 'playground.not_found') } };
    assert.deepEqual(await answer(await other.fetch(markdown)), notFound);
    assert.deepEqual(
      await answer(await mine.fetch(markdown.replace(`as=${sanna}`, `as=${liisa}`))),
      notFound,
    );
    assert.equal((await app.access.of(id)).length, 2, 'both downloads are on the access log');

    // Erased from its form: gone from the store and from the page.
    assert.equal((await press(sanna, 'ui.erase_form')).ok, true);
    assert.equal((await press(sanna, 'meeting.erase', { eraseWhat: 'meeting' })).ok, true);
    assert.equal(await app.meetings.get(id), undefined);
    assert.deepEqual(await answer(await mine.fetch(`/api/state?meeting=${id}`)), notFound);
    assert.ok(!(await listed(mine)).includes('Ainon koulunkäynnin tukeminen ja arjen rytmi'));
  });
});
