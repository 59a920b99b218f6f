import type { DueStore } from './due-store.js';
import type { RecordStore } from './record-store.js';

/**
 * Where a meeting's events live. A stream is the ordered list of one meeting's events;
 * its version is the number of events in it.
 */
export interface StoredStream<E> {
  readonly version: number;
  readonly events: readonly E[];
  /**
   * Ids of the commands already applied (or rejected) to this stream, newest last, for idempotent
   * retries. Only the most recent ones are kept (200 in `KeyvEventStore`).
   */
  readonly commandIds: readonly string[];
  /**
   * The stream's history, where the store can vouch for it: two loads of one stream with the same
   * lineage are one history, the later one at most longer (events only added). A rewrite, or a
   * stream erased and made again, has another. Undefined when the store cannot say (and not
   * enumerable: it says where the data came from, and a copy of the stream goes without it).
   */
  readonly lineage?: string;
}

/**
 * When a call must be done by: milliseconds since the epoch, this machine's clock. Without it a call
 * has the store's own timeout (a few seconds), and inside `withLock` the lock's deadline; an
 * earlier deadline of the caller's always stays. A call that cannot be done by then throws
 * `StoreUnavailableError` (src/store/deadline.ts), and writes nothing after it.
 */
export interface StoreCallOptions {
  readonly deadline?: number;
}

/** The result of an append: either stored, or the stream had moved on since it was read. */
export type AppendResult =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly reason: 'conflict' };

/**
 * Every call ends by a deadline (see `StoreCallOptions`): a backend that does not answer, or cannot
 * be reached, is a `StoreUnavailableError` in time, and the store tries again by itself (a call
 * made while it is known to be down fails at once, until it answers again).
 */
export interface EventStore<E> {
  /** The stream, or undefined when no meeting has that id. */
  load(streamId: string, options?: StoreCallOptions): Promise<StoredStream<E> | undefined>;
  /**
   * Appends events when the stream is still at `expectedVersion` (0 for a new stream),
   * remembering `commandId` so that a retry of the same command is recognised.
   * Never overwrites a newer stream: on a version mismatch nothing is written.
   * Takes the stream's lock itself, so it is safe alone as well as inside `withLock`.
   * With no events, only a new `commandId` is recorded (a rejected command); the version stays.
   * The write itself is conditional in the backend (the stream as it was read, and the deadline on
   * the backend's clock where it has one): one that reaches the backend late is not applied.
   */
  append(
    streamId: string,
    expectedVersion: number,
    events: readonly E[],
    commandId?: string,
    options?: StoreCallOptions,
  ): Promise<AppendResult>;
  /**
   * Replaces the whole stream with `events` when it is still at `expectedVersion` (else a conflict,
   * and nothing is written), keeping its command ids; used to anonymise one person in a meeting's
   * history. The new version is `events.length`, which must be greater than `expectedVersion`
   * (a RangeError otherwise): a rewrite always moves the version forward, so that no reader's
   * state of the old stream is taken for the new one. Takes the stream's lock itself.
   */
  rewrite(streamId: string, expectedVersion: number, events: readonly E[]): Promise<AppendResult>;
  /**
   * Runs `work` while holding the stream's lock, so that load → decide → append is not interleaved,
   * within this process and, on a shared backend, across bot instances. Reentrant: `append` and
   * `erase` called inside `work` do not wait for it. The wait for the lock and every store call
   * inside `work` share one deadline (`options.deadline`, else the store's timeout from now).
   */
  withLock<T>(streamId: string, work: () => Promise<T>, options?: StoreCallOptions): Promise<T>;
  /** Records of one kind ("conversation"), kept in the same backend as the streams. */
  records<T>(kind: string): RecordStore<T>;
  /** Things of one kind due at a time (reminders), indexed by due time in the same backend. */
  due<T>(kind: string): DueStore<T>;
  /** The id of every stream kept (for a sweep over all meetings, at start), in no particular order. */
  streamIds(): Promise<readonly string[]>;
  /** Removes a stream entirely (erasure on request); erasing an unknown stream does nothing. */
  erase(streamId: string): Promise<void>;
  /**
   * After an erasure (of streams, records, due entries): makes sure that what was erased is left in
   * no file of the backend. SQLite overwrites deleted content (secure_delete) and this empties its
   * write-ahead logs into the files; on Redis and PostgreSQL it does nothing. One call after a
   * batch of erasures is enough.
   */
  compact(): Promise<void>;
  /**
   * Asks the backend for an answer (health checks): resolves when it answers within the deadline,
   * throws `StoreUnavailableError` when it does not.
   */
  ping(options?: StoreCallOptions): Promise<void>;
  /** Disconnects from the backend; calling it again does nothing more. */
  close(): Promise<void>;
}
