import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { Keyv } from 'keyv';
import { SqliteDueStores } from './due-sqlite.js';
import type { EventStore, StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';

/**
 * One SQLite file for one bot instance: the in-process lock is all the locking there is, so
 * two processes must not share the file.
 */
export async function openSqliteStore<E>(path: string, namespace: string): Promise<EventStore<E>> {
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  // The due index's connection first: the switch to write-ahead mode needs the file to itself.
  const due = new SqliteDueStores(path);
  await due.ready;
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5_000 });
  return new KeyvEventStore<E>(new Keyv<StoredStream<E>>(adapter, { namespace }), {
    due: (kind) => due.store(kind),
    onClose: () => due.close(),
  });
}
