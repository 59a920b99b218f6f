/**
 * The playground's chat, as the channel port sees it: conversations whose cards are posted and
 * updated in place, each person's direct messages, and the form or notice meant for one person.
 * Held in memory; after a restart the app catches a conversation up from the store.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelPort, Delivery, DeliveryResult, Meeting } from '../../app/index.js';
import type { Surface } from '../../cards/render.js';
import type { ViewContext } from '../../cards/view-models/common.js';

/** A card as the chat holds it: drawn for each viewer when the page asks, as Teams refreshes a card per user. */
export interface HeldCard {
  readonly id: string;
  readonly surface: Surface;
  readonly view: ViewContext;
}

type Private = { form?: HeldCard; notice?: HeldCard };

/**
 * What the page's meeting list shows of a meeting (its purpose, when it is and whose it is), as
 * the newest card about it was drawn: the list is made from these, never from the meetings.
 */
export interface MeetingSummary {
  readonly version: number;
  readonly purpose: string;
  readonly startsAt: string;
  readonly timeZone: string;
  /** The client's first name; empty when there is none. */
  readonly client: string;
}

export const summaryOf = (meeting: Meeting): MeetingSummary => ({
  version: meeting.version,
  purpose: meeting.invitation.purpose,
  startsAt: meeting.invitation.startsAt,
  timeZone: meeting.invitation.timeZone,
  client: meeting.participants.find((p) => p.role === 'client')?.name.split(' ')[0] ?? '',
});

const OK: DeliveryResult = { ok: true };

export class PlaygroundChat implements ChannelPort {
  readonly channel = 'playground' as const;
  /** Conversation id → its cards, in the order they were first posted. */
  private readonly conversations = new Map<string, HeldCard[]>();
  /** Meeting id → the conversation it lives in. */
  private readonly meetings = new Map<string, string>();
  /** Account → direct messages, oldest first. */
  private readonly directs = new Map<string, HeldCard[]>();
  /** Account → the form or notice waiting to be shown to them. */
  private readonly privates = new Map<string, Private>();
  /** Meeting id → its summary, from the newest card of its conversation. */
  private readonly summaries = new Map<string, MeetingSummary>();

  async send(d: Extract<Delivery, { kind: 'post' }>): Promise<DeliveryResult> {
    const card = { id: randomUUID(), surface: d.surface, view: d.view };
    this.cardsOf(d.conversation.id, d.view).push(card);
    return { ok: true, messageId: card.id };
  }

  async update(d: Extract<Delivery, { kind: 'update' }>, messageId: string): Promise<DeliveryResult> {
    const cards = this.cardsOf(d.conversation.id, d.view);
    const card = { id: messageId, surface: d.surface, view: d.view };
    const i = cards.findIndex((c) => c.id === messageId);
    // A message posted before a restart is not in memory: it is drawn anew where it belongs.
    if (i >= 0) cards[i] = card;
    else cards.push(card);
    return OK;
  }

  async openForm(d: Extract<Delivery, { kind: 'form' }>): Promise<DeliveryResult> {
    this.privateOf(d.to.account).form = { id: randomUUID(), surface: d.surface, view: d.view };
    return OK;
  }

  async notify(d: Extract<Delivery, { kind: 'notice' }>): Promise<DeliveryResult> {
    this.privateOf(d.to.account).notice = { id: randomUUID(), surface: d.surface, view: d.view };
    return OK;
  }

  async direct(d: Extract<Delivery, { kind: 'direct' }>): Promise<DeliveryResult> {
    const list = this.directs.get(d.to.account) ?? [];
    list.push({ id: randomUUID(), surface: d.surface, view: d.view });
    this.directs.set(d.to.account, list);
    return OK;
  }

  /** The cards of a meeting's conversation; undefined when this chat has not seen it (since a restart). */
  conversation(meetingId: string): readonly HeldCard[] | undefined {
    const id = this.meetings.get(meetingId);
    return id === undefined ? undefined : this.conversations.get(id);
  }

  /** The meetings whose cards this chat holds, in the order first seen (a follow-up after its first). */
  meetingIds(): readonly string[] {
    return [...this.meetings.keys()];
  }

  /** The meeting's summary as its newest card in a conversation showed it; undefined when none is held. */
  summary(meetingId: string): MeetingSummary | undefined {
    return this.summaries.get(meetingId);
  }

  /** Keeps `meeting`'s summary unless a newer one is held: the list's title of a meeting read from the store. */
  noteSummary(meeting: Meeting): MeetingSummary {
    const held = this.summaries.get(meeting.id);
    if (held && held.version >= meeting.version) return held;
    const summary = summaryOf(meeting);
    this.summaries.set(meeting.id, summary);
    return summary;
  }

  /** Whether two meetings live in one conversation (a meeting and its follow-up do). */
  together(a: string, b: string): boolean {
    const conversation = this.meetings.get(a);
    return conversation !== undefined && conversation === this.meetings.get(b);
  }

  /** Forgets an erased meeting: its cards, in its conversation and in anyone's messages. */
  forget(meetingId: string): void {
    const about = (c: HeldCard) => c.view.meeting?.id === meetingId;
    const conversation = this.meetings.get(meetingId);
    this.meetings.delete(meetingId);
    this.summaries.delete(meetingId);
    if (conversation !== undefined) {
      const left = (this.conversations.get(conversation) ?? []).filter((c) => !about(c));
      if (left.length > 0) this.conversations.set(conversation, left);
      else this.conversations.delete(conversation);
    }
    for (const [account, list] of this.directs)
      this.directs.set(
        account,
        list.filter((c) => !about(c)),
      );
    for (const waiting of this.privates.values()) {
      if (waiting.form && about(waiting.form)) delete waiting.form;
      if (waiting.notice && about(waiting.notice)) delete waiting.notice;
    }
  }

  /** One person's direct messages about one meeting. */
  directMessages(account: string, meetingId: string): readonly HeldCard[] {
    return (this.directs.get(account) ?? []).filter((c) => c.view.meeting?.id === meetingId);
  }

  /** The form and notice waiting for one person; shown once. */
  takePrivate(account: string): Private {
    const waiting = this.privates.get(account) ?? {};
    this.privates.delete(account);
    return waiting;
  }

  private cardsOf(conversationId: string, view: ViewContext): HeldCard[] {
    if (view.meeting) {
      this.meetings.set(view.meeting.id, conversationId);
      this.noteSummary(view.meeting);
    }
    const cards = this.conversations.get(conversationId) ?? [];
    this.conversations.set(conversationId, cards);
    return cards;
  }

  private privateOf(account: string): Private {
    const waiting = this.privates.get(account) ?? {};
    this.privates.set(account, waiting);
    return waiting;
  }
}
