/**
 * The app as channels see it: one object over the store that handles a click, carries out what
 * it delivers through the channel's port, and serves the memo. Channels reach meetings only here.
 */
import { createHash } from 'node:crypto';
import type { Submission, Who } from '../cards/submit.js';
import {
  DEFAULT_REMINDER_POLICY,
  type Event,
  type Locale,
  type Meeting,
  type Reminder,
  type ReminderPolicy,
} from '../core/index.js';
import type { EventStore } from '../store/event-store.js';
import type { RecordStore } from '../store/record-store.js';
import { AccessLog } from './access-log.js';
import { Aftercare } from './aftercare.js';
import type { CalendarFile } from './calendar.js';
import { calendarFile, followUpCalendarFile } from './calendar-file.js';
import { type ConversationRecord, Conversations } from './conversations.js';
import type { Delivery } from './deliveries.js';
import { Erasure } from './erasure.js';
import { type ExportFile, type ExportFormat, Exports } from './export.js';
import { FollowUps } from './followups.js';
import { type Handled, type HandleOptions, Interactions } from './interactions.js';
import { type Clock, MeetingService, systemClock } from './meeting-service.js';
import { type AccountMeetings, MeetingsOf } from './meetings-of.js';
import { type MemoFile, mayReadMemo, memoFile, NOT_REVIEWED } from './memo-file.js';
import { Outbox } from './outbox.js';
import {
  type ChannelPort,
  Deliverer,
  type DeliveryReport,
  type FailureLog,
  type RetryPolicy,
} from './port.js';
import { Retention, type RetentionEntry } from './retention.js';
import { Upkeep } from './upkeep.js';

/** How long a platform's delivery id is remembered. */
const SEEN_MS = 24 * 60 * 60 * 1000;

export interface AppOptions {
  readonly clock?: Clock;
  /** Where failed deliveries are told; a line each, never a card's text. */
  readonly log?: FailureLog;
  /** When failed deliveries are tried again. */
  readonly retry?: RetryPolicy;
  /** When reminders go out; each unset part keeps the default. */
  readonly reminders?: Partial<ReminderPolicy>;
  /** Days after its last change that a meeting over is deleted (RETENTION_DAYS). */
  readonly retentionDays?: number;
}

export class App {
  readonly meetings: MeetingService;
  readonly conversations: Conversations;
  readonly interactions: Interactions;
  readonly deliverer: Deliverer;
  readonly meetingsOf: MeetingsOf;
  /** Reminders after the meeting: kept in the store, sent when due through the channels' ports. */
  readonly aftercare: Aftercare;
  /** Follow-up meetings, made from the first when it closes. */
  readonly followUps: FollowUps;
  /** Deletes meetings whose time is over, on the aftercare's tick. */
  readonly retention: Retention;
  /** Who read or exported each meeting, and when. */
  readonly access: AccessLog;
  /** What a change leaves to keep beside the meeting (lists, reminders, retention), caught up when the store failed it. */
  readonly upkeep: Upkeep;
  private readonly exports: Exports;
  private readonly seen: RecordStore<{ readonly at: string }>;
  /** Erasure of a meeting or of one person, on request; retention uses it too. */
  readonly erasure: Erasure;

  constructor(
    private readonly store: EventStore<Event>,
    options: AppOptions = {},
  ) {
    this.meetings = new MeetingService(store, options.clock ?? systemClock);
    this.conversations = new Conversations(store.records<ConversationRecord>('conversation'));
    this.meetingsOf = new MeetingsOf(store.records<AccountMeetings>('meetings-of'));
    this.deliverer = new Deliverer(
      this.conversations,
      options.log,
      options.retry,
      new Outbox(store.records('outbox')),
    );
    this.aftercare = new Aftercare(
      this.meetings,
      this.conversations,
      this.deliverer,
      store.due<Reminder>('reminders'),
      this.meetings.clock,
      options.log ?? ((line) => console.warn(line)),
      { ...DEFAULT_REMINDER_POLICY, ...options.reminders },
    );
    this.followUps = new FollowUps(
      this.meetings,
      this.conversations,
      this.meetingsOf,
      this.deliverer,
      (channel) => this.aftercare.portOf(channel),
      options.log ?? ((line) => console.warn(line)),
    );
    this.aftercare.useFollowUps(this.followUps);
    this.access = new AccessLog(store.records('access'));
    this.erasure = new Erasure({
      store,
      meetings: this.meetings,
      meetingsOf: this.meetingsOf,
      conversations: this.conversations,
      aftercare: this.aftercare,
      retention: () => this.retention,
      deliverer: this.deliverer,
      access: this.access,
    });
    this.retention = new Retention(
      this.meetings,
      store.due<RetentionEntry>('retention'),
      this.meetings.clock,
      (id) => this.erasure.one(id),
      options.retentionDays,
    );
    this.aftercare.useRetention(this.retention);
    this.upkeep = new Upkeep({
      meetings: this.meetings,
      meetingsOf: this.meetingsOf,
      aftercare: this.aftercare,
      retention: this.retention,
      redraw: (id) => this.redraw(id),
      log: options.log ?? ((line) => console.warn(line)),
    });
    this.aftercare.useUpkeep(this.upkeep);
    this.interactions = new Interactions(
      this.meetings,
      this.conversations,
      this.upkeep,
      this.followUps,
      this.erasure,
    );
    this.seen = store.records('seen');
    this.exports = new Exports(this.meetings, this.access);
  }

  /** A click, decided and delivered: what every channel does with what a person did. */
  async click(
    meetingId: string | undefined,
    submission: Submission,
    who: Who,
    port: ChannelPort,
    options: HandleOptions = {},
  ): Promise<{ readonly handled: Handled; readonly reports: readonly DeliveryReport[] }> {
    const handled = await this.decide(meetingId, submission, who, options);
    return { handled, reports: await this.deliver(handled, port) };
  }

  /**
   * A click decided and saved, with nothing delivered yet: for a channel that must answer the
   * platform with part of it first (a Slack modal's submit answers with the next form or errors).
   */
  decide(meetingId: string | undefined, submission: Submission, who: Who, options: HandleOptions = {}) {
    return this.interactions.handle(meetingId, submission, who, options);
  }

  /** Carries out what a decided click delivers (by default all of it) through `port`. */
  deliver(
    handled: Handled,
    port: ChannelPort,
    deliveries: readonly Delivery[] = handled.deliveries,
  ): Promise<readonly DeliveryReport[]> {
    return this.deliverer.deliver(handled.meetingId, deliveries, port);
  }

  /**
   * Tries again, through `port`, the deliveries of its channel that failed and still wait (also
   * those an earlier run of Toivo left): for a channel that starts. Says how many there were.
   */
  resume(port: ChannelPort): Promise<number> {
    return this.deliverer.resume(port);
  }

  /** Draws a meeting's conversation anew through `port`: for a channel that lost what it had drawn. */
  async catchUp(meetingId: string, port: ChannelPort): Promise<readonly DeliveryReport[]> {
    return this.deliverer.deliver(meetingId, await this.interactions.catchUp(meetingId), port);
  }

  /** Draws a meeting's conversation anew through the port of the channel it lives in, if one is here. */
  private async redraw(meetingId: string): Promise<void> {
    const conversation = (await this.conversations.get(meetingId))?.conversation;
    const port = conversation && this.aftercare.portOf(conversation.channel);
    if (port) await this.deliverer.deliver(meetingId, await this.interactions.catchUp(meetingId), port);
  }

  /**
   * Small records a channel keeps beside the meetings, in the same store and so shared by every
   * instance (Slack: the own views people have open). Each kind is the channel's own.
   */
  records<T>(kind: string): RecordStore<T> {
    return this.store.records<T>(`channel-${kind}`);
  }

  /**
   * True the first time a platform's delivery id is seen, false for a retry of it: for what
   * changes no meeting (a help answer) but must still happen once. Kept in the store, so several
   * instances agree.
   */
  async firstTime(delivery: string): Promise<boolean> {
    // Kept by a digest of the id: an id may name a meeting, which must not outlive its erasure.
    const id = createHash('sha256').update(delivery).digest('base64url');
    return this.seen.withLock(id, async () => {
      if (await this.seen.get(id)) return false;
      // Platforms retry within minutes; a day is plenty, and the record then goes by itself.
      await this.seen.set(id, { at: this.meetings.clock.now().toISOString() }, SEEN_MS);
      return true;
    });
  }

  memo(meetingId: string, locale?: Locale): Promise<MemoFile | undefined> {
    return memoFile(this.meetings, meetingId, locale);
  }

  /**
   * The memo read by `account` (a download): noted in the meeting's access log. A draft only for
   * its reviewers: anyone else in the meeting is told it has not been reviewed yet.
   */
  async memoFor(
    meetingId: string,
    account: string,
    locale?: Locale,
  ): Promise<MemoFile | typeof NOT_REVIEWED | undefined> {
    const meeting = await this.meetings.get(meetingId);
    const reader = meeting?.participants.find((p) => p.chatUserId === account);
    if (!meeting || !reader) return undefined;
    if (!mayReadMemo(meeting, reader.id)) return NOT_REVIEWED;
    await this.exports.memoRead(meeting, account);
    return memoFile(this.meetings, meetingId, locale);
  }

  /**
   * The meeting's chain (the meetings it follows up and its follow-ups) exported for the client
   * record, for its convener, chair or responsible worker; undefined for anyone else, as for a
   * meeting that is not there. Noted in each meeting's access log.
   */
  export(
    meetingId: string,
    account: string,
    format: ExportFormat,
    locale?: Locale,
  ): Promise<ExportFile | undefined> {
    return this.exports.export(meetingId, account, format, locale);
  }

  /** The meeting's invitation as a calendar file (.ics): a changed one updates it, a cancelled one cancels it. */
  calendar(meetingId: string, locale?: Locale): Promise<CalendarFile | undefined> {
    return calendarFile(this.meetings, meetingId, locale);
  }

  /** The follow-up meeting `meetingId` agreed, as a calendar file: before it is created too. */
  followUpCalendar(meetingId: string, locale?: Locale): Promise<CalendarFile | undefined> {
    return followUpCalendarFile(this.meetings, meetingId, locale);
  }

  /**
   * The meetings one account takes part in, the one joined last first: for a person's own
   * overview. Erased meetings are left out.
   */
  async meetingsFor(account: string): Promise<readonly Meeting[]> {
    const ids = await this.meetingsOf.of(account);
    const found = await Promise.all(ids.map((id) => this.meetings.get(id)));
    return found.filter((m): m is Meeting => m !== undefined);
  }

  /**
   * Whether Toivo can do its work: its store answers within its deadline. For health and
   * readiness checks; the detail names no address and no secret.
   */
  async health(): Promise<{ readonly ok: boolean; readonly detail: string }> {
    try {
      await this.store.ping();
      return { ok: true, detail: 'store: up' };
    } catch {
      return { ok: false, detail: 'store: down' };
    }
  }

  /**
   * Lets a channel forget what it keeps about a meeting of its own (the views people have open,
   * a chat's list of meetings) when the meeting is erased, here or by retention.
   */
  onErase(eraser: (meetingId: string) => Promise<void>): void {
    this.erasure.onErase(eraser);
  }

  /**
   * Erases a meeting and the follow-up meetings made from it (they hold copies of what it agreed):
   * everything said in them, their reminders, deliveries waiting to be tried again, where they
   * were posted, who took part, and what the channels keep about them. Says which were erased.
   */
  erase(meetingId: string): Promise<readonly string[]> {
    return this.erasure.meeting(meetingId);
  }
}
