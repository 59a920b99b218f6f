import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, parse, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { Keyv } from 'keyv';
import sqlite3 from 'sqlite3';
import { DEFAULT_STORE_TIMEOUT_MS } from './deadline.js';
import { checkpoint, SqliteDueStores } from './due-sqlite.js';
import { type EncryptionKeys, ValueCipher } from './encryption.js';
import type { StoredStream } from './event-store.js';
import { KeyedLock } from './keyed-lock.js';
import { KeyvEventStore } from './keyv-event-store.js';
import { ClockOffset, escapeLike, type RawValues } from './raw-values.js';
import type { StoredRow, StreamRows } from './stream-rows.js';

/**
 * The due-time index lives in a file of its own beside the meetings' (`toivo.sqlite-due`), so
 * that its connection never waits for the other's write lock: sqlite3 finalizes statements on the
 * main thread, and two connections writing one file could stall each other for the busy timeout.
 */
export const duePath = (path: string): string => (path === ':memory:' ? path : `${path}-due`);

/** The file whose lock says which process uses the store (see `holdFiles`). */
export const guardPath = (path: string): string => `${path}-lock`;

/**
 * Another process holds the store's files (see `holdFiles`): at start-up, another Toivo runs on
 * the same data file. Its message is one line for whoever started this one: which file, and what
 * to do about it; it names no data.
 */
export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';

  constructor(
    readonly path: string,
    readonly lockFile: string,
  ) {
    super(
      `another Toivo is already using the data file ${path} (the lock file ${lockFile} is held by ` +
        'another process): stop that Toivo first (Ctrl+C where it runs, or stop its service), or give ' +
        'this one a data file of its own with STORE_URL=sqlite://path/to/another.sqlite',
    );
  }
}

/** What SQLite keeps beside a database file while it is open or in a transaction. */
const COMPANIONS = ['-wal', '-shm', '-journal'];

export interface SqliteStoreOptions {
  readonly encryption?: EncryptionKeys;
  /** A store call's deadline, and a click's (DEFAULT_STORE_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/**
 * One SQLite file for one bot instance: the in-process lock is all the locking there is, so
 * two processes must not share the file, and a second one does not start (see `holdFiles`).
 *
 * Only its owner may read it: the folder is created 0700 and the files 0600 (SQLite gives its
 * -wal, -shm and -journal files the main file's mode); wider ones found are narrowed. Deleted
 * content is overwritten (secure_delete), and `compact` empties the write-ahead logs.
 */
export async function openSqliteStore<E>(
  path: string,
  namespace: string,
  options: SqliteStoreOptions = {},
): Promise<KeyvEventStore<E>> {
  if (path !== ':memory:') await privateFiles(path);
  const held = path === ':memory:' ? undefined : await holdFiles(path);
  const cipher = new ValueCipher(options.encryption);
  let connection: Connection;
  try {
    connection = await Connection.open(path);
  } catch (error) {
    await held?.release();
    throw error;
  }
  const adapter = overConnection(connection);
  const keyv = new Keyv<StoredStream<E>>(adapter, { namespace });
  const due = new SqliteDueStores(duePath(path), cipher);
  const query = connection.query;
  return new KeyvEventStore<E>(keyv, {
    cipher,
    timeoutMs: options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
    // Every store of this file in this process shares one lock: they exclude each other too.
    ...(held ? { locks: held.locks } : {}),
    due: (kind) => due.store(kind),
    onClose: async () => {
      await Promise.allSettled([connection.close(), due.close()]);
      await held?.release();
    },
    compact: async () => {
      await checkpoint((sql) => query(sql));
      await due.checkpoint();
    },
    raw: sqliteRawValues(query, namespace),
    rows: sqliteRows(connection, namespace),
    resealDue: () => due.reseal(namespace),
    ping: async () => {
      await query('SELECT 1');
    },
  }).opened();
}

/**
 * The files of one store are used by one process. Two processes on one file would each take only
 * their own in-process lock, and overwrite each other's appends (a quarter of them were lost in a
 * test of two). So the first open in a process takes an exclusive lock on a file of its own beside
 * them (`toivo.sqlite-lock`): SQLite's own file locking (`BEGIN EXCLUSIVE` on an empty database,
 * with no journal, kept open), which the system lets go of when the process ends, however it ends
 * (kill -9 included): a restart never finds a lock left behind. A second process finds it taken and
 * does not start. This is chosen over `locking_mode = EXCLUSIVE` on the two data files because
 * those are opened more than once in a process (keyv's connection and the due index's, and more
 * stores of the same file in tests), and SQLite would refuse those connections to each other too.
 *
 * Within one process, every store of the file shares the lock (counted) and one `KeyedLock`.
 */
interface Held {
  readonly locks: KeyedLock;
  release(): Promise<void>;
}
const holders = new Map<
  string,
  Promise<{ readonly db: sqlite3.Database; readonly locks: KeyedLock; count: number }>
>();

/** Holds being let go of: a new open waits for them, or SQLite would take it for another process. */
const closing = new Map<string, Promise<void>>();

async function holdFiles(path: string): Promise<Held> {
  const key = resolve(path);
  await closing.get(key);
  let holder = holders.get(key);
  if (!holder) {
    holder = lockFile(path).then((db) => ({ db, locks: new KeyedLock(), count: 0 }));
    holders.set(key, holder);
    holder.catch(() => holders.delete(key));
  }
  const held = await holder;
  held.count++;
  let released = false;
  return {
    locks: held.locks,
    release: async () => {
      if (released) return;
      released = true;
      if (--held.count > 0) return;
      holders.delete(key);
      const closed = new Promise<void>((done) => held.db.close(() => done()));
      closing.set(key, closed);
      await closed;
      if (closing.get(key) === closed) closing.delete(key);
    },
  };
}

function lockFile(path: string): Promise<sqlite3.Database> {
  const file = guardPath(path);
  return new Promise((resolveLock, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) {
        reject(new Error(`Cannot open the lock file of the SQLite store ${file}: ${error.message}`));
        return;
      }
      // No waiting: a lock taken now is taken by a process that runs.
      db.configure('busyTimeout', 0);
      db.exec('PRAGMA journal_mode = OFF; BEGIN EXCLUSIVE', (failed) => {
        if (!failed) {
          resolveLock(db);
          return;
        }
        db.close(() =>
          reject(
            (failed as { code?: string }).code === 'SQLITE_BUSY'
              ? new StoreInUseError(path, file)
              : new Error(`Cannot lock the SQLite store ${path}: ${failed.message}`),
          ),
        );
      });
    });
  });
}

/**
 * keyv's connection to the data file, opened by us: its statements are prepared once and reused
 * (the adapter's own connection prepares one for every query), and the streams' writes run in
 * transactions on it (one at a time). The file is in write-ahead-log mode with synchronous=FULL: a
 * click answered is on disk, also after a power cut (NORMAL could lose the last clicks, which
 * Toivo cannot rebuild from anywhere).
 */
class Connection {
  private readonly statements = new Map<string, sqlite3.Statement>();
  private transactions: Promise<unknown> = Promise.resolve();
  /** Set once closing has begun: a statement asked for after it fails, instead of reaching a closed handle. */
  private closed = false;

  private constructor(private readonly db: sqlite3.Database) {}

  static async open(path: string): Promise<Connection> {
    const db = await new Promise<sqlite3.Database>((resolveOpen, reject) => {
      const opened = new sqlite3.Database(path, (error) => (error ? reject(error) : resolveOpen(opened)));
    });
    db.configure('busyTimeout', 5_000);
    const connection = new Connection(db);
    try {
      await new Promise<void>((done, reject) =>
        db.exec(
          `PRAGMA secure_delete = ON;
           PRAGMA journal_mode = WAL;
           PRAGMA synchronous = FULL;
           CREATE TABLE IF NOT EXISTS keyv (key VARCHAR(255) PRIMARY KEY, value TEXT);
           CREATE TABLE IF NOT EXISTS toivo_events (
             key TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (key, seq)
           ) WITHOUT ROWID;`,
          (error) => (error ? reject(error) : done()),
        ),
      );
    } catch (error) {
      await connection.close();
      throw error;
    }
    return connection;
  }

  /** One statement's rows; the statement is prepared the first time and kept. */
  readonly query = (sql: string, ...params: unknown[]): Promise<unknown[]> => {
    if (this.closed) return Promise.reject(new Error('SQLITE_MISUSE: the store is closed'));
    let statement = this.statements.get(sql);
    if (!statement) {
      // With a callback, a statement that cannot be prepared fails its own calls, never the process.
      statement = this.db.prepare(sql, () => undefined);
      this.statements.set(sql, statement);
    }
    const prepared = statement;
    return new Promise((resolveRows, reject) =>
      prepared.all(params, (error: Error | null, rows: unknown[]) =>
        error ? reject(error) : resolveRows(rows),
      ),
    );
  };

  /**
   * `work` in a write transaction, one at a time. Other statements on the connection (keyv's) may
   * run inside it and are committed with it; `work` decides before it writes anything whether it
   * writes at all, so that it is rolled back only on a failure of the file itself.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    const run = this.transactions.then(async () => {
      await this.query('BEGIN IMMEDIATE');
      try {
        const result = await work();
        await this.query('COMMIT');
        return result;
      } catch (error) {
        await this.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    this.transactions = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.transactions;
    this.closed = true;
    for (const statement of this.statements.values())
      await new Promise<void>((done) => statement.finalize(() => done()));
    this.statements.clear();
    await new Promise<void>((done, reject) => this.db.close((error) => (error ? reject(error) : done())));
  }
}

/** keyv's SQLite adapter running its queries on `connection` (its own in-memory one is closed). */
function overConnection(connection: Connection): KeyvSqlite {
  const adapter = new KeyvSqlite({ uri: 'sqlite://:memory:' });
  void adapter.close().catch(() => undefined);
  adapter.query = connection.query;
  // The connection is closed by the store's onClose.
  adapter.close = async () => undefined;
  return adapter;
}

/** SQLite's clock in ms since the epoch. */
const NOW_MS = "((julianday('now') - 2440587.5) * 86400000.0)";

function sqliteRawValues(query: (sql: string, ...params: unknown[]) => Promise<unknown[]>, ns: string) {
  return {
    keys: async () =>
      (
        (await query("SELECT key FROM keyv WHERE key LIKE ? ESCAPE '\\'", `${escapeLike(ns)}:%`)) as {
          key: string;
        }[]
      ).map((row) => row.key),
    get: async (key) =>
      ((await query('SELECT value FROM keyv WHERE key = ?', key)) as { value: string }[])[0]?.value,
    replaceIf: async (key, previous, next) =>
      (
        await query(
          'UPDATE keyv SET value = ? WHERE key = ? AND value = ? RETURNING key',
          next,
          key,
          previous,
        )
      ).length > 0,
    keyOf: (key) => `${ns}:${key}`,
  } satisfies RawValues;
}

/** The streams' rows in `toivo_events` beside keyv's table, written in one transaction with the head. */
function sqliteRows(connection: Connection, ns: string): StreamRows {
  const { query } = connection;
  const keyOf = (streamId: string) => `${ns}:meeting:${streamId}`;
  const clock = new ClockOffset(async () => {
    const [row] = (await query(`SELECT ${NOW_MS} AS now`)) as { now: number }[];
    return Number(row?.now);
  });
  return {
    read: async (streamId, fromSeq = 0) => {
      const key = keyOf(streamId);
      // One statement: the head (as row -1) and the rows as of one moment, in the index's order.
      const found = (await query(
        `SELECT -1 AS seq, value AS body FROM keyv WHERE key = ?
         UNION ALL SELECT seq, body FROM toivo_events WHERE key = ? AND seq >= ?`,
        key,
        key,
        fromSeq,
      )) as StoredRow[];
      return {
        head: found.find((row) => row.seq === -1)?.body,
        rows: found.filter((row) => row.seq >= 0),
      };
    },
    // SQLite's clock (this machine's, as the system has it) decides whether the write is in time,
    // once the transaction has the file: one queued behind slow work writes nothing once it is late.
    // How far that clock is from the deadlines' is read right before (a test may have faked the latter).
    commit: async (streamId, previous, head, seq, body, deadline) => {
      await clock.measure(1);
      return connection.transaction(async () => {
        const key = keyOf(streamId);
        const [state] = (await query(
          `SELECT ? > ${NOW_MS} AS inTime, (SELECT value FROM keyv WHERE key = ?) AS head`,
          clock.toServer(deadline),
          key,
        )) as { inTime: number; head: string | null }[];
        if (!state?.inTime) return 'late';
        if ((state.head ?? undefined) !== previous) return 'changed';
        await query(
          'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          key,
          head,
        );
        await query('DELETE FROM toivo_events WHERE key = ? AND seq > ?', key, seq);
        await query('INSERT OR REPLACE INTO toivo_events (key, seq, body) VALUES (?, ?, ?)', key, seq, body);
        return 'written' as const;
      });
    },
    erase: (streamId) =>
      connection.transaction(async () => {
        await query('DELETE FROM keyv WHERE key = ?', keyOf(streamId));
        await query('DELETE FROM toivo_events WHERE key = ?', keyOf(streamId));
      }),
    reseal: async (reseal) => {
      const rows = (await query(
        "SELECT key, seq, body FROM toivo_events WHERE key LIKE ? ESCAPE '\\'",
        `${escapeLike(keyOf(''))}%`,
      )) as { key: string; seq: number; body: string }[];
      let written = 0;
      for (const row of rows) {
        const next = reseal(row.body);
        if (next === undefined) continue;
        const done = await query(
          'UPDATE toivo_events SET body = ? WHERE key = ? AND seq = ? AND body = ? RETURNING key',
          next,
          row.key,
          row.seq,
          row.body,
        );
        written += done.length;
      }
      return written;
    },
  };
}

/** The folder 0700 and the files 0600, created so or narrowed. */
async function privateFiles(path: string): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await narrowFolder(folder);
  for (const file of [path, duePath(path), guardPath(path)]) {
    // Created empty before SQLite opens it (an empty file is a new database), so it is never wider.
    await (await open(file, 'a', 0o600)).close();
    for (const each of [file, ...COMPANIONS.map((suffix) => `${file}${suffix}`)]) await narrow(each, 0o600);
  }
}

/**
 * Takes group's and others' permissions off `path` when it has any; a file that is not there is
 * left alone.
 */
async function narrow(path: string, mode: number): Promise<void> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (found && (found.mode & 0o077) !== 0) await chmod(path, found.mode & mode & 0o777);
}

/**
 * Narrows the data folder to 0700, unless it is a folder that is not the store's own: a shared one
 * (sticky, like /tmp), one owned by someone else, the file system's root or a folder right under it,
 * the home folder or the working directory (sqlite://toivo.sqlite). Those are left as they are with
 * a warning: the files in them are private all the same.
 */
async function narrowFolder(folder: string): Promise<void> {
  const found = await stat(folder);
  if ((found.mode & 0o077) === 0) return;
  const full = resolve(folder);
  const { root } = parse(full);
  const notOurs =
    (found.mode & 0o1000) !== 0 ||
    (process.getuid !== undefined && found.uid !== process.getuid()) ||
    full === root ||
    dirname(full) === root ||
    full === resolve(homedir()) ||
    full === process.cwd();
  if (notOurs)
    console.warn(
      `toivo store: the folder of the SQLite files (${full}) is open to others; its files are kept private, ` +
        'but a folder of their own would not show even their names',
    );
  else await chmod(folder, 0o700);
}
