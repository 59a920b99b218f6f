/** What every backend's due-time index must do, whatever it is made of. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DueStore } from '../../src/store/due-store.js';
import type { EventStore } from '../../src/store/event-store.js';
import type { ContractBackend, TestEvent } from './event-store-contract.js';

const entry = (id: string, dueAt: number) => ({ id, dueAt, value: { about: id } });

export function describeDueStoreContract(backend: ContractBackend): void {
  describe(`the ${backend.name} due-time index`, () => {
    let a: EventStore<TestEvent>;
    let b: EventStore<TestEvent>;
    before(async function () {
      await backend.require?.(this);
      a = await backend.open();
      b = await backend.open();
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });
    /** A kind of its own per test, so tests never see each other's entries. */
    const fresh = (): [DueStore<{ about: string }>, DueStore<{ about: string }>] => {
      const kind = `due-${randomUUID()}`;
      return [a.due(kind), b.due(kind)];
    };

    it('gives what is due, earliest first, and keeps what is not yet due', async () => {
      const [due] = fresh();
      await due.replace('m1', [entry('x', 300), entry('y', 100), entry('z', 900)]);
      const got = await due.claim(500, 10, 'one', 60_000);
      assert.deepEqual(
        got.map((e) => [e.id, e.group, e.dueAt, e.value.about]),
        [
          ['y', 'm1', 100, 'y'],
          ['x', 'm1', 300, 'x'],
        ],
      );
      assert.equal(await due.size(), 3, 'claimed is not done');
    });

    it('a claimed entry is nobody else’s until its lease runs out; then it is claimed again (a crash before sending)', async () => {
      const [due] = fresh();
      await due.replace('m1', [entry('x', 100)]);
      assert.equal((await due.claim(200, 10, 'one', 300)).length, 1);
      assert.deepEqual(await due.claim(200, 10, 'two', 300), [], 'held by the first');
      await new Promise((done) => setTimeout(done, 400));
      assert.deepEqual(
        (await due.claim(Date.now() + 1, 10, 'two', 300)).map((e) => e.id),
        ['x'],
        'the lease ran out',
      );
    });

    it('a lease runs out by the claimer’s clock, as every instance reads it (a moved clock too)', async () => {
      const [one, two] = fresh();
      await one.replace('m1', [entry('x', 100)]);
      assert.equal((await one.claim(1_000, 10, 'one', 300_000)).length, 1);
      assert.deepEqual(await two.claim(300_999, 10, 'two', 300_000), [], 'a moment before it ends');
      assert.deepEqual(
        (await two.claim(301_000, 10, 'two', 300_000)).map((e) => e.id),
        ['x'],
      );
    });

    it('however many entries others hold, what is free behind them is given (a crashed instance’s batch)', async () => {
      const [one, two] = fresh();
      await one.replace(
        'm1',
        [...Array(40).keys()].map((n) => entry(`r${n}`, n)),
      );
      assert.equal((await one.claim(1_000, 39, 'one', 60_000)).length, 39);
      assert.deepEqual(
        (await two.claim(1_000, 1, 'two', 60_000)).map((e) => e.id),
        ['r39'],
      );
    });

    it('a done entry is never given again, also when the schedule is derived again', async () => {
      const [due] = fresh();
      await due.replace('m1', [entry('x', 100), entry('y', 100)]);
      await due.claim(200, 10, 'one', 1);
      await due.done('x');
      await due.replace('m1', [entry('x', 100), entry('y', 100)]);
      await new Promise((done) => setTimeout(done, 20));
      assert.deepEqual(
        (await due.claim(Date.now() + 1000, 10, 'two', 60_000)).map((e) => e.id),
        ['y'],
      );
      assert.equal(await due.size(), 1);
    });

    it('replacing a group moves changed entries and drops those no longer there; other groups stay', async () => {
      const [due] = fresh();
      await due.replace('m1', [entry('x', 100), entry('y', 100)]);
      await due.replace('m2', [entry('w', 100)]);
      await due.replace('m1', [entry('x', 5_000)]);
      assert.deepEqual(
        (await due.claim(1_000, 10, 'one', 60_000)).map((e) => e.id),
        ['w'],
        'x moved later, y is gone',
      );
      assert.deepEqual(
        (await due.claim(6_000, 10, 'one', 60_000)).map((e) => e.id),
        ['x'],
      );
      await due.replace('m1', []);
      assert.equal(await due.size(), 1, 'an empty group keeps nothing; m2 stays');
    });

    it('forgetting a group removes its entries, the done ones too; other groups stay', async () => {
      const [one, two] = fresh();
      await one.replace('m1', [entry('x', 100), entry('y', 200), entry('z', 5_000)]);
      await one.replace('m2', [entry('w', 300)]);
      assert.deepEqual(
        (await one.claim(1_000, 1, 'one', 60_000)).map((e) => e.id),
        ['x'],
      );
      await one.done('x');
      assert.deepEqual(
        (await one.claim(1_000, 1, 'one', 60_000)).map((e) => e.id),
        ['y'],
        'y held by a claim',
      );
      await two.forget('m1');
      await one.forget('unknown');
      assert.equal(await one.size(), 1, 'only m2 is left');
      assert.deepEqual(
        (await two.claim(10_000, 10, 'two', 60_000)).map((e) => e.id),
        ['w'],
        'the held one and the later one are gone too',
      );
      await one.replace('m1', [entry('x', 100), entry('y', 200)]);
      assert.deepEqual(
        (await two.claim(10_000, 10, 'two', 60_000)).map((e) => [e.id, e.group]),
        [
          ['x', 'm1'],
          ['y', 'm1'],
        ],
        'added again after forgetting, even the one done before, they are new',
      );
    });

    it('two instances claiming at once share the due entries: each is given exactly once', async () => {
      const [one, two] = fresh();
      const ids = [...Array(60).keys()].map((n) => `r${n}`);
      await one.replace(
        'm1',
        ids.map((id, n) => entry(id, n)),
      );
      const claims = await Promise.all(
        [...Array(6).keys()].map((n) => (n % 2 ? one : two).claim(1_000, 15, `owner-${n}`, 60_000)),
      );
      const given = claims.flat().map((e) => e.id);
      assert.equal(new Set(given).size, given.length, 'nothing given twice');
      assert.deepEqual([...given].sort(), [...ids].sort(), 'nothing left out');
    });
  });
}
