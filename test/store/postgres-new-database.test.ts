import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openEventStore } from '../../src/store/open-store.js';
import { event, type TestEvent } from './event-store-contract.js';
import { POSTGRES_URL, probePostgres, requireService } from './services.js';

/**
 * Toivo's first start on an empty PostgreSQL database, and two instances starting on one at once:
 * every table the store needs is made, whoever wins the race to make it. (keyv's adapter makes its
 * table while the store makes its own, so even one instance races.)
 */
describe('PostgreSQL: the first start on a database Toivo has never used', function () {
  this.timeout(60_000);
  const admin = () => new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  const databases: string[] = [];

  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
  });

  after(async () => {
    const client = admin();
    await client.connect();
    try {
      for (const name of databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });

  /** A new, empty database: its URL. */
  async function emptyDatabase(): Promise<string> {
    const name = `toivo_first_${process.pid}_${randomBytes(4).toString('hex')}`;
    const client = admin();
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    databases.push(name);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return url.href;
  }

  // The race is lost only some of the time: a few fresh databases make it near certain to be seen.
  const ROUNDS = 6;
  for (let round = 1; round <= ROUNDS; round++) {
    it(`keeps the first meetings and reminders of two instances started together (${round} of ${ROUNDS})`, async () => {
      const url = await emptyDatabase();
      const [a, b] = await Promise.all([
        openEventStore<TestEvent>({ url, namespace: 'toivo' }),
        openEventStore<TestEvent>({ url, namespace: 'toivo' }),
      ]);
      try {
        const appended = await Promise.all([
          a.append('first', 0, [event(1)], 'c1'),
          b.append('second', 0, [event(2)], 'c2'),
        ]);
        assert.deepEqual(
          appended.map((r) => r.ok),
          [true, true],
        );
        await Promise.all([
          a.due<string>('reminder').replace('first', [{ id: 'r1', dueAt: 1, value: 'one' }]),
          b.due<string>('reminder').replace('second', [{ id: 'r2', dueAt: 2, value: 'two' }]),
        ]);
        assert.deepEqual((await b.load('first'))?.events, [event(1)]);
        assert.deepEqual((await a.load('second'))?.events, [event(2)]);
        const claimed = await a.due<string>('reminder').claim(10, 10, 'a', 60_000);
        assert.deepEqual(
          claimed.map((entry) => entry.value),
          ['one', 'two'],
        );
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  }
});
