import { createClient } from '@keyv/redis';
import pg from 'pg';

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
