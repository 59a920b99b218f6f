/**
 * Small records kept beside the event streams, in the same backend: what the app knows about a
 * meeting that is not part of its rules (the conversation it lives in, the messages posted there).
 */
export interface RecordStore<T> {
  get(id: string): Promise<T | undefined>;
  set(id: string, value: T): Promise<void>;
  delete(id: string): Promise<void>;
  /**
   * Runs `work` holding the record's lock, within this process and, on a shared backend, across
   * bot instances, so that read → change → write is not interleaved.
   */
  withLock<R>(id: string, work: () => Promise<R>): Promise<R>;
}
