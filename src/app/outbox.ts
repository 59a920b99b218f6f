/**
 * Deliveries that failed and wait to be tried again, kept in the store so that a restart does not
 * lose them: the memo to someone whose Slack was briefly unreachable still arrives. An instance
 * takes an entry before trying it, so two instances never send the same delivery twice.
 */
import type { RecordStore } from '../store/record-store.js';
import type { ChannelName, Delivery } from './deliveries.js';

export interface Pending {
  readonly id: string;
  /** The channel that carries it: only that channel's port can. */
  readonly channel: ChannelName;
  readonly meetingId?: string;
  readonly delivery: Delivery;
  /** Tries so far that failed. */
  readonly attempt: number;
  /** When to try next, in milliseconds since the epoch. */
  readonly dueAt: number;
}

interface Kept {
  readonly pending: readonly Pending[];
}

const KEY = 'pending';
/** A bound on what waits, so that a platform down for days cannot fill the store; the oldest go first. */
export const OUTBOX_MAX = 1000;

export class Outbox {
  constructor(private readonly records: RecordStore<Kept>) {}

  private change(edit: (pending: readonly Pending[]) => readonly Pending[]): Promise<readonly Pending[]> {
    return this.records.withLock(KEY, async () => {
      const before = (await this.records.get(KEY))?.pending ?? [];
      const after = edit(before);
      if (after.length === 0) await this.records.delete(KEY);
      else await this.records.set(KEY, { pending: after });
      return before;
    });
  }

  /** Keeps `entry` (replacing an entry of the same id); says how many older ones had to go. */
  async put(entry: Pending): Promise<number> {
    let dropped = 0;
    await this.change((pending) => {
      const kept = [...pending.filter((p) => p.id !== entry.id), entry];
      dropped = Math.max(0, kept.length - OUTBOX_MAX);
      return kept.slice(dropped);
    });
    return dropped;
  }

  /** Takes an entry to try it: undefined when another instance took it first. */
  async take(id: string): Promise<Pending | undefined> {
    const before = await this.change((pending) => pending.filter((p) => p.id !== id));
    return before.find((p) => p.id === id);
  }

  async waiting(channel: ChannelName): Promise<readonly Pending[]> {
    return ((await this.records.get(KEY))?.pending ?? []).filter((p) => p.channel === channel);
  }
}
