import type { Keyv } from 'keyv';
import type { BackendLock } from './backend-lock.js';
import type { DueStore } from './due-store.js';
import type { AppendResult, EventStore, StoredStream } from './event-store.js';
import { KeyedLock } from './keyed-lock.js';
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
}

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
