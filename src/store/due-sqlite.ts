/**
 * Due entries in a SQLite file of their own (beside the meetings'), in a table with an index on
 * the due time. A claim is one statement, so it is atomic in the file.
 */
import sqlite3 from 'sqlite3';
import type { DueEntry, DueInput, DueStore } from './due-store.js';
import { ValueCipher } from './encryption.js';
import { KeyedLock } from './keyed-lock.js';

type Row = { id: string; grp: string; due_at: number; value: string };

export class SqliteDueStores {
  private readonly db: sqlite3.Database;
  private readonly ready: Promise<void>;
  /**
   * One writer at a time on the connection, whatever the kind: a claim reads and then updates, and
   * a transaction open for one kind must not take in another kind's statements.
   */
  private readonly lock = new KeyedLock();

  constructor(
    path: string,
    private readonly cipher: ValueCipher = ValueCipher.none,
  ) {
    this.db = new sqlite3.Database(path);
    // Another connection to the file (keyv's) may hold the write lock for a moment.
    this.db.configure('busyTimeout', 5_000);
    // Write-ahead: a claim or a done mark is not an fsync each (a tick marks one per reminder sent).
    // Only this file: the meetings' own keeps full sync. A done mark lost to a power cut sends one
    // reminder again, never loses one. Deleted rows are overwritten (secure_delete); `checkpoint`
    // empties the write-ahead log, where their old pages would otherwise linger.
    this.ready = this.exec(`
      PRAGMA secure_delete = ON;
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS toivo_due (
        ns TEXT NOT NULL, id TEXT NOT NULL, grp TEXT NOT NULL, due_at INTEGER NOT NULL, value TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_until INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (ns, id));
      CREATE INDEX IF NOT EXISTS toivo_due_by_time ON toivo_due (ns, done, due_at);
      CREATE INDEX IF NOT EXISTS toivo_due_by_group ON toivo_due (ns, grp);`);
  }

  private exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (e) => (e ? reject(e) : resolve())));
  }

  /** Runs a statement; says how many rows it changed. */
  run(sql: string, params: unknown[]): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, e: Error | null) {
        if (e) reject(e);
        else resolve(this.changes);
      }),
    );
  }

  all<R>(sql: string, params: unknown[]): Promise<R[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as R[]))),
    );
  }

  private locked<R>(work: () => Promise<R>): Promise<R> {
    return this.ready.then(() => this.lock.run('file', work));
  }

  store<T>(ns: string): DueStore<T> {
    const locked = <R>(work: () => Promise<R>) => this.locked(work);
    return {
      replace: (group, entries: readonly DueInput<T>[]) =>
        locked(async () => {
          await this.exec('BEGIN');
          try {
            const ids = entries.map((e) => e.id);
            await this.run(
              `DELETE FROM toivo_due WHERE ns = ? AND grp = ? AND done = 0 AND id NOT IN (${ids.map(() => '?').join(',')})`,
              [ns, group, ...ids],
            );
            for (const e of entries)
              await this.run(
                `INSERT INTO toivo_due (ns, id, grp, due_at, value) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (ns, id) DO UPDATE SET grp = excluded.grp, due_at = excluded.due_at, value = excluded.value
                 WHERE toivo_due.done = 0`,
                [ns, e.id, group, e.dueAt, this.cipher.seal(JSON.stringify(e.value))],
              );
            await this.exec('COMMIT');
          } catch (error) {
            await this.exec('ROLLBACK');
            throw error;
          }
        }),
      // One statement, so a claim is atomic in the file itself, whoever else has it open.
      claim: (now, limit, owner, leaseMs) =>
        locked(async () => {
          const rows = await this.all<Row>(
            `UPDATE toivo_due SET lease_owner = ?, lease_until = ?
             WHERE rowid IN (
               SELECT rowid FROM toivo_due
               WHERE ns = ? AND done = 0 AND due_at <= ? AND lease_until <= ? ORDER BY due_at LIMIT ?)
             RETURNING id, grp, due_at, value`,
            [owner, now + leaseMs, ns, now, now, limit],
          );
          return rows
            .map(
              (r): DueEntry<T> => ({
                id: r.id,
                group: r.grp,
                dueAt: r.due_at,
                value: JSON.parse(this.cipher.open(r.value)),
              }),
            )
            .sort((x, y) => x.dueAt - y.dueAt);
        }),
      done: (id) =>
        locked(async () => {
          await this.run('UPDATE toivo_due SET done = 1 WHERE ns = ? AND id = ?', [ns, id]);
        }),
      forget: (group) =>
        locked(async () => {
          await this.run('DELETE FROM toivo_due WHERE ns = ? AND grp = ?', [ns, group]);
        }),
      size: async () => {
        await this.ready;
        const [row] = await this.all<{ n: number }>(
          'SELECT COUNT(*) AS n FROM toivo_due WHERE ns = ? AND done = 0',
          [ns],
        );
        return row?.n ?? 0;
      },
    };
  }

  /**
   * Writes every value of the kinds under `namespace` again sealed with the current key, each only
   * if unchanged since read (done entries too); says how many.
   */
  async reseal(namespace: string): Promise<number> {
    await this.ready;
    const prefix = `${namespace}:`;
    const rows = await this.all<{ rowid: number; value: string }>(
      'SELECT rowid, value FROM toivo_due WHERE substr(ns, 1, length(?)) = ?',
      [prefix, prefix],
    );
    let count = 0;
    for (const row of rows) {
      if (!this.cipher.isStale(row.value)) continue;
      const sealed = this.cipher.seal(this.cipher.open(row.value));
      count += await this.locked(() =>
        this.run('UPDATE toivo_due SET value = ? WHERE rowid = ? AND value = ?', [
          sealed,
          row.rowid,
          row.value,
        ]),
      );
    }
    return count;
  }

  /** Copies the write-ahead log into the file and empties it, so that no old page lingers there. */
  checkpoint(): Promise<void> {
    return this.locked(() => checkpoint((sql) => this.all(sql, [])));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }
}

/**
 * `PRAGMA wal_checkpoint(TRUNCATE)` until it is complete (another reader may hold it back for a
 * moment); harmless on a file without a write-ahead log.
 */
export async function checkpoint(all: (sql: string) => Promise<unknown[]>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const [row] = (await all('PRAGMA wal_checkpoint(TRUNCATE)')) as { busy?: number }[];
    if (!row?.busy) return;
    if (attempt >= 50) throw new Error('The SQLite write-ahead log could not be emptied: the file is busy');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
