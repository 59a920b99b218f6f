import { createClient } from '@keyv/redis';
import pg from 'pg';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/test';

/** Skips the suite when its server is down, except on CI, where a missing server is a failure. */
export async function requireService(context: Mocha.Context, name: string, probe: () => Promise<void>) {
  try {
    await probe();
  } catch (error) {
    const reason = `${name} is not reachable (${(error as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; on CI these tests must run`);
    console.log(`      skipping the ${name} tests: ${reason}`);
    context.skip();
  }
}

export async function probeRedis(): Promise<void> {
  const client = createClient({
    url: REDIS_URL,
    socket: { connectTimeout: 1_000, reconnectStrategy: false },
  });
  // The failure is reported by connect() below; the event only needs a listener so it does not crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    if (client.isOpen) await client.close();
  }
}

export async function probePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}

/**
 * Two bot instances' stores over one PostgreSQL, in a namespace of their own: `work` runs with
 * both, and both are closed afterwards, whatever happened.
 */
export async function twoInstancesOnPostgres(
  work: (a: EventStore<Event>, b: EventStore<Event>) => Promise<void>,
): Promise<void> {
  const namespace = `toivo-test-${process.pid}-${Date.now()}`;
  const [a, b] = await Promise.all([
    openEventStore<Event>({ url: POSTGRES_URL, namespace }),
    openEventStore<Event>({ url: POSTGRES_URL, namespace }),
  ]);
  try {
    await work(a, b);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}
