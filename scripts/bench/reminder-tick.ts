/**
 * What one reminder tick costs (claiming what is due now and sending it) with few and with very
 * many reminders waiting in the due-time index, not yet due: the same due reminders (eight meetings') with 1,000
 * and with 1,000,000 pending. The cost should follow what is due, not what is stored. The pending
 * ones are written straight into each backend's index (bulk SQL, pipelined Redis commands); the
 * tick claims through the real due store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { App } from '../../src/app/app.js';
import type { ChannelPort, DeliveryResult } from '../../src/app/port.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { duePath } from '../../src/store/open-sqlite.js';
import { openEventStore } from '../../src/store/open-store.js';
import { ALL_DUE_AT, storeMeeting } from './meetings.js';

/** A backend's store, and a way to fill its index that skips the app. */
export interface TickBackend {
  readonly name: string;
  open(namespace: string): Promise<EventStore<Event>>;
  /** Adds pending entries `from` … `to` - 1 (due years from now) to index `ns`, straight into its table. */
  fill(ns: string, from: number, to: number): Promise<void>;
  close(namespace: string): Promise<void>;
}

/** Years after the ticks: pending, never due while the benchmark runs. */
const PENDING_AT = Date.parse('2030-01-01T09:00:00Z');
const value = (n: number) =>
  JSON.stringify({ group: `pending-${Math.floor(n / 24)}`, dueAt: PENDING_AT + n, value: {} });

/** A channel that takes everything at once: what is measured is Toivo's side of a tick. */
class Sink implements ChannelPort {
  readonly channel = 'playground' as const;
  private async ok(): Promise<DeliveryResult> {
    return { ok: true };
  }
  send = this.ok;
  update = this.ok;
  openForm = this.ok;
  notify = this.ok;
  direct = this.ok;
}

export function sqliteBackend(): TickBackend {
  const dir = mkdtempSync(join(tmpdir(), 'toivo-bench-due-'));
  const path = join(dir, 'toivo.sqlite');
  return {
    name: 'SQLite',
    open: (namespace) => openEventStore<Event>({ url: `sqlite://${path}`, namespace }),
    fill: (ns, from, to) =>
      new Promise((resolve, reject) => {
        // The index's own file beside the meetings'.
        const db = new sqlite3.Database(duePath(path));
        db.run(
          `INSERT INTO toivo_due (ns, id, grp, due_at, value)
           WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           SELECT ?, 'pending-' || i, 'pending-' || (i / 24), ? + i, '{}' FROM n`,
          [from, to - 1, ns, PENDING_AT],
          (error) => db.close(() => (error ? reject(error) : resolve())),
        );
      }),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresBackend(url: string): TickBackend {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    name: 'PostgreSQL',
    open: (namespace) => openEventStore<Event>({ url, namespace }),
    fill: async (ns, from, to) => {
      await pool.query(
        `INSERT INTO toivo_due (ns, id, grp, due_at, value)
         SELECT $1, 'pending-' || i, 'pending-' || (i / 24), $2::bigint + i, '{}'::jsonb
         FROM generate_series($3::int, $4::int) AS i`,
        [ns, PENDING_AT, from, to - 1],
      );
      // Done here, so that autovacuum, woken by a million new rows, does not run during the ticks.
      await pool.query('VACUUM ANALYZE toivo_due');
    },
    close: async (namespace) => {
      await pool.query('DELETE FROM toivo_due WHERE ns LIKE $1', [`${namespace}:%`]);
      await pool.query('DELETE FROM keyv WHERE key LIKE $1', [`${namespace}:%`]);
      await pool.end();
    },
  };
}

export function redisBackend(url: string): TickBackend {
  const client = createClient({ url });
  const connected = client.connect();
  return {
    name: 'Redis',
    open: (namespace) => openEventStore<Event>({ url, namespace }),
    // The due store's own keys (src/store/due-redis.ts): the sorted set by due time, the values' hash.
    fill: async (ns, from, to) => {
      await connected;
      for (let start = from; start < to; start += 10_000) {
        const ids = Array.from({ length: Math.min(10_000, to - start) }, (_, k) => start + k);
        await Promise.all([
          client.zAdd(
            `toivo-due:${ns}:time`,
            ids.map((n) => ({ score: PENDING_AT + n, value: `pending-${n}` })),
          ),
          client.hSet(
            `toivo-due:${ns}:values`,
            Object.fromEntries(ids.map((n) => [`pending-${n}`, value(n)])),
          ),
        ]);
      }
    },
    close: async (namespace) => {
      await connected;
      for (const pattern of [`${namespace}:*`, `toivo-due:${namespace}:*`])
        for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 }))
          if (keys.length > 0) await client.unlink(keys);
      await client.close();
    },
  };
}

/** The meetings whose reminders are due at each tick: their latest reminders, about thirty. */
const MEETINGS_PER_TICK = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export interface TickCost {
  readonly name: string;
  readonly due: number;
  /** Median milliseconds of a tick, with few and with many pending. */
  readonly few: number;
  readonly many: number;
  readonly fillSeconds: number;
}

/** Ticks `reps` times (after one to warm up) over the same number of due reminders; the median. */
async function ticks(
  store: EventStore<Event>,
  app: App,
  label: string,
  reps: number,
): Promise<[number, number]> {
  const times: number[] = [];
  let due = 0;
  for (let r = 0; r <= reps; r++) {
    due = 0;
    for (const m of MEETINGS_PER_TICK)
      due += (
        await storeMeeting(
          store,
          app,
          `${label}-${r}-${m}`,
          { channel: 'playground', id: `c-${label}-${r}-${m}` },
          (n) => `U-${n}`,
        )
      ).length;
    const start = performance.now();
    const sent = await app.aftercare.tick();
    if (r > 0) times.push(performance.now() - start);
    if (sent !== due) throw new Error(`a tick sent ${sent} of ${due} due reminders`);
  }
  return [median(times), due];
}

/** The cost of a tick on `backend` with `few` and then `many` reminders pending. */
export async function tickCost(backend: TickBackend, few: number, many: number, reps = 7): Promise<TickCost> {
  const namespace = `toivo-bench-${randomUUID()}`;
  const store = await backend.open(namespace);
  try {
    const app = new App(store, { clock: { now: () => new Date(ALL_DUE_AT) }, log: () => undefined });
    app.aftercare.usePort(new Sink());
    const index = `${namespace}:reminders`;
    await store.due('reminders').size(); // the index's table is there
    await backend.fill(index, 0, few);
    const [fewMs, due] = await ticks(store, app, 'few', reps);
    const filling = performance.now();
    await backend.fill(index, few, many);
    const fillSeconds = (performance.now() - filling) / 1000;
    const [manyMs] = await ticks(store, app, 'many', reps);
    const pending = await store.due('reminders').size();
    if (pending !== many) throw new Error(`${pending} pending, not ${many}`);
    return { name: backend.name, due, few: fewMs, many: manyMs, fillSeconds };
  } finally {
    await store.close();
    await backend.close(namespace);
  }
}
