import { randomBytes } from 'node:crypto';
import type { Keyv } from 'keyv';
import type { BackendLock } from './backend-lock.js';
import {
  beforeWrite,
  bounded,
  clearStoreTimer,
  currentDeadline,
  DEFAULT_STORE_TIMEOUT_MS,
  deadlineWithin,
  StoreUnavailableError,
  storeNow,
  storeTimer,
  underDeadline,
} from './deadline.js';
import type { DueStore } from './due-store.js';
import { EncryptionKeyError, ValueCipher } from './encryption.js';
import type { AppendResult, EventStore, StoreCallOptions, StoredStream } from './event-store.js';
import { KeyedLock } from './keyed-lock.js';
import type { RawValues } from './raw-values.js';
import type { RecordStore } from './record-store.js';
import { type CachedStream, deepFreeze, StreamCache } from './stream-cache.js';
import {
  isStreamHead,
  type RowBody,
  SEGMENT_ROWS,
  type StoredRow,
  type StreamHead,
  type StreamRows,
} from './stream-rows.js';

/** How many command ids a stream remembers; a retry older than that is not recognised. */
export const MAX_COMMAND_IDS = 200;

export interface KeyvEventStoreOptions {
  /** Held inside the in-process lock, for backends that several bot instances share. */
  readonly lock?: BackendLock;
  /** Runs after the keyv store has disconnected (ending a lock pool, say). */
  readonly onClose?: () => Promise<void>;
  /** The backend's due-time index, by namespaced kind. */
  readonly due?: <T>(kind: string) => DueStore<T>;
  /** Seals every value written and opens every value read; without it values are plain. */
  readonly cipher?: ValueCipher;
  /** After an erasure: leaves no erased content in the backend's files (SQLite's write-ahead logs). */
  readonly compact?: () => Promise<void>;
  /** The stored values as they are, for `reencrypt`. */
  readonly raw?: RawValues;
  /** Writes every due-index value of the namespace again with the current key; says how many. */
  readonly resealDue?: () => Promise<number>;
  /** How long a store call (or a locked load → decide → append) may take; DEFAULT_STORE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /**
   * One round trip to the backend, for `ping`. With it, a store that stopped answering is known to
   * be down: calls fail at once (no one waits out a deadline for it) while it is asked again in the
   * background, until it answers.
   */
  readonly ping?: () => Promise<void>;
  /** An in-process lock shared with other stores of the same data (it then takes `lock`'s place). */
  readonly locks?: KeyedLock;
  /**
   * The backend's own structure for the events (see stream-rows.ts): with it a stream is a small
   * head and rows appended to; without it (keyv alone, in memory) one value holding it all.
   */
  readonly rows?: StreamRows;
  /** How many streams, and events in all, are kept in memory as last read or written (see `load`). */
  readonly cache?: { readonly streams: number; readonly events: number };
}

/** How long a call over the whole store (listing every stream, compacting the files) may take. */
const BULK_TIMEOUT_MS = 60_000;

/** A call given at least this long (or half the store's timeout) that gets no answer marks the store down. */
const FAIR_CHANCE_MS = 1_000;

/** How often a store known to be down is asked whether it answers again. */
const PROBE_EVERY_MS = 250;

/** A stored stream that is not what the store writes: a data fault, not an unavailable store. */
class MalformedStreamError extends Error {}

/**
 * Errors that say something about the data or the caller, not about reaching the store: they are
 * thrown as they are, and do not count against the store's availability.
 */
const notUnavailability = (error: unknown): boolean =>
  error instanceof EncryptionKeyError ||
  error instanceof MalformedStreamError ||
  error instanceof RangeError ||
  error instanceof SyntaxError ||
  error instanceof TypeError;

/**
 * Whether the backend answers. After a failure, calls fail at once and the backend is asked every
 * PROBE_EVERY_MS; its first answer (to a probe or to anything else) lets calls through again.
 */
class Availability {
  private down: StoreUnavailableError | undefined;
  private probing: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly probe: () => Promise<void>) {}

  check(what: string): void {
    if (this.down)
      throw new StoreUnavailableError(
        `${what} was not tried: the store is not answering (${this.down.message})`,
        {
          cause: this.down,
        },
      );
  }

  failed(error: StoreUnavailableError): void {
    if (this.down || this.closed) return;
    this.down = error;
    console.warn(`toivo store: not answering, asked again in the background: ${error.message}`);
    this.schedule();
  }

  answered(): void {
    if (!this.down) return;
    this.down = undefined;
    clearStoreTimer(this.probing);
    console.warn('toivo store: answering again');
  }

  close(): void {
    this.closed = true;
    clearStoreTimer(this.probing);
  }

  private schedule(): void {
    this.probing = storeTimer(() => {
      this.probe().then(
        () => this.answered(),
        () => {
          if (this.down && !this.closed) this.schedule();
        },
      );
    }, PROBE_EVERY_MS);
  }
}

/** What `reencrypt` wrote again with the current key. */
export interface ReencryptReport {
  /** Streams and records (keyv values). */
  readonly values: number;
  /** Due-index values. */
  readonly due: number;
}

/**
 * Written sealed the first time a key is used, and checked at every open: a wrong key, or no key on
 * an encrypted store, is a start-up error rather than unreadable meetings later.
 */
const CHECK_KEY = 'toivo-store:encryption';
const CHECK_VALUE = 'toivo';

/**
 * Written once every value of the store is in the current format (streams in rows, values in
 * native JSON): a store without it is migrated at open (see `migrate`).
 */
const FORMAT_KEY = 'toivo-store:format';
const FORMAT = 2;

/**
 * How a value is stored: plain `JSON.stringify` of keyv's `{value, expires}`, marked by its first
 * key. keyv's own serializer (used before) escapes strings that begin with ":" and parses with a
 * reviver (several times slower); values it wrote are still read with it, and written again in
 * this form by the migration at open.
 */
const NATIVE = '{"json":1,';
const nativeSerialize = (data: unknown): string => JSON.stringify({ json: 1, ...(data as object) });

const CONFLICT = { ok: false, reason: 'conflict' } as const;

/** A new lineage's `StreamHead.epoch`. */
const newEpoch = (): string => randomBytes(9).toString('base64url');

/** A head with an epoch, whose stream may be kept (see `StreamHead.epoch`). */
const hasEpoch = (head: StreamHead): head is StreamHead & { readonly epoch: string } =>
  typeof head.epoch === 'string';

/** The events and command ids of a stretch of rows. */
interface Stretch<E> {
  readonly events: E[];
  readonly ids: string[];
}

/**
 * Each stream is a keyv value `meeting:<id>`, its head, with its events in the backend's rows
 * beside it (`StreamRows`, see stream-rows.ts): each append adds one row, in one conditional write
 * with the head. Over keyv alone (in memory) the value holds the whole stream
 * `{version, events, commandIds}`, as every backend did before (such values are migrated at open).
 * The version check and the write happen under the stream's lock, so a stale append writes
 * nothing. Events must survive JSON (plain data).
 */
export class KeyvEventStore<E> implements EventStore<E> {
  private readonly locks: KeyedLock;
  private closing: Promise<void> | undefined;
  readonly timeoutMs: number;
  private readonly availability: Availability | undefined;
  /**
   * Each stream as last read or written (its events parsed and frozen), so that a load reads only
   * the head and the rows added since, and an append writes over the head it holds (see `load`).
   */
  private readonly cache: StreamCache<E>;

  constructor(
    private readonly keyv: Keyv<StoredStream<E>>,
    private readonly options: KeyvEventStoreOptions = {},
  ) {
    // Keyv's default reports a failed read as a missing key, which would look like a new
    // meeting and let an append at version 0 overwrite it.
    keyv.throwOnErrors = true;
    this.locks = options.locks ?? new KeyedLock(options.lock);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.availability = options.ping ? new Availability(() => this.ping()) : undefined;
    this.cache = new StreamCache<E>(options.cache?.streams, options.cache?.events);
    // Always wrapped, a key or not: without one, a sealed value is an error that says so, never garbage.
    const cipher = this.cipher;
    const legacy = keyv.deserialize;
    if (!keyv.serialize || !legacy) throw new Error('the keyv store must serialize its values');
    this.legacyDeserialize = legacy;
    keyv.serialize = async (data) => cipher.seal(nativeSerialize(data));
    keyv.deserialize = async (text) => this.parseValue(cipher.open(text));
  }

  private readonly legacyDeserialize: NonNullable<Keyv['deserialize']>;

  /** A stored value's text (opened): native JSON, or keyv's format of before. */
  private async parseValue<T>(text: string): Promise<T> {
    return text.startsWith(NATIVE) ? JSON.parse(text) : ((await this.legacyDeserialize(text)) as T);
  }

  /** The backend's rows of the streams (see stream-rows.ts), for their own contract test. */
  get streamRows(): StreamRows | undefined {
    return this.options.rows;
  }

  private get cipher(): ValueCipher {
    return this.options.cipher ?? ValueCipher.none;
  }

  /**
   * Checks at open that the key opens this store (and that an encrypted store has a key); the first
   * time a key is used, leaves the check value sealed with it. Plain values already there stay
   * readable and are sealed when next written.
   */
  /** The store once its key is checked (see checkKey); closed again, and the error thrown, when it does not open it. */
  async opened(): Promise<this> {
    try {
      await this.checkKey();
      await this.migrate();
      return this;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async checkKey(): Promise<void> {
    let found: unknown;
    try {
      found = await this.call('reading the key check', () => this.keyv.get(CHECK_KEY));
    } catch (error) {
      if (!(error instanceof EncryptionKeyError) || error.reason !== 'damaged') throw error;
      throw new EncryptionKeyError(
        `ENCRYPTION_KEY does not open the data in this store: ${error.message}`,
        'wrong-key',
        { cause: error },
      );
    }
    if (found === undefined) {
      if (this.cipher.enabled)
        await this.call('writing the key check', () => this.keyv.set(CHECK_KEY, { check: CHECK_VALUE }));
      return;
    }
    if ((found as { check?: unknown }).check !== CHECK_VALUE)
      throw new EncryptionKeyError(
        `ENCRYPTION_KEY does not open the data in this store: its check value (${CHECK_KEY}) is not what Toivo wrote`,
        'damaged',
      );
  }

  /**
   * With rows, one read of the backend when the stream is kept in memory (see `cache`): the head,
   * and in the same snapshot the rows after those kept. The same head's text is the same stream;
   * a head of the same epoch has only had rows added (or merged into a segment from the kept
   * tail on, read then); anything else (another epoch: rewritten, erased and made again, or
   * migrated; or rows not as the head says) is read whole.
   */
  load(streamId: string, options?: StoreCallOptions): Promise<StoredStream<E> | undefined> {
    const rows = this.options.rows;
    return this.call(
      `loading ${streamId}`,
      async () => {
        if (!rows) return checked(streamId, await this.keyv.get<StoredStream<E>>(this.key(streamId)));
        const generation = this.cache.generation;
        const kept = this.cache.get(streamId);
        const read = await rows.read(streamId, kept?.head.rows ?? 0);
        if (read.head === undefined) {
          this.cache.delete(streamId);
          return undefined;
        }
        if (kept && read.head === kept.text) return kept.stream;
        const head = await this.head(read.head);
        if (!isStreamHead(head)) {
          this.cache.delete(streamId);
          return checked(streamId, head);
        }
        let found: CachedStream<E> | StoredStream<E> | undefined =
          kept && (await this.advanced(streamId, kept, read.head, head, read.rows));
        if (!found) {
          const whole = kept ? await rows.read(streamId) : read;
          if (whole.head === undefined) {
            this.cache.delete(streamId);
            return undefined;
          }
          const wholeHead = whole.head === read.head ? head : await this.head(whole.head);
          if (!isStreamHead(wholeHead)) {
            this.cache.delete(streamId);
            return checked(streamId, wholeHead);
          }
          found = this.assemble(streamId, whole.head, wholeHead, whole.rows);
        }
        if ('text' in found) this.cache.set(streamId, found, generation);
        else this.cache.delete(streamId);
        return 'text' in found ? found.stream : found;
      },
      options?.deadline,
    );
  }

  /** A stream head's stored text, read: the head of rows, or a stream stored whole (as before). */
  private async head(text: string): Promise<StreamHead | StoredStream<E>> {
    const data = (await this.keyv.deserialize?.(text)) as
      | { value?: StreamHead | StoredStream<E> }
      | undefined;
    if (data?.value === undefined) throw new MalformedStreamError('A stored stream head is malformed');
    return data.value;
  }

  /**
   * The stream its head and rows make, kept whole for the cache when its head has an epoch (a
   * head of before: only the stream). Throws when the rows are not what the head says.
   */
  private assemble(
    streamId: string,
    text: string,
    head: StreamHead,
    rows: readonly StoredRow[],
  ): CachedStream<E> | StoredStream<E> {
    const sorted = [...rows].sort((a, b) => a.seq - b.seq);
    const malformed = () => new MalformedStreamError(`Stored stream ${streamId} misses rows`);
    if (!(head.tail >= 0 && head.tail <= head.rows)) throw malformed();
    const before = this.rowsFrom(streamId, sorted, 0, head.tail);
    const after = this.rowsFrom(streamId, sorted, head.tail, head.rows);
    if (!before || !after) throw malformed();
    const events = before.events.concat(after.events);
    if (events.length !== head.version)
      throw new MalformedStreamError(`Stored stream ${streamId} is malformed`);
    const tailIds = remembered(before.ids);
    const stream = frozenStream(head.version, events, remembered([...tailIds, ...after.ids]), head.epoch);
    if (!hasEpoch(head)) return stream;
    return { text, head, stream, tailVersion: before.events.length, tailIds, tailRowIds: after.ids };
  }

  /**
   * `kept` brought up to the head read (`text`) with the rows read with it (those after the kept
   * ones): undefined when that cannot be shown to be the stream (another epoch, rows missing), which
   * is then read whole. After a segment was merged since, the rows from the kept tail on are read.
   */
  private async advanced(
    streamId: string,
    kept: CachedStream<E>,
    text: string,
    head: StreamHead,
    read: readonly StoredRow[],
  ): Promise<CachedStream<E> | undefined> {
    if (!hasEpoch(head) || head.epoch !== kept.head.epoch || head.version < kept.head.version) return;
    if (head.tail === kept.head.tail) {
      if (head.rows < kept.head.rows) return;
      const added = this.rowsFrom(
        streamId,
        [...read].sort((a, b) => a.seq - b.seq),
        kept.head.rows,
        head.rows,
      );
      if (!added) return;
      const events = kept.stream.events.concat(added.events);
      if (events.length !== head.version) return;
      const ids = remembered([...kept.stream.commandIds, ...added.ids]);
      return {
        text,
        head,
        stream: frozenStream(head.version, events, ids, head.epoch),
        tailVersion: kept.tailVersion,
        tailIds: kept.tailIds,
        tailRowIds: [...kept.tailRowIds, ...added.ids],
      };
    }
    if (head.tail < kept.head.tail || head.tail > head.rows) return;
    // Merged into a segment since: the rows before the kept tail are as they were.
    const since = await this.options.rows?.read(streamId, kept.head.tail);
    if (since?.head !== text) return;
    const sorted = [...since.rows].sort((a, b) => a.seq - b.seq);
    const merged = this.rowsFrom(streamId, sorted, kept.head.tail, head.tail);
    const after = this.rowsFrom(streamId, sorted, head.tail, head.rows);
    if (!merged || !after) return;
    const events = kept.stream.events.slice(0, kept.tailVersion).concat(merged.events, after.events);
    if (events.length !== head.version) return;
    const tailIds = remembered([...kept.tailIds, ...merged.ids]);
    return {
      text,
      head,
      stream: frozenStream(head.version, events, remembered([...tailIds, ...after.ids]), head.epoch),
      tailVersion: kept.tailVersion + merged.events.length,
      tailIds,
      tailRowIds: after.ids,
    };
  }

  /**
   * The events (frozen) and command ids of rows `from` … `to` - 1 of `sorted` (in order), which must
   * all be there (others are left out); undefined when one is missing.
   */
  private rowsFrom(
    streamId: string,
    sorted: readonly StoredRow[],
    from: number,
    to: number,
  ): Stretch<E> | undefined {
    const events: E[] = [];
    const ids: string[] = [];
    let at = from;
    for (const row of sorted) {
      if (row.seq < from || row.seq >= to) continue;
      if (row.seq !== at) return undefined;
      const body = JSON.parse(this.cipher.open(row.body)) as RowBody<E>;
      if (!Array.isArray(body.e) || !Array.isArray(body.c))
        throw new MalformedStreamError(`Stored stream ${streamId} is malformed`);
      for (const e of body.e) events.push(deepFreeze(e));
      for (const c of body.c) ids.push(c);
      at = row.seq + 1;
    }
    return at === to ? { events, ids } : undefined;
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly E[],
    commandId?: string,
    options?: StoreCallOptions,
  ): Promise<AppendResult> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(`expectedVersion must be a whole number ≥ 0, got ${expectedVersion}`);
    }
    if (this.options.rows)
      return this.withLock(
        streamId,
        async () => {
          try {
            return await this.appendRows(streamId, expectedVersion, events, commandId);
          } catch (error) {
            // Whether it was written is not known (an answer lost, say): the stream is read again.
            this.cache.invalidate(streamId);
            throw error;
          }
        },
        options,
      );
    return this.withLock(
      streamId,
      async () => {
        const current = await this.load(streamId);
        const version = current?.version ?? 0;
        if (version !== expectedVersion) return CONFLICT;
        const known = current?.commandIds ?? [];
        const remember = commandId !== undefined && !known.includes(commandId);
        if (events.length === 0 && !remember) return { ok: true, version };
        const next: StoredStream<E> = {
          version: version + events.length,
          events: [...(current?.events ?? []), ...events],
          commandIds: remember ? [...known, commandId].slice(-MAX_COMMAND_IDS) : known,
        };
        await this.writeWhole(streamId, next);
        return { ok: true, version: next.version };
      },
      options,
    );
  }

  async rewrite(streamId: string, expectedVersion: number, events: readonly E[]): Promise<AppendResult> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(`expectedVersion must be a whole number ≥ 0, got ${expectedVersion}`);
    }
    if (events.length <= expectedVersion) {
      throw new RangeError(
        `a rewrite must move the version forward: ${events.length} events at version ${expectedVersion}`,
      );
    }
    const rows = this.options.rows;
    if (rows)
      return this.withLock(streamId, async () => {
        // What is kept of the old stream goes now; a load under way does not put it back.
        this.cache.invalidate(streamId);
        try {
          const read = await this.call(`loading ${streamId}`, () => rows.read(streamId));
          let current: StoredStream<E> | undefined;
          if (read.head !== undefined) {
            const head = await this.head(read.head);
            current = isStreamHead(head)
              ? streamOf(this.assemble(streamId, read.head, head, read.rows))
              : checked(streamId, head);
          }
          if ((current?.version ?? 0) !== expectedVersion) return CONFLICT;
          // One segment of the new events (a new epoch); the rows of the old ones are deleted in the same step.
          const head = { format: 2, version: events.length, rows: 1, tail: 1, epoch: newEpoch() } as const;
          const written = await this.commit(streamId, read.head, head, 0, {
            e: events,
            c: current?.commandIds ?? [],
          });
          return written === undefined ? CONFLICT : { ok: true, version: head.version };
        } finally {
          this.cache.invalidate(streamId);
        }
      });
    return this.withLock(streamId, async () => {
      const current = await this.load(streamId);
      if ((current?.version ?? 0) !== expectedVersion) return CONFLICT;
      const next: StoredStream<E> = {
        version: events.length,
        events: [...events],
        commandIds: current?.commandIds ?? [],
      };
      await this.writeWhole(streamId, next);
      return { ok: true, version: next.version };
    });
  }

  /**
   * An append to a stream of rows, under its lock: over the head kept in memory when it is at the
   * version expected (no read: the write is conditional on that head, and a stream that has moved
   * on since is asked for then), else over the head read.
   */
  private async appendRows(
    streamId: string,
    expectedVersion: number,
    events: readonly E[],
    commandId: string | undefined,
  ): Promise<AppendResult> {
    const generation = this.cache.generation;
    const kept = this.cache.get(streamId);
    const writes = events.length > 0 || commandId !== undefined;
    if (kept && writes && kept.head.version === expectedVersion) {
      const done = await this.appendOver(streamId, kept.head, kept.text, kept, events, commandId, generation);
      if (done !== 'changed') return done;
      // Another instance wrote since (or the head was sealed again): read it, and try over it.
      this.cache.delete(streamId);
    }
    const { head, text } = await this.readHead(streamId);
    if ((head?.version ?? 0) !== expectedVersion) return CONFLICT;
    const same = kept !== undefined && kept.text === text ? kept : undefined;
    const done = await this.appendOver(streamId, head, text, same, events, commandId, generation);
    return done === 'changed' ? CONFLICT : done;
  }

  /**
   * Writes the append over `head` (stored as `text`; `kept` is that stream in memory when it is
   * known), and keeps the stream as written. 'changed' when the head was no longer `text`.
   */
  private async appendOver(
    streamId: string,
    head: StreamHead | StoredStream<E> | undefined,
    text: string | undefined,
    kept: CachedStream<E> | undefined,
    events: readonly E[],
    commandId: string | undefined,
    generation: number,
  ): Promise<AppendResult | 'changed'> {
    const version = head?.version ?? 0;
    const ids = commandId === undefined ? [] : [commandId];
    if (events.length === 0 && ids.length === 0) return { ok: true, version };
    const next = version + events.length;
    const done = { ok: true, version: next } as const;
    if (head === undefined || !isStreamHead(head)) {
      // A new stream, or one stored whole (before): one segment of it all from now on. The first
      // row is a segment of its own, never merged again (a meeting made with many events, say).
      const before = head?.events ?? [];
      const known = head?.commandIds ?? [];
      const body = { e: [...before, ...events], c: [...known, ...ids] };
      const nextHead = { format: 2, version: next, rows: 1, tail: 1, epoch: newEpoch() } as const;
      const written = await this.commit(streamId, text, nextHead, 0, body);
      if (written === undefined) return 'changed';
      if (head !== undefined) this.cache.delete(streamId);
      else
        this.cache.set(
          streamId,
          {
            text: written,
            head: nextHead,
            stream: frozenStream(next, copied(events), remembered(ids), nextHead.epoch),
            tailVersion: next,
            tailIds: remembered(ids),
            tailRowIds: [],
          },
          generation,
        );
      return done;
    }
    // A head of before gets an epoch now (it is read whole until then).
    const epoch = head.epoch ?? newEpoch();
    const keep = (written: string, nextHead: StreamHead & { epoch: string }, segment: boolean) => {
      if (!kept) {
        this.cache.delete(streamId);
        return;
      }
      const all = remembered([...kept.stream.commandIds, ...ids]);
      const stream = frozenStream(next, kept.stream.events.concat(copied(events)), all, nextHead.epoch);
      this.cache.set(
        streamId,
        segment
          ? { text: written, head: nextHead, stream, tailVersion: next, tailIds: all, tailRowIds: [] }
          : { ...kept, text: written, head: nextHead, stream, tailRowIds: [...kept.tailRowIds, ...ids] },
        generation,
      );
    };
    if (head.rows + 1 - head.tail < SEGMENT_ROWS) {
      const nextHead = { format: 2, version: next, rows: head.rows + 1, tail: head.tail, epoch } as const;
      const written = await this.commit(streamId, text, nextHead, head.rows, { e: events, c: ids });
      if (written === undefined) return 'changed';
      keep(written, nextHead, false);
      return done;
    }
    // A new segment: the rows since the last one (as kept, else read), and this append, merged into one row.
    let merged: Stretch<E>;
    if (kept) merged = { events: kept.stream.events.slice(kept.tailVersion), ids: [...kept.tailRowIds] };
    else {
      const rows = this.options.rows;
      if (!rows) throw new Error('this store keeps no rows');
      const since = await this.call(`loading ${streamId}`, () =>
        rows.read(streamId, head.tail, head.rows - head.tail),
      );
      if (since.head !== text) return 'changed';
      const sorted = [...since.rows].sort((a, b) => a.seq - b.seq);
      const found = this.rowsFrom(streamId, sorted, head.tail, head.rows);
      if (!found) throw new MalformedStreamError(`Stored stream ${streamId} misses rows`);
      merged = found;
    }
    const body = { e: [...merged.events, ...events], c: [...merged.ids, ...ids] };
    // Row `tail` is the segment now, and the rows after it are gone: the next row follows it.
    const nextHead = { format: 2, version: next, rows: head.tail + 1, tail: head.tail + 1, epoch } as const;
    const written = await this.commit(streamId, text, nextHead, head.tail, body);
    if (written === undefined) return 'changed';
    keep(written, nextHead, true);
    return done;
  }

  /** A stream's head as stored (its text, for the conditional write) and read. */
  private readHead(streamId: string): Promise<{ head?: StreamHead | StoredStream<E>; text?: string }> {
    const raw = this.options.raw;
    if (!raw) throw new Error('a store of rows needs the raw values');
    return this.call(`loading ${streamId}`, async () => {
      const text = await raw.get(raw.keyOf(this.key(streamId)));
      return text === undefined ? {} : { head: await this.head(text), text };
    });
  }

  /**
   * Writes a stream's new head and row `seq` (deleting the rows after it) when the head is still
   * `previous` and the deadline has not passed: checked here right before the write is sent, and by
   * the backend itself when it arrives. The head's text written; undefined when the head had
   * changed (nothing written).
   */
  private commit(
    streamId: string,
    previous: string | undefined,
    head: StreamHead,
    seq: number,
    body: RowBody<E>,
  ): Promise<string | undefined> {
    const rows = this.options.rows;
    const serialize = this.keyv.serialize;
    if (!rows || !serialize) throw new Error('this store keeps no rows');
    const what = `the write of ${streamId}`;
    return this.call(what, async () => {
      const deadline = currentDeadline() ?? storeNow() + this.timeoutMs;
      // As keyv stores a value with no time to live.
      const headText = await serialize({ value: head });
      const rowText = this.cipher.seal(JSON.stringify(body));
      beforeWrite(deadline, what);
      const result = await rows.commit(streamId, previous, headText, seq, rowText, deadline);
      if (result === 'late')
        throw new StoreUnavailableError(`${what} reached the store after its deadline and was not applied`);
      return result === 'written' ? headText : undefined;
    });
  }

  /**
   * Brings a store written by an earlier Toivo to the current format, once (a mark is left when
   * done): each stream stored whole becomes a head and one segment row, and each value keyv
   * serialized with its own format is written again as native JSON (its time to live kept). Each
   * only if unchanged since it was read, so that it is safe while other instances run.
   */
  private async migrate(): Promise<void> {
    const raw = this.options.raw;
    if (!raw) return;
    const mark = await this.call('reading the store format', () => this.keyv.get(FORMAT_KEY));
    if ((mark as { format?: unknown } | undefined)?.format === FORMAT) return;
    const streams = raw.keyOf(this.key(''));
    const keys = await this.call('listing the values', () => raw.keys(), undefined, BULK_TIMEOUT_MS);
    for (const key of keys) {
      if (this.options.rows && key.startsWith(streams)) await this.migrateStream(key.slice(streams.length));
      else await this.call('migrating a value', () => this.writeNative(raw, key), undefined, BULK_TIMEOUT_MS);
    }
    await this.call('writing the store format', () => this.keyv.set(FORMAT_KEY, { format: FORMAT }));
  }

  /** A stream stored whole written again as a head and one segment row. */
  private async migrateStream(streamId: string): Promise<void> {
    await this.withLock(
      streamId,
      async () => {
        const { head, text } = await this.readHead(streamId);
        if (head === undefined || isStreamHead(head)) return;
        const stream = checked(streamId, head) as StoredStream<E>;
        const next = { format: 2, version: stream.version, rows: 1, tail: 1, epoch: newEpoch() } as const;
        await this.commit(streamId, text, next, 0, { e: stream.events, c: stream.commandIds });
      },
      { deadline: storeNow() + BULK_TIMEOUT_MS },
    );
  }

  /** One value in keyv's format of before written again as native JSON; nothing when it already is. */
  private async writeNative(raw: RawValues, key: string): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const stored = await raw.get(key);
      if (stored === undefined) return;
      const text = this.cipher.open(stored);
      if (text.startsWith(NATIVE)) return;
      const native = this.cipher.seal(nativeSerialize(await this.legacyDeserialize(text)));
      if (await raw.replaceIf(key, stored, native)) return;
    }
    throw new Error('A value kept changing while it was migrated: start again');
  }

  /**
   * Writes the stream whole, when the deadline has not passed: a store of keyv alone (in memory,
   * one process), where the stream's lock is all the condition there is.
   */
  private writeWhole(streamId: string, next: StoredStream<E>): Promise<void> {
    const what = `the write of ${streamId}`;
    return this.call(what, async () => {
      beforeWrite(currentDeadline() ?? storeNow() + this.timeoutMs, what);
      await this.keyv.set(this.key(streamId), next);
    });
  }

  withLock<T>(streamId: string, work: () => Promise<T>, options?: StoreCallOptions): Promise<T> {
    return this.locked(`${this.keyv.namespace ?? ''}:${this.key(streamId)}`, work, options?.deadline, true);
  }

  /**
   * `work` holding the lock on `key`, waited for until the deadline at most. With `shared`, every
   * call inside `work` keeps that deadline too (a stream's load → decide → append); else each has
   * its own (a record's lock may be held over a call to a chat platform).
   */
  private async locked<T>(
    key: string,
    work: () => Promise<T>,
    explicit: number | undefined,
    shared: boolean,
  ) {
    const deadline = deadlineWithin(this.timeoutMs, explicit);
    this.availability?.check('taking a lock');
    const run = () => this.locks.run(key, work, deadline);
    return shared ? underDeadline(deadline, run) : run();
  }

  /**
   * One call to the backend, by `explicit` or the deadline the caller runs under, else the store's
   * timeout from now. A backend that fails or does not answer in time is a StoreUnavailableError;
   * the call itself, if it still runs, finds the deadline passed before anything more is sent.
   */
  private async call<T>(
    what: string,
    work: () => Promise<T>,
    explicit?: number,
    budgetMs = this.timeoutMs,
  ): Promise<T> {
    const deadline = deadlineWithin(budgetMs, explicit);
    // A call left little time (its click waited long for a lock) that runs out of it says nothing
    // about the store: only one that had a fair chance counts against it.
    const fair = deadline - storeNow() >= Math.min(FAIR_CHANCE_MS, this.timeoutMs / 2);
    this.availability?.check(what);
    try {
      const result = await bounded(deadline, what, underDeadline(deadline, work));
      this.availability?.answered();
      return result;
    } catch (error) {
      throw this.failed(error, what, fair);
    }
  }

  /** What a failed call throws: a StoreUnavailableError for the backend's failures (and noted as such). */
  private failed(error: unknown, what: string, fair = true): unknown {
    if (notUnavailability(error)) return error;
    const unavailable =
      error instanceof StoreUnavailableError
        ? error
        : new StoreUnavailableError(`${what}: ${error instanceof Error ? error.message : 'failed'}`, {
            cause: error,
          });
    if (fair || !unavailable.timedOut) this.availability?.failed(unavailable);
    return unavailable;
  }

  /** Asks the backend for an answer, by the deadline; a store known to be down is asked too. */
  async ping(options?: StoreCallOptions): Promise<void> {
    const deadline = deadlineWithin(this.timeoutMs, options?.deadline);
    const ping = this.options.ping ?? (async () => void (await this.keyv.get(CHECK_KEY)));
    try {
      await bounded(deadline, 'ping', underDeadline(deadline, ping));
    } catch (error) {
      throw this.failed(error, 'ping');
    }
    this.availability?.answered();
  }

  due<T>(kind: string): DueStore<T> {
    if (!this.options.due) throw new Error('this store keeps no due-time index');
    const inner = this.options.due<T>(`${this.keyv.namespace ?? ''}:${kind}`);
    const write = <R>(what: string, work: () => Promise<R>) =>
      this.call(what, () => {
        beforeWrite(currentDeadline() ?? storeNow(), what);
        return work();
      });
    return {
      replace: (group, entries) => write('replacing due entries', () => inner.replace(group, entries)),
      claim: (now, limit, owner, leaseMs) =>
        write('claiming due entries', () => inner.claim(now, limit, owner, leaseMs)),
      done: (id) => write('marking a due entry done', () => inner.done(id)),
      forget: (group) => write('forgetting due entries', () => inner.forget(group)),
      size: () => this.call('counting due entries', () => inner.size()),
    };
  }

  records<T>(kind: string): RecordStore<T> {
    // Keys of their own ("conversation:m1") in the same keyv, so no key of a stream is ever touched.
    if (kind === 'meeting') throw new Error('"meeting" names the event streams, not records');
    if (kind === 'toivo-store') throw new Error('"toivo-store" names the store\'s own records');
    const keyv = this.keyv as unknown as Keyv<T>;
    const key = (id: string) => `${kind}:${id}`;
    // Errors name the kind, never the id: some ids are secrets (a browser's), some are accounts.
    const write = (what: string, work: () => Promise<unknown>) =>
      this.call(what, async () => {
        beforeWrite(currentDeadline() ?? storeNow(), what);
        await work();
      });
    return {
      get: (id) => this.call(`reading a ${kind} record`, () => keyv.get<T>(key(id))),
      getMany: async (ids) => {
        if (ids.length === 0) return [];
        // keyv reads one by one a store with no getMany of its own (a Map) and then takes any
        // failure for a missing record: such a store is read as `get` reads it, failures thrown.
        // So is a key that begins with the namespace (a namespace named as a kind): `get` does not
        // prefix it again, keyv's getMany would.
        const prefixed = keyv.useKeyPrefix && keyv.namespace ? `${keyv.namespace}:` : undefined;
        const many =
          (keyv.opts.store as { getMany?: unknown }).getMany !== undefined &&
          !(prefixed && ids.some((id) => key(id).startsWith(prefixed)));
        const read = many
          ? () => keyv.getMany<T>(ids.map(key))
          : () => Promise.all(ids.map((id) => keyv.get<T>(key(id))));
        const found = await this.call(`reading ${kind} records`, read);
        if (found.length !== ids.length) throw new Error(`reading ${kind} records: not one for each id`);
        return found;
      },
      set: (id, value, ttlMs) => write(`writing a ${kind} record`, () => keyv.set(key(id), value, ttlMs)),
      delete: (id) => write(`deleting a ${kind} record`, () => keyv.delete(key(id))),
      withLock: (id, work) => this.locked(`${this.keyv.namespace ?? ''}:${key(id)}`, work, undefined, false),
    };
  }

  async erase(streamId: string): Promise<void> {
    const what = `erasing ${streamId}`;
    const rows = this.options.rows;
    this.cache.invalidate(streamId);
    try {
      await this.withLock(streamId, () =>
        this.call(what, async () => {
          beforeWrite(currentDeadline() ?? storeNow(), what);
          if (rows) await rows.erase(streamId);
          else await this.keyv.delete(this.key(streamId));
        }),
      );
    } finally {
      this.cache.invalidate(streamId);
    }
  }

  async streamIds(): Promise<readonly string[]> {
    const { raw } = this.options;
    if (!raw) throw new Error('this store cannot list its streams');
    const prefix = raw.keyOf(this.key(''));
    const keys = await this.call('listing the streams', () => raw.keys(), undefined, BULK_TIMEOUT_MS);
    return keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  async compact(): Promise<void> {
    const compact = this.options.compact;
    if (compact) await this.call('compacting the files', compact, undefined, BULK_TIMEOUT_MS);
  }

  /**
   * Writes every value again sealed with the current key (streams, records, the due index; plain
   * ones and those sealed with a previous key), each only if it is unchanged since it was read, so
   * that it is safe while bot instances run. Passes repeat until one finds nothing left; then the
   * check value is sealed with the current key too, and the previous keys are no longer needed.
   */
  async reencrypt(): Promise<ReencryptReport> {
    const { raw, resealDue } = this.options;
    const cipher = this.cipher;
    if (!cipher.enabled)
      throw new EncryptionKeyError('ENCRYPTION_KEY is not set: there is no key to encrypt with', 'no-key');
    if (!raw) throw new Error('this store cannot re-encrypt its values');
    const check = raw.keyOf(CHECK_KEY);
    const report = { values: 0, due: 0 };
    for (let pass = 0; pass < 5; pass++) {
      let values = 0;
      for (const key of await raw.keys()) if (key !== check && (await this.reseal(raw, key))) values++;
      values += (await this.options.rows?.reseal((body) => this.resealed(body))) ?? 0;
      const due = (await resealDue?.()) ?? 0;
      report.values += values;
      report.due += due;
      if (values + due === 0) {
        await this.reseal(raw, check);
        return report;
      }
    }
    throw new Error('Values kept changing while they were re-encrypted: run it again');
  }

  /** A stored text sealed with the current key; undefined when it already is. */
  private resealed(stored: string): string | undefined {
    return this.cipher.isStale(stored) ? this.cipher.seal(this.cipher.open(stored)) : undefined;
  }

  /** One value written again with the current key, when it is not already; true when written. */
  private async reseal(raw: RawValues, key: string): Promise<boolean> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const stored = await raw.get(key);
      if (stored === undefined || !this.cipher.isStale(stored)) return false;
      if (await raw.replaceIf(key, stored, this.cipher.seal(this.cipher.open(stored)))) return true;
    }
    throw new Error('A value kept changing while it was re-encrypted: run it again');
  }

  close(): Promise<void> {
    this.availability?.close();
    this.cache.clear();
    this.closing ??= (async () => {
      await this.keyv.disconnect();
      await this.options.onClose?.();
    })();
    return this.closing;
  }

  private key(streamId: string): string {
    return `meeting:${streamId}`;
  }
}

/**
 * The command ids to remember, from those recorded in order: each once (where it was last
 * recorded), the newest MAX_COMMAND_IDS. Kept ids and those recorded after them give the same as
 * all of them would: remembered([...remembered(a), ...b]) is remembered([...a, ...b]).
 */
function remembered(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (let i = ids.length - 1; i >= 0 && kept.length < MAX_COMMAND_IDS; i--) {
    const id = ids[i] as string;
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push(id);
  }
  return kept.reverse();
}

/** A stream handed out: frozen, with its arrays (the events in it are frozen as they are parsed). */
function frozenStream<E>(
  version: number,
  events: E[],
  commandIds: string[],
  lineage: string | undefined,
): StoredStream<E> {
  const stream = { version, events: Object.freeze(events), commandIds: Object.freeze(commandIds) };
  // Not enumerable: it says where the data came from, and is no part of it (a copy goes without it).
  if (lineage !== undefined) Object.defineProperty(stream, 'lineage', { value: lineage, enumerable: false });
  return Object.freeze(stream);
}

/** The stream of what `assemble` made. */
const streamOf = <E>(found: CachedStream<E> | StoredStream<E>): StoredStream<E> =>
  'text' in found ? found.stream : found;

/** Events as a reader of the store gets them back (through JSON), frozen: never the caller's own objects. */
const copied = <E>(events: readonly E[]): E[] =>
  events.length === 0 ? [] : (JSON.parse(JSON.stringify(events)) as E[]).map(deepFreeze);

/** A stream as stored, checked to be one; undefined when there is none. */
function checked<E>(streamId: string, stored: StoredStream<E> | undefined): StoredStream<E> | undefined {
  if (stored === undefined) return undefined;
  if (!Array.isArray(stored.events) || stored.events.length !== stored.version) {
    throw new MalformedStreamError(`Stored stream ${streamId} is malformed`);
  }
  return stored;
}
