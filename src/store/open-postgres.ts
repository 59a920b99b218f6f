import { createHash } from 'node:crypto';
import KeyvPostgres from '@keyv/postgres';
import { Keyv } from 'keyv';
import type pg from 'pg';
import { DEFAULT_STORE_TIMEOUT_MS } from './deadline.js';
import { PostgresDueStores } from './due-postgres.js';
import { type EncryptionKeys, ValueCipher } from './encryption.js';
import type { StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';
import { newPool, pgEnsure, pgQuery } from './pg-clients.js';
import { PostgresLock } from './postgres-lock.js';
import { ClockOffset, escapeLike, type RawValues, type WriteIf } from './raw-values.js';
import type { StoredRow, StreamRows } from './stream-rows.js';

/**
 * @keyv/postgres's own adapter keeps one module-wide pool and ends it when any instance
 * disconnects, which breaks every other store in the process. This one runs the same SQL
 * on a pool we own and end, each statement by the deadline of the call under way.
 */
function adapterOver(pool: pg.Pool): KeyvPostgres {
  class OwnPoolPostgres extends KeyvPostgres {
    // Called from the base constructor: the pool must come from the closure, not a field.
    override async connect() {
      return async (sql: string, values?: unknown[]) => (await pgQuery(pool, sql, values)).rows;
    }
    override async disconnect(): Promise<void> {
      // The pool is ended by the store's onClose.
    }
  }
  return new OwnPoolPostgres();
}

export interface PostgresStoreOptions {
  readonly encryption?: EncryptionKeys;
  /** A store call's deadline, and a click's (DEFAULT_STORE_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/**
 * PostgreSQL shared by several bot instances. Data and locks use separate pools: a lock holder
 * waits on a data query, so sharing one pool could exhaust it with holders and deadlock.
 */
export async function openPostgresStore<E>(
  url: string,
  namespace: string,
  options: PostgresStoreOptions = {},
): Promise<KeyvEventStore<E>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  const data = newPool(url, { max: 10, timeoutMs });
  // A holder that stops answering (a process frozen) keeps its locks until the server ends its
  // session: a few deadlines long, so that it is never a live holder's.
  const locks = newPool(url, { max: 10, timeoutMs, idleInTransactionMs: Math.max(30_000, timeoutMs * 6) });
  const closePools = async () => {
    await Promise.all([data.end(), locks.end()]);
  };
  const clock = new ClockOffset(async () => {
    const { rows } = await pgQuery(
      data,
      'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now',
    );
    return Number((rows[0] as { now: number }).now);
  });
  try {
    await clock.measure();
  } catch (error) {
    await closePools();
    throw new Error(`Cannot connect to the PostgreSQL store: ${(error as Error).message}`, { cause: error });
  }
  const cipher = new ValueCipher(options.encryption);
  const adapter = adapterOver(data);
  const keyv = new Keyv<StoredStream<E>>(adapter, { namespace });
  const due = new PostgresDueStores(data, cipher);
  const schema = adapter.opts.schema ?? 'public';
  const table = adapter.opts.table ?? 'keyv';
  let rows: StreamRows;
  try {
    rows = await postgresRows(data, schema, table, namespace, clock);
  } catch (error) {
    await closePools();
    throw error;
  }
  return new KeyvEventStore<E>(keyv, {
    cipher,
    timeoutMs,
    lock: new PostgresLock(locks),
    onClose: closePools,
    due: (kind) => due.store(kind),
    raw: postgresRawValues(data, schema, table, namespace),
    rows,
    resealDue: () => due.reseal(namespace),
    // One statement that reads the server's clock: an answer, and the clock's offset kept current.
    ping: () => clock.measure(1),
  }).opened();
}

/** What a write applied after its deadline fails with (and is rolled back). */
const LATE = 'toivo: written after its deadline, rolled back';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** keyv's rows of the namespace, in the table the adapter made (by the time of use: it is made at open). */
function postgresRawValues(pool: pg.Pool, schema: string, table: string, ns: string): RawValues {
  const name = `${quote(schema)}.${quote(table)}`;
  return {
    keys: async () => {
      const { rows } = await pgQuery(pool, `SELECT key FROM ${name} WHERE key LIKE $1`, [
        `${escapeLike(ns)}:%`,
      ]);
      return (rows as { key: string }[]).map((row) => row.key);
    },
    get: async (key) => {
      const { rows } = await pgQuery(pool, `SELECT value FROM ${name} WHERE key = $1`, [key]);
      return (rows[0] as { value: string } | undefined)?.value;
    },
    replaceIf: async (key, previous, next) => {
      const { rowCount } = await pgQuery(
        pool,
        `UPDATE ${name} SET value = $1 WHERE key = $2 AND value = $3`,
        [next, key, previous],
      );
      return (rowCount ?? 0) > 0;
    },
    keyOf: (key) => `${ns}:${key}`,
  };
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * The streams' rows in a table of their own beside keyv's (`toivo_events`, keyed by the head's key
 * and the row's number: its primary key is the index a stream is read by). Each write is one
 * statement: the head's conditional write, and the row put and the rows after it deleted only when
 * it was made; a late one fails the statement, which rolls it all back.
 */
async function postgresRows(
  pool: pg.Pool,
  schema: string,
  table: string,
  ns: string,
  clock: ClockOffset,
): Promise<StreamRows> {
  const heads = `${quote(schema)}.${quote(table)}`;
  const events = `${quote(schema)}.${quote('toivo_events')}`;
  // keyv's table first, as its adapter makes it (it may not have yet).
  await pgEnsure(pool, [
    `CREATE TABLE IF NOT EXISTS ${heads} (key VARCHAR(255) PRIMARY KEY, value TEXT)`,
    `CREATE TABLE IF NOT EXISTS ${events} (
       key VARCHAR(255) NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (key, seq))`,
  ]);
  const keyOf = (streamId: string) => `${ns}:meeting:${streamId}`;
  // The server's clock decides whether the write is in time, in the same statement that writes, and
  // after it (a write that waited for a row, or reached the server late, is checked then): a late
  // one fails the statement, which rolls the write back. The previous head is compared by its
  // digest, so that it is not sent twice. $1 is the deadline on the server's clock (ms).
  const outcome = `SELECT CASE
      WHEN (SELECT count(*) FROM w) = 0 THEN
        CASE WHEN clock_timestamp() < to_timestamp($1::float8 / 1000) THEN 'changed' ELSE 'late' END
      WHEN clock_timestamp() < to_timestamp($1::float8 / 1000) THEN 'written'
      ELSE CAST('${LATE} ' || clock_timestamp()::text AS int)::text
    END AS outcome`;
  const rowsToo = `, d AS (DELETE FROM ${events} WHERE key = $2 AND seq > $4::int AND EXISTS (SELECT 1 FROM w)),
    i AS (INSERT INTO ${events} (key, seq, body) SELECT $2, $4::int, $5::text WHERE EXISTS (SELECT 1 FROM w)
      ON CONFLICT (key, seq) DO UPDATE SET body = excluded.body) ${outcome}`;
  const create = `WITH w AS (INSERT INTO ${heads} (key, value) VALUES ($2::varchar, $3::text)
    ON CONFLICT (key) DO NOTHING RETURNING 1) ${rowsToo}`;
  const replace = `WITH w AS (UPDATE ${heads} SET value = $3::text WHERE key = $2::varchar AND md5(value) = $6::text
    RETURNING 1) ${rowsToo}`;
  return {
    read: async (streamId, fromSeq = 0) => {
      // One statement: the head (as row -1) and the rows as of one moment.
      const { rows } = await pgQuery(
        pool,
        `SELECT -1 AS seq, value AS body FROM ${heads} WHERE key = $1
         UNION ALL SELECT seq, body FROM ${events} WHERE key = $1 AND seq >= $2::int`,
        [keyOf(streamId), fromSeq],
      );
      const found = rows as StoredRow[];
      return {
        head: found.find((row) => row.seq === -1)?.body,
        rows: found.filter((row) => row.seq >= 0),
      };
    },
    commit: async (streamId, previous, head, seq, body, deadline) => {
      const at = clock.toServer(deadline);
      const key = keyOf(streamId);
      try {
        const { rows } =
          previous === undefined
            ? await pgQuery(pool, create, [at, key, head, seq, body])
            : await pgQuery(pool, replace, [at, key, head, seq, body, md5(previous)]);
        return (rows[0] as { outcome: WriteIf }).outcome;
      } catch (error) {
        if (error instanceof Error && error.message.includes(LATE)) return 'late';
        throw error;
      }
    },
    erase: async (streamId) => {
      await pgQuery(
        pool,
        `WITH h AS (DELETE FROM ${heads} WHERE key = $1) DELETE FROM ${events} WHERE key = $1`,
        [keyOf(streamId)],
      );
    },
    reseal: async (reseal) => {
      const { rows } = await pgQuery(pool, `SELECT key, seq, body FROM ${events} WHERE key LIKE $1`, [
        `${escapeLike(keyOf(''))}%`,
      ]);
      let written = 0;
      for (const row of rows as { key: string; seq: number; body: string }[]) {
        const next = reseal(row.body);
        if (next === undefined) continue;
        const done = await pgQuery(
          pool,
          `UPDATE ${events} SET body = $1 WHERE key = $2 AND seq = $3 AND body = $4`,
          [next, row.key, row.seq, row.body],
        );
        written += done.rowCount ?? 0;
      }
      return written;
    },
  };
}
