/**
 * Deliveries that failed and wait to be tried again, kept in the store so that a restart does not
 * lose them: the memo to someone whose Slack was briefly unreachable still arrives. An instance
 * takes an entry before trying it, so two instances never send the same delivery twice. Each entry
 * is a record of its own; a small index of ids says which wait.
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

interface Index {
  readonly ids: readonly string[];
}

const INDEX = 'index';
/** A bound on what waits, so that a platform down for days cannot fill the store; the oldest go first. */
export const OUTBOX_MAX = 1000;
/** An entry nobody took is kept this long at most. */
const KEPT_MS = 7 * 24 * 60 * 60 * 1000;

export class Outbox {
  constructor(
    private readonly records: RecordStore<Index | Pending>,
    private readonly max = OUTBOX_MAX,
  ) {}

  private key = (id: string) => `entry:${id}`;

  /** Changes the index under its lock; gives the ids before the change. */
  private index(edit: (ids: readonly string[]) => readonly string[]): Promise<readonly string[]> {
    return this.records.withLock(INDEX, async () => {
      const before = ((await this.records.get(INDEX)) as Index | undefined)?.ids ?? [];
      const after = edit(before);
      if (after.length === 0) await this.records.delete(INDEX);
      else await this.records.set(INDEX, { ids: after });
      return before;
    });
  }

  /** Keeps `entry` (replacing an entry of the same id); says how many older ones had to go. */
  async put(entry: Pending): Promise<number> {
    await this.records.set(this.key(entry.id), entry, KEPT_MS);
    let dropped: string[] = [];
    await this.index((ids) => {
      const kept = [...ids.filter((id) => id !== entry.id), entry.id];
      dropped = kept.slice(0, Math.max(0, kept.length - this.max));
      return kept.slice(dropped.length);
    });
    await Promise.all(dropped.map((id) => this.records.delete(this.key(id))));
    return dropped.length;
  }

  /** Takes an entry to try it: undefined when another instance took it first. */
  async take(id: string): Promise<Pending | undefined> {
    const before = await this.index((ids) => ids.filter((x) => x !== id));
    if (!before.includes(id)) return undefined;
    const entry = (await this.records.get(this.key(id))) as Pending | undefined;
    await this.records.delete(this.key(id));
    return entry;
  }

  /** Drops what waits for an erased meeting: nothing of it is sent, nor kept. Says the ids dropped. */
  async drop(meetingId: string): Promise<readonly string[]> {
    const ids = ((await this.records.get(INDEX)) as Index | undefined)?.ids ?? [];
    const entries = (await this.records.getMany(ids.map(this.key))) as (Pending | undefined)[];
    const theirs = entries.flatMap((p) => (p?.meetingId === meetingId ? [p.id] : []));
    if (theirs.length === 0) return [];
    await this.index((kept) => kept.filter((id) => !theirs.includes(id)));
    await Promise.all(theirs.map((id) => this.records.delete(this.key(id))));
    return theirs;
  }

  async waiting(channel: ChannelName): Promise<readonly Pending[]> {
    const ids = ((await this.records.get(INDEX)) as Index | undefined)?.ids ?? [];
    const entries = (await this.records.getMany(ids.map(this.key))) as (Pending | undefined)[];
    return entries.filter((p): p is Pending => p !== undefined && p.channel === channel);
  }
}
