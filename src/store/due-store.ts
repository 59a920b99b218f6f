/**
 * Things due at a time (reminders), kept beside the event streams in the same backend, with an
 * index by due time: a tick finds what is due at a cost that grows with what is due, not with what
 * is stored. keyv alone has no such index, so each backend keeps one of its own (a table with an
 * indexed column in SQLite and PostgreSQL, a sorted set in Redis).
 *
 * Exactly once across instances: an entry is claimed (a lease with an owner and an expiry) before
 * it is sent and marked done after; a crash between the two lets the lease run out, and another
 * instance sends it then, rather than never.
 */
export interface DueInput<T> {
  /** Stable: the same thing derived again has the same id, and is never done twice. */
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly dueAt: number;
  readonly value: T;
}

export interface DueEntry<T> extends DueInput<T> {
  /** What the entry belongs to (a meeting): replaced together. */
  readonly group: string;
}

export interface DueStore<T> {
  /**
   * Makes `group`'s entries exactly `entries`: new ones added, changed ones moved, those missing
   * removed. An entry already done stays done and is not added again.
   */
  replace(group: string, entries: readonly DueInput<T>[]): Promise<void>;
  /** Claims up to `limit` entries due by `now` that nobody holds, for `leaseMs`, as `owner`; earliest first. */
  claim(now: number, limit: number, owner: string, leaseMs: number): Promise<DueEntry<T>[]>;
  /** Marks an entry done: never claimed again. */
  done(id: string): Promise<void>;
  /**
   * Removes every entry of `group`, the done ones too (which are otherwise kept, so that they are
   * never given again): for a meeting that is erased. Entries added again afterwards are new.
   */
  forget(group: string): Promise<void>;
  /** How many entries wait (not done), for tests and the benchmark. */
  size(): Promise<number>;
}
