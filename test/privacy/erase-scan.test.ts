/**
 * Erasure, proven on every backend: a whole meeting (and its follow-up) is run with a marker in
 * every field people type, the backend is searched completely (every file's bytes, every key,
 * every row), the meetings are erased, and nothing of them may be found any more: no text anyone
 * typed, no account of anyone in them, neither meeting's id, not the conversation's.
 *
 * Before erasure the same scan must find every kept marker, or it proves nothing; and what the
 * app refused must never be found at all.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../src/core/index.js';
import type { EncryptionKeys } from '../../src/store/encryption.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from '../store/services.js';
import { type MarkedMeeting, runMarkedMeeting } from '../support/marked-meeting.js';
import {
  describeHits,
  dropPostgresNamespace,
  dropRedisKeysContaining,
  missing,
  type Scan,
  scanPostgres,
  scanRedis,
  scanSqlite,
} from '../support/scan.js';

interface Backend {
  readonly name: string;
  /** Skips the suite, with the reason printed, when the server is not there. */
  readonly require?: (context: Mocha.Context) => Promise<void>;
  open(namespace: string, encryption?: EncryptionKeys): Promise<{ store: EventStore<Event>; where: string }>;
  scan(where: string, needles: readonly string[]): Promise<Scan>;
  /** Removes whatever the run left behind (the erasure is expected to miss things today). */
  cleanUp(where: string, namespace: string): Promise<void>;
}

const BACKENDS: readonly Backend[] = [
  {
    name: 'SQLite',
    open: async (_, encryption) => {
      const dir = mkdtempSync(join(tmpdir(), 'toivo-erase-'));
      return {
        store: await openEventStore<Event>({
          url: `sqlite://${join(dir, 'toivo.sqlite')}`,
          ...(encryption ? { encryption } : {}),
        }),
        where: dir,
      };
    },
    scan: (dir, needles) => scanSqlite(dir, needles),
    cleanUp: async (dir) => rmSync(dir, { recursive: true, force: true }),
  },
  {
    name: 'Redis',
    require: (context) => requireService(context, 'Redis', probeRedis),
    open: async (namespace, encryption) => ({
      store: await openEventStore<Event>({
        url: REDIS_URL,
        namespace,
        ...(encryption ? { encryption } : {}),
      }),
      where: '',
    }),
    scan: (_, needles) => scanRedis(REDIS_URL, needles),
    cleanUp: async (_, namespace) => {
      await dropRedisKeysContaining(REDIS_URL, namespace);
    },
  },
  {
    name: 'PostgreSQL',
    require: (context) => requireService(context, 'PostgreSQL', probePostgres),
    open: async (namespace, encryption) => ({
      store: await openEventStore<Event>({
        url: POSTGRES_URL,
        namespace,
        ...(encryption ? { encryption } : {}),
      }),
      where: '',
    }),
    scan: (_, needles) => scanPostgres(POSTGRES_URL, needles),
    cleanUp: async (_, namespace) => {
      await dropPostgresNamespace(POSTGRES_URL, namespace);
    },
  },
];

/** Everything of the meetings a scan looks for, with a label each for the messages. */
function needlesOf(m: MarkedMeeting): Map<string, string> {
  return new Map([
    ...m.markers.map((x): [string, string] => [x.text, `${x.label}${x.person ? ` (${x.person})` : ''}`]),
    ...m.refused.map((x): [string, string] => [x.text, `${x.label} (refused)`]),
    ...Object.entries(m.accounts).map(([who, account]): [string, string] => [account, `account of ${who}`]),
    [m.meetingId, 'meeting id'],
    [m.followUpId, 'follow-up meeting id'],
    [m.conversationId, 'conversation id'],
  ]);
}

for (const backend of BACKENDS) {
  describe(`erasure on ${backend.name}: nothing of an erased meeting is left anywhere`, function () {
    this.timeout(60_000);
    const namespace = `toivo-privacy-${process.pid}-${randomBytes(4).toString('hex')}`;
    let store: EventStore<Event> | undefined;
    let where = '';
    let meeting: MarkedMeeting;
    let needles: Map<string, string>;
    let beforeErasure: Scan;
    const label = (needle: string) => needles.get(needle) ?? needle;

    before(async function () {
      await backend.require?.(this);
      ({ store, where } = await backend.open(namespace));
      meeting = await runMarkedMeeting(store);
      await meeting.stop();
      needles = needlesOf(meeting);
      beforeErasure = await backend.scan(where, [...needles.keys()]);
    });

    after(async () => {
      await store?.close();
      if (store) await backend.cleanUp(where, namespace);
    });

    it('the scan finds every marker, account and id of the meeting before it is erased, and nothing refused', () => {
      assert.deepEqual(beforeErasure.unreadable, [], 'the scan could read everything');
      const kept = [...needles.keys()].filter((n) => !meeting.refused.some((r) => r.text === n));
      const unseen = missing(beforeErasure.hits, kept);
      assert.deepEqual(
        unseen.map(label),
        [],
        `the scan did not find these before erasure (${beforeErasure.looked}), so it proves nothing for them`,
      );
      const refusedHits = beforeErasure.hits.filter((h) => meeting.refused.some((r) => r.text === h.needle));
      assert.equal(refusedHits.length, 0, `what was refused was kept:\n${describeHits(refusedHits, label)}`);
    });

    it('after erasing the meeting and its follow-up and closing the store, none of it is found', async () => {
      assert.ok(store);
      await meeting.app.erase(meeting.meetingId);
      await meeting.app.erase(meeting.followUpId);
      await store.close();
      const afterErasure = await backend.scan(where, [...needles.keys()]);
      assert.deepEqual(afterErasure.unreadable, [], 'the scan could read everything');
      const found = new Set(afterErasure.hits.map((h) => h.needle)).size;
      assert.equal(
        afterErasure.hits.length,
        0,
        `${found} of ${needles.size} things of the erased meetings are still in ${backend.name} (${afterErasure.looked}):\n` +
          describeHits(afterErasure.hits, label),
      );
    });
  });
}

for (const backend of BACKENDS) {
  describe(`retention and erasing one person on ${backend.name}`, function () {
    this.timeout(90_000);

    /** A marked meeting in a namespace of its own, `then` run on it, and the backend cleaned up after. */
    async function marked(
      context: Mocha.Context,
      then: (m: MarkedMeeting, store: EventStore<Event>, where: string) => Promise<void>,
      encryption?: EncryptionKeys,
    ) {
      await backend.require?.(context);
      const namespace = `toivo-privacy-${process.pid}-${randomBytes(4).toString('hex')}`;
      const { store, where } = await backend.open(namespace, encryption);
      try {
        const m = await runMarkedMeeting(store);
        await m.stop();
        await then(m, store, where);
      } finally {
        await store.close();
        await backend.cleanUp(where, namespace);
      }
    }

    it('with ENCRYPTION_KEY set, no marker is found even before anything is erased', async function () {
      await marked(
        this,
        async (m, store, where) => {
          await store.close();
          const typed = [...m.markers.map((x) => x.text)];
          const scan = await backend.scan(where, typed);
          const label = (n: string) => m.markers.find((x) => x.text === n)?.label ?? n;
          assert.equal(scan.hits.length, 0, `in clear:\n${describeHits(scan.hits, label)}`);
        },
        { key: randomBytes(32) },
      );
    });

    it('after retention deletes the meetings, in time, none of them is found', async function () {
      await marked(this, async (m, store, where) => {
        const needles = needlesOf(m);
        // A year and a half on, nothing has changed since: both are past their time.
        m.clock.set('2028-06-01T09:00:00+03:00');
        await m.app.aftercare.tick();
        assert.equal(await m.app.meetings.get(m.meetingId), undefined, 'the meeting was deleted');
        assert.equal(await m.app.meetings.get(m.followUpId), undefined, 'and its follow-up');
        await store.close();
        const scan = await backend.scan(where, [...needles.keys()]);
        assert.equal(
          scan.hits.length,
          0,
          describeHits(scan.hits, (n) => needles.get(n) ?? n),
        );
      });
    });

    it('after erasing the mother, nothing of hers is found anywhere, and everyone else’s is all there', async function () {
      await marked(this, async (m, store, where) => {
        const first = await m.app.meetings.get(m.meetingId);
        const mother = first?.participants.find((p) => p.chatUserId === m.accounts.mother);
        assert.ok(first && mother);
        await m.app.erasure.person(m.meetingId, mother.id, first.convenerId);
        await store.close();
        const hers = [...m.byPerson.mother.map((x) => x.text), m.accounts.mother as string];
        // Her task (c1) goes with her, and with it what the client said of it: it has no place left.
        const withHerTask = ['client-comment-1'];
        const others = m.markers
          .filter((x) => x.person !== 'mother' && !withHerTask.some((l) => x.label.startsWith(l)))
          .map((x) => x.text);
        const scan = await backend.scan(where, [...hers, ...others]);
        const label = (n: string) => m.markers.find((x) => x.text === n)?.label ?? n;
        const left = scan.hits.filter((h) => hers.includes(h.needle));
        assert.equal(left.length, 0, `of hers, still there:\n${describeHits(left, label)}`);
        assert.deepEqual(missing(scan.hits, others).map(label), [], 'everyone else’s is kept');
      });
    });
  });
}
