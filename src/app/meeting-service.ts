/**
 * Runs the core for the channels: load a meeting, decide, save with a version check, report.
 * Every channel (Teams, Slack, playground) goes through here; there is no side door into the core.
 */
import { createHash, randomUUID } from 'node:crypto';
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
import type { EventStore } from '../store/event-store.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type Outcome =
  | {
      readonly ok: true;
      readonly meeting: Meeting;
      readonly events: readonly Event[];
      /** The command had been applied before (a platform retry or a double click): nothing new happened. */
      readonly duplicate: boolean;
    }
  | {
      readonly ok: false;
      readonly rejection: Rejection;
      readonly message: string;
      readonly meeting?: Meeting;
    };

export interface DispatchOptions {
  /** The participant acting; undefined for a self-join. */
  readonly actor?: string;
  /** The platform's id for this action (activity id, Slack event id): a retry with the same id is not applied twice. */
  readonly commandId?: string;
  /** Language of the answer when it is not the meeting's own. */
  readonly locale?: Locale;
}

/** Meetings whose state is kept in memory; older ones are replayed from the store when needed. */
const CACHE_SIZE = 500;

/** How often to retry when another bot instance saved first; a rare event, since saves are locked. */
const CONFLICT_RETRIES = 5;

export class MeetingService {
  /** The last meeting state seen per id, so that a busy meeting is not replayed on every click. */
  private readonly cache = new Map<string, Meeting>();

  constructor(
    private readonly store: EventStore<Event>,
    private readonly clock: Clock = systemClock,
    private readonly newId: () => string = randomUUID,
  ) {}

  async get(meetingId: string): Promise<Meeting | undefined> {
    const stream = await this.store.load(meetingId);
    return stream ? this.rebuild(meetingId, stream.events) : undefined;
  }

  async events(meetingId: string): Promise<readonly Event[]> {
    return (await this.store.load(meetingId))?.events ?? [];
  }

  /**
   * Starts a meeting from an invitation; the convener becomes its first participant. With a
   * command id the meeting id derives from it, so a retried form submission cannot create two.
   */
  async create(
    command: Extract<Command, { type: 'meeting.create' }>,
    options: DispatchOptions = {},
  ): Promise<Outcome> {
    const id = options.commandId
      ? `m-${createHash('sha256').update(options.commandId).digest('hex').slice(0, 20)}`
      : this.newId();
    return this.dispatch(id, command, options);
  }

  async dispatch(meetingId: string, command: Command, options: DispatchOptions = {}): Promise<Outcome> {
    return this.store.withLock(meetingId, async () => {
      for (let attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
        const outcome = await this.attempt(meetingId, command, options);
        if (outcome !== 'conflict') return outcome;
      }
      return this.rejected(reject('busy'), undefined, options.locale);
    });
  }

  private async attempt(
    meetingId: string,
    command: Command,
    options: DispatchOptions,
  ): Promise<Outcome | 'conflict'> {
    const stream = await this.store.load(meetingId);
    const meeting = stream ? this.rebuild(meetingId, stream.events) : undefined;
    if (meeting && options.commandId && stream?.commandIds.includes(options.commandId)) {
      return { ok: true, meeting, events: [], duplicate: true };
    }
    const result = decide(meeting, command, {
      now: this.clock.now().toISOString(),
      actor: options.actor,
      meetingId,
    });
    if (isRejection(result)) return this.rejected(result, meeting, options.locale);
    const saved = await this.store.append(meetingId, stream?.version ?? 0, result, options.commandId);
    if (!saved.ok) {
      this.cache.delete(meetingId);
      return 'conflict';
    }
    const next = result.reduce<Meeting | undefined>(evolve, meeting) as Meeting;
    this.remember(next);
    return { ok: true, meeting: next, events: result, duplicate: false };
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

  /** The meeting at the stream's version: from the cache when it is current, else replayed. */
  private rebuild(meetingId: string, events: readonly Event[]): Meeting {
    const cached = this.cache.get(meetingId);
    if (cached && cached.version === events.length) return cached;
    const meeting = replay(events) as Meeting;
    this.remember(meeting);
    return meeting;
  }

  /** Keeps the newest states only: a Map iterates in insertion order, so the first key is the oldest. */
  private remember(meeting: Meeting): void {
    this.cache.delete(meeting.id);
    this.cache.set(meeting.id, meeting);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** Erases a meeting and everything said in it. */
  async erase(meetingId: string): Promise<void> {
    this.cache.delete(meetingId);
    await this.store.erase(meetingId);
  }
}
