import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/store/event-store.js';
import { SEGMENT_ROWS } from '../../src/store/stream-rows.js';
import {
  assertAllLanded,
  type ContractBackend,
  event,
  readAndAppend,
  type TestEvent,
} from './event-store-contract.js';

/** What a backend shared by several bot instances must add: two stores opened on it exclude each other. */
export function describeSharedStoreContract(backend: ContractBackend): void {
  describe(`the ${backend.name} event store shared by two bot instances`, () => {
    let one: EventStore<TestEvent>;
    let two: EventStore<TestEvent>;
    const used: string[] = [];
    const stream = () => {
      used.push(`meeting-${randomUUID()}`);
      return used.at(-1) as string;
    };

    before(async function () {
      await backend.require?.(this);
      [one, two] = await Promise.all([backend.open(), backend.open()]);
    });
    afterEach(async () => {
      await Promise.all(used.splice(0).map((id) => one.erase(id)));
    });
    after(async () => {
      await Promise.all([one?.close(), two?.close()]);
    });

    it('50 locked read-and-append tasks from each instance all land', async () => {
      const id = stream();
      const tasks = [...Array(100).keys()].map((n) => readAndAppend(n % 2 ? one : two, id, n));
      const results = await Promise.all(tasks);
      assert.ok(results.every((r) => r.ok));
      assertAllLanded(await one.load(id), 100);
    });

    it('of appends at the same version from both instances exactly one wins', async () => {
      const id = stream();
      const tasks = [...Array(10).keys()].map((n) => (n % 2 ? one : two).append(id, 0, [event(n)]));
      const results = await Promise.all(tasks);
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.equal((await two.load(id))?.version, 1);
    });

    it('appends from both instances at each version, past a segment: one wins each time, and the stream loads whole', async () => {
      const id = stream();
      const winners: TestEvent[] = [];
      for (let version = 0; version < SEGMENT_ROWS + 5; version++) {
        const tries = [one, two, one, two].map((store, k) =>
          store.append(id, version, [{ n: version, text: `try ${k}` }], `v${version}-${k}`),
        );
        const results = await Promise.all(tries);
        const won = results.flatMap((r, k) => (r.ok ? [k] : []));
        assert.equal(won.length, 1, `at version ${version}: ${JSON.stringify(results)}`);
        winners.push({ n: version, text: `try ${won[0]}` });
      }
      for (const store of [one, two]) {
        const loaded = await store.load(id);
        assert.deepEqual(loaded?.events, winners);
        assert.equal(loaded?.commandIds.length, SEGMENT_ROWS + 5);
      }
    });

    /** What a third instance, which has kept nothing, reads: the stream as stored. */
    const asStored = async (id: string) => {
      const fresh = await backend.open();
      try {
        return await fresh.load(id);
      } finally {
        await fresh.close();
      }
    };

    it('two instances clicking in turn on a long meeting, past several segments, each see every event in order', async () => {
      const id = stream();
      const expected: TestEvent[] = [];
      // A click as the app makes it: load under the lock, append at the version read.
      const click = async (store: EventStore<TestEvent>, n: number) => {
        const landed = await readAndAppend(store, id, n);
        assert.ok(landed.ok, `click ${n}`);
        expected.push(event(n));
      };
      let n = 0;
      // In turn, then one of them alone for more than a segment while the other keeps what it read,
      // then in turn again, then the other alone.
      for (; n < SEGMENT_ROWS + 7; n++) await click(n % 2 ? one : two, n);
      for (const stop = n + SEGMENT_ROWS + 3; n < stop; n++) await click(one, n);
      for (const stop = n + 9; n < stop; n++) await click(n % 2 ? one : two, n);
      for (const stop = n + 2 * SEGMENT_ROWS; n < stop; n++) await click(two, n);
      for (const store of [one, two]) {
        const loaded = await store.load(id);
        assert.equal(loaded?.version, expected.length);
        assert.deepEqual(loaded?.events, expected, 'every event, once, in order');
      }
      const stored = await asStored(id);
      assert.deepEqual(stored?.events, expected);
      assert.deepEqual((await one.load(id))?.commandIds, stored?.commandIds);
      assert.deepEqual((await two.load(id))?.commandIds, stored?.commandIds);
    });

    it('a person erased from a meeting by one instance is gone from the other, which had read the meeting before', async () => {
      const id = stream();
      const secret = (n: number) => ({ n, text: `Secret ${n}` });
      await one.append(id, 0, [secret(0), secret(1)], 'c0');
      // Rewritten once already (its rows start after a segment), then grown by clicks.
      await one.rewrite(id, 2, [secret(0), secret(1), secret(2)]);
      for (let n = 3; n < 6; n++) await readAndAppend(one, id, n);
      const read = await two.load(id);
      assert.equal(read?.events[0]?.text, 'Secret 0', 'the other instance has read it');
      const anonymised = (events: readonly TestEvent[]) =>
        events.map((e) => (e.text.startsWith('Secret') ? { n: e.n, text: 'someone' } : e));
      const rewritten = [...anonymised(read?.events ?? []), event(6)];
      assert.deepEqual(await one.rewrite(id, 6, rewritten), { ok: true, version: 7 });
      // Grown back to as many rows as the other instance read (it has not read since), then past them.
      const grown = [...rewritten];
      for (let n = 7; n < 10; n++) {
        await readAndAppend(one, id, n);
        grown.push(event(n));
      }
      for (let n = 10; n < 13; n++) {
        const loaded = await two.load(id);
        assert.deepEqual(loaded?.events, grown);
        assert.ok(!JSON.stringify(loaded).includes('Secret'), `nothing of the person at version ${n}`);
        await readAndAppend(one, id, n);
        grown.push(event(n));
      }
      assert.deepEqual(await two.load(id), await asStored(id));
    });

    it('a meeting erased by one instance and made again with the same id is never the old one on the other', async () => {
      const id = stream();
      const first = [{ n: 0, text: 'Secret 0' }];
      await one.append(id, 0, first, 'c0');
      for (let n = 1; n < 4; n++) await readAndAppend(one, id, n);
      assert.equal((await two.load(id))?.events[0]?.text, 'Secret 0');
      await one.erase(id);
      // The same number of events, rows and command ids as before: only what they say differs.
      await one.append(id, 0, [{ n: 0, text: 'new 0' }], 'c0');
      for (let n = 1; n < 4; n++) await readAndAppend(one, id, n);
      const again = await two.load(id);
      assert.equal(again?.events[0]?.text, 'new 0');
      assert.deepEqual(again, await asStored(id));
    });

    it('an erase by one instance is seen by the other', async () => {
      const id = stream();
      await one.append(id, 0, [event(0)]);
      await two.erase(id);
      assert.equal(await one.load(id), undefined);
    });
  });
}
