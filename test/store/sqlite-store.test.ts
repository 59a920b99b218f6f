import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from '../../src/store/open-store.js';
import { describeDueStoreContract } from './due-store-contract.js';
import { describeEventStoreContract, event, type TestEvent } from './event-store-contract.js';
import { sqliteRaw } from './stored-streams.js';

describe('in a temporary SQLite file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toivo-store-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const backend = {
    name: 'SQLite',
    open: () =>
      openEventStore<TestEvent>({ url: `sqlite://${join(dir, 'toivo.sqlite')}`, namespace: 'test' }),
    raw: () => sqliteRaw(join(dir, 'toivo.sqlite'), 'test'),
  };
  describeEventStoreContract(backend);
  describeDueStoreContract(backend);

  it('records read many at once are those read one by one, in a namespace named as their kind too', async () => {
    const store = await openEventStore<TestEvent>({
      url: `sqlite://${join(dir, 'named.sqlite')}`,
      namespace: 'users',
    });
    try {
      const users = store.records<{ name: string }>('users');
      await users.set('a', { name: 'Aino' });
      await users.set('b', { name: 'Pekka' });
      assert.deepEqual(await users.getMany(['b', 'x', 'a']), [
        { name: 'Pekka' },
        undefined,
        { name: 'Aino' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('calls made while the store closes fail as errors of their own, never the process', async () => {
    const crashes: unknown[] = [];
    const crash = (error: unknown) => crashes.push(error);
    // Mocha's own handler would fail whichever test runs then: it stands aside while this one listens.
    const mochas = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', crash);
    try {
      for (let round = 0; round < 5; round++) {
        const store = await openEventStore<TestEvent>({
          url: `sqlite://${join(dir, `closing-${round}.sqlite`)}`,
        });
        assert.ok((await store.append('m1', 0, [event(1)])).ok);
        const closing = store.close();
        const calls: Promise<'done' | 'refused'>[] = [];
        const told = (call: Promise<unknown>) =>
          call.then(
            () => 'done' as const,
            () => 'refused' as const,
          );
        for (let i = 0; i < 12; i++) {
          await new Promise((done) => setTimeout(done, i % 3));
          calls.push(
            told(store.load(`m${i}`)),
            told(store.records<string>('conversation').get(`m${i}`)),
            told(store.append('m1', 1, [event(2)], `c${i}`)),
          );
        }
        await closing;
        calls.push(told(store.load('m1')));
        assert.equal((await Promise.all(calls)).at(-1), 'refused', 'a call once closed is refused');
      }
      await new Promise((done) => setTimeout(done, 50));
      assert.deepEqual(crashes, []);
    } finally {
      process.off('uncaughtException', crash);
      for (const listener of mochas) process.on('uncaughtException', listener);
    }
  });
});
