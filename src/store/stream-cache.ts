import type { StoredStream } from './event-store.js';
import type { StreamHead } from './stream-rows.js';

/**
 * A stream as this process last read or wrote it, with what is needed to bring it up to date from
 * the rows added since (see `KeyvEventStore.load`): its head's stored text (the proof that the
 * stream is still this one: a head's text never repeats, see `StreamHead.epoch`), the head read,
 * the stream handed out (frozen, events and all), and where its rows not yet in a segment begin.
 * Plain values, in memory only: nothing of it is written anywhere.
 */
export interface CachedStream<E> {
  readonly text: string;
  readonly head: StreamHead & { readonly epoch: string };
  readonly stream: StoredStream<E>;
  /** The number of events in the rows before `head.tail` (the segments). */
  readonly tailVersion: number;
  /** The command ids of the rows before `head.tail`, as `remembered` keeps them. */
  readonly tailIds: readonly string[];
  /** The command ids recorded in the rows from `head.tail` on, each as written (for the next segment). */
  readonly tailRowIds: readonly string[];
}

/** How many streams are kept at most, and how many events in all of them together. */
export const CACHE_STREAMS = 256;
export const CACHE_EVENTS = 100_000;

/**
 * The streams read or written last, least recently used first out: at most `maxStreams` of them and
 * `maxEvents` events in all (one stream longer than that is not kept). `generation` moves on at
 * every erasure, rewrite and close: a load begun before one does not put what it read in the cache.
 */
export class StreamCache<E> {
  private readonly entries = new Map<string, CachedStream<E>>();
  private events = 0;
  generation = 0;

  constructor(
    private readonly maxStreams = CACHE_STREAMS,
    private readonly maxEvents = CACHE_EVENTS,
  ) {}

  get(streamId: string): CachedStream<E> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  /**
   * Keeps `entry` when nothing was invalidated since `generation` was read, and what is kept is not
   * a later state of the same lineage (a load that read before an append ended after it).
   */
  set(streamId: string, entry: CachedStream<E>, generation: number): void {
    const held = this.entries.get(streamId);
    if (held && held.head.epoch === entry.head.epoch && later(held.head, entry.head)) return;
    this.delete(streamId);
    if (generation !== this.generation || entry.stream.version > this.maxEvents) return;
    this.entries.set(streamId, entry);
    this.events += entry.stream.version;
    for (const [id, oldest] of this.entries) {
      if (this.entries.size <= this.maxStreams && this.events <= this.maxEvents) break;
      this.entries.delete(id);
      this.events -= oldest.stream.version;
    }
  }

  delete(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (!entry) return;
    this.entries.delete(streamId);
    this.events -= entry.stream.version;
  }

  /** Forgets `streamId` and lets no load under way put it back. */
  invalidate(streamId: string): void {
    this.generation++;
    this.delete(streamId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.events = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Whether head `a` comes after `b` in one lineage: `tail` only grows, and `rows` while it stays. */
const later = (a: StreamHead, b: StreamHead): boolean =>
  a.tail > b.tail || (a.tail === b.tail && a.rows > b.rows);

/** `value` and everything in it made read-only (plain data, as parsed from JSON). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
