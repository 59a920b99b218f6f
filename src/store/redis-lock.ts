import { randomUUID } from 'node:crypto';
import { type BackendLock, DEFAULT_LOCK_WAIT_MS } from './backend-lock.js';
import { bounded, StoreUnavailableError, storeNow, storeSleep } from './deadline.js';

/** The part of a node-redis client the lock uses. */
export interface RedisLockClient {
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// Only the holder's token may release or extend the lock: a lock that expired and was taken
// by another instance must not be deleted by the late first holder.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * How long a lock lives unless renewed. Short, because a lock whose holder died (a Toivo killed, a
 * Redis restarted from its files) is left behind until it runs out, and the next click on that
 * meeting waits for it: well within a click's deadline. It is renewed every third of it while work
 * runs, and the append's write does not rely on it (it is a compare-and-set of its own).
 */
export const REDIS_LOCK_LEASE_MS = 2_000;

export interface RedisLockOptions {
  /** How long the lock lives unless renewed; renewed every third of it while work runs. */
  readonly ttlMs?: number;
  readonly waitMs?: number;
}

/** `SET key token NX PX ttl` to take, compare-and-delete to release, polling with a short jittered backoff. */
export class RedisLock implements BackendLock {
  private readonly ttlMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly client: RedisLockClient,
    options: RedisLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? REDIS_LOCK_LEASE_MS;
    this.waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  }

  async withLock<T>(key: string, work: () => Promise<T>, deadline?: number): Promise<T> {
    const name = `toivo-lock:${key}`;
    const token = randomUUID();
    const budget = Math.max(0, Math.min(this.waitMs, (deadline ?? Number.POSITIVE_INFINITY) - storeNow()));
    await this.acquire(name, token, storeNow() + budget, budget);
    const renewal = setInterval(() => {
      // A failed renewal is not acted on here: the release below tells whether the lock was kept.
      this.client.eval(EXTEND, { keys: [name], arguments: [token, String(this.ttlMs)] }).catch(() => 0);
    }, this.ttlMs / 3);
    renewal.unref();
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await work() };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      clearInterval(renewal);
    }
    // The release is waited for until the deadline at most: a store that does not answer lets the
    // lock run out by itself (its lease is short), and what the work did stands (its outcome is the
    // answer, not the release's).
    const release = this.client.eval(RELEASE, { keys: [name], arguments: [token] });
    const until = deadline ?? storeNow() + 1_000;
    release.catch(() => 0);
    const kept =
      storeNow() < until
        ? await bounded(until, 'releasing a store lock', release).then(
            (reply) => reply === 1,
            () => undefined,
          )
        : undefined;
    if (!outcome.ok) throw outcome.error;
    if (kept === false) throw new Error('A store lock expired while held; another instance may have written');
    return outcome.value;
  }

  private async acquire(name: string, token: string, deadline: number, budget: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const reply = await bounded(
        deadline,
        'taking a store lock',
        this.client.set(name, token, { condition: 'NX', expiration: { type: 'PX', value: this.ttlMs } }),
        // Taken after all, when no one waits for it any more: given back at once.
        (late) => {
          if (late === 'OK') this.client.eval(RELEASE, { keys: [name], arguments: [token] }).catch(() => 0);
        },
      ).catch((error: unknown) => {
        throw error instanceof StoreUnavailableError
          ? error
          : new StoreUnavailableError(`taking a store lock: ${(error as Error).message}`, { cause: error });
      });
      if (reply === 'OK') return;
      if (storeNow() >= deadline)
        throw new StoreUnavailableError(`Timed out after ${Math.round(budget)} ms waiting for a store lock`);
      await storeSleep(
        Math.min(2 * 2 ** attempt, 50, Math.max(0, deadline - storeNow())) + Math.random() * 5,
      );
    }
  }
}
