import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, parse, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { Keyv } from 'keyv';
import { checkpoint, SqliteDueStores } from './due-sqlite.js';
import { type EncryptionKeys, ValueCipher } from './encryption.js';
import type { StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';
import { escapeLike, type RawValues } from './raw-values.js';

/**
 * The due-time index lives in a file of its own beside the meetings' (`toivo.sqlite-due`), so
 * that its connection never waits for the other's write lock: sqlite3 finalizes statements on the
 * main thread, and two connections writing one file could stall each other for the busy timeout.
 */
export const duePath = (path: string): string => (path === ':memory:' ? path : `${path}-due`);

/** What SQLite keeps beside a database file while it is open or in a transaction. */
const COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * One SQLite file for one bot instance: the in-process lock is all the locking there is, so
 * two processes must not share the file.
 *
 * Only its owner may read it: the folder is created 0700 and the files 0600 (SQLite gives its
 * -wal, -shm and -journal files the main file's mode); wider ones found are narrowed. Deleted
 * content is overwritten (secure_delete), and `compact` empties the write-ahead logs.
 */
export async function openSqliteStore<E>(
  path: string,
  namespace: string,
  encryption?: EncryptionKeys,
): Promise<KeyvEventStore<E>> {
  if (path !== ':memory:') await privateFiles(path);
  const cipher = new ValueCipher(encryption);
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5_000 });
  const keyv = new Keyv<StoredStream<E>>(adapter, { namespace });
  const due = new SqliteDueStores(duePath(path), cipher);
  const query = (sql: string, ...params: unknown[]) => adapter.query(sql, ...params) as Promise<unknown[]>;
  try {
    // Per connection: keyv's one connection runs every query of the adapter.
    await query('PRAGMA secure_delete = ON');
  } catch (error) {
    await Promise.allSettled([adapter.disconnect(), due.close()]);
    throw error;
  }
  return new KeyvEventStore<E>(keyv, {
    cipher,
    due: (kind) => due.store(kind),
    onClose: () => due.close(),
    compact: async () => {
      await checkpoint((sql) => query(sql));
      await due.checkpoint();
    },
    raw: sqliteRawValues(query, namespace),
    resealDue: () => due.reseal(namespace),
  }).opened();
}

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

/** The folder 0700 and the files 0600, created so or narrowed. */
async function privateFiles(path: string): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await narrowFolder(folder);
  for (const file of [path, duePath(path)]) {
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
