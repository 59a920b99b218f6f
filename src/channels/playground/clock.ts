/** The playground's clock: real time, plus however far the user has moved it forward. */
import type { Clock } from '../../app/index.js';

export class SimulatedClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly real: () => number = Date.now) {}

  now(): Date {
    return new Date(this.real() + this.offsetMs);
  }

  /** Moves time forward (never back: events must stay in order). */
  advance(minutes: number): void {
    if (!Number.isFinite(minutes) || minutes <= 0) return;
    this.offsetMs += Math.round(minutes) * 60_000;
  }
}
