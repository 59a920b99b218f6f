import KeyvPostgres from '@keyv/postgres';
import { Keyv } from 'keyv';
import pg from 'pg';
import { PostgresDueStores } from './due-postgres.js';
import { type EncryptionKeys, ValueCipher } from './encryption.js';
import type { StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';
import { PostgresLock } from './postgres-lock.js';
import { escapeLike, type RawValues } from './raw-values.js';

/**
 * @keyv/postgres's own adapter keeps one module-wide pool and ends it when any instance
 * disconnects, which breaks every other store in the process. This one runs the same SQL
 * on a pool we own and end.
 */
function adapterOver(pool: pg.Pool): KeyvPostgres {
  class OwnPoolPostgres extends KeyvPostgres {
    // Called from the base constructor: the pool must come from the closure, not a field.
    override async connect() {
      return async (sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows;
    }
    override async disconnect(): Promise<void> {
      // The pool is ended by the store's onClose.
    }
  }
  return new OwnPoolPostgres();
}

function newPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // An idle connection that drops is replaced on next use; without a listener it would crash the bot.
  pool.on('error', (error) => console.warn(`toivo store: idle PostgreSQL connection lost: ${error.message}`));
  return pool;
}

/**
 * PostgreSQL shared by several bot instances. Data and locks use separate pools: a lock holder
 * waits on a data query, so sharing one pool could exhaust it with holders and deadlock.
 */
export async function openPostgresStore<E>(
  url: string,
  namespace: string,
  encryption?: EncryptionKeys,
): Promise<KeyvEventStore<E>> {
  const data = newPool(url, 10);
  const locks = newPool(url, 10);
  const closePools = async () => {
    await Promise.all([data.end(), locks.end()]);
  };
  try {
    await data.query('SELECT 1');
  } catch (error) {
    await closePools();
    throw new Error(`Cannot connect to the PostgreSQL store: ${(error as Error).message}`, { cause: error });
  }
  const cipher = new ValueCipher(encryption);
  const adapter = adapterOver(data);
  const keyv = new Keyv<StoredStream<E>>(adapter, { namespace });
  const due = new PostgresDueStores(data, cipher);
  return new KeyvEventStore<E>(keyv, {
    cipher,
    lock: new PostgresLock(locks),
    onClose: closePools,
    due: (kind) => due.store(kind),
    raw: postgresRawValues(data, adapter.opts.schema ?? 'public', adapter.opts.table ?? 'keyv', namespace),
    resealDue: () => due.reseal(namespace),
  }).opened();
}

/** keyv's rows of the namespace, in the table the adapter made (by the time of use: it is made at open). */
function postgresRawValues(pool: pg.Pool, schema: string, table: string, ns: string): RawValues {
  const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
  const name = `${quote(schema)}.${quote(table)}`;
  return {
    keys: async () => {
      const { rows } = await pool.query(`SELECT key FROM ${name} WHERE key LIKE $1`, [`${escapeLike(ns)}:%`]);
      return (rows as { key: string }[]).map((row) => row.key);
    },
    get: async (key) => {
      const { rows } = await pool.query(`SELECT value FROM ${name} WHERE key = $1`, [key]);
      return (rows[0] as { value: string } | undefined)?.value;
    },
    replaceIf: async (key, previous, next) => {
      const { rowCount } = await pool.query(`UPDATE ${name} SET value = $1 WHERE key = $2 AND value = $3`, [
        next,
        key,
        previous,
      ]);
      return (rowCount ?? 0) > 0;
    },
    keyOf: (key) => `${ns}:${key}`,
  };
}
