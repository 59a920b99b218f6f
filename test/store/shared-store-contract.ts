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

    it('an erase by one instance is seen by the other', async () => {
      const id = stream();
      await one.append(id, 0, [event(0)]);
      await two.erase(id);
      assert.equal(await one.load(id), undefined);
    });
  });
}
