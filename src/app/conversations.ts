/**
 * The conversation each meeting lives in, and the messages Toivo posted there: one per shared
 * card, updated in place. Kept beside the meeting's events, in the same store.
 */
import type { RecordStore } from '../store/record-store.js';
import type { Conversation, Delivery, SharedSurface } from './deliveries.js';
import type { ChannelPort, DeliveryResult } from './port.js';

export interface PostedMessage {
  readonly id: string;
  /** The meeting's version the message was last drawn from. */
  readonly version: number;
}

export interface ConversationRecord {
  readonly conversation: Conversation;
  readonly messages: Partial<Readonly<Record<SharedSurface, PostedMessage>>>;
}

type Shared = Extract<Delivery, { kind: 'post' | 'update' }>;

const GONE: DeliveryResult = { ok: true };

/** Places kept in memory at most; past it, they are read again. */
const PLACES_KEPT = 10_000;

export class Conversations {
  /**
   * Where each meeting lives, once read here: a place is set once, when the meeting is called
   * together, and never changes, so a click needs no read of it. Erasing forgets it; a meeting
   * erased by another instance finds no record when its card is to be shown, and is not shown.
   */
  private readonly places = new Map<string, Conversation>();

  constructor(private readonly records: RecordStore<ConversationRecord>) {}

  async get(meetingId: string): Promise<ConversationRecord | undefined> {
    return this.records.get(meetingId);
  }

  /** Where a meeting lives, from memory when it has been read here before. */
  async place(meetingId: string): Promise<Conversation | undefined> {
    const kept = this.places.get(meetingId);
    if (kept) return kept;
    const conversation = (await this.records.get(meetingId))?.conversation;
    if (conversation) this.keep(meetingId, conversation);
    return conversation;
  }

  private keep(meetingId: string, conversation: Conversation): void {
    if (this.places.size >= PLACES_KEPT) this.places.clear();
    this.places.set(meetingId, conversation);
  }

  /** Where a meeting lives; set once, when it is called together. */
  async settle(meetingId: string, conversation: Conversation): Promise<Conversation> {
    return this.records.withLock(meetingId, async () => {
      const known = await this.records.get(meetingId);
      if (known) return known.conversation;
      await this.records.set(meetingId, { conversation, messages: {} });
      return conversation;
    });
  }

  /**
   * Shows a card in the conversation: posts it the first time, afterwards draws the same message
   * again. One card at a time per meeting, so two clicks never post a card twice; a drawing
   * older than the one already shown (a slow delivery overtaken by a later click) is left out.
   */
  show(meetingId: string, delivery: Shared, port: ChannelPort): Promise<DeliveryResult> {
    return this.records.withLock(meetingId, async () => {
      const record = await this.records.get(meetingId);
      // Every meeting's conversation is settled before its first card: none means it was erased,
      // and a card drawn before that is not shown, nor its meeting noted again.
      if (!record) return GONE;
      const version = delivery.view.meeting?.version ?? 0;
      const posted = record.messages[delivery.surface];
      if (posted && posted.version > version) return { ok: true, messageId: posted.id };
      const result = posted
        ? await port.update({ ...delivery, kind: 'update' }, posted.id)
        : await port.send({ ...delivery, kind: 'post' });
      const id = posted?.id ?? (result.ok ? result.messageId : undefined);
      if (result.ok && id) {
        await this.records.set(meetingId, {
          ...record,
          messages: { ...record.messages, [delivery.surface]: { id, version } },
        });
      }
      return result;
    });
  }

  /**
   * Takes a message already in the conversation as the one that shows `surface` (Teams: the
   * invitation form becomes the invitation it sent), so the card is drawn there, not posted again.
   */
  async adopt(meetingId: string, surface: SharedSurface, messageId: string): Promise<void> {
    await this.records.withLock(meetingId, async () => {
      const record = await this.records.get(meetingId);
      if (!record || record.messages[surface]) return;
      await this.records.set(meetingId, {
        ...record,
        messages: { ...record.messages, [surface]: { id: messageId, version: 0 } },
      });
    });
  }

  async erase(meetingId: string): Promise<void> {
    this.places.delete(meetingId);
    await this.records.withLock(meetingId, () => this.records.delete(meetingId));
    this.places.delete(meetingId);
  }
}
