/**
 * Runs the core for the channels: load a meeting under its lock, decide, save with a version
 * check, report. Every channel goes through here; there is no side door into the core.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  type Command,
  decide,
  type Event,
  evolve,
  isRejection,
  type Locale,
  type Meeting,
  type Rejection,
  reject,
  replay,
} from '../core/index.js';
import { describeRejection } from '../i18n/index.js';
import { StoreUnavailableError } from '../store/deadline.js';
import type { EventStore, StoredStream } from '../store/event-store.js';

/** A meeting as folded from its stream, and the stream's lineage where the store gave one. */
interface Folded {
  readonly meeting: Meeting;
  readonly lineage?: string;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type Outcome =
  | {
      readonly ok: true;
      /** The meeting before this step, as loaded under the lock (undefined for a new one). */
      readonly before: Meeting | undefined;
      readonly meeting: Meeting;
      readonly events: readonly Event[];
      /** The step had been applied before (a platform retry): nothing new happened. */
      readonly duplicate: boolean;
    }
  | {
      readonly ok: false;
      readonly rejection: Rejection;
      readonly message: string;
      readonly meeting?: Meeting;
    };

/** What one click stands for: who acts, and the commands to apply together, all or none. */
export interface Step {
  /** The participant acting; undefined for someone not (yet) in the meeting. */
  readonly actor?: string;
  readonly commands: readonly Command[];
}

/** Works out a step from the meeting as it is under the lock, or refuses (a stale card, say). */
export type Plan = (meeting: Meeting | undefined) => Step | Rejection;

export interface ApplyOptions {
  /** The platform's id for this click (activity id, Slack trigger): a retry with the same id is not applied twice. */
  readonly commandId?: string;
  /** Language of a refusal when it is not the meeting's own. */
  readonly locale?: Locale;
  /**
   * When the step must be saved by (ms since the epoch, this machine's clock); else the store's
   * own timeout from now. Past it, nothing of the step is written, and it is refused with
   * `store.unavailable`: the person may try again in a moment.
   */
  readonly deadline?: number;
}

export interface DispatchOptions extends ApplyOptions {
  /** The participant acting; undefined for a self-join. */
  readonly actor?: string;
}

/**
 * How a refused click's id is kept among the stream's command ids: the id, a separator no platform
 * id holds, and the refusal, so that a retry is answered with it.
 */
const REFUSED = '\u001f';
const refusalId = (commandId: string, rejection: Rejection): string =>
  `${commandId}${REFUSED}${JSON.stringify(rejection)}`;
function refusalOf(commandIds: readonly string[], commandId: string): Rejection | undefined {
  const kept = commandIds.find((id) => id.startsWith(`${commandId}${REFUSED}`));
  if (!kept) return undefined;
  const rejection: unknown = JSON.parse(kept.slice(commandId.length + 1));
  return isRejection(rejection) ? rejection : undefined;
}

/** Meetings whose state is kept in memory; older ones are replayed from the store when needed. */
const CACHE_SIZE = 500;

/** How often to retry when another bot instance saved first; a rare event, since saves are locked. */
const CONFLICT_RETRIES = 5;

export class MeetingService {
  /**
   * The last meeting state seen per id, with the stream's lineage it was folded from (see
   * `StoredStream.lineage`), so that a busy meeting is not replayed on every click: a stream of the
   * same lineage that has grown (another instance's click) is folded on from it.
   */
  private readonly cache = new Map<string, Folded>();
  private key: Promise<Buffer> | undefined;
  private readonly erased = new Set<string>();

  constructor(
    private readonly store: EventStore<Event>,
    readonly clock: Clock = systemClock,
    private readonly newId: () => string = () => `m-${randomUUID()}`,
  ) {}

  async get(meetingId: string): Promise<Meeting | undefined> {
    const stream = await this.store.load(meetingId);
    return stream ? this.rebuild(meetingId, stream) : undefined;
  }

  /** The id of every meeting kept, in no particular order. */
  ids(): Promise<readonly string[]> {
    return this.store.streamIds();
  }

  async events(meetingId: string): Promise<readonly Event[]> {
    return (await this.store.load(meetingId))?.events ?? [];
  }

  /**
   * The id a new meeting gets: derived from the click's id, so that a retried form cannot create
   * two, with a key of this store's own, so that nobody can work an id out from what the platform
   * shows (a click's id is no secret). Without a click id, random.
   */
  async newMeetingId(commandId: string | undefined): Promise<string> {
    if (!commandId) return this.newId();
    const key = await this.idKey();
    return `m-${createHmac('sha256', key).update(commandId).digest('base64url').slice(0, 22)}`;
  }

  /** The key meeting ids are made with: made once, kept in the store, the same for every instance. */
  private idKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const secrets = this.store.records<{ readonly key: string }>('secret');
      return secrets.withLock('meeting-ids', async () => {
        const known = await secrets.get('meeting-ids');
        if (known) return Buffer.from(known.key, 'base64');
        const key = randomBytes(32);
        await secrets.set('meeting-ids', { key: key.toString('base64') });
        return key;
      });
    })();
    // A store that failed is asked again next time, not remembered as failed.
    this.key.catch(() => {
      this.key = undefined;
    });
    return this.key;
  }

  /** Starts a meeting from an invitation; the convener becomes its first participant. */
  async create(
    command: Extract<Command, { type: 'meeting.create' }>,
    options: ApplyOptions = {},
  ): Promise<Outcome> {
    return this.dispatch(await this.newMeetingId(options.commandId), command, options);
  }

  /** One command by one actor: a step of its own. */
  dispatch(meetingId: string, command: Command, options: DispatchOptions = {}): Promise<Outcome> {
    const { actor } = options;
    return this.apply(meetingId, () => ({ ...(actor ? { actor } : {}), commands: [command] }), options);
  }

  /**
   * Loads the meeting under its lock, works out the step from it, decides every command of the
   * step against the meeting as the earlier ones left it, and saves all their events in one
   * versioned append. One refusal refuses the whole step: nothing of it is saved.
   *
   * The lock, the load and the append share one deadline; a store that does not answer by then
   * (or cannot be reached) refuses the step with `store.unavailable`, and nothing of it is written
   * afterwards (the store checks the deadline before each write, and the backend when it arrives).
   */
  async apply(meetingId: string, plan: Plan, options: ApplyOptions = {}): Promise<Outcome> {
    try {
      return await this.store.withLock(
        meetingId,
        async () => {
          for (let attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
            const outcome = await this.attempt(meetingId, plan, options);
            if (outcome !== 'conflict') return outcome;
          }
          return this.rejected(reject('busy'), undefined, options.locale);
        },
        options.deadline === undefined ? undefined : { deadline: options.deadline },
      );
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // What the cache holds may be ahead of the store (a write whose answer was lost): read again.
      this.cache.delete(meetingId);
      return this.rejected(reject('store.unavailable'), undefined, options.locale);
    }
  }

  private async attempt(meetingId: string, plan: Plan, options: ApplyOptions): Promise<Outcome | 'conflict'> {
    const stream = await this.store.load(meetingId);
    const before = stream ? this.rebuild(meetingId, stream) : undefined;
    if (before && options.commandId && stream?.commandIds.includes(options.commandId)) {
      return { ok: true, before, meeting: before, events: [], duplicate: true };
    }
    // A click refused before is refused again, the same way, whatever has changed since.
    const refusedBefore = options.commandId
      ? refusalOf(stream?.commandIds ?? [], options.commandId)
      : undefined;
    if (refusedBefore) return this.rejected(refusedBefore, before, options.locale);
    const step = plan(before);
    if (isRejection(step)) return this.rejected(step, before, options.locale);
    const now = this.clock.now().toISOString();
    const events: Event[] = [];
    let meeting = before;
    for (const command of step.commands) {
      const result = decide(meeting, command, { now, actor: step.actor, meetingId });
      if (isRejection(result)) {
        // Remembered with the click's id (the store's contract), so that a retry is not applied later.
        if (stream && options.commandId) {
          const noted = await this.store.append(
            meetingId,
            stream.version,
            [],
            refusalId(options.commandId, result),
          );
          if (!noted.ok) return 'conflict';
        }
        return this.rejected(result, before, options.locale);
      }
      events.push(...result);
      meeting = result.reduce<Meeting | undefined>(evolve, meeting);
    }
    if (!meeting) return this.rejected(reject('meeting.not_found'), undefined, options.locale);
    if (events.length === 0) return { ok: true, before, meeting, events, duplicate: false };
    const saved = await this.store.append(meetingId, stream?.version ?? 0, events, options.commandId);
    if (!saved.ok) {
      this.cache.delete(meetingId);
      return 'conflict';
    }
    // An append keeps the lineage of the stream it was made on.
    this.remember(meeting, stream?.lineage);
    return { ok: true, before, meeting, events, duplicate: false };
  }

  private rejected(rejection: Rejection, meeting: Meeting | undefined, locale: Locale | undefined): Outcome {
    const lang = locale ?? meeting?.invitation.locale ?? 'fi';
    return {
      ok: false,
      rejection,
      message: describeRejection(lang, rejection),
      ...(meeting ? { meeting } : {}),
    };
  }

  /**
   * The meeting at the stream's version: from the cache when it is current, folded on from it when
   * the stream has only grown since (the same lineage), else replayed.
   */
  private rebuild(meetingId: string, stream: StoredStream<Event>): Meeting {
    const cached = this.cache.get(meetingId);
    const sameHistory =
      cached !== undefined &&
      (cached.lineage === undefined || stream.lineage === undefined || cached.lineage === stream.lineage);
    if (cached && sameHistory && cached.meeting.version === stream.version) return cached.meeting;
    const grown =
      cached !== undefined &&
      cached.lineage !== undefined &&
      cached.lineage === stream.lineage &&
      cached.meeting.version < stream.version;
    const meeting = grown
      ? (stream.events
          .slice(cached.meeting.version)
          .reduce<Meeting | undefined>(evolve, cached.meeting) as Meeting)
      : (replay(stream.events) as Meeting);
    this.remember(meeting, stream.lineage);
    return meeting;
  }

  /** Keeps the newest states only: a Map iterates in insertion order, so the first key is the oldest. */
  private remember(meeting: Meeting, lineage: string | undefined): void {
    this.cache.delete(meeting.id);
    this.cache.set(meeting.id, lineage === undefined ? { meeting } : { meeting, lineage });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }

  /**
   * Rewrites a meeting's history (a person erased on request) under its lock: `change` gives the
   * whole new stream, longer than the old one. Undefined when there is no such meeting.
   */
  async rewrite(
    meetingId: string,
    change: (events: readonly Event[]) => Event[],
  ): Promise<Meeting | undefined> {
    return this.store.withLock(meetingId, async () => {
      const stream = await this.store.load(meetingId);
      if (!stream) return undefined;
      const events = change(stream.events);
      this.cache.delete(meetingId);
      const saved = await this.store.rewrite(meetingId, stream.version, events);
      // Under the lock nobody else writes: a conflict is a store that failed us.
      if (!saved.ok) throw new Error(`the history of meeting ${meetingId} changed while it was rewritten`);
      const meeting = replay(events) as Meeting;
      // Its lineage is new: known at the next load.
      this.remember(meeting, undefined);
      return meeting;
    });
  }

  /**
   * Whether this instance erased the meeting since it started: what a click decided just before
   * the erasure (its reminders, its account lists) is then not written after it.
   */
  wasErased(meetingId: string): boolean {
    return this.erased.has(meetingId);
  }

  /** Erases a meeting and everything said in it. */
  async erase(meetingId: string): Promise<void> {
    this.erased.add(meetingId);
    this.cache.delete(meetingId);
    await this.store.erase(meetingId);
  }
}
