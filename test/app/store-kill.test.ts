/**
 * Toivo killed with SIGKILL in the middle of a burst of clicks, and started again on the same
 * store, on each backend: every note whose click was acknowledged is there after the restart, the
 * restarted Toivo serves at once (on SQLite the killed one's hold on the files went with it; on
 * Redis a lock it left behind runs out within its short lease), and a lock left behind longer than
 * a click's deadline makes the click fail in time, never wait for it, and never be applied later.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import type { Event } from '../../src/core/index.js';
import { openEventStore } from '../../src/store/open-store.js';
import { REDIS_LOCK_LEASE_MS } from '../../src/store/redis-lock.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from '../store/services.js';
import { startToivo, type ToivoProcess } from '../support/toivo-process.js';
import {
  type Click,
  clearToivo,
  DEADLINE_MS,
  FAULTS_DB,
  notes,
  Page,
  SLACK_MS,
  sleep,
  summary,
} from './store-faults-support.js';

/** Clicks note `n` as the page does; answered or not (status 0 when the process died under it). */
async function click(page: Page, meetingId: string, text: (n: number) => string, n: number): Promise<Click> {
  const started = Date.now();
  const answer = await page.invoke(meetingId, 'p1', 'note.add', { noteText: text(n) }, 15_000);
  return {
    n,
    text: text(n),
    ms: Date.now() - started,
    ok: answer.status === 200 && answer.json.ok === true,
    status: answer.status,
  };
}

/**
 * Clicks one after another; then three at once (the playground takes them one at a time), and
 * kills Toivo with SIGKILL the moment the first of them is answered, while the next is being
 * handled. Gives every click with how it was answered.
 */
async function burstAndKill(toivo: ToivoProcess, page: Page, meetingId: string, text: (n: number) => string) {
  const clicks: Click[] = [];
  for (let n = 1; n <= 10; n++) clicks.push(await click(page, meetingId, text, n));
  const inFlight = [11, 12, 13].map((n) => click(page, meetingId, text, n));
  await inFlight[0];
  await sleep(Math.random() * 5);
  process.kill(toivo.pid, 'SIGKILL');
  clicks.push(...(await Promise.all(inFlight)));
  const end = await toivo.stop();
  assert.equal(end.signal, 'SIGKILL', 'it was killed');
  return clicks;
}

interface Backend {
  readonly name: string;
  readonly require?: (context: Mocha.Context) => Promise<void>;
  setUp(): Promise<string>;
  tearDown(): Promise<void>;
}

const backends: Backend[] = (() => {
  let dir = '';
  const database = `toivo_kill_${process.pid}_${Date.now()}`;
  const admin = () => new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  const redis = `${REDIS_URL}/${FAULTS_DB}`;
  return [
    {
      name: 'SQLite',
      setUp: async () => {
        dir = mkdtempSync(join(tmpdir(), 'toivo-kill-'));
        return `sqlite://${join(dir, 'data', 'toivo.sqlite')}`;
      },
      tearDown: async () => rmSync(dir, { recursive: true, force: true }),
    },
    {
      name: 'Redis',
      require: (context) => requireService(context, 'Redis', probeRedis),
      setUp: async () => {
        await clearToivo(redis);
        return redis;
      },
      tearDown: () => clearToivo(redis).catch(() => undefined),
    },
    {
      name: 'PostgreSQL',
      require: (context) => requireService(context, 'PostgreSQL', probePostgres),
      setUp: async () => {
        const client = admin();
        await client.connect();
        await client.query(`CREATE DATABASE ${database}`).finally(() => client.end());
        const url = new URL(POSTGRES_URL);
        url.pathname = `/${database}`;
        return url.href;
      },
      tearDown: async () => {
        const client = admin();
        await client.connect().catch(() => undefined);
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    },
  ];
})();

describe('Toivo killed with SIGKILL mid-burst, and started again', function () {
  this.timeout(60_000);

  for (const backend of backends)
    describe(`on ${backend.name}`, () => {
      let url = '';
      let toivo: ToivoProcess | undefined;
      before(async function () {
        await backend.require?.(this);
        url = await backend.setUp();
      });
      after(async () => {
        await toivo?.stop();
        await backend.tearDown();
      });

      it('keeps every acknowledged note, and serves again at once', async () => {
        toivo = await startToivo({ STORE_URL: url });
        const page = new Page(toivo.url);
        const meetingId = await page.startedMeeting();
        const text = notes(`kill-${backend.name}`);
        const clicks = await burstAndKill(toivo, page, meetingId, text);
        const acknowledged = clicks.filter((c) => c.ok);
        assert.ok(acknowledged.length >= 10, summary(clicks));

        // Started again on the same store, with the same browser (its meetings are in the store).
        const startedAt = Date.now();
        toivo = await startToivo({ STORE_URL: url });
        const restartMs = Date.now() - startedAt;
        const again = new Page(toivo.url, page);
        const first = await click(again, meetingId, text, 100);
        assert.ok(first.ok, `the first click after the restart is saved: ${JSON.stringify(first)}`);
        // A lock the killed one held (Redis) runs out within its lease: no longer than that.
        assert.ok(first.ms < REDIS_LOCK_LEASE_MS + SLACK_MS, `the first click took ${first.ms} ms`);
        await toivo.stop();
        toivo = undefined;

        const store = await openEventStore<Event>({ url });
        try {
          const events = JSON.stringify((await store.load(meetingId))?.events ?? []);
          const lost = acknowledged.filter((c) => !events.includes(c.text)).map((c) => c.n);
          assert.deepEqual(lost, [], `every acknowledged note is there: ${summary(clicks)}`);
          assert.ok(events.includes(first.text));
          console.log(
            `      ${backend.name}: ${acknowledged.length} of ${clicks.length} acknowledged before the kill, ` +
              `all there; restarted in ${restartMs} ms, first click ${first.ms} ms`,
          );
        } finally {
          await store.close();
        }
      });

      if (backend.name === 'Redis')
        it('a lock left behind: waited for within its lease; one held longer fails the click in time, never applied later', async () => {
          toivo = await startToivo({ STORE_URL: url });
          const page = new Page(toivo.url);
          const meetingId = await page.startedMeeting();
          const text = notes('lock');
          const client = createClient({ url });
          client.on('error', () => undefined);
          await client.connect();
          try {
            // What a Toivo killed while holding the meeting's lock leaves (KeyedLock's key, the namespace's).
            const lock = `toivo-lock:toivo:meeting:${meetingId}`;
            await client.set(lock, 'a killed instance', { PX: REDIS_LOCK_LEASE_MS });
            const waited = await click(page, meetingId, text, 1);
            assert.ok(waited.ok, JSON.stringify(waited));
            assert.ok(waited.ms < REDIS_LOCK_LEASE_MS + SLACK_MS, `waited ${waited.ms} ms`);

            // A lock that outlives a click's deadline (an instance frozen, or an older lease).
            await client.set(lock, 'a frozen instance', { PX: 60_000 });
            const refused = await click(page, meetingId, text, 2);
            assert.equal(refused.ok, false, JSON.stringify(refused));
            assert.ok(refused.ms < DEADLINE_MS + SLACK_MS, `refused after ${refused.ms} ms`);
            await client.del(lock);
            await sleep(1_000);
            const after = await click(page, meetingId, text, 3);
            assert.ok(after.ok, JSON.stringify(after));
            const store = await openEventStore<Event>({ url });
            try {
              const events = JSON.stringify((await store.load(meetingId))?.events ?? []);
              assert.ok(events.includes(text(1)) && events.includes(text(3)));
              assert.ok(!events.includes(text(2)), 'the refused click was never applied');
            } finally {
              await store.close();
            }
            console.log(
              `      a lock left behind: waited ${waited.ms} ms; one held on: refused in ${refused.ms} ms`,
            );
          } finally {
            await client.close();
          }
        });
    });
});
