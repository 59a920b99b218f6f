import type pg from 'pg';
import { type BackendLock, DEFAULT_LOCK_WAIT_MS } from './backend-lock.js';

/**
 * A transaction-scoped advisory lock on a 64-bit hash of the key. The lock lives on its own
 * connection from a pool used for nothing else, so holders never starve the data queries they
 * wait on. If the connection dies, PostgreSQL ends the transaction and frees the lock.
 */
export class PostgresLock implements BackendLock {
  constructor(
    private readonly pool: pg.Pool,
    private readonly waitMs = DEFAULT_LOCK_WAIT_MS,
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('lock_timeout', $1, true)", [`${this.waitMs}ms`]);
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`toivo-lock:${key}`]);
      return await work();
    } finally {
      // Nothing was written in this transaction: rolling back only frees the lock. If even
      // that fails, the connection is destroyed rather than returned, which frees it too.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (error: Error) => client.release(error),
      );
    }
  }
}
