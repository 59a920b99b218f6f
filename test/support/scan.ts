/**
 * Scanners that search a backend completely for a list of strings and say where each was found:
 * the bytes of every file in a SQLite data folder (and every row of every table in it), every key
 * and value of every Redis database, every row of every table of PostgreSQL. Not only where the
 * app means to keep things: where anything at all is kept.
 *
 * Strings are looked for as they are (UTF-8) and as JSON writes them escaped (ä as \u00e4 or
 * \u00E4); ASCII-only strings (the markers of marked-meeting.ts) are the same either way.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import sqlite3 from 'sqlite3';

export interface Hit {
  /** The string that was found. */
  readonly needle: string;
  /** Where: "toivo.sqlite bytes 40960 (page 11): …context…", "redis db0 hash toivo::x field y". */
  readonly where: string;
}

export interface Scan {
  readonly hits: readonly Hit[];
  /** What was looked through, in a line: the proof that the scan saw the backend. */
  readonly looked: string;
  /** What could not be read (a Redis type the scanner does not know, a table it may not read): a gap. */
  readonly unreadable: readonly string[];
}

/** The forms a string may be stored in: as it is, and JSON-escaped (both cases of hex). */
export function variantsOf(needle: string): string[] {
  const escaped = (upper: boolean) =>
    needle.replace(/[\u0080-\uffff]/g, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
  return [...new Set([needle, escaped(false), escaped(true)])];
}

/** The needles found in `text`, each once. */
function foundIn(text: string, needles: readonly string[]): string[] {
  return needles.filter((n) => variantsOf(n).some((v) => text.includes(v)));
}

/** A short, printable piece of `text` around `at`. */
const around = (text: string, at: number, length: number): string =>
  text
    .slice(Math.max(0, at - 24), at + length + 24)
    .replace(/[^\x20-\x7e]/g, '.')
    .trim();

const short = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text);

// ── SQLite and files ─────────────────────────────────────────────────────────────────────────────

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const isSqliteFile = (bytes: Buffer): boolean =>
  bytes.length >= 100 && bytes.subarray(0, 16).equals(SQLITE_HEADER);
/** A database file's page size, from its header (1 stands for 65536). */
const pageSize = (bytes: Buffer): number => {
  const size = bytes.readUInt16BE(16);
  return size === 1 ? 65536 : size;
};

/**
 * The bytes of every file under `dir` (a SQLite store's toivo.sqlite, toivo.sqlite-due and any
 * -wal, -shm or -journal beside them): live rows, free pages, journals and all.
 */
export function scanFiles(dir: string, needles: readonly string[]): Scan {
  const hits: Hit[] = [];
  const files = filesUnder(dir);
  let bytesRead = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    bytesRead += bytes.length;
    const name = relative(dir, file);
    const page = isSqliteFile(bytes) ? pageSize(bytes) : undefined;
    for (const needle of needles) {
      const offsets: number[] = [];
      for (const variant of variantsOf(needle)) {
        const pattern = Buffer.from(variant, 'utf8');
        for (let at = bytes.indexOf(pattern); at >= 0; at = bytes.indexOf(pattern, at + 1)) offsets.push(at);
      }
      if (offsets.length === 0) continue;
      offsets.sort((a, b) => a - b);
      const first = offsets[0] as number;
      const pages = page
        ? ` on pages ${[...new Set(offsets.map((o) => Math.floor(o / page) + 1))].join(',')}`
        : '';
      const context = around(bytes.toString('latin1'), first, needle.length);
      hits.push({
        needle,
        where: `${name} bytes: ${offsets.length}× at ${offsets.slice(0, 5).join(',')}${offsets.length > 5 ? ',…' : ''}${pages}: "${context}"`,
      });
    }
  }
  return { hits, looked: `${files.length} files, ${bytesRead} bytes`, unreadable: [] };
}

const all = <R>(db: sqlite3.Database, sql: string): Promise<R[]> =>
  new Promise((resolve, reject) => db.all(sql, (e, rows) => (e ? reject(e) : resolve(rows as R[]))));

const open = (path: string): Promise<sqlite3.Database> =>
  new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, (e) => (e ? reject(e) : resolve(db)));
  });

const closeDb = (db: sqlite3.Database): Promise<void> => new Promise((resolve) => db.close(() => resolve()));

/**
 * Every row of every table of every SQLite database under `dir`, read from a copy (with its -wal,
 * -shm and -journal) so that the store's own files are not touched: what is still live, as
 * against what only the bytes keep (free pages, a journal).
 */
export async function scanSqliteTables(dir: string, needles: readonly string[]): Promise<Scan> {
  const hits: Hit[] = [];
  const unreadable: string[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'toivo-scan-'));
  let tables = 0;
  let rows = 0;
  try {
    for (const file of filesUnder(dir)) {
      if (!isSqliteFile(readFileSync(file))) continue;
      const name = relative(dir, file);
      const copy = join(scratch, name.replace(/[/\\]/g, '_'));
      for (const suffix of ['', '-wal', '-shm', '-journal'])
        if (existsSync(`${file}${suffix}`)) copyFileSync(`${file}${suffix}`, `${copy}${suffix}`);
      let db: sqlite3.Database;
      try {
        db = await open(copy);
      } catch (error) {
        unreadable.push(`${name}: ${(error as Error).message}`);
        continue;
      }
      try {
        const schema = await all<{ type: string; name: string; sql: string | null }>(
          db,
          'SELECT type, name, sql FROM sqlite_master',
        );
        for (const needle of foundIn(schema.map((s) => `${s.name} ${s.sql ?? ''}`).join('\n'), needles))
          hits.push({ needle, where: `${name} schema (a table or index name)` });
        for (const { name: table } of schema.filter((s) => s.type === 'table')) {
          tables += 1;
          const content = await all<Record<string, unknown>>(
            db,
            `SELECT rowid AS _rowid, * FROM "${table.replace(/"/g, '""')}"`,
          ).catch(() => all<Record<string, unknown>>(db, `SELECT * FROM "${table.replace(/"/g, '""')}"`));
          for (const row of content) {
            rows += 1;
            const text = Object.values(row)
              .map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)))
              .join('\u0001');
            const found = foundIn(text, needles);
            if (found.length === 0) continue;
            const key = Object.entries(row).find(([k]) => k !== '_rowid')?.[1];
            for (const needle of found)
              hits.push({
                needle,
                where: `${name} table ${table} row ${row._rowid ?? '?'} (${short(String(key))})`,
              });
          }
        }
      } finally {
        await closeDb(db);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { hits, looked: `${tables} tables, ${rows} rows`, unreadable };
}

/** A SQLite store's folder: every file's bytes, and every table's rows. */
export async function scanSqlite(dir: string, needles: readonly string[]): Promise<Scan> {
  const files = scanFiles(dir, needles);
  const tables = await scanSqliteTables(dir, needles);
  return {
    hits: [...tables.hits, ...files.hits],
    looked: `${files.looked}; ${tables.looked}`,
    unreadable: [...files.unreadable, ...tables.unreadable],
  };
}

// ── Redis ────────────────────────────────────────────────────────────────────────────────────────

/** The little of a Redis client the scan uses: raw commands. */
interface RedisClient {
  command(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Every string in a reply, however nested (a stream's entries are lists of lists). */
const flat = (reply: unknown): string[] =>
  Array.isArray(reply)
    ? reply.flatMap(flat)
    : reply === null || reply === undefined
      ? []
      : Buffer.isBuffer(reply)
        ? [reply.toString('utf8')]
        : typeof reply === 'object'
          ? Object.entries(reply as Record<string, unknown>).flatMap(([k, v]) => [k, ...flat(v)])
          : [String(reply)];

async function redisClient(url: string, database?: number): Promise<RedisClient> {
  const client = createClient({
    url,
    ...(database === undefined ? {} : { database }),
    socket: { connectTimeout: 2_000, reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  await client.connect();
  return { command: (args) => client.sendCommand(args), close: () => client.close() };
}

const command = (client: RedisClient, args: string[]): Promise<unknown> => client.command(args);

/** The databases that hold keys ("db0:keys=3,…" in INFO keyspace); db 0 always. */
async function redisDatabases(client: RedisClient): Promise<number[]> {
  const info = String(await command(client, ['INFO', 'keyspace']));
  const found = [...info.matchAll(/^db(\d+):/gm)].map((m) => Number(m[1]));
  return [...new Set([0, ...found])].sort((a, b) => a - b);
}

/** Every key of every database (SCAN over all of it, no pattern), and every value by its type. */
export async function scanRedis(url: string, needles: readonly string[]): Promise<Scan> {
  const hits: Hit[] = [];
  const unreadable: string[] = [];
  const first = await redisClient(url);
  let keys = 0;
  let databases: number[];
  try {
    databases = await redisDatabases(first);
  } finally {
    await first.close();
  }
  for (const db of databases) {
    const client = await redisClient(url, db);
    try {
      let cursor = '0';
      do {
        const [next, batch] = (await command(client, ['SCAN', cursor, 'COUNT', '1000'])) as [
          string,
          string[],
        ];
        cursor = String(next);
        for (const key of batch) {
          keys += 1;
          for (const needle of foundIn(key, needles))
            hits.push({ needle, where: `redis db${db} key name "${short(key)}"` });
          const type = String(await command(client, ['TYPE', key]));
          let values: string[];
          switch (type) {
            case 'none':
              continue; // gone since the SCAN (it expired, or another test deleted it)
            case 'string':
              values = flat(await command(client, ['GET', key]));
              break;
            case 'hash':
              values = flat(await command(client, ['HGETALL', key]));
              break;
            case 'list':
              values = flat(await command(client, ['LRANGE', key, '0', '-1']));
              break;
            case 'set':
              values = flat(await command(client, ['SMEMBERS', key]));
              break;
            case 'zset':
              values = flat(await command(client, ['ZRANGE', key, '0', '-1', 'WITHSCORES']));
              break;
            case 'stream':
              values = flat(await command(client, ['XRANGE', key, '-', '+']));
              break;
            default:
              unreadable.push(`redis db${db} key "${short(key)}" of type ${type}`);
              continue;
          }
          for (const needle of foundIn(values.join('\u0001'), needles))
            hits.push({ needle, where: `redis db${db} ${type} "${short(key)}"` });
        }
      } while (cursor !== '0');
    } finally {
      await client.close();
    }
  }
  return { hits, looked: `${keys} keys in ${databases.length} Redis databases`, unreadable };
}

/** Deletes every key of the URL's database whose name holds `part` (a test's namespace); says how many. */
export async function dropRedisKeysContaining(url: string, part: string): Promise<number> {
  const client = await redisClient(url);
  let dropped = 0;
  try {
    let cursor = '0';
    do {
      const [next, batch] = (await command(client, ['SCAN', cursor, 'COUNT', '1000'])) as [string, string[]];
      cursor = String(next);
      const mine = batch.filter((k) => k.includes(part));
      if (mine.length > 0) dropped += Number(await command(client, ['DEL', ...mine]));
    } while (cursor !== '0');
  } finally {
    await client.close();
  }
  return dropped;
}

// ── PostgreSQL ───────────────────────────────────────────────────────────────────────────────────

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Every table (plain, partitioned, materialised view, foreign) in every schema but PostgreSQL's
 * own, each row as text (`SELECT t::text FROM schema.table t`); and the names of the tables and
 * their columns. Rows deleted but not yet vacuumed are not seen: only what a query can read.
 */
export async function scanPostgres(url: string, needles: readonly string[]): Promise<Scan> {
  const hits: Hit[] = [];
  const unreadable: string[] = [];
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  let rows = 0;
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(`
      SELECT n.nspname AS schema, c.relname AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
      ORDER BY 1, 2`);
    const { rows: columns } = await client.query<{ schema: string; name: string; column: string }>(`
      SELECT table_schema AS schema, table_name AS name, column_name AS column
      FROM information_schema.columns
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
    for (const c of columns)
      for (const needle of foundIn(c.column, needles))
        hits.push({ needle, where: `postgres column name ${c.schema}.${c.name}.${c.column}` });
    for (const t of tables) {
      const table = `${t.schema}.${t.name}`;
      for (const needle of foundIn(table, needles))
        hits.push({ needle, where: `postgres table name ${table}` });
      let content: { row: string }[];
      try {
        content = (
          await client.query<{ row: string }>(
            `SELECT t::text AS row FROM ${ident(t.schema)}.${ident(t.name)} t`,
          )
        ).rows;
      } catch (error) {
        unreadable.push(`postgres ${table}: ${(error as Error).message}`);
        continue;
      }
      for (const { row } of content) {
        rows += 1;
        // Composite text doubles a backslash, so an escaped form is found with either.
        const found = foundIn(row.replace(/\\\\/g, '\\'), needles);
        for (const needle of found) hits.push({ needle, where: `postgres ${table} row ${short(row, 70)}` });
      }
    }
    return { hits, looked: `${tables.length} tables, ${rows} rows in PostgreSQL`, unreadable };
  } finally {
    await client.end();
  }
}

/** Deletes what a store in `namespace` left in PostgreSQL (keyv's rows, the events', the due index's); says how many. */
export async function dropPostgresNamespace(url: string, namespace: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  let dropped = 0;
  try {
    const prefix = `${namespace}:`;
    for (const [table, column] of [
      ['keyv', 'key'],
      ['toivo_events', 'key'],
      ['toivo_due', 'ns'],
    ] as const) {
      const result = await client
        .query(`DELETE FROM ${table} WHERE left(${column}, length($1)) = $1`, [prefix])
        .catch((error: Error) => {
          if (/does not exist/.test(error.message)) return { rowCount: 0 };
          throw error;
        });
      dropped += result.rowCount ?? 0;
    }
  } finally {
    await client.end();
  }
  return dropped;
}

// ── Reading the results ──────────────────────────────────────────────────────────────────────────

/** Where each needle was found, by needle. */
export function hitsByNeedle(hits: readonly Hit[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const h of hits) by.set(h.needle, [...(by.get(h.needle) ?? []), h.where]);
  return by;
}

/** The needles that were not found anywhere. */
export const missing = (hits: readonly Hit[], needles: readonly string[]): string[] => {
  const found = new Set(hits.map((h) => h.needle));
  return needles.filter((n) => !found.has(n));
};

/** The hits as lines for a failure message: each needle (with its label) and every place it is. */
export function describeHits(hits: readonly Hit[], labelOf: (needle: string) => string = (n) => n): string {
  return [...hitsByNeedle(hits)]
    .map(
      ([needle, wheres]) =>
        `  ${labelOf(needle)} (${needle}):\n${wheres.map((w) => `      ${w}`).join('\n')}`,
    )
    .join('\n');
}
