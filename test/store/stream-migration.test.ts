/**
 * A store an earlier Toivo wrote (each stream one keyv value holding every event, values in keyv's
 * own serialization, which escapes a text that begins with ":") opens as it was: the meeting has
 * every event and command id, a record reads the same, and from then on the stream is a head and
 * rows, and values are native JSON.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyv } from 'keyv';
import type { StoredStream } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import type { TestEvent } from './event-store-contract.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from './services.js';
import { postgresRaw, type RawBackend, redisRaw, sqliteRaw } from './stored-streams.js';

/** keyv's own serializer, as every value was written before. */
const legacy = (value: unknown): string => {
  const serialize = new Keyv().serialize;
  if (!serialize) throw new Error('keyv has no serializer');
  return serialize({ value, expires: undefined }) as string;
};

interface Place {
  readonly url: string;
  readonly raw: RawBackend;
  cleanup(): Promise<void>;
}

function describeMigration(
  name: string,
  place: (namespace: string) => Promise<Place>,
  require?: (context: Mocha.Context) => Promise<void>,
) {
  describe(`a ${name} store written by an earlier Toivo`, () => {
    let here: Place;
    const namespace = `migrate-${randomUUID()}`;
    before(async function () {
      await require?.(this);
      here = await place(namespace);
    });
    after(async () => {
      await here?.raw.clear();
      await here?.raw.close();
      await here?.cleanup();
    });

    it('opens with every meeting and record as they were, and is written in the new form from then on', async () => {
      const events: TestEvent[] = [
        { n: 0, text: ':) kiitos' },
        { n: 1, text: 'sovittu' },
        ...[...Array(300).keys()].map((n) => ({ n: n + 2, text: `muistiinpano ${n}` })),
      ];
      const whole: StoredStream<TestEvent> = { version: events.length, events, commandIds: ['c1', 'c2'] };
      await here.raw.put('meeting:m1', legacy(whole));
      await here.raw.put('conversation:m1', legacy({ note: ':-) hei' }));
      assert.ok(
        (await here.raw.get('conversation:m1'))?.includes('::-) hei'),
        'keyv escaped the colon (this test writes what it wrote)',
      );

      const store = await openEventStore<TestEvent>({ url: here.url, namespace });
      try {
        assert.deepEqual(await store.load('m1'), whole);
        assert.deepEqual(await store.records('conversation').get('m1'), { note: ':-) hei' });
        const { head, rows } = await here.raw.stored('m1');
        assert.equal(rows.length, 1, 'the events in one row');
        assert.ok(!head?.includes('kiitos') && (head?.length ?? 0) < 200, 'a small head');
        assert.ok(
          (await here.raw.get('conversation:m1'))?.startsWith('{"json":1,'),
          'the record as native JSON',
        );
        assert.deepEqual(await store.append('m1', events.length, [{ n: 302, text: 'uusi' }], 'c3'), {
          ok: true,
          version: events.length + 1,
        });
        assert.equal((await here.raw.stored('m1')).rows.length, 2, 'the append added a row');
      } finally {
        await store.close();
      }
      const reopened = await openEventStore<TestEvent>({ url: here.url, namespace });
      try {
        assert.deepEqual(await reopened.load('m1'), {
          version: events.length + 1,
          events: [...events, { n: 302, text: 'uusi' }],
          commandIds: ['c1', 'c2', 'c3'],
        });
      } finally {
        await reopened.close();
      }
    });
  });
}

describeMigration('SQLite', async (namespace) => {
  const dir = await mkdtemp(join(tmpdir(), 'toivo-migrate-'));
  const path = join(dir, 'toivo.sqlite');
  return {
    url: `sqlite://${path}`,
    raw: sqliteRaw(path, namespace),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describeMigration(
  'Redis',
  async (namespace) => ({
    url: REDIS_URL,
    raw: redisRaw(REDIS_URL, namespace),
    cleanup: async () => undefined,
  }),
  (context) => requireService(context, 'Redis', probeRedis),
);

describeMigration(
  'PostgreSQL',
  async (namespace) => ({
    url: POSTGRES_URL,
    raw: postgresRaw(POSTGRES_URL, namespace),
    cleanup: async () => undefined,
  }),
  (context) => requireService(context, 'PostgreSQL', probePostgres),
);
