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
    const lock = new RedisLock(client, { ttlMs: 60 });
    assert.equal(await lock.withLock(key, () => sleep(200).then(() => 'done')), 'done');
    assert.equal(await client.exists(`toivo-lock:${key}`), 0);
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

  it('makes a second holder wait until the first is done', async () => {
    const key = `test-${randomUUID()}`;
    const lock = new PostgresLock(pool);
    const log: string[] = [];
    const first = lock.withLock(key, async () => {
      await sleep(50);
      log.push('first');
    });
    await sleep(10);
    await lock.withLock(key, async () => void log.push('second'));
    await first;
    assert.deepEqual(log, ['first', 'second']);
  });

  it('gives up after its wait, and returns its connection to the pool', async () => {
    const key = `test-${randomUUID()}`;
    const holder = new PostgresLock(pool).withLock(key, () => sleep(300));
    await sleep(20);
    await assert.rejects(
      new PostgresLock(pool, 50).withLock(key, async () => 'ran'),
      /lock timeout/,
    );
    await holder;
    assert.equal(pool.totalCount - pool.idleCount, 0);
  });
});
