import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { sleep } from '../../src/store/backend-lock.js';
import { PostgresLock } from '../../src/store/postgres-lock.js';
import { RedisLock } from '../../src/store/redis-lock.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from './services.js';

describe('the Redis lock', () => {
  let client: ReturnType<typeof createClient>;
  before(async function () {
    await requireService(this, 'Redis', probeRedis);
    client = createClient({ url: REDIS_URL });
    await client.connect();
  });
  after(async () => {
    if (client?.isOpen) await client.close();
  });

  it('reports a lock lost while held, and leaves the new holder its lock', async () => {
    const key = `test-${randomUUID()}`;
    const name = `toivo-lock:${key}`;
    const work = async () => {
      await client.set(name, 'another instance'); // as if ours had expired and been taken
    };
    await assert.rejects(new RedisLock(client).withLock(key, work), /expired while held/);
    assert.equal(await client.get(name), 'another instance');
    await client.del(name);
  });

  it('gives up with a clear error when the lock stays taken', async () => {
    const key = `test-${randomUUID()}`;
    await client.set(`toivo-lock:${key}`, 'another instance', { expiration: { type: 'PX', value: 2_000 } });
    const lock = new RedisLock(client, { waitMs: 100 });
    await assert.rejects(
      lock.withLock(key, async () => 'ran'),
      (error: Error) => error.name === 'StoreUnavailableError' || /StoreUnavailableError/.test(String(error)),
    );
  });

  it('is renewed while work runs past its time to live', async () => {
    const key = `test-${randomUUID()}`;
    // Renewed every 300 ms: a loaded machine may be late with a renewal by up to 600 ms before the
    // lock runs out. Without renewals it would be gone after 900 ms; the work runs 2.5 times that.
    const ttlMs = 900;
    const lock = new RedisLock(client, { ttlMs });
    const held: boolean[] = [];
    const done = await lock.withLock(key, async () => {
      const started = Date.now();
      while (Date.now() - started < 2.5 * ttlMs) {
        await sleep(ttlMs / 4);
        held.push((await client.exists(`toivo-lock:${key}`)) === 1);
      }
      return 'done';
    });
    assert.equal(done, 'done', 'the lock was still ours when the work ended');
    assert.ok(
      held.every((h) => h),
      `held all along: ${held}`,
    );
    assert.equal(await client.exists(`toivo-lock:${key}`), 0, 'and let go after');
  });
});

describe('the PostgreSQL lock', () => {
  let pool: pg.Pool;
  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
    pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
  });
  after(async () => {
    await pool?.end();
  });

  /** Whether a session waits in PostgreSQL for the lock on `key`, as `PostgresLock` names it. */
  const someoneWaitsFor = async (key: string): Promise<boolean> => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
         AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [`toivo-lock:${key}`],
    );
    return (rows[0]?.n ?? 0) > 0;
  };

  /** The lock on `key` taken and held until `letGo` is called: resolves once it is held. */
  async function heldUntilLetGo(
    key: string,
    then: () => void = () => {},
    lock: PostgresLock = new PostgresLock(pool),
  ) {
    let holding = () => {};
    const held = new Promise<void>((done) => {
      holding = done;
    });
    let letGo = () => {};
    const gate = new Promise<void>((done) => {
      letGo = done;
    });
    const done = lock.withLock(key, async () => {
      holding();
      await gate;
      then();
    });
    await held;
    return { letGo, done };
  }

  it('makes a second holder wait until the first is done (a key with quotes and a backslash too)', async () => {
    const key = `test-${randomUUID()}:O'Brien\\'; --`;
    const log: string[] = [];
    const first = await heldUntilLetGo(key, () => log.push('first'));
    const second = new PostgresLock(pool).withLock(key, async () => void log.push('second'));
    try {
      // Until the second is seen waiting in PostgreSQL (or, with no lock, has run), however long that takes.
      const until = Date.now() + 15_000;
      while (!log.includes('second') && !(await someoneWaitsFor(key)) && Date.now() < until) await sleep(5);
      assert.deepEqual(log, [], 'the second did not run while the first held the lock');
    } finally {
      first.letGo();
      await Promise.all([first.done, second]);
    }
    assert.deepEqual(log, ['first', 'second']);
  });

  it('a key locked again by the number PostgreSQL told the first time excludes one locked by its name, either way round', async () => {
    for (const numbered of ['holds', 'waits'] as const) {
      const key = `test-${randomUUID()}:O'Brien`;
      // This one has taken the key's lock before: it knows its number and locks by it.
      const knowing = new PostgresLock(pool);
      await knowing.withLock(key, async () => undefined);
      const log: string[] = [];
      const [holder, waiter] =
        numbered === 'holds' ? [knowing, new PostgresLock(pool)] : [new PostgresLock(pool), knowing];
      const first = await heldUntilLetGo(key, () => log.push('first'), holder);
      const second = waiter.withLock(key, async () => void log.push('second'));
      try {
        const until = Date.now() + 15_000;
        while (!log.includes('second') && !(await someoneWaitsFor(key)) && Date.now() < until) await sleep(5);
        assert.deepEqual(
          log,
          [],
          `the second did not run while the first held the lock (by number: ${numbered})`,
        );
      } finally {
        first.letGo();
        await Promise.all([first.done, second]);
      }
      assert.deepEqual(log, ['first', 'second']);
    }
  });

  it('gives up after its wait, and returns its connection to the pool', async () => {
    const key = `test-${randomUUID()}`;
    const holder = await heldUntilLetGo(key);
    try {
      await assert.rejects(
        new PostgresLock(pool, 50).withLock(key, async () => 'ran'),
        /lock timeout/,
      );
    } finally {
      holder.letGo();
      await holder.done;
    }
    assert.equal(pool.totalCount - pool.idleCount, 0);
  });
});
