import type { Clock } from '../../src/app/meeting-service.js';

/** The app's clock, moved by the tests. */
export class MovableClock implements Clock {
  constructor(private at: string) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: string): void {
    this.at = at;
  }
}
