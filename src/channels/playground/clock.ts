/** The playground's clock: real time, plus however far the user has moved it forward. */
import type { App, Clock, RecordStore } from '../../app/index.js';

const MINUTE_MS = 60_000;
/** The most the clock moves in one step: a year (a leap year's days). */
export const MAX_STEP_MINUTES = 366 * 24 * 60;
/** The most it moves in all: a century ahead keeps every date, reminder and calendar file valid. */
const MAX_OFFSET_MS = 100 * 366 * 24 * 60 * MINUTE_MS;

export class SimulatedClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly real: () => number = Date.now) {}

  now(): Date {
    return new Date(this.real() + this.offsetMs);
  }

  /** How far ahead of real time it is, in milliseconds: kept, so that a restart goes on from there. */
  get ahead(): number {
    return this.offsetMs;
  }

  /**
   * How far ahead it would be after moving forward by `minutes`, a whole number from 1 to a year's
   * minutes (never back: events must stay in order); undefined for anything else, or a step past a
   * century ahead of real time.
   */
  reach(minutes: unknown): number | undefined {
    if (typeof minutes !== 'number' || !Number.isSafeInteger(minutes)) return undefined;
    if (minutes <= 0 || minutes > MAX_STEP_MINUTES) return undefined;
    const offset = this.offsetMs + minutes * MINUTE_MS;
    if (offset > MAX_OFFSET_MS || !Number.isFinite(new Date(this.real() + offset).getTime()))
      return undefined;
    return offset;
  }

  /** Moves time forward by `minutes` (see `reach`), and says whether it did. */
  advance(minutes: number): boolean {
    const offset = this.reach(minutes);
    if (offset === undefined) return false;
    this.offsetMs = offset;
    return true;
  }

  /**
   * Goes on from where a run before this one left it (`ahead`, as it was kept): only forward, and
   * within a century; anything else leaves it where it is. Says whether it moved.
   */
  resume(ahead: unknown): boolean {
    if (typeof ahead !== 'number' || !Number.isSafeInteger(ahead)) return false;
    if (ahead <= this.offsetMs || ahead > MAX_OFFSET_MS) return false;
    this.offsetMs = ahead;
    return true;
  }
}

/** Where the clock is kept: how far ahead it is, in the store beside the meetings. */
export const keptClock = (app: App): RecordStore<{ readonly ahead: number }> =>
  app.records('playground-clock');
export const CLOCK_KEY = 'clock';

/** Sets `clock` where the last run left it (at start, before anything happens at its time). */
export async function resumeClock(app: App, clock: SimulatedClock): Promise<void> {
  const kept = await keptClock(app).get(CLOCK_KEY);
  if (kept) clock.resume(kept.ahead);
}
