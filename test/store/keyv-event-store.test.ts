import assert from 'node:assert/strict';
import { Keyv } from 'keyv';
import type { StoredStream } from '../../src/store/event-store.js';
import { KeyvEventStore, MAX_COMMAND_IDS } from '../../src/store/keyv-event-store.js';

type Stream = StoredStream<string>;
const inMemory = () => new KeyvEventStore<string>(new Keyv<Stream>());

describe('KeyvEventStore', () => {
  it(`keeps only the newest ${MAX_COMMAND_IDS} command ids`, async () => {
    const store = inMemory();
    for (let n = 0; n < MAX_COMMAND_IDS + 5; n++) await store.append('m', n, [`e${n}`], `c${n}`);
    const ids = (await store.load('m'))?.commandIds ?? [];
    assert.equal(ids.length, MAX_COMMAND_IDS);
    assert.equal(ids[0], 'c5');
    assert.equal(ids.at(-1), `c${MAX_COMMAND_IDS + 4}`);
  });

  it('remembers a repeated command id once', async () => {
    const store = inMemory();
    await store.append('m', 0, ['a'], 'same');
    await store.append('m', 1, ['b'], 'same');
    assert.deepEqual((await store.load('m'))?.commandIds, ['same']);
  });

  it('records a rejected command with no events without changing the version', async () => {
    const store = inMemory();
    await store.append('m', 0, ['a']);
    assert.deepEqual(await store.append('m', 1, [], 'rejected'), { ok: true, version: 1 });
    assert.deepEqual(await store.load('m'), { version: 1, events: ['a'], commandIds: ['rejected'] });
  });

  it('writes nothing for an empty append without a new command id', async () => {
    const store = inMemory();
    assert.deepEqual(await store.append('m', 0, []), { ok: true, version: 0 });
    assert.equal(await store.load('m'), undefined);
  });

  it('refuses an expected version that is not a whole number ≥ 0', async () => {
    const store = inMemory();
    await assert.rejects(store.append('m', -1, ['a']), RangeError);
    await assert.rejects(store.append('m', 0.5, ['a']), RangeError);
  });

  it('lets an append inside withLock run without waiting for its own lock', async () => {
    const store = inMemory();
    const result = await store.withLock('m', () => store.append('m', 0, ['a']));
    assert.deepEqual(result, { ok: true, version: 1 });
  });

  it('throws a read error instead of taking it for a missing stream', async () => {
    class BrokenMap extends Map<string, unknown> {
      override get(): never {
        throw new Error('disk on fire');
      }
    }
    const store = new KeyvEventStore<string>(new Keyv<Stream>({ store: new BrokenMap() }));
    await assert.rejects(store.load('m'), /disk on fire/);
    await assert.rejects(store.append('m', 0, ['a']), /disk on fire/);
    // Many records at once too: a store that cannot be read is not a store without them.
    await assert.rejects(store.records('users').getMany(['a', 'b']), /disk on fire/);
  });

  it('reads many records at once from a store of its own kind (a Map): in order, undefined where missing', async () => {
    const users = inMemory().records<{ name: string }>('users');
    await users.set('a', { name: 'Aino' });
    await users.set('b', { name: 'Pekka' });
    assert.deepEqual(await users.getMany(['b', 'x', 'a']), [{ name: 'Pekka' }, undefined, { name: 'Aino' }]);
  });

  it('keeps streams of different namespaces apart', async () => {
    const shared = new Map();
    const one = new KeyvEventStore<string>(new Keyv<Stream>({ store: shared, namespace: 'one' }));
    const two = new KeyvEventStore<string>(new Keyv<Stream>({ store: shared, namespace: 'two' }));
    await one.append('m', 0, ['a']);
    assert.equal(await two.load('m'), undefined);
  });
});
