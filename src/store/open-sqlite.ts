import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { Keyv } from 'keyv';
import { SqliteDueStores } from './due-sqlite.js';
import type { EventStore, StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';

/**
 * The due-time index lives in a file of its own beside the meetings' (`toivo.sqlite-due`), so
 * that its connection never waits for the other's write lock: sqlite3 finalizes statements on the
 * main thread, and two connections writing one file could stall each other for the busy timeout.
 */
export const duePath = (path: string): string => (path === ':memory:' ? path : `${path}-due`);

/**
 * One SQLite file for one bot instance: the in-process lock is all the locking there is, so
 * two processes must not share the file.
 */
export async function openSqliteStore<E>(path: string, namespace: string): Promise<EventStore<E>> {
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5_000 });
  const due = new SqliteDueStores(duePath(path));
  return new KeyvEventStore<E>(new Keyv<StoredStream<E>>(adapter, { namespace }), {
    due: (kind) => due.store(kind),
    onClose: () => due.close(),
  });
}
