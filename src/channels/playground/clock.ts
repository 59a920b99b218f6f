/** The playground's clock: real time, plus however far the user has moved it forward. */
import type { Clock } from '../../app/index.js';

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

  /**
   * Moves time forward by `minutes`, a whole number from 1 to a year's minutes (never back: events
   * must stay in order), and says whether it did; anything else, or a step past a century ahead
   * of real time, moves nothing.
   */
  advance(minutes: number): boolean {
    if (!Number.isSafeInteger(minutes) || minutes <= 0 || minutes > MAX_STEP_MINUTES) return false;
    const offset = this.offsetMs + minutes * MINUTE_MS;
    if (offset > MAX_OFFSET_MS || !Number.isFinite(new Date(this.real() + offset).getTime())) return false;
    this.offsetMs = offset;
    return true;
  }
}
