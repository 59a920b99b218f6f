/**
 * A store that fails is a refusal the person can act on: a click whose store does not answer in
 * time (here: its meeting's lock never comes free) is refused with `store.unavailable`, in the
 * person's language, within the deadline, and is not applied once the store is free again. And the
 * app says whether its store is up, without naming it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../src/app/app.js';
import { MeetingService } from '../../src/app/meeting-service.js';
import type { Event } from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { holdLock } from './store-faults-support.js';
import { fixedClock, MEETING_TIME } from './support.js';

const DEADLINE_MS = 300;
const SLACK_MS = 250;

describe('a store that does not answer in time', () => {
  let dir = '';
  let store: EventStore<Event>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-unavailable-'));
    store = await openEventStore<Event>({
      url: `sqlite://${join(dir, 'toivo.sqlite')}`,
      timeoutMs: DEADLINE_MS,
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The realistic meeting in its discussion, stored as `m1`. */
  async function seeded() {
    const d = realisticMeeting('why');
    d.do(P.youth, { type: 'phase.next' });
    const events = d.events.map((e) => (e.type === 'meeting.created' ? { ...e, meetingId: 'm1' } : e));
    assert.ok((await store.append('m1', 0, events)).ok);
    return { d, version: events.length };
  }

  it('a click is refused with store.unavailable, in its language, within the deadline, and never applied later', async () => {
    const { d, version } = await seeded();
    const service = new MeetingService(store, fixedClock(MEETING_TIME));
    const release = holdLock(store, 'm1');
    const started = Date.now();
    const outcome = await service.dispatch(
      'm1',
      { type: 'note.add', text: 'Ei tallennu' },
      { actor: d.id(P.nurse), locale: 'sv', commandId: 'click-1' },
    );
    const ms = Date.now() - started;
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.rejection.code === 'store.unavailable', JSON.stringify(outcome));
    assert.equal(outcome.message, describeRejection('sv', { rejected: true, code: 'store.unavailable' }));
    assert.ok(ms < DEADLINE_MS + SLACK_MS, `refused after ${ms} ms`);
    await release();
    await new Promise((done) => setTimeout(done, 200));
    assert.equal((await store.load('m1'))?.version, version, 'nothing of it was written');
    // Not remembered as a refusal: the same click, tried again, is applied.
    const again = await service.dispatch(
      'm1',
      { type: 'note.add', text: 'Nyt tallentuu' },
      { actor: d.id(P.nurse), commandId: 'click-1' },
    );
    assert.ok(again.ok, JSON.stringify(again));
  });

  it('a deadline given with the click is kept', async () => {
    const { d } = await seeded();
    const service = new MeetingService(store, fixedClock(MEETING_TIME));
    const release = holdLock(store, 'm1');
    const started = Date.now();
    const outcome = await service.apply('m1', () => ({ actor: d.id(P.nurse), commands: [] }), {
      deadline: Date.now() + 100,
    });
    const ms = Date.now() - started;
    assert.ok(!outcome.ok && outcome.rejection.code === 'store.unavailable');
    assert.ok(ms < 100 + SLACK_MS, `refused after ${ms} ms`);
    await release();
  });

  it('through the app: the click is handled as refused, with a notice to the one who clicked', async () => {
    await seeded();
    const app = new App(store, {
      clock: fixedClock(MEETING_TIME),
      log: () => undefined,
      retry: { delaysMs: [] },
    });
    const release = holdLock(store, 'm1');
    const handled = await app.decide(
      'm1',
      { verb: 'note.add', fields: { meetingId: 'm1', noteText: 'x' } },
      {
        account: 'U-HANNA',
      },
    );
    assert.equal(handled.ok, false);
    assert.equal(handled.rejection?.code, 'store.unavailable');
    assert.equal(handled.deliveries[0]?.kind, 'notice');
    await release();
  });

  it('the app’s health: the store up, or down, and nothing more', async () => {
    const app = new App(store, { log: () => undefined });
    assert.deepEqual(await app.health(), { ok: true, detail: 'store: up' });
    const down = new App(
      {
        ...store,
        records: store.records.bind(store),
        due: store.due.bind(store),
        ping: async () => {
          throw new Error('connection refused to postgres://user:secret@db.example.org');
        },
      } as EventStore<Event>,
      { log: () => undefined },
    );
    assert.deepEqual(await down.health(), { ok: false, detail: 'store: down' });
  });
});
