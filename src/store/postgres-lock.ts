import type pg from 'pg';
import { type BackendLock, DEFAULT_LOCK_WAIT_MS } from './backend-lock.js';
import {
  bounded,
  DEFAULT_STORE_TIMEOUT_MS,
  remainingMs,
  StoreUnavailableError,
  storeNow,
} from './deadline.js';
import { checkout, statement } from './pg-clients.js';

/**
 * A transaction-scoped advisory lock on a 64-bit hash of the key. The lock lives on its own
 * connection from a pool used for nothing else, so holders never starve the data queries they
 * wait on. If the connection dies, PostgreSQL ends the transaction and frees the lock.
 *
 * The wait ends by the caller's deadline (PostgreSQL's `lock_timeout`, and the statement's own
 * deadline), and the connection has an error listener while it is held: a connection that drops
 * while work runs is given back as broken, never an unhandled error.
 */
export class PostgresLock implements BackendLock {
  /**
   * Each key's 64-bit lock number (PostgreSQL's own hash of it), once the server has told it: from
   * then on the transaction, its lock_timeout and the lock go in one round trip, with only that
   * number in the statement's text. The same numbers as ever, so instances of any version agree.
   */
  private readonly numbers = new Map<string, string>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly waitMs = DEFAULT_LOCK_WAIT_MS,
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>, deadline?: number): Promise<T> {
    const until = Math.min(storeNow() + this.waitMs, deadline ?? storeNow() + DEFAULT_STORE_TIMEOUT_MS * 3);
    const { client, release } = await checkout(this.pool, until).catch((error: unknown) => {
      throw unavailable(error);
    });
    let failure: unknown;
    try {
      try {
        // PostgreSQL gives up a little before the deadline, so that its own clear answer comes first.
        const left = Math.min(this.waitMs, remainingMs(until));
        const timeoutMs = Math.max(1, Math.floor(left - Math.min(200, left / 2)));
        // The transaction and its lock_timeout (a whole number of milliseconds, ours) in one round
        // trip, with the lock when its number is known; the key goes as a parameter, never into the
        // statement's text (nor so into the server's log of a failed statement: some keys name accounts).
        const begin = `BEGIN; SET LOCAL lock_timeout = ${timeoutMs}`;
        const number = this.numbers.get(key);
        if (number) await statement(client, until, `${begin}; SELECT pg_advisory_xact_lock(${number})`);
        else {
          await statement(client, until, begin);
          const locked = await statement(
            client,
            until,
            'SELECT n::text AS n FROM (SELECT hashtextextended($1, 0) AS n) AS k, pg_advisory_xact_lock(k.n)',
            [`toivo-lock:${key}`],
          );
          this.remember(key, locked.rows[0]?.n);
        }
      } catch (error) {
        failure = error;
        throw unavailable(error);
      }
      return await work();
    } finally {
      // Nothing was written in this transaction: rolling back only frees the lock. If that cannot
      // be done by the deadline (or the connection failed before), the connection is closed rather
      // than returned, which frees it too; no one waits past the deadline for it.
      if (failure || storeNow() >= until) release(failure ?? new Error('freed by closing the connection'));
      else
        await bounded(until, 'freeing a PostgreSQL lock', client.query('ROLLBACK')).then(
          () => release(),
          (error: unknown) => release(error ?? new Error('rollback failed')),
        );
    }
  }

  private remember(key: string, number: unknown): void {
    if (typeof number !== 'string' || !/^-?\d{1,20}$/.test(number)) return;
    if (this.numbers.size >= NUMBERS_KEPT) this.numbers.clear();
    this.numbers.set(key, number);
  }
}

/** Lock numbers kept at most; past it, they are asked for again (a key's number never changes). */
const NUMBERS_KEPT = 10_000;

const unavailable = (error: unknown): StoreUnavailableError =>
  error instanceof StoreUnavailableError
    ? error
    : new StoreUnavailableError((error as Error).message, { cause: error });
