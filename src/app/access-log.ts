/**
 * Who read or exported a meeting, and when: an audit trail a worker can show the client. It says
 * who and what kind of reading (the memo, an export), never what was read. Kept beside the meeting
 * in the same store, and erased with it.
 */
import type { RecordStore } from '../store/record-store.js';

export type AccessKind = 'memo' | 'export.markdown' | 'export.json';

export interface Access {
  readonly at: string;
  /** The participant who read it (an id of the meeting's own: names are the meeting's to tell). */
  readonly by: string;
  readonly what: AccessKind;
}

interface Trail {
  readonly entries: readonly Access[];
}

/** How many readings a meeting's trail keeps, the oldest going first. */
export const TRAIL_MAX = 500;

export class AccessLog {
  constructor(private readonly records: RecordStore<Trail>) {}

  async note(meetingId: string, access: Access): Promise<void> {
    await this.records.withLock(meetingId, async () => {
      const entries = (await this.records.get(meetingId))?.entries ?? [];
      await this.records.set(meetingId, { entries: [...entries, access].slice(-TRAIL_MAX) });
    });
  }

  async of(meetingId: string): Promise<readonly Access[]> {
    return (await this.records.get(meetingId))?.entries ?? [];
  }

  async erase(meetingId: string): Promise<void> {
    await this.records.withLock(meetingId, () => this.records.delete(meetingId));
  }
}
