/**
 * Deadlines on the store. A lock that is never released, a backend call that never answers, and a
 * write held up on its way to the backend (SQLite: a file locked by another connection; Redis and
 * PostgreSQL: a network that stalls and delivers it later): the call fails with a
 * StoreUnavailableError within its deadline, and the write is not applied afterwards. A store that
 * stopped answering fails calls at once until it answers again, by itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyv } from 'keyv';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { StoreUnavailableError } from '../../src/store/deadline.js';
import type { EventStore, StoredStream } from '../../src/store/event-store.js';
import { KeyvEventStore } from '../../src/store/keyv-event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { clearToivo, FAULTS_DB } from '../app/store-faults-support.js';
import { startFaultProxy } from '../support/toivo-process.js';
import { event, type TestEvent } from './event-store-contract.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from './services.js';

const DEADLINE_MS = 300;
/**
 * What a failure may take beyond its deadline (timers, a loaded machine). Without a deadline these
 * calls wait for seconds (SQLite's busy timeout is 5 s) or for ever, so a wide margin still tells.
 */
const SLACK_MS = 1_000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** How long `work` took to fail, and with what. */
async function failure(work: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
  assert.fail('it did not fail');
}

function assertInTime(result: { ms: number; error: unknown }, deadline = DEADLINE_MS) {
  assert.ok(result.error instanceof StoreUnavailableError, String(result.error));
  assert.ok(result.ms < deadline + SLACK_MS, `failed after ${result.ms} ms`);
}

type Stream = StoredStream<TestEvent>;

/** A Map whose calls can be made to hang (until let go), or to fail, and that counts them. */
class FaultyMap extends Map<string, unknown> {
  hang: Promise<void> | undefined;
  down = false;
  calls = 0;
  writes: string[] = [];
  override get(key: string): never {
    throw new Error(`use getAsync ${key}`);
  }
}

/** A keyv store adapter over a FaultyMap (keyv awaits what it returns). */
function adapterOf(map: FaultyMap) {
  const slow = async <R>(work: () => R): Promise<R> => {
    map.calls++;
    if (map.hang) await map.hang;
    if (map.down) throw new Error('connection refused');
    return work();
  };
  return {
    get: (key: string) => slow(() => Map.prototype.get.call(map, key)),
    set: (key: string, value: unknown) =>
      slow(() => {
        map.writes.push(key);
        Map.prototype.set.call(map, key, value);
        return true;
      }),
    delete: (key: string) => slow(() => Map.prototype.delete.call(map, key)),
    clear: () => slow(() => Map.prototype.clear.call(map)),
  };
}

describe('store deadlines', function () {
  this.timeout(30_000);

  describe('in memory', () => {
    const inMemory = (map = new FaultyMap()) =>
      new KeyvEventStore<TestEvent>(new Keyv<Stream>({ store: adapterOf(map) }), {
        timeoutMs: DEADLINE_MS,
        ping: () =>
          adapterOf(map)
            .get('ping')
            .then(() => undefined),
      });

    it('a lock that is never released: the next holder gives up within its deadline, and never runs', async () => {
      const store = inMemory();
      let release = () => {};
      const held = store.withLock('m', () => new Promise<void>((done) => (release = done)));
      let ran = false;
      const result = await failure(() =>
        store.withLock('m', async () => {
          ran = true;
          return store.append('m', 0, [event(1)]);
        }),
      );
      assertInTime(result);
      release();
      await held;
      await sleep(100);
      assert.equal(ran, false, 'the work that gave up did not run once the lock was free');
      assert.equal(await store.load('m'), undefined, 'nothing was written');
      assert.deepEqual(await store.append('m', 0, [event(2)]), { ok: true, version: 1 }, 'the lock works on');
    });

    it('a backend call that never answers: the append fails within its deadline and writes nothing later', async () => {
      const map = new FaultyMap();
      const store = inMemory(map);
      await store.append('m', 0, [event(0)]);
      let letGo = () => {};
      map.hang = new Promise<void>((done) => (letGo = done));
      const writesBefore = map.writes.length;
      assertInTime(await failure(() => store.append('m', 1, [event(1)])));
      // The read answers at last: what was waiting on it finds its deadline passed, and writes nothing.
      map.hang = undefined;
      letGo();
      // Long enough for the store, asked again in the background, to be back too.
      await sleep(600);
      assert.equal(map.writes.length, writesBefore, 'no write was sent after the deadline');
      assert.equal((await store.load('m'))?.version, 1);
    });

    it('a store that stopped answering fails calls at once, until it answers again, by itself', async () => {
      const map = new FaultyMap();
      const store = inMemory(map);
      let letGo = () => {};
      map.hang = new Promise<void>((done) => (letGo = done));
      assertInTime(await failure(() => store.load('m')));
      // Known to be down: the next call does not wait out a deadline of its own.
      const calls = map.calls;
      const fast = await failure(() => store.load('m'));
      assert.ok(fast.error instanceof StoreUnavailableError && fast.ms < 50, `failed after ${fast.ms} ms`);
      assert.equal(map.calls, calls, 'the backend was not asked');
      map.hang = undefined;
      letGo();
      // Asked again in the background every 250 ms: back without anyone calling.
      await sleep(600);
      const back = Date.now();
      assert.equal(await store.load('m'), undefined);
      assert.ok(Date.now() - back < 50);
      await store.ping();
      await store.close();
    });
  });

  describe('a write that cannot be applied by its deadline is not applied later', () => {
    it('SQLite: the file locked by another connection', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'toivo-deadline-'));
      const file = join(dir, 'toivo.sqlite');
      // The store's own deadline is the default: only the append under test gets a short one, so that
      // a loaded machine neither fails the steps around it nor takes the store for down (a deadline
      // this short says nothing about the store, and the load at the end then waits its turn).
      const store = await openEventStore<TestEvent>({ url: `sqlite://${file}` });
      const blocker = new sqlite3.Database(file);
      const exec = (sql: string) =>
        new Promise<void>((done, fail) => blocker.exec(sql, (e) => (e ? fail(e) : done())));
      try {
        await store.append('m', 0, [event(0)]);
        await exec('BEGIN IMMEDIATE');
        assertInTime(
          await failure(() =>
            store.append('m', 1, [event(1)], undefined, { deadline: Date.now() + DEADLINE_MS }),
          ),
        );
        // The write waits in SQLite for the file; let go, it runs, and finds itself late.
        await sleep(500);
        await exec('ROLLBACK');
        await sleep(300);
        // On the store's one connection this load comes after the late write, whenever that runs.
        assert.equal((await store.load('m'))?.version, 1, 'the late write was not applied');
      } finally {
        await new Promise((done) => blocker.close(done));
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    /** Through a proxy that stalls on the append's bytes and delivers them when restored. */
    async function stalled(url: string, port: number, context: Mocha.Context) {
      const proxy = await startFaultProxy(port);
      const through = new URL(url);
      through.port = String(proxy.port);
      const namespace = `deadline-${process.pid}-${Date.now()}`;
      let store: EventStore<TestEvent> | undefined;
      let direct: EventStore<TestEvent> | undefined;
      try {
        store = await openEventStore<TestEvent>({ url: through.href, namespace, timeoutMs: DEADLINE_MS });
        direct = await openEventStore<TestEvent>({ url, namespace });
        await store.append('m', 0, [event(0)]);
        const marker = `held-${Date.now()}`;
        const stalling = proxy.stallWhen(marker);
        assertInTime(
          await failure(() => store?.append('m', 1, [{ n: 1, text: marker }]) ?? Promise.resolve()),
        );
        await stalling;
        await sleep(500);
        proxy.restore();
        // Delivered now, long after its deadline: the backend refuses it by its own clock.
        await sleep(500);
        const stream = await direct.load('m');
        assert.equal(stream?.version, 1, `the late write was not applied: ${JSON.stringify(stream?.events)}`);
        // And the store serves again.
        await sleep(300);
        assert.deepEqual(await store.append('m', 1, [event(2)]), { ok: true, version: 2 });
        await store.erase('m');
      } finally {
        await store?.close();
        await direct?.close();
        await proxy.close();
      }
      void context;
    }

    it('Redis: the command held up on the network', async function () {
      await requireService(this, 'Redis', probeRedis);
      const url = `${REDIS_URL}/${FAULTS_DB}`;
      await stalled(url, Number(new URL(REDIS_URL).port), this);
      await clearToivo(url);
    });

    it('Redis: a write made while the connection is down fails at once, and is not sent when it is back', async function () {
      await requireService(this, 'Redis', probeRedis);
      const url = `${REDIS_URL}/${FAULTS_DB}`;
      const proxy = await startFaultProxy(Number(new URL(REDIS_URL).port));
      const through = new URL(url);
      through.port = String(proxy.port);
      const namespace = `deadline-offline-${process.pid}-${Date.now()}`;
      // A long deadline: a write kept to be sent later would wait for it, not fail at once.
      const store = await openEventStore<TestEvent>({ url: through.href, namespace, timeoutMs: 3_000 });
      const direct = await openEventStore<TestEvent>({ url, namespace });
      try {
        proxy.cut();
        await sleep(100);
        const result = await failure(() => store.records<{ v: number }>('offline').set('k', { v: 1 }));
        assertInTime(result, 200);
        proxy.restore();
        // node-redis connects again within a second; the store is asked again every 250 ms.
        await sleep(1_500);
        assert.equal(await direct.records('offline').get('k'), undefined, 'the write was not sent later');
        await store.records<{ v: number }>('offline').set('k', { v: 2 });
        assert.deepEqual(await direct.records('offline').get('k'), { v: 2 }, 'it serves again');
        await direct.records('offline').delete('k');
      } finally {
        await store.close();
        await direct.close();
        await proxy.close();
      }
    });

    it('PostgreSQL: the statement held up on the network', async function () {
      await requireService(this, 'PostgreSQL', probePostgres);
      await stalled(POSTGRES_URL, Number(new URL(POSTGRES_URL).port), this);
    });

    it('PostgreSQL: the statement waiting for a row another transaction holds', async function () {
      await requireService(this, 'PostgreSQL', probePostgres);
      const namespace = `deadline-row-${process.pid}-${Date.now()}`;
      const store = await openEventStore<TestEvent>({ url: POSTGRES_URL, namespace });
      const blocker = new pg.Client({ connectionString: POSTGRES_URL });
      await blocker.connect();
      try {
        await store.append('m', 0, [event(0)]);
        await blocker.query('BEGIN');
        await blocker.query('SELECT 1 FROM keyv WHERE key = $1 FOR UPDATE', [`${namespace}:meeting:m`]);
        // A deadline of its own, shorter than the store's (and so than the server's statement timeout).
        assertInTime(
          await failure(() =>
            store.append('m', 1, [event(1)], undefined, { deadline: Date.now() + DEADLINE_MS }),
          ),
        );
        await sleep(500);
        await blocker.query('ROLLBACK');
        await sleep(300);
        assert.equal((await store.load('m'))?.version, 1, 'the late write was not applied');
        await store.erase('m');
      } finally {
        await blocker.end();
        await store.close();
      }
    });
  });
});
