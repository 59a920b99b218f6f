import { AsyncLocalStorage } from 'node:async_hooks';
import type { BackendLock } from './backend-lock.js';
import { clearStoreTimer, StoreUnavailableError, storeNow, storeTimer } from './deadline.js';

interface Hold {
  active: boolean;
}

/**
 * An in-process mutex per key: work on one key runs one at a time, in arrival order;
 * different keys do not wait for each other. When a `BackendLock` is given it is taken
 * inside the in-process one, so other instances are excluded too.
 *
 * Reentrant: work already holding a key (in the same async context) runs at once instead
 * of waiting for itself, so `append` can take the lock both alone and inside `withLock`.
 *
 * With a deadline, a wait that outlasts it gives up with a `StoreUnavailableError` and its work
 * never runs (not even once the holder is done); those who came after it still wait for the holder.
 */
export class KeyedLock {
  /** The release promise of the last arrival per key; removed when that arrival finishes. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly holds = new AsyncLocalStorage<ReadonlyMap<string, Hold>>();

  constructor(private readonly backend?: BackendLock) {}

  async run<T>(key: string, work: () => Promise<T>, deadline?: number): Promise<T> {
    const held = this.holds.getStore();
    if (held?.get(key)?.active) return work();

    const previous = this.tails.get(key);
    let release = (): void => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.tails.set(key, done);
    const hold: Hold = { active: true };
    let gaveUp = false;
    const finish = () => {
      release();
      if (this.tails.get(key) === done) this.tails.delete(key);
    };
    try {
      if (previous) {
        if (deadline === undefined) await previous;
        else if (!(await waitUntil(previous, deadline))) {
          gaveUp = true;
          // Not named: a record's key may be a secret (a browser's id).
          throw new StoreUnavailableError('Gave up waiting for a store lock: it is still held');
        }
      }
      const scoped = new Map(held ?? []).set(key, hold);
      const backend = this.backend;
      const guarded = backend ? () => backend.withLock(key, work, deadline) : work;
      return await this.holds.run(scoped, guarded);
    } finally {
      // Work that escaped the lock (a promise left running) must not count as holding it.
      hold.active = false;
      // One who gave up passes the key on only once the holder is done, so that order is kept.
      if (gaveUp && previous) void previous.then(finish);
      else finish();
    }
  }

  /** How many keys have work running or waiting; 0 when idle. */
  get activeKeys(): number {
    return this.tails.size;
  }
}

/** True once `promise` settles, false when `deadline` comes first. */
function waitUntil(promise: Promise<void>, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = storeTimer(() => resolve(false), Math.max(0, deadline - storeNow()));
    void promise.then(() => {
      clearStoreTimer(timer);
      resolve(true);
    });
  });
}
