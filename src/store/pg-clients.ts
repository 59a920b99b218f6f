/**
 * PostgreSQL connections with deadlines. Every query goes through `pgQuery` or `pgTransaction`:
 * the connection is waited for until the deadline at most, the deadline is checked right before
 * each statement is sent, and the statement itself may take what is left of it (pg's client-side
 * `query_timeout`; the server's `statement_timeout` ends it there too). A connection that failed
 * in any way (a dropped connection, a timed-out statement) is given back as broken, so that the
 * pool closes it rather than handing it out again.
 *
 * Every connection has an `'error'` listener from the moment it is made, in use or idle: pg emits
 * a dropped connection (ECONNRESET) as an `'error'` event, which would otherwise end the process.
 */
import pg from 'pg';
import {
  beforeWrite,
  bounded,
  currentDeadline,
  DEFAULT_STORE_TIMEOUT_MS,
  remainingMs,
  storeNow,
} from './deadline.js';

/** What made each connection unusable, once something has. */
const broken = new WeakMap<pg.ClientBase, Error>();

/** Says once per outage that connections are being lost, never with data (pg's messages hold none). */
let lastWarned = 0;
function warn(error: Error): void {
  if (Date.now() - lastWarned < 10_000) return;
  lastWarned = Date.now();
  console.warn(`toivo store: a PostgreSQL connection was lost: ${error.message}`);
}

/** Marks `client` broken on its first error, and keeps it from ever crashing the process. */
export function watchClient(client: pg.ClientBase): void {
  if ((client as { toivoWatched?: boolean }).toivoWatched) return;
  (client as { toivoWatched?: boolean }).toivoWatched = true;
  client.on('error', (error: Error) => {
    if (!broken.has(client)) broken.set(client, error);
    warn(error);
  });
}

export interface PoolOptions {
  readonly max: number;
  /** A store call's deadline: connecting, a statement, and the server's own statement timeout. */
  readonly timeoutMs: number;
  /** Sessions idle inside a transaction longer than this are ended by the server (lock holders). */
  readonly idleInTransactionMs?: number;
}

export function newPool(url: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: options.timeoutMs,
    query_timeout: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    ...(options.idleInTransactionMs
      ? { idle_in_transaction_session_timeout: options.idleInTransactionMs }
      : {}),
    keepAlive: true,
  });
  pool.on('connect', (client) => watchClient(client));
  // An idle connection that drops is replaced on next use; without a listener it would crash the bot.
  pool.on('error', (error) => warn(error));
  return pool;
}

/** A connection from the pool, and how to give it back (as broken when anything went wrong with it). */
export interface Checkout {
  readonly client: pg.PoolClient;
  release(error?: unknown): void;
}

/**
 * A connection by `deadline`: one that arrives after it (no one waits for it any more) is given
 * back at once.
 */
export async function checkout(pool: pg.Pool, deadline: number): Promise<Checkout> {
  const client = await bounded(deadline, 'a PostgreSQL connection', pool.connect(), (late) => late.release());
  watchClient(client);
  let released = false;
  return {
    client,
    release: (error?: unknown) => {
      if (released) return;
      released = true;
      const failure = broken.get(client) ?? (error instanceof Error ? error : undefined);
      client.release(failure ?? (error === undefined ? undefined : new Error('the connection failed')));
    },
  };
}

/** The deadline of the call under way, or one `DEFAULT_STORE_TIMEOUT_MS` from now. */
const deadlineNow = (): number => currentDeadline() ?? storeNow() + DEFAULT_STORE_TIMEOUT_MS;

/** One statement on `client`, sent only before `deadline`, and waited for until it at most. */
export function statement(
  client: pg.ClientBase,
  deadline: number,
  text: string,
  values?: unknown[],
): Promise<pg.QueryResult> {
  beforeWrite(deadline, 'A PostgreSQL statement');
  // At least 1: 0 would mean "no timeout" to pg.
  // pg reads `query_timeout` from a query's config; its types do not list it.
  const config = { text, values, query_timeout: Math.max(1, remainingMs(deadline)) } as pg.QueryConfig;
  return bounded(deadline, 'a PostgreSQL statement', client.query(config));
}

/** One statement on a connection of its own, by the deadline of the call under way. */
export async function pgQuery(pool: pg.Pool, text: string, values?: unknown[]): Promise<pg.QueryResult> {
  const deadline = deadlineNow();
  const { client, release } = await checkout(pool, deadline);
  try {
    const result = await statement(client, deadline, text, values);
    release();
    return result;
  } catch (error) {
    release(error);
    throw error;
  }
}

/**
 * `work` inside a transaction on one connection, by the deadline of the call under way. The commit
 * too is sent only before the deadline; a transaction not committed is rolled back (or its
 * connection closed, which rolls it back as well).
 */
export async function pgTransaction<T>(
  pool: pg.Pool,
  work: (query: (text: string, values?: unknown[]) => Promise<pg.QueryResult>) => Promise<T>,
): Promise<T> {
  const deadline = deadlineNow();
  const { client, release } = await checkout(pool, deadline);
  const query = (text: string, values?: unknown[]) => statement(client, deadline, text, values);
  try {
    await query('BEGIN');
    const result = await work(query);
    await query('COMMIT');
    release();
    return result;
  } catch (error) {
    // The connection is closed rather than trusted again: that rolls back whatever was begun.
    release(error);
    throw error;
  }
}

/**
 * Makes tables and indexes that may not exist yet, each statement on its own: a batch stops at its
 * first error, and what follows it would never be made. A statement that lost a race with another
 * creator (keyv's adapter making its table as the store opens, or a second instance) has nothing
 * left to do: the winner made the same thing.
 */
export async function pgEnsure(pool: pg.Pool, statements: readonly string[]): Promise<void> {
  for (const text of statements) {
    try {
      await pgQuery(pool, text);
    } catch (error) {
      if (!(error instanceof Error && /already exists|duplicate key/.test(error.message))) throw error;
    }
  }
}
