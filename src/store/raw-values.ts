/**
 * The keyv values of one namespace as the backend stores them (serialized, and sealed when
 * encrypted), for re-encrypting and migrating them in place, and for reading a stream's head. Each
 * backend gives its own: keyv has no compare-and-set, and a value the bot changes meanwhile must
 * not be overwritten with an old one.
 */
export interface RawValues {
  /** Every key of the namespace, as the backend names it. */
  keys(): Promise<readonly string[]>;
  /** The stored text of a key, undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Writes `next` when the stored text is still `previous` (its time to live kept); false when it had changed. */
  replaceIf(key: string, previous: string, next: string): Promise<boolean>;
  /** The backend's name of a keyv key (with the namespace). */
  keyOf(key: string): string;
}

/**
 * What a conditional write (`StreamRows.commit`) did: 'late' when refused because the backend's
 * own clock said the deadline had passed, 'changed' when what it was conditional on had changed.
 */
export type WriteIf = 'written' | 'changed' | 'late';

import { storeNow } from './deadline.js';

/** `text` with SQL LIKE's wildcards escaped by a backslash (use with `ESCAPE '\'`). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** `text` with Redis glob's special characters escaped. */
export const escapeGlob = (text: string): string => text.replace(/[\\*?[\]^-]/g, '\\$&');

/**
 * How far a backend's clock is from this machine's, for handing it deadlines: measured a few
 * times, the sample with the shortest round trip kept (its error is at most half of that trip).
 */
export class ClockOffset {
  /** The backend's time minus this machine's, in ms. */
  offsetMs = 0;

  constructor(private readonly serverNow: () => Promise<number>) {}

  async measure(samples = 3): Promise<void> {
    let best: { trip: number; offset: number } | undefined;
    for (let i = 0; i < samples; i++) {
      const before = storeNow();
      const server = await this.serverNow();
      const after = storeNow();
      const sample = { trip: after - before, offset: server - (before + after) / 2 };
      if (!best || sample.trip < best.trip) best = sample;
    }
    if (best) this.offsetMs = best.offset;
  }

  /** `deadline` on the backend's clock. */
  toServer(deadline: number): number {
    return Math.floor(deadline + this.offsetMs);
  }
}
