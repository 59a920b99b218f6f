/**
 * A click saved just before the store stops answering: the person is told it was done (it was,
 * and doing it again would do it twice), and what the change leaves to keep beside the meeting —
 * its conversation's cards, its reminders, the meeting lists of its people, its retention time —
 * is caught up once the store answers again, on the next tick; after a crash, by the sweep at start.
 *
 * PostgreSQL behind a proxy that cuts every connection the moment Toivo sends the first bytes of a
 * step that comes after the save.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { App } from '../../src/app/app.js';
import { noticeTo } from '../../src/app/deliveries.js';
import type { RetentionEntry } from '../../src/app/retention.js';
import type { Event, Reminder } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { invitationFields } from '../channels/playground-browser.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import { postgresBehindProxy } from '../support/postgres-proxy.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import type { FaultProxy } from '../support/toivo-process.js';
import { ACCOUNT, fixedClock, MEETING_TIME, RecordingPort, seed, type TestApp } from './support.js';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('a click saved just before the store stops answering', function () {
  this.timeout(30_000);
  let proxy: FaultProxy;
  let store: EventStore<Event>;
  let direct: EventStore<Event>;
  let namespace = '';
  const log: string[] = [];

  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
  });

  beforeEach(async () => {
    let through: string;
    ({ proxy, through } = await postgresBehindProxy());
    namespace = `saved-${process.pid}-${randomBytes(4).toString('hex')}`;
    store = await openEventStore<Event>({ url: through, namespace, timeoutMs: 1_500 });
    direct = await openEventStore<Event>({ url: POSTGRES_URL, namespace });
    log.length = 0;
  });

  afterEach(async () => {
    proxy.restore();
    for (const id of await direct.streamIds()) {
      await direct.erase(id);
      await direct.due('reminders').forget(id);
      await direct.due('retention').forget(id);
      await direct.records('conversation').delete(id);
    }
    for (const account of Object.values(ACCOUNT)) await direct.records('meetings-of').delete(account);
    await store.close();
    await direct.close();
    await proxy.close();
  });

  /** Toivo as it runs: the app over the store behind the proxy, with a channel that records what it draws. */
  function running() {
    const app = new App(store, {
      clock: fixedClock(MEETING_TIME),
      log: (line) => log.push(line),
      retry: { delaysMs: [] },
    });
    const port = new RecordingPort();
    app.aftercare.usePort(port);
    return { app, port };
  }

  /** Back: the proxy lets everything through, and the store answers again. */
  async function back(): Promise<void> {
    proxy.restore();
    for (let i = 0; i < 40; i++) {
      try {
        await store.ping();
        return;
      } catch {
        await sleep(100);
      }
    }
    assert.fail('the store answers again once the network is back');
  }

  const reminders = () => direct.due<Reminder>('reminders').size();

  /** The nurse adds a commitment of her own, due in two weeks, as one click. */
  const addCommitment = (app: App, what: string, commandId?: string) =>
    app.decide(
      'm1',
      { verb: 'commitment.add', fields: { meetingId: 'm1', what, ownerId: 'p6', due: '2026-12-10' } },
      { account: ACCOUNT[P.nurse] },
      commandId ? { commandId } : {},
    );

  it('a commitment saved, then the store gone: told it is done; its cards and reminders follow once the store is back', async () => {
    const { app, port } = running();
    await seed({ store, conversations: app.conversations } as TestApp, 'discussion');
    await app.catchUp('m1', port);
    const before = await reminders();
    const drawn = port.calls.length;

    // Cut the moment Toivo looks up where the meeting lives: the commitment is saved by then.
    const cut = proxy.cutWhen('conversation:m1');
    const handled = await addCommitment(app, 'Soittaa koululle', 'click-saved-1');
    await cut;
    assert.equal(proxy.state, 'cut', 'the network was cut after the save');
    assert.equal(handled.ok, true, `told it is done: ${JSON.stringify(handled.rejection)}`);
    assert.ok(!handled.duplicate);
    const stream = await direct.load('m1');
    assert.ok(
      stream?.events.some((e) => e.type === 'commitment.added' && e.what === 'Soittaa koululle'),
      'the commitment is saved',
    );
    // What it delivers now goes out without failing the click.
    await app.deliver(handled, port);

    // The same click again (the person pressed once more, or the platform retried): nothing twice.
    await back();
    const again = await addCommitment(app, 'Soittaa koululle', 'click-saved-1');
    assert.equal(again.duplicate, true);
    assert.equal(
      (await direct.load('m1'))?.events.filter((e) => e.type === 'commitment.added').length,
      1,
      'one commitment',
    );
    assert.equal(await reminders(), before, 'no reminder yet: the store failed them');

    // The next tick catches up: the commitment's reminders, and the cards drawn from the meeting now.
    await app.aftercare.tick();
    assert.ok((await reminders()) > before, 'its reminders are scheduled');
    const redrawn = port.calls.slice(drawn);
    const version = stream?.version;
    assert.ok(redrawn.includes(`send commitments v${version}`), `the commitments posted: ${redrawn}`);
    assert.ok(
      redrawn.some((c) => c.startsWith('update board') && c.endsWith(`v${version}`)),
      `the board drawn again: ${redrawn}`,
    );
    assert.equal(app.upkeep.waiting, 0, 'nothing is left behind');
    assert.ok(log.some((line) => line.includes('meeting m1')));
    assert.ok(!log.some((line) => line.includes('Soittaa')), 'what people typed is never logged');
  });

  it('a new meeting saved, then the store gone: told it is made; it lives in its conversation and is on its people’s lists once the store is back', async () => {
    const { app } = running();
    const cut = proxy.cutWhen('meetings-of:');
    const created = await app.decide(
      undefined,
      {
        verb: 'meeting.create',
        fields: invitationFields(),
      },
      { account: ACCOUNT[P.social], accountFor: (row) => ({ client: 'U-AINO', invitee1: 'U-LIISA' })[row] },
      { conversation: { channel: 'playground', id: 'C-FAMILY' }, commandId: 'create-saved-1' },
    );
    await cut;
    assert.equal(created.ok, true, `told it is made: ${JSON.stringify(created.rejection)}`);
    const id = created.meetingId ?? '';
    assert.equal((await direct.load(id))?.events[0]?.type, 'meeting.created');
    assert.deepEqual(
      ((await direct.records('conversation').get(id)) as { conversation: unknown } | undefined)?.conversation,
      { channel: 'playground', id: 'C-FAMILY' },
      'it has its conversation',
    );
    assert.ok(
      created.deliveries.some((d) => d.kind === 'post' && d.surface === 'invitation'),
      'its invitation is posted',
    );
    await back();
    assert.deepEqual(
      (await app.meetingsFor('U-AINO')).map((m) => m.id),
      [],
      'not yet on the lists: the store failed them',
    );
    await app.aftercare.tick();
    for (const account of [ACCOUNT[P.social], 'U-AINO', 'U-LIISA'])
      assert.deepEqual(
        (await app.meetingsFor(account)).map((m) => m.id),
        [id],
        `on ${account}'s list`,
      );
    assert.equal(await direct.due<RetentionEntry>('retention').size(), 1, 'it has its retention time');
  });

  it('a message the platform fails while the store is gone is tried again from memory, not lost and not an error', async () => {
    const app = new App(store, {
      clock: fixedClock(MEETING_TIME),
      log: (line) => log.push(line),
      retry: { delaysMs: [300] },
    });
    let failures = 0;
    const port = new RecordingPort(() => (failures++ === 0 ? 'throw' : undefined));
    const notice = noticeTo(
      { account: ACCOUNT[P.nurse] },
      undefined,
      MEETING_TIME,
      { info: 'person_erased' },
      'fi',
    );
    proxy.cut();
    // The platform fails it, and the store cannot keep it to try again: it waits in this process.
    const reports = await app.deliverer.deliver('m1', [notice], port);
    assert.equal(reports[0]?.result.ok, false);
    assert.equal(app.deliverer.retrying, 1, 'it waits to be tried again');
    await back();
    for (let i = 0; i < 30 && port.calls.length < 2; i++) await sleep(100);
    assert.deepEqual(port.calls, [`notice → ${ACCOUNT[P.nurse]}`, `notice → ${ACCOUNT[P.nurse]}`]);
  });

  it('after a crash right after the save, the sweep at start catches up what was left', async () => {
    const first = running();
    await seed({ store, conversations: first.app.conversations } as TestApp, 'discussion');
    const before = await reminders();
    const cut = proxy.cutWhen('conversation:m1');
    const handled = await addCommitment(first.app, 'Varata aika');
    await cut;
    assert.equal(handled.ok, true);
    await back();
    // Toivo is gone with what it had to catch up; another starts over the same store.
    const restarted = new App(store, { clock: fixedClock(MEETING_TIME), log: (line) => log.push(line) });
    assert.equal(await reminders(), before);
    assert.equal(await restarted.upkeep.sweep(), 1);
    assert.ok((await reminders()) > before, 'its reminders are scheduled');
  });
});
