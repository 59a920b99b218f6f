import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../../src/store/deadline.js';
import type { EventStore } from '../../src/store/event-store.js';
import { type KeyvEventStore, MAX_COMMAND_IDS } from '../../src/store/keyv-event-store.js';
import { SEGMENT_ROWS, type StreamRows } from '../../src/store/stream-rows.js';
import type { RawBackend } from './stored-streams.js';

export interface TestEvent {
  readonly n: number;
  readonly text: string;
}

export interface ContractBackend {
  readonly name: string;
  /** Skips (or on CI fails) the suite when the backend is not there. */
  readonly require?: (context: Mocha.Context) => Promise<void>;
  /** Opens a store; every call in one suite sees the same data (same file, same namespace). */
  readonly open: () => Promise<EventStore<TestEvent>>;
  /** What the backend holds for the store's namespace, read straight from it. */
  readonly raw?: () => RawBackend;
}

export const event = (n: number): TestEvent => ({ n, text: `note ${n}` });

/** A task as the app runs it: load, decide, append at the version it read. */
export const readAndAppend = (store: EventStore<TestEvent>, streamId: string, n: number) =>
  store.withLock(streamId, async () => {
    const version = (await store.load(streamId))?.version ?? 0;
    return store.append(streamId, version, [event(n)], `command-${n}`);
  });

export function assertAllLanded(
  stream: { version: number; events: readonly TestEvent[] } | undefined,
  count: number,
) {
  assert.equal(stream?.version, count);
  assert.deepEqual(
    stream.events.map((e) => e.n).sort((a, b) => a - b),
    [...Array(count).keys()],
  );
}

/** The behaviour every EventStore must have, run against one backend. */
export function describeEventStoreContract(backend: ContractBackend): void {
  describe(`the ${backend.name} event store`, () => {
    let store: EventStore<TestEvent>;
    const used: string[] = [];
    const stream = () => {
      used.push(`meeting-${randomUUID()}`);
      return used.at(-1) as string;
    };

    before(async function () {
      await backend.require?.(this);
      store = await backend.open();
    });
    afterEach(async () => {
      await Promise.all(used.splice(0).map((id) => store.erase(id)));
    });
    after(async () => {
      await store?.close();
    });

    it('loading an unknown stream gives undefined', async () => {
      assert.equal(await store.load(stream()), undefined);
    });

    it('an append at version 0 creates the stream', async () => {
      const id = stream();
      assert.deepEqual(await store.append(id, 0, [event(0), event(1)], 'c1'), { ok: true, version: 2 });
      assert.deepEqual(await store.load(id), {
        version: 2,
        events: [event(0), event(1)],
        commandIds: ['c1'],
      });
    });

    it('a stale append is a conflict and writes nothing', async () => {
      const id = stream();
      await store.append(id, 0, [event(0), event(1)], 'c1');
      assert.deepEqual(await store.append(id, 1, [event(9)], 'late'), { ok: false, reason: 'conflict' });
      assert.deepEqual(await store.append(id, 0, [event(9)], 'late'), { ok: false, reason: 'conflict' });
      assert.deepEqual(await store.load(id), {
        version: 2,
        events: [event(0), event(1)],
        commandIds: ['c1'],
      });
    });

    it('an append ahead of the stream is a conflict and creates nothing', async () => {
      const id = stream();
      assert.deepEqual(await store.append(id, 3, [event(0)]), { ok: false, reason: 'conflict' });
      assert.equal(await store.load(id), undefined);
    });

    it('command ids are remembered, newest last', async () => {
      const id = stream();
      await store.append(id, 0, [event(0)], 'first');
      await store.append(id, 1, [event(1)]);
      await store.append(id, 2, [event(2)], 'second');
      assert.deepEqual((await store.load(id))?.commandIds, ['first', 'second']);
    });

    it('erase removes the stream, and erasing an unknown stream is harmless', async () => {
      const id = stream();
      await store.append(id, 0, [event(0)]);
      await store.erase(id);
      await store.erase(stream());
      assert.equal(await store.load(id), undefined);
    });

    it('lists the ids of the streams kept, not records, and not an erased one', async () => {
      const [a, b, gone] = [stream(), stream(), stream()];
      for (const id of [a, b, gone]) await store.append(id, 0, [event(0)]);
      await store.records('conversation').set(a, { not: 'a stream' });
      await store.erase(gone);
      const ids = await store.streamIds();
      assert.ok(ids.includes(a) && ids.includes(b), `${a} and ${b} in ${ids.join(', ')}`);
      assert.ok(!ids.includes(gone));
      assert.equal(ids.filter((id) => id === a).length, 1);
      await store.records('conversation').delete(a);
    });

    it('data survives closing and reopening the store', async () => {
      const id = stream();
      await store.append(id, 0, [event(0)], 'c1');
      await store.close();
      store = await backend.open();
      assert.deepEqual(await store.load(id), { version: 1, events: [event(0)], commandIds: ['c1'] });
    });

    it('100 concurrent locked read-and-append tasks on one stream all land', async () => {
      const id = stream();
      const results = await Promise.all([...Array(100).keys()].map((n) => readAndAppend(store, id, n)));
      assert.ok(results.every((r) => r.ok));
      assertAllLanded(await store.load(id), 100);
    });

    it('records kept for a while are gone after it; others stay, and never touch a stream', async () => {
      const id = stream();
      const seen = store.records<{ at: string }>('seen');
      await seen.set(id, { at: 'now' }, 150);
      await seen.set(`${id}-kept`, { at: 'now' });
      await store.append(id, 0, [event(0)]);
      assert.deepEqual(await seen.get(id), { at: 'now' });
      await new Promise((done) => setTimeout(done, 400));
      assert.equal(await seen.get(id), undefined, 'gone after its time');
      assert.deepEqual(await seen.get(`${id}-kept`), { at: 'now' });
      assert.equal((await store.load(id))?.version, 1, 'the stream of the same id is untouched');
    });

    it('records read many at once come in the order asked, a missing or expired one as undefined, none of another kind', async () => {
      const id = stream();
      const users = store.records<{ name: string }>('users');
      await users.set(`${id}-a`, { name: 'Aino' });
      await users.set(`${id}-b`, { name: 'Pekka' });
      await users.set(`${id}-gone`, { name: 'Liisa' }, 100);
      await store.records<{ name: string }>('others').set(`${id}-c`, { name: 'not a user' });
      await store.append(id, 0, [event(0)]);
      await new Promise((done) => setTimeout(done, 300));
      assert.deepEqual(await users.getMany([`${id}-b`, `${id}-c`, `${id}-a`, `${id}-gone`, id, `${id}-b`]), [
        { name: 'Pekka' },
        undefined,
        { name: 'Aino' },
        undefined,
        undefined,
        { name: 'Pekka' },
      ]);
      assert.deepEqual(await users.getMany([]), []);
      const many = [...Array(40).keys()].map((n) => `${id}-${n}`);
      await Promise.all(many.filter((_, n) => n % 3 === 0).map((k) => users.set(k, { name: k })));
      assert.deepEqual(
        await users.getMany(many),
        many.map((k, n) => (n % 3 === 0 ? { name: k } : undefined)),
      );
      for (const k of [`${id}-a`, `${id}-b`, ...many]) await users.delete(k);
      await store.records('others').delete(`${id}-c`);
    });

    it('a rewrite replaces the whole stream, keeps its command ids, and moves the version to its length', async () => {
      const id = stream();
      await store.append(id, 0, [event(0), event(1)], 'c1');
      await store.append(id, 2, [], 'rejected');
      const rewritten = [{ n: 0, text: 'anonymised' }, event(1), event(2)];
      assert.deepEqual(await store.rewrite(id, 2, rewritten), { ok: true, version: 3 });
      assert.deepEqual(await store.load(id), {
        version: 3,
        events: rewritten,
        commandIds: ['c1', 'rejected'],
      });
      assert.deepEqual(await store.append(id, 3, [event(3)], 'c2'), { ok: true, version: 4 });
    });

    it('a rewrite of a stream that has moved on is a conflict and writes nothing', async () => {
      const id = stream();
      await store.append(id, 0, [event(0), event(1)], 'c1');
      assert.deepEqual(await store.rewrite(id, 1, [event(7), event(8), event(9)]), {
        ok: false,
        reason: 'conflict',
      });
      assert.deepEqual(await store.rewrite(stream(), 1, [event(7), event(8)]), {
        ok: false,
        reason: 'conflict',
      });
      assert.deepEqual(await store.load(id), {
        version: 2,
        events: [event(0), event(1)],
        commandIds: ['c1'],
      });
    });

    it('a rewrite that would not move the version forward is refused, and writes nothing', async () => {
      const id = stream();
      await store.append(id, 0, [event(0), event(1)], 'c1');
      await assert.rejects(store.rewrite(id, 2, [event(5), event(6)]), RangeError);
      await assert.rejects(store.rewrite(id, 2, [event(5)]), RangeError);
      await assert.rejects(store.rewrite(id, -1, [event(5)]), RangeError);
      assert.deepEqual(await store.load(id), {
        version: 2,
        events: [event(0), event(1)],
        commandIds: ['c1'],
      });
    });

    it('a rewrite waits for the stream’s lock: a task holding it finishes first', async () => {
      const id = stream();
      await store.append(id, 0, [event(0)]);
      let release = () => {};
      const held = store.withLock(id, async () => {
        await new Promise<void>((done) => {
          release = done;
        });
        return store.append(id, 1, [event(1)]);
      });
      const rewrite = store.rewrite(id, 1, [event(5), event(6)]);
      await new Promise((done) => setTimeout(done, 50));
      release();
      assert.deepEqual(await held, { ok: true, version: 2 });
      assert.deepEqual(await rewrite, { ok: false, reason: 'conflict' });
      assert.deepEqual((await store.load(id))?.events, [event(0), event(1)]);
    });

    it('compacting after an erasure leaves the store working', async () => {
      const id = stream();
      await store.append(id, 0, [event(0)]);
      await store.erase(id);
      await store.compact();
      await store.compact();
      assert.equal(await store.load(id), undefined);
      assert.deepEqual(await store.append(id, 0, [event(1)]), { ok: true, version: 1 });
    });

    describe('the stored form', () => {
      let raw: RawBackend;
      before(function () {
        if (!backend.raw) this.skip();
        raw = backend.raw();
      });
      after(async () => {
        await raw?.close();
      });

      it('each append adds one row and leaves the earlier ones as they were; the head stays small', async () => {
        const id = stream();
        let before: readonly string[] = [];
        for (let n = 0; n < 12; n++) {
          assert.deepEqual(await store.append(id, n, [event(n)], `c${n}`), { ok: true, version: n + 1 });
          const { head, rows } = await raw.stored(id);
          assert.equal(rows.length, n + 1, 'one row more');
          assert.deepEqual(rows.slice(0, n), before, 'the earlier rows untouched');
          assert.ok(!head?.includes('note'), 'no event in the head');
          assert.ok((head?.length ?? 0) < 200, `a small head: ${head?.length} characters`);
          before = rows;
        }
        // A rejected command is remembered in a row of its own, with no events.
        await store.append(id, 12, [], 'rejected');
        assert.equal((await raw.stored(id)).rows.length, 13);
        assert.deepEqual((await store.load(id))?.commandIds.slice(-2), ['c11', 'rejected']);
      });

      it(`every ${SEGMENT_ROWS} appends, the rows since the last segment become one: a long stream loads whole from a few rows`, async () => {
        const id = stream();
        const count = MAX_COMMAND_IDS + 10;
        for (let n = 0; n < count; n++) await store.append(id, n, [event(n)], `c${n}`);
        const { head, rows } = await raw.stored(id);
        assert.ok(rows.length >= 3 && rows.length < SEGMENT_ROWS, `${rows.length} rows for ${count} appends`);
        // Nothing is kept twice: all the rows together are about the events' own size.
        const size = rows.reduce((sum, row) => sum + row.length, 0);
        const events = JSON.stringify([...Array(count).keys()].map(event)).length;
        assert.ok(size < events * 1.5, `${size} characters stored for ${events} of events`);
        assert.ok((head?.length ?? 0) < 200);
        const loaded = await store.load(id);
        assert.deepEqual(loaded?.events, [...Array(count).keys()].map(event));
        assert.equal(loaded?.version, count);
        assert.deepEqual(
          loaded?.commandIds,
          [...Array(count).keys()].slice(-MAX_COMMAND_IDS).map((n) => `c${n}`),
          'the newest command ids, in order',
        );
        assert.deepEqual(await store.append(id, count, [event(count)], `c${count}`), {
          ok: true,
          version: count + 1,
        });
        assert.deepEqual((await store.load(id))?.events.at(-1), event(count));
      });

      it('a meeting made with many events at once: that first row is never written again, past segments too', async () => {
        const id = stream();
        const many = [...Array(500).keys()].map(event);
        await store.append(id, 0, many, 'made');
        const first = (await raw.stored(id)).rows[0] ?? '';
        for (let n = 500; n < 500 + 2 * SEGMENT_ROWS + 3; n++)
          assert.ok((await store.append(id, n, [event(n)], `c${n}`)).ok);
        const { rows } = await raw.stored(id);
        assert.equal(rows[0], first, 'the first row as it was written');
        assert.ok(
          rows.slice(1).every((row) => row.length < first.length / 4),
          'no later row holds it again',
        );
        assert.deepEqual(
          (await store.load(id))?.events,
          [...Array(500 + 2 * SEGMENT_ROWS + 3).keys()].map(event),
        );
      });

      it('the backend writes a stream only over the head it was given, and only by the deadline', async () => {
        const rows = (store as KeyvEventStore<TestEvent>).streamRows;
        assert.ok(rows, 'the store keeps rows');
        const id = stream();
        await store.append(id, 0, [event(0), event(1)], 'c1');
        const before = await raw.stored(id);
        const soon = Date.now() + 5_000;
        assert.equal(await rows.commit(id, 'another head', 'X', 1, 'Y', soon), 'changed');
        assert.equal(await rows.commit(id, undefined, 'X', 0, 'Y', soon), 'changed', 'it is there');
        assert.equal(await rows.commit(id, before.head, 'X', 1, 'Y', Date.now() - 1_000), 'late');
        assert.deepEqual(await raw.stored(id), before, 'nothing written');
        assert.deepEqual((await store.load(id))?.events, [event(0), event(1)]);
      });

      it('a rewrite leaves one row of the new events, nothing of the old; erasing leaves nothing', async () => {
        const id = stream();
        for (let n = 0; n < 5; n++) await store.append(id, n, [{ n, text: `Secret ${n}` }], `c${n}`);
        const anonymised = [...Array(6).keys()].map((n) => ({ n, text: 'someone' }));
        assert.deepEqual(await store.rewrite(id, 5, anonymised), { ok: true, version: 6 });
        const { rows } = await raw.stored(id);
        assert.equal(rows.length, 1);
        assert.ok(!rows[0]?.includes('Secret'));
        assert.deepEqual(await store.append(id, 6, [event(6)], 'c6'), { ok: true, version: 7 });
        assert.deepEqual((await store.load(id))?.events, [...anonymised, event(6)]);
        await store.erase(id);
        assert.deepEqual(await raw.stored(id), { head: undefined, rows: [] });
      });
    });

    it('what a load gives, and what was appended, cannot be changed by the caller: the next load is as stored', async () => {
      const id = stream();
      const mine = [{ n: 0, text: 'as said' }, event(1)];
      await store.append(id, 0, mine, 'c1');
      mine.push(event(9));
      (mine[0] as { text: string }).text = 'changed after';
      const loaded = await store.load(id);
      assert.ok(loaded);
      const tries = [
        () => (loaded.events as TestEvent[]).push(event(9)),
        () => {
          (loaded.events[1] as { text: string }).text = 'changed';
        },
        () => (loaded.commandIds as string[]).push('c9'),
      ];
      for (const attempt of tries) {
        try {
          attempt();
        } catch {
          // A read-only stream refuses it: as good.
        }
      }
      assert.deepEqual(await store.load(id), {
        version: 2,
        events: [{ n: 0, text: 'as said' }, event(1)],
        commandIds: ['c1'],
      });
    });

    describe('a write that failed', () => {
      let rows: StreamRows;
      let commit: StreamRows['commit'];
      before(function () {
        const kept = (store as KeyvEventStore<TestEvent>).streamRows;
        if (!kept) this.skip();
        rows = kept;
        commit = rows.commit;
      });
      afterEach(async () => {
        if (rows) rows.commit = commit;
        // A failed write makes the store ask the backend again before it takes calls.
        for (let i = 0; i < 100; i++)
          if (
            await store.ping().then(
              () => true,
              () => false,
            )
          )
            break;
      });

      const clicked = async (id: string, count: number) => {
        for (let n = 0; n < count; n++) assert.ok((await readAndAppend(store, id, n)).ok);
        return [...Array(count).keys()].map(event);
      };

      it('refused by the backend as late is not in the next load, and the click after it lands', async () => {
        const id = stream();
        const before = await clicked(id, 3);
        rows.commit = async () => 'late';
        await assert.rejects(readAndAppend(store, id, 3), StoreUnavailableError);
        rows.commit = commit;
        await store.ping();
        assert.deepEqual((await store.load(id))?.events, before);
        assert.deepEqual(await readAndAppend(store, id, 3), { ok: true, version: 4 });
        assert.deepEqual((await store.load(id))?.events, [...before, event(3)]);
      });

      it('written, its answer lost: the next load has it once, and a retry at the old version is a conflict', async () => {
        const id = stream();
        const before = await clicked(id, 3);
        rows.commit = async (...args) => {
          await commit(...args);
          throw new Error('connection reset');
        };
        await assert.rejects(readAndAppend(store, id, 3), StoreUnavailableError);
        rows.commit = commit;
        await store.ping();
        assert.deepEqual((await store.load(id))?.events, [...before, event(3)]);
        assert.deepEqual(await store.append(id, 3, [event(3)], 'command-3'), {
          ok: false,
          reason: 'conflict',
        });
        assert.deepEqual(await readAndAppend(store, id, 4), { ok: true, version: 5 });
        assert.deepEqual((await store.load(id))?.events, [...before, event(3), event(4)]);
      });
    });

    it('of concurrent appends at the same version exactly one wins', async () => {
      const id = stream();
      const results = await Promise.all([...Array(10).keys()].map((n) => store.append(id, 0, [event(n)])));
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.equal((await store.load(id))?.version, 1);
    });
  });
}
