/**
 * Retention: a meeting is deleted automatically `days` days after its last change, once its time
 * has passed, and never while a follow-up meeting of it is still to be held (the follow-up opens
 * by reviewing its commitments). Toivo is a working tool: the memo belongs in the client record,
 * and Toivo's own copy does not linger.
 *
 * Kept in the store's due-time index like reminders, so that the deletion survives restarts and
 * happens once across instances: each meeting has one entry, set when it is called together (its
 * time plus the retention) and when it ends; when the entry falls due the meeting's last change
 * decides, and a meeting changed since (a task marked done after the meeting) is looked at again
 * later rather than deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Event, Meeting } from '../core/index.js';
import type { DueStore } from '../store/due-store.js';
import { followUpIdOf } from './followups.js';
import type { Clock, MeetingService } from './meeting-service.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an instance holds a deletion it took before another may take it. */
const LEASE_MS = 5 * 60 * 1000;
const BATCH = 50;

/** The default of RETENTION_DAYS. */
export const DEFAULT_RETENTION_DAYS = 90;

/** What a retention entry holds: the meeting's id alone. */
export interface RetentionEntry {
  readonly meetingId: string;
}

/** Events after which a meeting's own retention time may be another. */
const SETS: ReadonlySet<Event['type']> = new Set<Event['type']>([
  'meeting.created',
  'invitation.updated',
  'meeting.closed',
  'meeting.cancelled',
]);

export class Retention {
  private readonly owner = randomUUID();

  constructor(
    private readonly meetings: MeetingService,
    private readonly due: DueStore<RetentionEntry>,
    private readonly clock: Clock,
    /** Erases one meeting completely (the app's own erasure, without its follow-ups). */
    private readonly erase: (meetingId: string) => Promise<void>,
    private readonly days = DEFAULT_RETENTION_DAYS,
  ) {}

  /** After a change: the meeting's entry, when the change can move it. */
  async changed(meeting: Meeting, events: readonly Event[]): Promise<void> {
    if (!events.some((e) => SETS.has(e.type))) return;
    await this.schedule(meeting, events.at(-1)?.at);
  }

  /** Sets when `meeting` may be deleted, its last change being at `last` (by default now). */
  schedule(meeting: Meeting, last = this.clock.now().toISOString()): Promise<void> {
    return this.set(meeting.id, this.timeOf(meeting, last));
  }

  /** When `meeting` may be deleted, its last change being `last`. */
  private timeOf(meeting: Meeting, last: string): number {
    const { startsAt, durationMinutes } = meeting.invitation;
    const ends = Date.parse(startsAt) + durationMinutes * 60_000;
    return Math.max(Date.parse(last), Number.isNaN(ends) ? 0 : ends) + this.days * DAY_MS;
  }

  private set(meetingId: string, at: number): Promise<void> {
    return this.due.replace(meetingId, [
      { id: `retention:${meetingId}:${at}`, dueAt: at, value: { meetingId } },
    ]);
  }

  /** An erased meeting's entry. */
  forget(meetingId: string): Promise<void> {
    return this.due.forget(meetingId);
  }

  /** Deletes the meetings whose time has come; says which. */
  async tick(): Promise<readonly string[]> {
    const deleted: string[] = [];
    for (;;) {
      const now = this.clock.now().getTime();
      const batch = await this.due.claim(now, BATCH, this.owner, LEASE_MS);
      // An entry taken is never marked done: the meeting's erasure forgets it, or a later time replaces it.
      for (const { value } of batch)
        if (await this.expire(value.meetingId, now)) deleted.push(value.meetingId);
      if (batch.length < BATCH) return deleted;
    }
  }

  /** Deletes the meeting if its time has come; else sets when to look again. True when deleted. */
  private async expire(meetingId: string, now: number): Promise<boolean> {
    const events = await this.meetings.events(meetingId);
    const meeting = await this.meetings.get(meetingId);
    const last = events.at(-1)?.at;
    if (!meeting || !last) {
      await this.due.forget(meetingId);
      return false;
    }
    let at = this.timeOf(meeting, last);
    // The follow-up meeting reviews this one's commitments: this one stays while the follow-up is to come.
    const next = await this.meetings.get(followUpIdOf(meetingId));
    if (next) {
      const nextLast = (await this.meetings.events(next.id)).at(-1)?.at ?? last;
      at = Math.max(at, this.timeOf(next, nextLast));
    }
    if (at > now) {
      await this.set(meetingId, at);
      return false;
    }
    await this.erase(meetingId);
    return true;
  }
}
