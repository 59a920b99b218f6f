/**
 * The app as channels see it: one object over the store that handles a click, carries out what
 * it delivers through the channel's port, and serves the memo. Channels reach meetings only here.
 */
import type { Submission, Who } from '../cards/submit.js';
import type { Event, Locale } from '../core/index.js';
import type { EventStore } from '../store/event-store.js';
import { type ConversationRecord, Conversations } from './conversations.js';
import { type Handled, type HandleOptions, Interactions } from './interactions.js';
import { type Clock, MeetingService, systemClock } from './meeting-service.js';
import { type MemoFile, memoFile } from './memo-file.js';
import { type ChannelPort, Deliverer, type DeliveryReport, type FailureLog } from './port.js';

export interface AppOptions {
  readonly clock?: Clock;
  /** Where failed deliveries are told; a line each, never a card's text. */
  readonly log?: FailureLog;
}

export class App {
  readonly meetings: MeetingService;
  readonly conversations: Conversations;
  readonly interactions: Interactions;
  readonly deliverer: Deliverer;

  constructor(store: EventStore<Event>, options: AppOptions = {}) {
    this.meetings = new MeetingService(store, options.clock ?? systemClock);
    this.conversations = new Conversations(store.records<ConversationRecord>('conversation'));
    this.interactions = new Interactions(this.meetings, this.conversations);
    this.deliverer = new Deliverer(this.conversations, options.log);
  }

  /** A click, decided and delivered: what every channel does with what a person did. */
  async click(
    meetingId: string | undefined,
    submission: Submission,
    who: Who,
    port: ChannelPort,
    options: HandleOptions = {},
  ): Promise<{ readonly handled: Handled; readonly reports: readonly DeliveryReport[] }> {
    const handled = await this.interactions.handle(meetingId, submission, who, options);
    const reports = await this.deliverer.deliver(handled.meetingId, handled.deliveries, port);
    return { handled, reports };
  }

  /** Draws a meeting's conversation anew through `port`: for a channel that lost what it had drawn. */
  async catchUp(meetingId: string, port: ChannelPort): Promise<readonly DeliveryReport[]> {
    return this.deliverer.deliver(meetingId, await this.interactions.catchUp(meetingId), port);
  }

  memo(meetingId: string, locale?: Locale): Promise<MemoFile | undefined> {
    return memoFile(this.meetings, meetingId, locale);
  }

  /** Erases a meeting, everything said in it and where it was posted. */
  async erase(meetingId: string): Promise<void> {
    await this.meetings.erase(meetingId);
    await this.conversations.erase(meetingId);
  }
}
