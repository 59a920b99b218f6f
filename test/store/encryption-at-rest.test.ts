/**
 * Encryption at rest on each backend: what the backend holds (the SQLite files' bytes, every Redis
 * key and value of the namespace, every row of the PostgreSQL tables) shows no value in clear,
 * and the store opens only with the key it was written with.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { type EncryptionKeys, keyId } from '../../src/store/encryption.js';
import type { EventStore } from '../../src/store/event-store.js';
import { type OpenStoreOptions, openEventStore, reencryptStore } from '../../src/store/open-store.js';
import { escapeGlob } from '../../src/store/raw-values.js';
import type { TestEvent } from './event-store-contract.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from './services.js';

/** One test's own place in a backend: a folder, or a namespace. */
interface Place {
  readonly options: OpenStoreOptions;
  /** Everything the backend holds for the place, as text (bytes as latin1). */
  dump(): Promise<string>;
  cleanup(): Promise<void>;
}

interface Backend {
  readonly name: string;
  readonly require?: (context: Mocha.Context) => Promise<void>;
  readonly place: () => Promise<Place>;
  readonly after?: () => Promise<void>;
  /** A done due entry keeps its value (SQLite, PostgreSQL); Redis drops it. */
  readonly doneValuesKept: boolean;
  /** A record kept for a while is removed by the backend itself when its time is up (Redis). */
  readonly expiresByItself: boolean;
}

type Note = { readonly note: string };
const A: EncryptionKeys = { key: randomBytes(32) };
const B: EncryptionKeys = { key: randomBytes(32) };
const ID = 'meeting-1';

/** A stream, records (one kept for a while) and due entries (one done), each holding `marker`. */
async function writeAll(store: EventStore<TestEvent>, marker: string): Promise<void> {
  assert.deepEqual(await store.append(ID, 0, [{ n: 0, text: `${marker} in the stream` }], 'c1'), {
    ok: true,
    version: 1,
  });
  await store.records<Note>('conversation').set(ID, { note: `${marker} in a record` });
  await store.records<Note>('seen').set(ID, { note: `${marker} kept a while` }, 600_000);
  const due = store.due<Note>('reminders');
  await due.replace(ID, [
    { id: 'r1', dueAt: 100, value: { note: `${marker} due and done` } },
    { id: 'r2', dueAt: 200, value: { note: `${marker} due` } },
  ]);
  assert.deepEqual(
    (await due.claim(150, 10, 'writer', 1)).map((e) => e.id),
    ['r1'],
  );
  await due.done('r1');
}

let clock = 1_000_000;
/** What `writeAll` wrote reads back as it was. */
async function readAll(store: EventStore<TestEvent>, marker: string, events = 1): Promise<void> {
  const stream = await store.load(ID);
  assert.equal(stream?.version, events);
  assert.equal(stream?.events[0]?.text, `${marker} in the stream`);
  assert.deepEqual(await store.records<Note>('conversation').get(ID), { note: `${marker} in a record` });
  assert.deepEqual(await store.records<Note>('seen').get(ID), { note: `${marker} kept a while` });
  // The claimer's clock moves on, so that each read finds the entry free again.
  clock += 10;
  assert.deepEqual(
    (await store.due<Note>('reminders').claim(clock, 10, 'reader', 1)).map((e) => e.value.note),
    [`${marker} due`],
  );
}

function describeEncryptionAtRest(backend: Backend): void {
  describe(`encryption at rest in ${backend.name}`, () => {
    let place: Place;
    let marker: string;
    const open = (encryption?: EncryptionKeys) =>
      openEventStore<TestEvent>({ ...place.options, ...(encryption ? { encryption } : {}) });
    const withStore = async (
      encryption: EncryptionKeys | undefined,
      work: (s: EventStore<TestEvent>) => Promise<void>,
    ) => {
      const store = await open(encryption);
      try {
        await work(store);
      } finally {
        await store.close();
      }
    };

    /** Opening fails with `pattern`; a store that opened all the same is closed, so nothing is left running. */
    const refused = async (encryption: EncryptionKeys | undefined, pattern: RegExp, message?: string) => {
      let store: EventStore<TestEvent>;
      try {
        store = await open(encryption);
      } catch (error) {
        assert.match(String(error), pattern, message);
        return;
      }
      await store.close();
      assert.fail(`it opened${message ? `: ${message}` : ''}`);
    };

    before(async function () {
      await backend.require?.(this);
    });
    beforeEach(async () => {
      place = await backend.place();
      marker = `Secret-${randomUUID()}`;
    });
    afterEach(async () => {
      await place?.cleanup();
    });
    after(async () => {
      await backend.after?.();
    });

    it('without a key the values are there in clear (what the check below looks at)', async () => {
      await withStore(undefined, (store) => writeAll(store, marker));
      const dump = await place.dump();
      const values = [
        'in the stream',
        'in a record',
        'kept a while',
        'due',
        ...(backend.doneValuesKept ? ['due and done'] : []),
      ];
      for (const what of values) assert.ok(dump.includes(`${marker} ${what}`), what);
    });

    it('with a key no value is in clear, and everything reads back with the key', async () => {
      await withStore(A, (store) => writeAll(store, marker));
      const dump = await place.dump();
      assert.ok(!dump.includes(marker), 'a value in clear');
      assert.ok(dump.includes(`toivo-enc:1:${keyId(A.key)}:`), 'sealed values');
      await withStore(A, (store) => readAll(store, marker));
    });

    it('a wrong key does not open the store, and says so', async () => {
      await withStore(A, (store) => writeAll(store, marker));
      await refused(B, /^EncryptionKeyError: ENCRYPTION_KEY does not open the data in this store/);
      await withStore(A, (store) => readAll(store, marker));
    });

    it('without a key an encrypted store does not open, and says so', async () => {
      await withStore(A, (store) => writeAll(store, marker));
      await refused(undefined, /The data in this store is encrypted .* but ENCRYPTION_KEY is not set/);
    });

    it('plain data opened with a key keeps working; what is written is encrypted; the rotation encrypts the rest', async () => {
      await withStore(undefined, (store) => writeAll(store, marker));
      await withStore(A, async (store) => {
        await readAll(store, marker);
        await store.append(ID, 1, [{ n: 1, text: `${marker} later` }]);
      });
      const dump = await place.dump();
      assert.ok(!dump.includes(`${marker} later`), 'the row appended is sealed');
      // Appends never write the earlier rows again: the rotation seals them.
      assert.ok(dump.includes(`${marker} in the stream`), 'the first row, not written again, is still plain');
      assert.ok(dump.includes(`${marker} in a record`), 'a record not written again is still plain');
      // The two records, the stream's first row and the store's format mark.
      assert.deepEqual(await reencryptStore({ ...place.options, encryption: A }), {
        values: 4,
        due: backend.doneValuesKept ? 2 : 1,
      });
      assert.ok(!(await place.dump()).includes(marker), 'all sealed after the rotation');
      await withStore(A, (store) => readAll(store, marker, 2));
      await refused(undefined, /ENCRYPTION_KEY is not set/);
    });

    it('rotation: the previous key reads until every value is encrypted again, then the new key alone opens it all', async () => {
      await withStore(A, (store) => writeAll(store, marker));
      await refused(B, /ENCRYPTION_KEY does not open the data/);
      const rotating = { key: B.key, previous: [A.key] };
      await withStore(rotating, async (store) => {
        await readAll(store, marker);
        await store.append(ID, 1, [{ n: 1, text: `${marker} written while rotating` }]);
      });
      await refused(B, /ENCRYPTION_KEY does not open the data/, 'still needed before the rotation');
      const report = await reencryptStore({ ...place.options, encryption: rotating });
      assert.deepEqual(
        report,
        { values: 4, due: backend.doneValuesKept ? 2 : 1 },
        'the records, the format mark, the stream’s first row and the due values; the head and the row appended were sealed with the new key when written',
      );
      assert.deepEqual(await reencryptStore({ ...place.options, encryption: rotating }), {
        values: 0,
        due: 0,
      });
      await withStore(B, (store) => readAll(store, marker, 2));
      const dump = await place.dump();
      assert.ok(!dump.includes(marker));
      assert.ok(!dump.includes(keyId(A.key)), 'nothing is left sealed with the previous key');
      await refused(A, /ENCRYPTION_KEY does not open the data/);
    });

    it('a store running through a rotation done beside it reads its meeting as it was, and its next click lands', async () => {
      const rotating = { key: B.key, previous: [A.key] };
      await withStore(A, (store) => writeAll(store, marker));
      await withStore(rotating, async (running) => {
        // It has read the meeting (and kept it) before every value is sealed again under it.
        await readAll(running, marker);
        await reencryptStore({ ...place.options, encryption: rotating });
        // An append at the version it read (the stream is the same, only sealed again) lands.
        const next = { n: 1, text: `${marker} after the rotation` };
        assert.deepEqual(await running.append(ID, 1, [next], 'after'), { ok: true, version: 2 });
        assert.deepEqual((await running.load(ID))?.events.at(-1), next);
        assert.equal((await running.load(ID))?.events[0]?.text, `${marker} in the stream`);
      });
      await withStore(B, (store) => readAll(store, marker, 2));
    });

    it('records read many at once open with the key: those written plain before it, sealed with it, and sealed with the previous key while rotating', async () => {
      const users = (store: EventStore<TestEvent>) => store.records<Note>('users');
      await withStore(undefined, (store) => users(store).set('plain', { note: `${marker} plain` }));
      await withStore(A, (store) => users(store).set('a', { note: `${marker} sealed with A` }));
      const rotating = { key: B.key, previous: [A.key] };
      await withStore(rotating, async (store) => {
        await users(store).set('b', { note: `${marker} sealed with B` });
        assert.deepEqual(await users(store).getMany(['b', 'missing', 'a', 'plain']), [
          { note: `${marker} sealed with B` },
          undefined,
          { note: `${marker} sealed with A` },
          { note: `${marker} plain` },
        ]);
      });
      assert.ok(!(await place.dump()).includes(`${marker} sealed`), 'sealed in the backend');
    });

    it('a record kept for a while keeps its time to live through the rotation', async () => {
      await withStore(undefined, async (store) => {
        await store.records<Note>('seen').set(ID, { note: marker }, 1_500);
      });
      // The record and the store's format mark.
      assert.deepEqual(await reencryptStore({ ...place.options, encryption: A }), { values: 2, due: 0 });
      assert.ok(!(await place.dump()).includes(marker));
      await withStore(A, async (store) => {
        assert.deepEqual(await store.records<Note>('seen').get(ID), { note: marker });
        await new Promise((done) => setTimeout(done, 1_700));
        // Before anything reads it: the backend's own expiry, where it has one, still holds.
        if (backend.expiresByItself)
          assert.ok(!(await place.dump()).includes('seen:'), 'expired in the backend');
        assert.equal(await store.records<Note>('seen').get(ID), undefined);
      });
    });
  });
}

describeEncryptionAtRest({
  name: 'a SQLite file',
  doneValuesKept: true,
  expiresByItself: false,
  place: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'toivo-enc-'));
    return {
      options: { url: `sqlite://${join(dir, 'toivo.sqlite')}`, namespace: 'test' },
      dump: async () => {
        const files = await readdir(dir);
        const bytes = await Promise.all(files.map((f) => readFile(join(dir, f))));
        return Buffer.concat(bytes).toString('latin1');
      },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

let redis: ReturnType<typeof createClient> | undefined;
describeEncryptionAtRest({
  name: 'Redis',
  doneValuesKept: false,
  expiresByItself: true,
  require: (context) => requireService(context, 'Redis', probeRedis),
  place: async () => {
    if (!redis) {
      redis = createClient({ url: REDIS_URL });
      await redis.connect();
    }
    const client = redis;
    const namespace = `test-${randomUUID()}`;
    const keys = async () => {
      const found: string[] = [];
      for (const match of [`${escapeGlob(namespace)}::*`, `toivo-due:${escapeGlob(namespace)}:*`]) {
        let cursor = '0';
        do {
          const reply = await client.scan(cursor, { MATCH: match, COUNT: 500 });
          cursor = String(reply.cursor);
          found.push(...reply.keys);
        } while (cursor !== '0');
      }
      return found;
    };
    return {
      options: { url: REDIS_URL, namespace },
      dump: async () => {
        const parts: string[] = [];
        for (const key of await keys()) {
          const type = await client.type(key);
          const value =
            type === 'string'
              ? await client.get(key)
              : type === 'hash'
                ? await client.hGetAll(key)
                : type === 'set'
                  ? await client.sMembers(key)
                  : type === 'zset'
                    ? await client.zRange(key, 0, -1)
                    : type === 'list'
                      ? await client.lRange(key, 0, -1)
                      : `(a ${type})`;
          parts.push(`${key} = ${JSON.stringify(value)}`);
        }
        return parts.join('\n');
      },
      cleanup: async () => {
        const found = await keys();
        if (found.length > 0) await client.del(found);
      },
    };
  },
  after: async () => {
    if (redis?.isOpen) await redis.close();
    redis = undefined;
  },
});

let pool: pg.Pool | undefined;
describeEncryptionAtRest({
  name: 'PostgreSQL',
  doneValuesKept: true,
  expiresByItself: false,
  require: (context) => requireService(context, 'PostgreSQL', probePostgres),
  place: async () => {
    pool ??= new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
    const db = pool;
    const namespace = `test-${randomUUID()}`;
    return {
      options: { url: POSTGRES_URL, namespace },
      // Every row of both tables, not only the namespace's: nothing may be elsewhere either.
      dump: async () => {
        const keyv = await db.query('SELECT * FROM keyv');
        const events = await db.query('SELECT * FROM toivo_events');
        const due = await db.query('SELECT * FROM toivo_due');
        return JSON.stringify([keyv.rows, events.rows, due.rows]);
      },
      cleanup: async () => {
        await db.query("DELETE FROM keyv WHERE key LIKE $1 || ':%'", [namespace]);
        await db.query("DELETE FROM toivo_events WHERE key LIKE $1 || ':%'", [namespace]);
        await db.query("DELETE FROM toivo_due WHERE ns LIKE $1 || ':%'", [namespace]);
      },
    };
  },
  after: async () => {
    await pool?.end();
    pool = undefined;
  },
});

describe('npm run store:rotate', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toivo-rotate-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (env: NodeJS.ProcessEnv) => {
    const clean = { ...process.env };
    for (const name of ['ENCRYPTION_KEY', 'ENCRYPTION_PREVIOUS_KEYS', 'STORE_URL']) delete clean[name];
    return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rotate-key.ts'], {
      env: { ...clean, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  };

  it('encrypts every value again with ENCRYPTION_KEY, reading the previous keys', async () => {
    const url = `sqlite://${join(dir, 'toivo.sqlite')}`;
    const marker = `Secret-${randomUUID()}`;
    const store = await openEventStore<TestEvent>({ url, encryption: A });
    await writeAll(store, marker);
    await store.close();
    const rotated = run({
      STORE_URL: url,
      ENCRYPTION_KEY: B.key.toString('base64'),
      ENCRYPTION_PREVIOUS_KEYS: A.key.toString('hex'),
    });
    assert.equal(rotated.status, 0, rotated.stderr);
    // The stream's head and row, two records and the store's format mark.
    assert.match(rotated.stdout, /5 stored values and 2 due-index values/);
    const reopened = await openEventStore<TestEvent>({ url, encryption: B });
    await readAll(reopened, marker);
    await reopened.close();
  });

  it('refuses to run without a key, and names the setting of a malformed one without showing it', () => {
    const none = run({ STORE_URL: `sqlite://${join(dir, 'other.sqlite')}` });
    assert.equal(none.status, 1);
    assert.match(none.stderr, /ENCRYPTION_KEY is not set/);
    const malformed = run({ ENCRYPTION_KEY: 'not-a-key-hunter2' });
    assert.equal(malformed.status, 1);
    assert.match(malformed.stderr, /ENCRYPTION_KEY is not a valid key/);
    assert.ok(!malformed.stderr.includes('hunter2'));
  });
});
