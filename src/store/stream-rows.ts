import type { WriteIf } from './raw-values.js';

/**
 * A meeting's stream as the backends keep it beside keyv: a small head (a keyv value, `meeting:<id>`:
 * version, how many rows, where the last segment ends) and the events in rows of their own, one row
 * per append, never rewritten: bytes written per append do not grow with the meeting. Every
 * SEGMENT_ROWS appends, the rows written since the last segment are merged into one (a snapshot of
 * that stretch), so that a long meeting loads in a few dozen rows rather than thousands.
 *
 * Rows are numbered 0, 1, 2 … (`seq`); a segment takes the place of the first row it merges. Every write is
 * one atomic step in the backend: the head is replaced when it is still the one read (and the
 * deadline has not passed on the backend's clock), row `seq` is put, and every row after it is
 * deleted (rows a segment now covers, or left by an earlier stream of the same id).
 */
export interface StreamRows {
  /**
   * The head's stored text and the rows, read together (one snapshot): every row, or those from
   * `fromSeq` on (at most `lastRows` of them, the newest), found by the backend's index (the
   * rows before `fromSeq` are not read).
   */
  read(streamId: string, fromSeq?: number, lastRows?: number): Promise<StoredRows>;
  /** See above: `head` replaces `previous` (undefined: there is none), row `seq` is put, later ones go. */
  commit(
    streamId: string,
    previous: string | undefined,
    head: string,
    seq: number,
    body: string,
    deadline: number,
  ): Promise<WriteIf>;
  /** The head and every row of the stream, removed in one step. */
  erase(streamId: string): Promise<void>;
  /**
   * Every row of the namespace written again as `reseal` returns it (undefined: left as it is), each
   * only if it is unchanged since it was read; says how many were written.
   */
  reseal(reseal: (body: string) => string | undefined): Promise<number>;
}

export interface StoredRows {
  readonly head: string | undefined;
  readonly rows: readonly StoredRow[];
}

export interface StoredRow {
  readonly seq: number;
  readonly body: string;
}

/** How many appends' rows are merged into one segment. */
export const SEGMENT_ROWS = 64;

/** The head of a stream kept in rows. */
export interface StreamHead {
  readonly format: 2;
  /** The number of events. */
  readonly version: number;
  /** The number of rows (the next row's `seq`). */
  readonly rows: number;
  /** Where the rows not yet merged into a segment begin. */
  readonly tail: number;
  /**
   * Random, new for each lineage of the stream: given when it is created, rewritten (a person
   * erased) or migrated, and kept by every append. Within a lineage the head never repeats
   * (`tail` only grows, and `rows` grows while it stays), so a head's text names one state of
   * one stream: a reader that kept the stream as of a head knows it still holds when the text is
   * the same, and that only rows were added when the epoch is. Heads written before it have none
   * (they are read whole; the next append gives them one).
   */
  readonly epoch?: string;
}

/** What one row holds: the events it adds, and the command ids recorded with them. */
export interface RowBody<E> {
  readonly e: readonly E[];
  readonly c: readonly string[];
}

export const isStreamHead = (value: unknown): value is StreamHead =>
  typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 2;
