/** Drives a meeting through the real core, keeping the event log like the app does. */
import assert from 'node:assert/strict';
import {
  type Command,
  type Context,
  decide,
  type Event,
  evolve,
  isRejection,
  type Meeting,
  notAnswered,
  notHeardOnceDone,
  type Rejection,
} from '../../src/core/index.js';

/** The driver's clock at the start: a Monday morning in Helsinki, before the realistic meeting. */
export const TEST_NOW = '2026-11-23T09:00:00+02:00';

export class MeetingDriver {
  meeting: Meeting | undefined;
  readonly events: Event[] = [];
  now: string;

  constructor(now = TEST_NOW) {
    this.now = now;
  }

  get m(): Meeting {
    assert.ok(this.meeting, 'no meeting yet');
    return this.meeting;
  }

  /** The participant id of the person with this name. */
  id(name: string): string {
    const p = this.m.participants.find((x) => x.name === name);
    assert.ok(p, `no participant named ${name}`);
    return p.id;
  }

  try(actor: string | undefined, command: Command, ctx: Partial<Context> = {}): readonly Event[] | Rejection {
    const result = decide(this.meeting, command, { now: this.now, actor, meetingId: 'm1', ...ctx });
    if (!isRejection(result)) {
      for (const e of result) {
        this.meeting = evolve(this.meeting, e);
        this.events.push(e);
      }
    }
    return result;
  }

  /** Runs a command that must be accepted. */
  do(actorName: string | undefined, command: Command): readonly Event[] {
    const actor = actorName && this.meeting ? this.id(actorName) : undefined;
    const result = this.try(actor, command);
    assert.ok(
      !isRejection(result),
      `${command.type} by ${actorName} was rejected: ${JSON.stringify(result)}`,
    );
    return result;
  }

  /** Runs a command that must be rejected with `code`, and checks that nothing changed. */
  rejects(actorName: string | undefined, command: Command, code: string): Rejection {
    const before = this.meeting;
    const actor = actorName && this.meeting ? this.id(actorName) : undefined;
    const result = this.try(actor, command);
    assert.ok(isRejection(result), `${command.type} by ${actorName} was accepted, expected ${code}`);
    assert.equal(result.code, code);
    assert.equal(this.meeting, before, 'a rejection must leave the meeting as it was');
    return result;
  }

  /** Closing the meeting as the chair confirms it, told who has not answered the poll. */
  closeAnyway(): Command {
    return { type: 'meeting.close', without: notAnswered(this.m).map((p) => p.id) };
  }

  /** Skipping the phase as the chair confirms it, told who is not yet heard in its round. */
  skipAnyway(reason: string): Command {
    return { type: 'phase.skip', reason, without: notHeardOnceDone(this.m).map((p) => p.id) };
  }

  advance(minutes: number): void {
    this.now = new Date(Date.parse(this.now) + minutes * 60_000).toISOString();
  }
}
