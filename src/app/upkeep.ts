/**
 * What a change leaves to keep beside the meeting, outside its events: the meeting lists of the
 * accounts in it, its reminders, its retention time and the cards its conversation shows. All of
 * it follows from the meeting's events, so none of it can lose what was agreed, and none of it may
 * turn a saved change into an answer that says it failed (the person would do it again).
 *
 * It is done at once after each change. What the store could not take then (it stopped answering
 * right after the change was saved) is done again from the meeting as it is by then: on the next
 * tick while Toivo runs, and for every meeting kept when Toivo starts (after a crash).
 */
import { type Event, type Meeting, replay } from '../core/index.js';
import type { Aftercare } from './aftercare.js';
import type { MeetingService } from './meeting-service.js';
import type { MeetingsOf } from './meetings-of.js';
import type { FailureLog } from './port.js';
import type { Retention } from './retention.js';

/** A meeting whose upkeep is behind. */
interface Behind {
  /** The accounts it had before the first change not kept up: those no longer in it leave its list. */
  readonly accounts: Set<string>;
  /** Its conversation's cards were not drawn from a change: they are drawn again from its state. */
  redraw: boolean;
}

export interface UpkeepParts {
  readonly meetings: MeetingService;
  readonly meetingsOf: MeetingsOf;
  readonly aftercare: Aftercare;
  readonly retention: Retention;
  /** Draws the meeting's conversation again from its state, through its channel's port. */
  readonly redraw: (meetingId: string) => Promise<void>;
  readonly log: FailureLog;
}

const accountsOf = (m: Meeting | undefined): string[] =>
  (m?.participants ?? []).flatMap((p) => (p.chatUserId ? [p.chatUserId] : []));

const reason = (error: unknown): string => (error instanceof Error ? error.message : 'unknown');

export class Upkeep {
  private readonly behind = new Map<string, Behind>();

  constructor(private readonly parts: UpkeepParts) {}

  /** How many meetings wait to be caught up. */
  get waiting(): number {
    return this.behind.size;
  }

  /**
   * After a change was saved: its lists, reminders and retention time. Never throws: what the store
   * does not take now is caught up later.
   */
  async after(before: Meeting | undefined, after: Meeting, events: readonly Event[]): Promise<void> {
    const { meetings, meetingsOf, aftercare } = this.parts;
    // A click decided just before the meeting was erased leaves no list or schedule behind it.
    if (meetings.wasErased(after.id)) return;
    // Behind already: the catch-up does it from the latest state, in order.
    if (this.behind.has(after.id)) {
      this.fellBehind(after.id, before);
      return;
    }
    try {
      await meetingsOf.note(before, after, events);
      await aftercare.changed(after, events);
    } catch (error) {
      this.parts.log(`toivo upkeep: meeting ${after.id} is caught up later: ${reason(error)}`);
      this.fellBehind(after.id, before);
    }
  }

  /** The cards of `meetingId`'s conversation could not be drawn from a change: drawn again later. */
  redrawLater(meetingId: string, error: unknown): void {
    this.parts.log(`toivo upkeep: the cards of meeting ${meetingId} are drawn later: ${reason(error)}`);
    this.fellBehind(meetingId, undefined).redraw = true;
  }

  private fellBehind(meetingId: string, before: Meeting | undefined): Behind {
    const entry = this.behind.get(meetingId) ?? { accounts: new Set<string>(), redraw: false };
    for (const account of accountsOf(before)) entry.accounts.add(account);
    this.behind.set(meetingId, entry);
    return entry;
  }

  /**
   * Catches up the meetings behind, from their state now (on every tick); stops at the first the
   * store still fails, to try again on the next. Says how many were caught up.
   */
  async catchUp(): Promise<number> {
    let done = 0;
    for (const [meetingId, entry] of [...this.behind]) {
      try {
        await this.keep(meetingId, { former: entry.accounts, recent: true });
        if (entry.redraw) await this.parts.redraw(meetingId);
      } catch (error) {
        this.parts.log(`toivo upkeep: meeting ${meetingId} is still behind: ${reason(error)}`);
        break;
      }
      // A change that fell behind meanwhile was made into the same entry: caught up too, or left.
      if (this.behind.get(meetingId) === entry) this.behind.delete(meetingId);
      done += 1;
    }
    return done;
  }

  /**
   * Every meeting kept, from its events (at start): what a crash between a change and its upkeep
   * left undone is done, and meetings from before retention was kept get their time. Says how many
   * meetings were looked at.
   */
  async sweep(): Promise<number> {
    const ids = await this.parts.meetings.ids();
    for (const id of ids) await this.keep(id, { former: new Set(), recent: false });
    return ids.length;
  }

  /**
   * Makes everything kept beside one meeting what its events imply now. `recent`: it changed just
   * now, so an account missing it gets it first in its list; else (the sweep) last, where there is room.
   */
  private async keep(
    meetingId: string,
    how: { readonly former: ReadonlySet<string>; readonly recent: boolean },
  ): Promise<void> {
    const { meetings, meetingsOf, aftercare, retention } = this.parts;
    const events = await meetings.events(meetingId);
    const meeting = replay(events);
    const last = events.at(-1)?.at;
    if (!meeting || !last || meetings.wasErased(meetingId)) return;
    const now = new Set(accountsOf(meeting));
    await meetingsOf.keep(
      meetingId,
      [...now],
      [...how.former].filter((a) => !now.has(a)),
      how.recent,
    );
    await aftercare.reschedule(meeting);
    await retention.schedule(meeting, last);
  }
}
