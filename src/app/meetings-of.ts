/**
 * Which meetings each chat account takes part in, for a person's own overview (Slack's App Home:
 * "my meetings", "my commitments"). Kept beside the meetings in the same store, updated as people
 * are invited, linked or removed.
 */
import type { Event, Meeting } from '../core/index.js';
import type { RecordStore } from '../store/record-store.js';

export interface AccountMeetings {
  /** Meeting ids, the one joined last first. */
  readonly meetings: readonly string[];
}

/** Events after which the meeting's accounts may differ. */
const MEMBERSHIP: ReadonlySet<Event['type']> = new Set<Event['type']>([
  'meeting.created',
  'invitee.added',
  'invitee.removed',
  'participant.joined',
  'account.linked',
]);

/** How many meetings an account's list keeps: an overview, not an archive. */
export const KEPT = 50;

export class MeetingsOf {
  constructor(private readonly records: RecordStore<AccountMeetings>) {}

  /** Keeps the lists right after a click: the meeting's accounts have it, a removed person's no longer. */
  async note(before: Meeting | undefined, after: Meeting, events: readonly Event[]): Promise<void> {
    if (!events.some((e) => MEMBERSHIP.has(e.type))) return;
    const now = new Set(after.participants.flatMap((p) => (p.chatUserId ? [p.chatUserId] : [])));
    const gone = (before?.participants ?? []).flatMap((p) =>
      p.chatUserId && !now.has(p.chatUserId) ? [p.chatUserId] : [],
    );
    await Promise.all([
      ...[...now].map((account) =>
        this.change(account, (ids) => [after.id, ...ids.filter((id) => id !== after.id)]),
      ),
      ...gone.map((account) => this.change(account, (ids) => ids.filter((id) => id !== after.id))),
    ]);
  }

  /**
   * Makes the lists agree with the meeting's accounts as they are (a catch-up after a change the
   * store did not take, or the sweep at start): each of `accounts` has it, each of `gone` no longer.
   * `first`: a missing one is put first (it changed just now); else last, where there is room.
   */
  async keep(
    meetingId: string,
    accounts: readonly string[],
    gone: readonly string[],
    first: boolean,
  ): Promise<void> {
    await Promise.all([
      ...accounts.map((account) =>
        this.change(account, (ids) => {
          if (ids.includes(meetingId)) return ids;
          if (first) return [meetingId, ...ids];
          return ids.length < KEPT ? [...ids, meetingId] : ids;
        }),
      ),
      ...gone.map((account) => this.change(account, (ids) => ids.filter((id) => id !== meetingId))),
    ]);
  }

  async of(account: string): Promise<readonly string[]> {
    return (await this.records.get(account))?.meetings ?? [];
  }

  /** An erased meeting leaves every list it was on. */
  async forget(meeting: Meeting): Promise<void> {
    const accounts = meeting.participants.flatMap((p) => (p.chatUserId ? [p.chatUserId] : []));
    await Promise.all(accounts.map((a) => this.change(a, (ids) => ids.filter((id) => id !== meeting.id))));
  }

  /** One account leaves one meeting's list (erased from it on request). */
  leave(account: string, meetingId: string): Promise<void> {
    return this.change(account, (ids) => ids.filter((id) => id !== meetingId));
  }

  private change(account: string, edit: (ids: readonly string[]) => readonly string[]): Promise<void> {
    return this.records.withLock(account, async () => {
      const ids = (await this.records.get(account))?.meetings ?? [];
      const next = edit(ids).slice(0, KEPT);
      if (next.length === ids.length && next.every((id, i) => id === ids[i])) return;
      if (next.length === 0) await this.records.delete(account);
      else await this.records.set(account, { meetings: next });
    });
  }
}
