/**
 * What each backend holds for a stream, read straight from it (not through the store): the head
 * (keyv's value `<ns>:meeting:<id>`) and the rows of events beside it, in order. And a way to put
 * a value there as an earlier Toivo left it, for the migration test.
 */
import { createClient } from '@keyv/redis';
import pg from 'pg';
import sqlite3 from 'sqlite3';

export interface Stored {
  readonly head: string | undefined;
  readonly rows: readonly string[];
}

export interface RawBackend {
  /** The stream's head and rows as stored. */
  stored(streamId: string): Promise<Stored>;
  /** A keyv value's stored text (`key` without the namespace). */
  get(key: string): Promise<string | undefined>;
  /** Stores `text` as keyv's value `key` (without the namespace), as keyv itself would. */
  put(key: string, text: string): Promise<void>;
  /** Deletes every value and row of the namespace. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export function sqliteRaw(path: string, namespace: string): RawBackend {
  const all = <T>(sql: string, ...params: unknown[]) =>
    new Promise<T[]>((resolve, reject) => {
      const db = new sqlite3.Database(path);
      db.configure('busyTimeout', 5_000);
      db.all(sql, params, (error, rows) => db.close(() => (error ? reject(error) : resolve(rows as T[]))));
    });
  const get = async (key: string) =>
    (await all<{ value: string }>('SELECT value FROM keyv WHERE key = ?', `${namespace}:${key}`))[0]?.value;
  return {
    get,
    stored: async (streamId) => ({
      head: await get(`meeting:${streamId}`),
      rows: (
        await all<{ body: string }>(
          'SELECT body FROM toivo_events WHERE key = ? ORDER BY seq',
          `${namespace}:meeting:${streamId}`,
        )
      ).map((row) => row.body),
    }),
    put: async (key, text) => {
      await all('CREATE TABLE IF NOT EXISTS keyv (key VARCHAR(255) PRIMARY KEY, value TEXT)');
      await all('INSERT OR REPLACE INTO keyv (key, value) VALUES (?, ?)', `${namespace}:${key}`, text);
    },
    clear: async () => {
      await all('DELETE FROM keyv WHERE key LIKE ?', `${namespace}:%`);
      await all('DELETE FROM toivo_events WHERE key LIKE ?', `${namespace}:%`);
    },
    close: async () => undefined,
  };
}

export function redisRaw(url: string, namespace: string): RawBackend {
  // keyv's Redis adapter puts "::" between the namespace and the key.
  const prefix = `${namespace}::`;
  const client = createClient({ url });
  const connected = client.connect();
  const get = async (key: string) => {
    await connected;
    return (await client.get(`${prefix}${key}`)) ?? undefined;
  };
  return {
    get,
    stored: async (streamId) => ({
      head: await get(`meeting:${streamId}`),
      rows: await client.lRange(`${prefix}toivo-store:events:${streamId}`, 0, -1),
    }),
    put: async (key, text) => {
      await connected;
      await client.set(`${prefix}${key}`, text);
    },
    clear: async () => {
      await connected;
      for await (const keys of client.scanIterator({ MATCH: `${namespace}::*`, COUNT: 500 }))
        if (keys.length > 0) await client.del(keys);
    },
    close: async () => {
      await connected;
      await client.close();
    },
  };
}

export function postgresRaw(url: string, namespace: string): RawBackend {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const get = async (key: string) =>
    (await pool.query('SELECT value FROM keyv WHERE key = $1', [`${namespace}:${key}`])).rows[0]?.value as
      | string
      | undefined;
  return {
    get,
    stored: async (streamId) => ({
      head: await get(`meeting:${streamId}`),
      rows: (
        await pool.query('SELECT body FROM toivo_events WHERE key = $1 ORDER BY seq', [
          `${namespace}:meeting:${streamId}`,
        ])
      ).rows.map((row: { body: string }) => row.body),
    }),
    put: async (key, text) => {
      await pool.query('CREATE TABLE IF NOT EXISTS keyv (key VARCHAR(255) PRIMARY KEY, value TEXT)');
      await pool.query(
        'INSERT INTO keyv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [`${namespace}:${key}`, text],
      );
    },
    clear: async () => {
      await pool.query('DELETE FROM keyv WHERE key LIKE $1', [`${namespace}:%`]);
      await pool.query('DELETE FROM toivo_events WHERE key LIKE $1', [`${namespace}:%`]);
    },
    close: () => pool.end(),
  };
}
