import { randomUUID } from 'node:crypto';
import { type BackendLock, DEFAULT_LOCK_WAIT_MS, sleep } from './backend-lock.js';

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
    this.ttlMs = options.ttlMs ?? 10_000;
    this.waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const name = `toivo-lock:${key}`;
    const token = randomUUID();
    await this.acquire(name, token);
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
    const kept = (await this.client.eval(RELEASE, { keys: [name], arguments: [token] })) === 1;
    if (!outcome.ok) throw outcome.error;
    if (!kept)
      throw new Error(`The store lock ${name} expired while held; another instance may have written`);
    return outcome.value;
  }

  private async acquire(name: string, token: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      const reply = await this.client.set(name, token, {
        condition: 'NX',
        expiration: { type: 'PX', value: this.ttlMs },
      });
      if (reply === 'OK') return;
      if (Date.now() >= deadline) throw new Error(`Timed out after ${this.waitMs} ms waiting for ${name}`);
      await sleep(Math.min(2 * 2 ** attempt, 50) + Math.random() * 5);
    }
  }
}
