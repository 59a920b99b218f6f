/**
 * Retention on Toivo's own scheduler (node-cron on sinon's fake clock): a meeting is deleted
 * RETENTION_DAYS after its last change once it is over, not a minute before; a later change (a
 * task marked done after the meeting) moves it on; a meeting whose follow-up is still to be held
 * stays; with two instances it is deleted once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { App } from '../../src/app/app.js';
import { followUpIdOf } from '../../src/app/followups.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import { MovableClock } from '../support/movable-clock.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { ACCOUNT, RecordingPort } from './support.js';

const DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;
const CLOSED_AT = Date.parse('2026-11-26T15:40:00+02:00');

describe('retention: meetings deleted on schedule (node-cron, fake timers)', () => {
  let dir = '';
  let store: EventStore<Event>;
  let timers: sinon.SinonFakeTimers | undefined;
  const apps: App[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-retention-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.aftercare.stop();
    timers?.restore();
    timers = undefined;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Toivo on the fake clock from `now`, over `over` (by default this test's SQLite store). */
  function toivo(over: EventStore<Event> = store, clock?: MovableClock): App {
    const app = new App(over, {
      log: () => undefined,
      retry: { delaysMs: [] },
      retentionDays: DAYS,
      ...(clock ? { clock } : {}),
    });
    app.aftercare.usePort(new RecordingPort());
    apps.push(app);
    return app;
  }

  const click = async (
    app: App,
    meetingId: string,
    name: string,
    verb: string,
    fields: Record<string, string> = {},
  ) => {
    const account = ACCOUNT[name as keyof typeof ACCOUNT];
    const handled = await app.interactions.handle(
      meetingId,
      { verb, fields: { meetingId, ...fields } },
      { account },
    );
    assert.ok(handled.ok, `${verb} by ${name}: ${handled.rejection?.code}`);
  };

  /** The realistic meeting in its feedback phase in `over`, living in a conversation; closed at CLOSED_AT. */
  async function heldAndClosed(app: App, over: EventStore<Event>, followUp: 'agreed' | 'none') {
    const events = realisticMeeting('feedback').events.map((e): Event => {
      if (e.type === 'meeting.created') return { ...e, meetingId: 'm1' };
      if (e.type === 'followup.agreed' && followUp === 'none')
        return { ...e, followUp: { noneReason: 'Ei tarvita' } };
      return e;
    });
    assert.ok((await over.append('m1', 0, events)).ok);
    await app.conversations.settle('m1', { channel: 'playground', id: 'conversation-of-m1' });
    await click(app, 'm1', P.youth, 'meeting.close');
  }

  function fakeClock(at: number): sinon.SinonFakeTimers {
    timers = sinon.useFakeTimers({
      now: at,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    return timers;
  }

  /** Runs the scheduler of `app` a minute at a time from `from` to `to`, each tick finished before the next. */
  async function run(app: App, clock: sinon.SinonFakeTimers, from: number, to: number) {
    await app.aftercare.stop();
    clock.setSystemTime(from);
    const ticks = sinon.spy(app.aftercare, 'tick');
    app.aftercare.start();
    while (Date.now() < to) {
      await clock.tickAsync(Math.min(to - Date.now(), MINUTE));
      await Promise.all(ticks.returnValues);
    }
    ticks.restore();
  }

  it('deletes a meeting over RETENTION_DAYS after its last change, not a minute before, and all of it', async () => {
    const clock = fakeClock(CLOSED_AT);
    const app = toivo();
    await heldAndClosed(app, store, 'none');
    const due = CLOSED_AT + DAYS * DAY_MS;
    await run(app, clock, due - 5 * MINUTE, due - MINUTE);
    assert.ok(await app.meetings.get('m1'), 'still there a minute before');
    await run(app, clock, due - MINUTE, due + 2 * MINUTE);
    assert.equal(await app.meetings.get('m1'), undefined, 'gone when its time came');
    assert.equal(await app.conversations.get('m1'), undefined, 'and where it lived');
    assert.deepEqual(await app.meetingsFor(ACCOUNT[P.mother]), [], 'and from everyone’s overview');
    assert.equal(await store.due('reminders').size(), 0, 'and its reminders');
  });

  it('a change after the meeting (a task marked done) moves the deletion on', async () => {
    const clock = fakeClock(CLOSED_AT);
    const app = toivo();
    await heldAndClosed(app, store, 'none');
    const later = CLOSED_AT + 10 * DAY_MS;
    clock.setSystemTime(later);
    await click(app, 'm1', P.teacher, 'commitment.status', { commitmentId: 'c3', status: 'done' });
    const first = CLOSED_AT + DAYS * DAY_MS;
    await run(app, clock, first - MINUTE, first + 5 * MINUTE);
    assert.ok(await app.meetings.get('m1'), 'kept: it changed ten days after');
    const second = later + DAYS * DAY_MS;
    await run(app, clock, second - 2 * MINUTE, second - MINUTE);
    assert.ok(await app.meetings.get('m1'));
    await run(app, clock, second - MINUTE, second + 2 * MINUTE);
    assert.equal(await app.meetings.get('m1'), undefined);
  });

  it('keeps a meeting while its follow-up is still to be held, and deletes it after the follow-up’s time', async () => {
    const clock = fakeClock(CLOSED_AT);
    const app = toivo();
    await heldAndClosed(app, store, 'agreed');
    const next = await app.meetings.get(followUpIdOf('m1'));
    assert.ok(next, 'the follow-up meeting was made');
    const first = CLOSED_AT + DAYS * DAY_MS;
    await run(app, clock, first - MINUTE, first + 5 * MINUTE);
    assert.ok(await app.meetings.get('m1'), 'kept: its follow-up is in January');
    // Nobody held the follow-up: it goes RETENTION_DAYS after its own time, and the first with it.
    const { startsAt, durationMinutes } = next.invitation;
    const nextDue = Date.parse(startsAt) + durationMinutes * MINUTE + DAYS * DAY_MS;
    await run(app, clock, nextDue - 2 * MINUTE, nextDue - MINUTE);
    assert.ok(await app.meetings.get(next.id));
    await run(app, clock, nextDue - MINUTE, nextDue + 3 * MINUTE);
    assert.equal(await app.meetings.get(next.id), undefined, 'the follow-up, at its time');
    assert.equal(await app.meetings.get('m1'), undefined, 'and the first with it');
  });

  it('a meeting kept from before retention was (no time set) gets its time from the sweep at start', async () => {
    const clock = fakeClock(CLOSED_AT);
    const events = realisticMeeting('closed').events.map((e) =>
      e.type === 'meeting.created' ? { ...e, meetingId: 'old' } : e,
    );
    assert.ok((await store.append('old', 0, events)).ok);
    const app = toivo();
    // Its last change, or the end of its time if that is later (the test's clock closed it early).
    const created = events[0] as Extract<Event, { type: 'meeting.created' }>;
    const ends = Date.parse(created.invitation.startsAt) + created.invitation.durationMinutes * MINUTE;
    const due = Math.max(Date.parse(events.at(-1)?.at ?? ''), ends) + DAYS * DAY_MS;
    await run(app, clock, due + MINUTE, due + 3 * MINUTE);
    assert.ok(await app.meetings.get('old'), 'no time was set: it stays');
    assert.equal(await app.upkeep.sweep(), 1);
    await run(app, clock, due + 3 * MINUTE, due + 5 * MINUTE);
    assert.equal(await app.meetings.get('old'), undefined, 'the sweep set its time, long past: deleted');
  });

  describe('with two instances sharing PostgreSQL', () => {
    before(async function () {
      await requireService(this, 'PostgreSQL', probePostgres);
    });

    it('deletes a meeting once', async () => {
      const namespace = `retention-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const [a, b] = [
        await openEventStore<Event>({ url: POSTGRES_URL, namespace }),
        await openEventStore<Event>({ url: POSTGRES_URL, namespace }),
      ];
      try {
        // The app's own clock here: sinon's would take pg's pool timers too.
        const clock = new MovableClock(new Date(CLOSED_AT).toISOString());
        const one = toivo(a, clock);
        const two = toivo(b, clock);
        await heldAndClosed(one, a, 'none');
        const erased: string[] = [];
        one.onErase(async (id) => void erased.push(`one ${id}`));
        two.onErase(async (id) => void erased.push(`two ${id}`));
        clock.set(new Date(CLOSED_AT + DAYS * DAY_MS + MINUTE).toISOString());
        await Promise.all([one.aftercare.tick(), two.aftercare.tick(), one.aftercare.tick()]);
        assert.equal(erased.length, 1, erased.join(', '));
        assert.equal(await two.meetings.get('m1'), undefined);
      } finally {
        for (const app of apps.splice(0)) await app.aftercare.stop();
        await Promise.all([a.close(), b.close()]);
      }
    });
  });
});
