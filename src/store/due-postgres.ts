/**
 * Due entries in PostgreSQL, in a table with an index on the due time; several bot instances
 * claim from it at once, each taking rows the others have not locked (SKIP LOCKED).
 */
import type pg from 'pg';
import type { DueEntry, DueInput, DueStore } from './due-store.js';
import { ValueCipher } from './encryption.js';
import { pgEnsure, pgQuery, pgTransaction } from './pg-clients.js';

type Row = { id: string; grp: string; due_at: string; value: unknown };

const CREATE = [
  `CREATE TABLE IF NOT EXISTS toivo_due (
     ns TEXT NOT NULL, id TEXT NOT NULL, grp TEXT NOT NULL, due_at BIGINT NOT NULL, value JSONB NOT NULL,
     done BOOLEAN NOT NULL DEFAULT FALSE, lease_owner TEXT, lease_until BIGINT NOT NULL DEFAULT 0,
     PRIMARY KEY (ns, id))`,
  'CREATE INDEX IF NOT EXISTS toivo_due_by_time ON toivo_due (ns, done, due_at)',
  'CREATE INDEX IF NOT EXISTS toivo_due_by_group ON toivo_due (ns, grp)',
];

export class PostgresDueStores {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly cipher: ValueCipher = ValueCipher.none,
  ) {
    // Made at open; a store that failed then makes it on next use (no restart needed).
    this.prepared().catch(() => undefined);
  }

  private prepared(): Promise<void> {
    this.ready ??= pgEnsure(this.pool, CREATE).catch((error: Error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  store<T>(ns: string): DueStore<T> {
    const query = async (sql: string, params: unknown[]) => {
      await this.prepared();
      return pgQuery(this.pool, sql, params);
    };
    return {
      replace: async (group, entries: readonly DueInput<T>[]) => {
        await this.prepared();
        await pgTransaction(this.pool, async (run) => {
          await run('DELETE FROM toivo_due WHERE ns = $1 AND grp = $2 AND NOT done AND NOT (id = ANY($3))', [
            ns,
            group,
            entries.map((e) => e.id),
          ]);
          for (const e of entries)
            await run(
              `INSERT INTO toivo_due (ns, id, grp, due_at, value) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (ns, id) DO UPDATE SET grp = EXCLUDED.grp, due_at = EXCLUDED.due_at, value = EXCLUDED.value
               WHERE NOT toivo_due.done`,
              [ns, e.id, group, e.dueAt, JSON.stringify(this.cipher.sealValue(e.value))],
            );
        });
      },
      claim: async (now, limit, owner, leaseMs) => {
        const { rows } = await query(
          `UPDATE toivo_due SET lease_owner = $2, lease_until = $3
           WHERE (ns, id) IN (
             SELECT ns, id FROM toivo_due
             WHERE ns = $1 AND NOT done AND due_at <= $4 AND lease_until <= $4
             ORDER BY due_at LIMIT $5 FOR UPDATE SKIP LOCKED)
           RETURNING id, grp, due_at, value`,
          [ns, owner, now + leaseMs, now, limit],
        );
        return (rows as Row[])
          .map(
            (r): DueEntry<T> => ({
              id: r.id,
              group: r.grp,
              dueAt: Number(r.due_at),
              value: this.cipher.openValue<T>(r.value),
            }),
          )
          .sort((a, b) => a.dueAt - b.dueAt);
      },
      done: async (id) => {
        await query('UPDATE toivo_due SET done = TRUE WHERE ns = $1 AND id = $2', [ns, id]);
      },
      forget: async (group) => {
        await query('DELETE FROM toivo_due WHERE ns = $1 AND grp = $2', [ns, group]);
      },
      size: async () => {
        const { rows } = await query('SELECT COUNT(*)::int AS n FROM toivo_due WHERE ns = $1 AND NOT done', [
          ns,
        ]);
        return (rows[0] as { n: number } | undefined)?.n ?? 0;
      },
    };
  }

  /**
   * Writes every value of the kinds under `namespace` again sealed with the current key, each only
   * if unchanged since read (done entries too); says how many.
   */
  async reseal(namespace: string): Promise<number> {
    await this.prepared();
    const prefix = `${namespace}:`;
    const { rows } = await pgQuery(
      this.pool,
      'SELECT ns, id, value FROM toivo_due WHERE left(ns, length($1::text)) = $1::text',
      [prefix],
    );
    let count = 0;
    for (const row of rows as { ns: string; id: string; value: unknown }[]) {
      if (!this.cipher.isStaleValue(row.value)) continue;
      const sealed = JSON.stringify(this.cipher.sealValue(this.cipher.openValue(row.value)));
      const { rowCount } = await pgQuery(
        this.pool,
        'UPDATE toivo_due SET value = $1 WHERE ns = $2 AND id = $3 AND value = $4::jsonb',
        [sealed, row.ns, row.id, JSON.stringify(row.value)],
      );
      count += rowCount ?? 0;
    }
    return count;
  }
}
