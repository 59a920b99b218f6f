import assert from 'node:assert/strict';
import type { BackendLock } from '../../src/store/backend-lock.js';
import { sleep } from '../../src/store/backend-lock.js';
import { KeyedLock } from '../../src/store/keyed-lock.js';

describe('KeyedLock', () => {
  it('runs work on one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string, ms: number) =>
      lock.run('k', async () => {
        log.push(`${name} in`);
        await sleep(ms);
        log.push(`${name} out`);
      });
    await Promise.all([task('a', 20), task('b', 5), task('c', 0)]);
    assert.deepEqual(log, ['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('does not make different keys wait for each other', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    await Promise.all([
      lock.run('slow', async () => {
        await sleep(30);
        log.push('slow');
      }),
      lock.run('fast', async () => {
        log.push('fast');
      }),
    ]);
    assert.deepEqual(log, ['fast', 'slow']);
  });

  it('releases the key for the next task when work fails', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'ran');
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 'ran');
  });

  it('forgets a key once its work is done, failed or not', async () => {
    const lock = new KeyedLock();
    const tasks = [...Array(50).keys()].map((n) =>
      lock.run(`k${n % 5}`, async () => {
        if (n % 7 === 0) throw new Error('boom');
      }),
    );
    assert.equal(lock.activeKeys, 5);
    await Promise.allSettled(tasks);
    assert.equal(lock.activeKeys, 0);
  });

  it('lets work that holds a key take it again without waiting for itself', async () => {
    const lock = new KeyedLock();
    const result = await lock.run('k', () => lock.run('k', async () => 'inner'));
    assert.equal(result, 'inner');
  });

  it('does not count work that escaped its lock as holding it', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let escaped: Promise<void> = Promise.resolve();
    await lock.run('k', async () => {
      escaped = sleep(5).then(() => lock.run('k', async () => void log.push('escaped')));
    });
    const holder = lock.run('k', async () => {
      await sleep(20);
      log.push('holder');
    });
    await Promise.all([holder, escaped]);
    assert.deepEqual(log, ['holder', 'escaped']);
  });

  it('takes the backend lock inside its own, once per holder', async () => {
    let holders = 0;
    let most = 0;
    let taken = 0;
    const backend: BackendLock = {
      async withLock(_key, work) {
        taken++;
        most = Math.max(most, ++holders);
        try {
          return await work();
        } finally {
          holders--;
        }
      },
    };
    const lock = new KeyedLock(backend);
    await Promise.all([...Array(10).keys()].map(() => lock.run('k', () => lock.run('k', () => sleep(1)))));
    assert.deepEqual({ taken, most }, { taken: 10, most: 1 });
  });
});
