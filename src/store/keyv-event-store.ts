import type { Keyv } from 'keyv';
import type { BackendLock } from './backend-lock.js';
import type { DueStore } from './due-store.js';
import { EncryptionKeyError, ValueCipher } from './encryption.js';
import type { AppendResult, EventStore, StoredStream } from './event-store.js';
import { KeyedLock } from './keyed-lock.js';
import type { RawValues } from './raw-values.js';
import type { RecordStore } from './record-store.js';

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

const CONFLICT = { ok: false, reason: 'conflict' } as const;

/**
 * Each stream is one keyv value `meeting:<id>` holding `{version, events, commandIds}`.
 * The version check and the write happen under the stream's lock, so a stale append writes
 * nothing. Events must survive JSON (plain data).
 */
export class KeyvEventStore<E> implements EventStore<E> {
  private readonly locks: KeyedLock;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly keyv: Keyv<StoredStream<E>>,
    private readonly options: KeyvEventStoreOptions = {},
  ) {
    // Keyv's default reports a failed read as a missing key, which would look like a new
    // meeting and let an append at version 0 overwrite it.
    keyv.throwOnErrors = true;
    this.locks = new KeyedLock(options.lock);
    // Always wrapped, a key or not: without one, a sealed value is an error that says so, never garbage.
    const cipher = this.cipher;
    const serialize = keyv.serialize;
    const deserialize = keyv.deserialize;
    if (!serialize || !deserialize) throw new Error('the keyv store must serialize its values');
    keyv.serialize = async (data) => cipher.seal(await serialize(data));
    keyv.deserialize = async (text) => deserialize(cipher.open(text));
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
      return this;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async checkKey(): Promise<void> {
    let found: unknown;
    try {
      found = await this.keyv.get(CHECK_KEY);
    } catch (error) {
      if (!(error instanceof EncryptionKeyError) || error.reason !== 'damaged') throw error;
      throw new EncryptionKeyError(
        `ENCRYPTION_KEY does not open the data in this store: ${error.message}`,
        'wrong-key',
        { cause: error },
      );
    }
    if (found === undefined) {
      if (this.cipher.enabled) await this.keyv.set(CHECK_KEY, { check: CHECK_VALUE });
      return;
    }
    if ((found as { check?: unknown }).check !== CHECK_VALUE)
      throw new EncryptionKeyError(
        `ENCRYPTION_KEY does not open the data in this store: its check value (${CHECK_KEY}) is not what Toivo wrote`,
        'damaged',
      );
  }

  async load(streamId: string): Promise<StoredStream<E> | undefined> {
    const stored = await this.keyv.get<StoredStream<E>>(this.key(streamId));
    if (stored === undefined) return undefined;
    if (!Array.isArray(stored.events) || stored.events.length !== stored.version) {
      throw new Error(`Stored stream ${streamId} is malformed`);
    }
    return stored;
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly E[],
    commandId?: string,
  ): Promise<AppendResult> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(`expectedVersion must be a whole number ≥ 0, got ${expectedVersion}`);
    }
    return this.withLock(streamId, async () => {
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
      await this.keyv.set(this.key(streamId), next);
      return { ok: true, version: next.version };
    });
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
    return this.withLock(streamId, async () => {
      const current = await this.load(streamId);
      if ((current?.version ?? 0) !== expectedVersion) return CONFLICT;
      const next: StoredStream<E> = {
        version: events.length,
        events: [...events],
        commandIds: current?.commandIds ?? [],
      };
      await this.keyv.set(this.key(streamId), next);
      return { ok: true, version: next.version };
    });
  }

  withLock<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(`${this.keyv.namespace ?? ''}:${this.key(streamId)}`, work);
  }

  due<T>(kind: string): DueStore<T> {
    if (!this.options.due) throw new Error('this store keeps no due-time index');
    return this.options.due<T>(`${this.keyv.namespace ?? ''}:${kind}`);
  }

  records<T>(kind: string): RecordStore<T> {
    // Keys of their own ("conversation:m1") in the same keyv, so no key of a stream is ever touched.
    if (kind === 'meeting') throw new Error('"meeting" names the event streams, not records');
    if (kind === 'toivo-store') throw new Error('"toivo-store" names the store\'s own records');
    const keyv = this.keyv as unknown as Keyv<T>;
    const key = (id: string) => `${kind}:${id}`;
    const locked = <R>(id: string, work: () => Promise<R>) =>
      this.locks.run(`${this.keyv.namespace ?? ''}:${key(id)}`, work);
    return {
      get: (id) => keyv.get<T>(key(id)),
      set: async (id, value, ttlMs) => {
        await keyv.set(key(id), value, ttlMs);
      },
      delete: async (id) => {
        await keyv.delete(key(id));
      },
      withLock: locked,
    };
  }

  async erase(streamId: string): Promise<void> {
    await this.withLock(streamId, () => this.keyv.delete(this.key(streamId)));
  }

  async streamIds(): Promise<readonly string[]> {
    const { raw } = this.options;
    if (!raw) throw new Error('this store cannot list its streams');
    const prefix = raw.keyOf(this.key(''));
    return (await raw.keys()).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  async compact(): Promise<void> {
    await this.options.compact?.();
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
