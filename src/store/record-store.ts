/**
 * Small records kept beside the event streams, in the same backend: what the app knows about a
 * meeting that is not part of its rules (the conversation it lives in, the messages posted there).
 */
export interface RecordStore<T> {
  get(id: string): Promise<T | undefined>;
  /**
   * The records of `ids`, in their order, undefined in the place of one there is not: as `get` of
   * each, in one round trip to the backend (Redis MGET, one SELECT on PostgreSQL and SQLite).
   */
  getMany(ids: readonly string[]): Promise<(T | undefined)[]>;
  /** Keeps the record for `ttlMs` when given (then it is gone, as if never set), else until deleted. */
  set(id: string, value: T, ttlMs?: number): Promise<void>;
  delete(id: string): Promise<void>;
  /**
   * Runs `work` holding the record's lock, within this process and, on a shared backend, across
   * bot instances, so that read → change → write is not interleaved.
   */
  withLock<R>(id: string, work: () => Promise<R>): Promise<R>;
}
