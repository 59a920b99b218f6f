/**
 * Aftercare with several bot instances over one PostgreSQL or one Redis, as separate processes
 * run it: each has its own App and its own connection, and all tick at once over the same
 * reminders. Every reminder reaches its person exactly once; an instance that dies while sending
 * loses nothing, and what it held goes out once, after its lease has run out.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import type { Clock } from '../../src/app/meeting-service.js';
import type { ChannelPort, DeliveryResult } from '../../src/app/port.js';
import { type Event, type Reminder, remindersOf, supersededAt } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from '../store/services.js';
import { appOver, seed } from './support.js';

/**
 * Two days before the follow-up meeting, mid-morning: every reminder of the realistic meeting is
 * due but the follow-up's eve (the follow-up meeting, made by then, reminds of itself).
 */
const DUE_AT = Date.parse('2027-01-12T10:00:00+02:00');
const LEASE_MS = 5 * 60_000;

type Direct = Extract<Delivery, { kind: 'direct' }>;

/** One reminder as its recipient tells it apart: which meeting, which card, which task, to whom. */
const received = (d: Direct): string =>
  `${d.view.meeting?.id} ${d.surface} ${d.view.commitmentId ?? '-'} → ${d.to.account}`;

/** The card each kind of reminder is; kinds without one are not messages (the follow-up meeting being made). */
const SURFACE: Partial<Record<Reminder['kind'], string>> = {
  'commitment.soon': 'reminder',
  'commitment.due': 'reminder',
  'commitment.overdue': 'reminder',
  digest: 'digest',
  'followup.eve': 'followup-reminder',
};
const REMINDER_CARDS = new Set(Object.values(SURFACE));
/** The reminders among what arrived; the rest (the follow-up meeting's invitation) is apart. */
const reminders = (arrived: readonly string[]) =>
  arrived.filter((a) => REMINDER_CARDS.has(a.split(' ')[1] ?? ''));

/** What the platform does while one instance sends a reminder: a moment, or longer, or never returns. */
type Platform = (d: Direct) => Promise<void>;
const moment: Platform = () => new Promise((done) => setImmediate(done));

/** The playground as one instance reaches it, through a platform that takes its time. */
class Inbox implements ChannelPort {
  readonly channel = 'playground' as const;
  /** Sends this instance began. */
  readonly began: string[] = [];

  constructor(
    /** What reached people, whichever instance sent it. */
    private readonly arrived: string[],
    private readonly platform: Platform = moment,
  ) {}

  async direct(d: Direct): Promise<DeliveryResult> {
    this.began.push(received(d));
    // Other instances' ticks run meanwhile.
    await (REMINDER_CARDS.has(d.surface) ? this.platform(d) : moment(d));
    this.arrived.push(received(d));
    return { ok: true };
  }

  private async none(): Promise<DeliveryResult> {
    return { ok: false, error: 'aftercare sends direct messages only' };
  }
  send = this.none;
  update = this.none;
  openForm = this.none;
  notify = this.none;
}

/** How many of each, as a sorted list of "count × what". */
const tally = (items: readonly string[]): string[] => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => `${n} × ${item}`).sort();
};

interface Backend {
  readonly name: string;
  readonly url: string;
  readonly probe: () => Promise<void>;
  /** Removes everything kept under `namespace`. */
  readonly clear: (namespace: string) => Promise<void>;
}

const BACKENDS: readonly Backend[] = [
  {
    name: 'PostgreSQL',
    url: POSTGRES_URL,
    probe: probePostgres,
    clear: async (namespace) => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query('DELETE FROM keyv WHERE key LIKE $1', [`${namespace}:%`]);
        await client.query('DELETE FROM toivo_events WHERE key LIKE $1', [`${namespace}:%`]);
        await client.query('DELETE FROM toivo_due WHERE ns LIKE $1', [`${namespace}:%`]);
      } finally {
        await client.end();
      }
    },
  },
  {
    name: 'Redis',
    url: REDIS_URL,
    probe: probeRedis,
    clear: async (namespace) => {
      const client = createClient({ url: REDIS_URL });
      await client.connect();
      try {
        for (const pattern of [`${namespace}:*`, `toivo-due:${namespace}:*`])
          for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 }))
            if (keys.length > 0) await client.del(keys);
      } finally {
        await client.close();
      }
    },
  },
];

for (const backend of BACKENDS)
  describe(`aftercare with several instances on ${backend.name}`, () => {
    before(async function () {
      await requireService(this, backend.name, backend.probe);
    });

    let namespace = '';
    let stores: EventStore<Event>[] = [];
    let now = DUE_AT;
    /** The time every instance reads; separate machines' clocks agree well within a lease. */
    const clock: Clock = { now: () => new Date(now) };
    const arrived: string[] = [];

    beforeEach(() => {
      namespace = `toivo-test-aftercare-${randomUUID()}`;
      now = DUE_AT;
      arrived.length = 0;
    });
    afterEach(async () => {
      await Promise.all(stores.map((s) => s.close()));
      stores = [];
      await backend.clear(namespace);
    });

    /**
     * `count` instances, each with its own connection, over `meetings` closed realistic meetings
     * (held through the first instance; each rescheduled by one of them). Says what everyone
     * should receive.
     */
    async function instances(
      count: number,
      meetings: number,
      platform: (i: number) => Platform = () => moment,
    ) {
      stores = await Promise.all(
        Array.from({ length: count }, () => openEventStore<Event>({ url: backend.url, namespace })),
      );
      const apps = stores.map(
        (store) => new App(store, { clock, log: () => undefined, retry: { delaysMs: [] } }),
      );
      const inboxes = apps.map((app, i) => {
        const inbox = new Inbox(arrived, platform(i));
        app.aftercare.usePort(inbox);
        return inbox;
      });
      const [first] = stores;
      assert.ok(first);
      const expected: string[] = [];
      for (let n = 0; n < meetings; n++) {
        const id = `m${n + 1}`;
        await seed(appOver(first), 'closed', id);
        const app = apps[n % count];
        const meeting = await app?.meetings.get(id);
        assert.ok(app && meeting);
        await app.aftercare.reschedule(meeting);
        const all = remindersOf(meeting);
        // What is due, but of a task's several reminders due at once the latest only.
        for (const r of all.filter((r) => Date.parse(r.at) <= DUE_AT && !supersededAt(all, r, DUE_AT))) {
          const to = meeting.participants.find((p) => p.id === r.to)?.chatUserId;
          if (SURFACE[r.kind]) expected.push(`${id} ${SURFACE[r.kind]} ${r.commitmentId ?? '-'} → ${to}`);
        }
      }
      return { apps, inboxes, expected };
    }

    for (const count of [2, 3])
      it(`${count} instances ticking at once send every reminder exactly once`, async () => {
        // More reminders than one claim takes (50), so that more than one instance has work.
        const { apps, inboxes, expected } = await instances(count, 12);
        await Promise.all(apps.map((app) => app.aftercare.tick()));
        assert.deepEqual(tally(reminders(arrived)), tally(expected), 'each reminder once, none left out');
        const rest = arrived.filter((a) => !reminders([a]).length);
        assert.equal(new Set(rest).size, rest.length, `nothing else twice either: ${tally(rest).join(', ')}`);
        assert.ok(
          inboxes.filter((inbox) => inbox.began.length > 0).length >= 2,
          `the work is shared: ${inboxes.map((i) => i.began.length).join(' / ')}`,
        );
        // Ticking again, each of them, sends nothing more.
        const before = arrived.length;
        assert.deepEqual(await Promise.all(apps.map((app) => app.aftercare.tick())), Array(count).fill(0));
        assert.equal(arrived.length, before);
      });

    for (const count of [2, 3])
      it(`one of ${count} instances dies mid-send: nothing is doubled before its lease ends, nothing lost after`, async () => {
        // The others run here; the one that dies is a process of its own, killed as a machine goes down.
        const { apps: living, expected } = await instances(count - 1, 3);
        const dying = spawn(
          process.execPath,
          ['--import', 'tsx', 'test/support/aftercare-instance.ts', backend.url, namespace, String(DUE_AT)],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        const exited = once(dying, 'exit');
        // It claims what is due and starts sending; the platform does not answer before it dies.
        try {
          const began = await Promise.race([
            once(dying.stdout, 'data'),
            exited.then(() => assert.fail('the instance ended before it sent anything')),
            new Promise((_, fail) =>
              setTimeout(() => fail(new Error('the instance never began sending')), 15_000),
            ),
          ]);
          assert.match(String(began), /^began /);
        } finally {
          dying.kill('SIGKILL');
          await exited;
        }

        const tickAll = () => Promise.all(living.map((app) => app.aftercare.tick()));
        await tickAll();
        const held = expected.length - reminders(arrived).length;
        assert.ok(held > 0, 'the dead instance holds what it claimed');
        assert.deepEqual(duplicatesOf(reminders(arrived), expected), [], 'nothing sent twice');

        // Within the lease, nobody else sends what the dead instance held.
        now = DUE_AT + LEASE_MS - 1_000;
        await tickAll();
        assert.equal(expected.length - reminders(arrived).length, held, 'still held');

        // Once the lease has run out, the others send it, once.
        now = DUE_AT + LEASE_MS + 1_000;
        await tickAll();
        await tickAll();
        assert.deepEqual(tally(reminders(arrived)), tally(expected), 'each reminder once, none lost');
      });

    it('an instance whose platform is slow stops sending before its lease runs out; another sends the rest, once', async () => {
      let quick: App | undefined;
      // Each reminder takes the first instance's platform two minutes; the other instance ticks
      // meanwhile, as it does every minute. One meeting's reminders go out one after another.
      const slow: Platform = async () => {
        now += 2 * 60_000;
        await quick?.aftercare.tick();
      };
      const { apps, expected } = await instances(2, 1, (i) => (i === 0 ? slow : moment));
      const [first, second] = apps;
      assert.ok(first && second);
      quick = second;
      await first.aftercare.tick();
      assert.deepEqual(duplicatesOf(reminders(arrived), expected), [], 'nothing sent twice');
      now += LEASE_MS;
      await second.aftercare.tick();
      assert.deepEqual(tally(reminders(arrived)), tally(expected), 'each reminder once, none lost');
    });
  });

/** What arrived more often than it was meant to. */
function duplicatesOf(arrived: readonly string[], expected: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const e of expected) left.set(e, (left.get(e) ?? 0) + 1);
  const over: string[] = [];
  for (const a of arrived) {
    const n = (left.get(a) ?? 0) - 1;
    left.set(a, n);
    if (n < 0) over.push(a);
  }
  return over;
}
