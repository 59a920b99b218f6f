/**
 * The playground while its store does not answer: every request gets a 503 that says so (the
 * store's `store.unavailable` sentence) in the page's language, which the page shows, and is
 * logged without what was typed; a click refused that way is not applied once the store is back. On PostgreSQL behind a proxy that is cut
 * (the backend gone), and on SQLite with the meeting's lock held past the click's deadline.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import type { Event } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { holdLock, notes, Page, sleep, stored } from '../app/store-faults-support.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import { postgresBehindProxy } from '../support/postgres-proxy.js';
import type { FaultProxy } from '../support/toivo-process.js';

/** A store call's deadline here: short, so that a click meets it soon. */
const DEADLINE_MS = 1_000;

/** The playground over `store`, as `npm start` serves it. */
async function serve(store: EventStore<Event>): Promise<Running> {
  const clock = new SimulatedClock();
  return startServer({ port: 0, host: '127.0.0.1' }, [
    playground(new App(store, { clock, log: () => undefined }), clock),
  ]);
}

describe('the playground while its store does not answer', function () {
  this.timeout(30_000);

  describe('PostgreSQL cut off', () => {
    const namespace = `toivo-down-${randomUUID()}`;
    let proxy: FaultProxy | undefined;
    let store: EventStore<Event> | undefined;
    let direct: EventStore<Event> | undefined;
    let running: Running | undefined;

    before(async function () {
      await requireService(this, 'PostgreSQL', probePostgres);
      let through: string;
      ({ proxy, through } = await postgresBehindProxy());
      store = await openEventStore<Event>({ url: through, namespace, timeoutMs: DEADLINE_MS });
      direct = await openEventStore<Event>({ url: POSTGRES_URL, namespace });
      running = await serve(store);
    });

    after(async () => {
      sinon.restore();
      proxy?.restore();
      await running?.close();
      await store?.close();
      if (direct) for (const id of await direct.streamIds()) await direct.erase(id);
      await direct?.close();
      await proxy?.close();
    });

    it('a click is answered 503 in the page’s language, and is not applied once the store is back', async () => {
      const { url } = running as Running;
      const page = new Page(url);
      page.locale = 'sv';
      const meetingId = await page.startedMeeting();
      const before = (await direct?.load(meetingId))?.version;
      const text = notes('down');
      const logged: string[] = [];
      sinon.stub(console, 'error').callsFake((...args: unknown[]) => logged.push(args.map(String).join(' ')));
      proxy?.cut();
      const started = Date.now();
      const click = await page.invoke(meetingId, 'p1', 'note.add', { noteText: text(1) });
      assert.ok(Date.now() - started < DEADLINE_MS * 3, `answered in time: ${Date.now() - started} ms`);
      assert.equal(click.status, 503, JSON.stringify(click.json));
      assert.deepEqual(click.json, { ok: false, error: t('sv', 'rejection.store.unavailable') });
      // The page's other requests too: its state, a new meeting, the clock.
      const state = await fetch(`${url}/api/state?meeting=${meetingId}&locale=en`);
      assert.equal(state.status, 503);
      assert.deepEqual(await state.json(), { ok: false, error: t('en', 'rejection.store.unavailable') });
      const form = await page.invoke(null, null, 'meeting.create', {});
      assert.equal(form.status, 503, JSON.stringify(form.json));
      assert.equal(form.json.error, t('sv', 'rejection.store.unavailable'));
      // Each is logged as a failed request: the method and the path, never what was typed.
      sinon.restore();
      assert.match(logged.join('\n'), /^request failed: POST \/api\/teams: /m);
      assert.match(logged.join('\n'), /^request failed: GET \/api\/state: /m);
      assert.ok(!logged.join('\n').includes(text(1)), logged.join('\n'));

      proxy?.restore();
      // Served again once the store answers (it is asked again every 250 ms).
      let again = await page.invoke(meetingId, 'p1', 'note.add', { noteText: text(2) });
      for (let i = 0; i < 40 && again.status !== 200; i++) {
        await sleep(250);
        again = await page.invoke(meetingId, 'p1', 'note.add', { noteText: text(2) });
      }
      assert.equal(again.json.ok, true, JSON.stringify(again.json));
      await sleep(500);
      const events = (await direct?.load(meetingId))?.events ?? [];
      assert.equal(events.length, (before ?? 0) + 1, 'only the note sent after the store was back');
      assert.equal(await stored(direct as EventStore<Event>, meetingId, text(1)), false);
      assert.equal(await stored(direct as EventStore<Event>, meetingId, text(2)), true);
    });

    it('a new meeting saved just before: answered as made, and the page finds it once the store is back', async () => {
      const page = new Page((running as Running).url);
      await page.startedMeeting();
      // Cut the moment the meeting lists are written, after the meeting is saved.
      const cut = proxy?.cutWhen('meetings-of:');
      const created = await page.invoke(null, null, 'meeting.create', {
        purpose: 'Ainon kesä',
        date: '2027-06-01',
        time: '10:00',
        durationMinutes: '60',
        place: 'Nuorisotalo',
        meetingLocale: 'fi',
        convenerName: 'Sanna',
        clientName: 'Aino',
        clientAccount: 'yes',
      });
      await cut;
      assert.equal(proxy?.state, 'cut');
      assert.equal(created.status, 200, JSON.stringify(created.json));
      assert.equal(created.json.ok, true);
      const id = created.json.meeting as string;
      assert.equal((await direct?.load(id))?.events[0]?.type, 'meeting.created');
      proxy?.restore();
      let state = await page.get(`/api/state?meeting=${id}`);
      for (let i = 0; i < 40 && state.status !== 200; i++) {
        await sleep(250);
        state = await page.get(`/api/state?meeting=${id}`);
      }
      assert.equal(state.status, 200, JSON.stringify(state.json));
      const listed = (state.json.meetings as { id: string; title: string }[]).map((m) => m.title);
      assert.ok(
        listed.some((title) => title.startsWith('Ainon kesä')),
        `listed: ${listed}`,
      );
      assert.ok(JSON.stringify(state.json.messages).includes('Ainon kesä'), 'its invitation is shown');
    });
  });

  describe('SQLite, the meeting’s lock held past the deadline', () => {
    let dir = '';
    let store: EventStore<Event>;
    let running: Running;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'toivo-down-'));
      store = await openEventStore<Event>({
        url: `sqlite://${join(dir, 'toivo.sqlite')}`,
        timeoutMs: DEADLINE_MS,
      });
      running = await serve(store);
    });
    afterEach(async () => {
      await running.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a click is answered 503 with its notice, in the page’s language, and never applied later', async () => {
      const page = new Page(running.url);
      page.locale = 'sv';
      const meetingId = await page.startedMeeting();
      const before = (await store.load(meetingId))?.version;
      const text = notes('held');
      const release = holdLock(store, meetingId);
      const click = await page.invoke(meetingId, 'p1', 'note.add', { noteText: text(1) });
      await release();
      assert.equal(click.status, 503, JSON.stringify(click.json));
      assert.equal(click.json.ok, false);
      assert.equal(click.json.error, t('sv', 'rejection.store.unavailable'));
      // The notice the page shows, as for any refusal, says the same.
      assert.ok(
        JSON.stringify(click.json.notice).includes(t('sv', 'rejection.store.unavailable')),
        JSON.stringify(click.json.notice),
      );
      await sleep(DEADLINE_MS);
      assert.equal((await store.load(meetingId))?.version, before, 'nothing of it was written');
    });
  });
});
