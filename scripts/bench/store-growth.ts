/**
 * What one append writes, and what loading takes, as a meeting's stream grows: the same store
 * calls at 100 and at 5,000 events, on each backend. Bytes written are measured where they go:
 * for SQLite, what this process hands to write(2) (the database file and its journal or
 * write-ahead log: /proc/self/io `wchar`); for Redis and PostgreSQL, what reaches the server through
 * a counting proxy (count-proxy.ts), which counts the commands too.
 * Run alone: `npx tsx scripts/bench/store-growth.ts [sqlite|redis|postgres …]`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { SEGMENT_ROWS } from '../../src/store/stream-rows.js';
import { POSTGRES_URL, REDIS_URL } from '../../test/store/services.js';
import { type CountProxy, startCountProxy } from './count-proxy.js';
import { type Target, targetLine } from './sizes.js';

/** About the size of one of Toivo's events (827 KB for 5,050 events in the measurement). */
const eventOf = (n: number) => ({
  type: 'note.added',
  at: new Date(Date.UTC(2026, 0, 1, 9, 0, n % 60)).toISOString(),
  by: `p-${n % 7}-2f6c1d0e-4b1a-4f3e-9d55-8a7c1e2b3c4d`,
  id: `n-${n}`,
  text: `Muistiinpano ${n}: sovittiin, että jatketaan ensi viikolla.`,
});
type BenchEvent = ReturnType<typeof eventOf>;

/** Bytes this process has handed to write(2) (files). */
const fileBytes = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);

interface Backend {
  readonly name: string;
  /** Bytes written so far, and commands sent (undefined where they are not counted: SQLite). */
  counts(): { readonly bytes: number; readonly commands?: number };
  open(namespace: string): Promise<EventStore<BenchEvent>>;
  cleanUp(namespace: string): Promise<void>;
}

/** A backend on a server, reached through a proxy that counts what is sent to it. */
function served(
  name: string,
  url: string,
  cleanUp: (namespace: string) => Promise<void>,
): Backend & { proxy?: CountProxy } {
  const backend: Backend & { proxy?: CountProxy } = {
    name,
    counts: () => backend.proxy?.counts() ?? { bytes: 0, commands: 0 },
    open: async (namespace) => {
      backend.proxy ??= await startCountProxy(url);
      return openEventStore<BenchEvent>({ url: backend.proxy.url, namespace });
    },
    cleanUp: async (namespace) => {
      await cleanUp(namespace);
      await backend.proxy?.close();
      backend.proxy = undefined;
    },
  };
  return backend;
}

function backends(): Backend[] {
  const dir = mkdtempSync(join(tmpdir(), 'toivo-bench-growth-'));
  return [
    {
      name: 'sqlite',
      counts: () => ({ bytes: fileBytes() }),
      open: (namespace) =>
        openEventStore<BenchEvent>({ url: `sqlite://${join(dir, 'toivo.sqlite')}`, namespace }),
      cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
    },
    served('redis', REDIS_URL, async (namespace) => {
      const client = createClient({ url: REDIS_URL });
      await client.connect();
      for await (const keys of client.scanIterator({ MATCH: `${namespace}:*`, COUNT: 500 }))
        if (keys.length > 0) await client.del(keys);
      await client.close();
    }),
    served('postgres', POSTGRES_URL, async (namespace) => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      for (const table of ['keyv', 'toivo_events'])
        await client
          .query(`DELETE FROM ${table} WHERE key LIKE $1`, [`${namespace}:%`])
          .catch(() => undefined);
      await client.end();
    }),
  ];
}

export interface GrowthFigures {
  readonly backend: string;
  readonly events: number;
  /** Bytes written by one locked load → append of one event (median). */
  readonly bytesPerAppend: number;
  /** The same, on average over SEGMENT_ROWS clicks: with the merge of a segment among them. */
  readonly meanBytesPerAppend: number;
  /** Commands sent to the server by one locked load → append (median; undefined for SQLite). */
  readonly commandsPerAppend?: number;
  /** One load of the whole stream, ms (median). */
  readonly loadMs: number;
  /** One click's store work: load under the lock, then append one event, ms (median). */
  readonly clickMs: number;
}

/** Clicks measured at each size: as many as make a segment, so that one merge is among them. */
const CLICKS = SEGMENT_ROWS;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measure(
  backend: Backend,
  store: EventStore<BenchEvent>,
  size: number,
): Promise<GrowthFigures> {
  const id = `growth-${randomUUID()}`;
  let version = 0;
  // Built in appends of 50 events, so that building is not what takes the time.
  while (version < size) {
    const batch = Array.from({ length: Math.min(50, size - version) }, (_, k) => eventOf(version + k));
    const result = await store.append(id, version, batch, `build-${version}`);
    if (!result.ok) throw new Error('the stream moved while it was built');
    version = result.version;
  }
  const bytes: number[] = [];
  const commands: number[] = [];
  const clicks: number[] = [];
  // A segment's worth of clicks first, so that the rows measured are clicks' (not the building's 50 events each).
  for (let i = -CLICKS; i < CLICKS; i++) {
    const before = backend.counts();
    const started = performance.now();
    await store.withLock(id, async () => {
      const at = (await store.load(id))?.version ?? 0;
      const result = await store.append(id, at, [eventOf(at)], `click-${i}`);
      if (!result.ok) throw new Error('the click conflicted');
    });
    if (i < 0) continue;
    clicks.push(performance.now() - started);
    const after = backend.counts();
    bytes.push(after.bytes - before.bytes);
    if (after.commands !== undefined) commands.push(after.commands - (before.commands ?? 0));
  }
  const loads: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    const stream = await store.load(id);
    loads.push(performance.now() - started);
    if (stream?.events.length !== size + 2 * CLICKS) throw new Error('the stream did not load whole');
  }
  await store.erase(id);
  return {
    backend: backend.name,
    events: size,
    bytesPerAppend: median(bytes),
    meanBytesPerAppend: Math.round(bytes.reduce((sum, b) => sum + b, 0) / bytes.length),
    ...(commands.length > 0 ? { commandsPerAppend: median(commands) } : {}),
    loadMs: median(loads),
    clickMs: median(clicks),
  };
}

/** Bytes written per append at 5,000 events against 100, per backend: flat when appends only add. */
export const growthTargets = (figures: readonly GrowthFigures[]): Target[] =>
  figures
    .filter((f) => f.events === 100)
    .flatMap((few) => {
      const many = figures.find((f) => f.backend === few.backend && f.events !== 100);
      return many
        ? [
            {
              name: `store-bytes-per-append-5000-vs-100-${few.backend}`,
              value: many.meanBytesPerAppend / few.meanBytesPerAppend,
              goal: 1.2,
              ratio: true,
            },
          ]
        : [];
    });

/** Measures each backend named (all three by default) at 100 and 5,000 events; prints and returns the figures. */
export async function storeGrowth(
  names: readonly string[] = ['sqlite', 'redis', 'postgres'],
): Promise<GrowthFigures[]> {
  const figures: GrowthFigures[] = [];
  for (const backend of backends().filter((b) => names.includes(b.name))) {
    const namespace = `bench-growth-${process.pid}-${Date.now()}`;
    const store = await backend.open(namespace);
    try {
      const few = await measure(backend, store, 100);
      const many = await measure(backend, store, 5_000);
      for (const f of [few, many])
        console.log(
          `store-growth ${f.backend} at ${f.events} events: ${f.bytesPerAppend} bytes written per append ` +
            `(${f.meanBytesPerAppend} on average over ${CLICKS}), ` +
            (f.commandsPerAppend === undefined ? '' : `${f.commandsPerAppend} commands, `) +
            `load ${f.loadMs.toFixed(2)} ms, load+append ${f.clickMs.toFixed(2)} ms`,
        );
      figures.push(few, many);
    } finally {
      await store.close();
      await backend.cleanUp(namespace);
    }
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  for (const target of growthTargets(await storeGrowth(names.length > 0 ? names : undefined)))
    console.log(targetLine(target));
}
