/**
 * The channel port for Teams: what the app delivers, as Bot Connector calls made through
 * botbuilder with stored conversation references (never a turn's context kept past its turn).
 * Shared cards are posted to the meeting's conversation with a refresh for each participant;
 * direct messages go to the person's personal chat with Toivo.
 */

import { CardFactory, type ConversationReference, MessageFactory, type TurnContext } from 'botbuilder';
import type { ChannelPort, Delivery, DeliveryResult, Meeting, RecordStore } from '../../app/index.js';
import type { CalendarLinks } from '../calendar-links.js';
import type { ExportLinks } from '../export-links.js';
import type { Pacer } from '../pacer.js';
import type { TeamsAdapter } from './adapter.js';
import { teamsCard } from './cards.js';

/** Records kept in memory at most; past it, they are read again. */
const USERS_KEPT = 10_000;
/**
 * How long someone without a record is not asked for again: one met meanwhile by another instance
 * sees the card everyone sees until then (and may open their own view), not their own drawing.
 */
const ABSENT_MS = 60_000;

/**
 * The Teams users Toivo has met, as stored, with those this process has read or written kept in
 * memory: a click by someone seen here before needs no read to be remembered, and a card's refresh
 * list no read for them (a person's Teams id never changes). A personal chat reads the stored
 * record, whose address another instance may have seen move since.
 */
export class TeamsUsers {
  private readonly seen = new Map<string, TeamsUser>();
  /** Accounts found without a record, and until when that is taken as still so (another instance may meet them). */
  private readonly absent = new Map<string, number>();

  constructor(private readonly store: RecordStore<TeamsUser>) {}

  get(account: string): Promise<TeamsUser | undefined> {
    return this.store.get(account);
  }

  async set(account: string, user: TeamsUser): Promise<void> {
    await this.store.set(account, user);
    this.keep(account, user);
  }

  /** Keeps how to reach the person now, written only when it is not what is stored already. */
  async remember(account: string, user: TeamsUser): Promise<void> {
    const known = this.seen.get(account) ?? (await this.store.get(account));
    if (known?.id === user.id && known.serviceUrl === user.serviceUrl) return this.keep(account, known);
    await this.store.set(account, user);
    this.keep(account, user);
  }

  /** The Teams ids of the meeting's participants that Toivo knows, for per-user refreshes: one read at most. */
  async refreshIds(meeting: Meeting | undefined): Promise<string[]> {
    const accounts = (meeting?.participants ?? []).flatMap((p) => (p.chatUserId ? [p.chatUserId] : []));
    const now = Date.now();
    const unseen = accounts.filter((a) => !this.seen.has(a) && !((this.absent.get(a) ?? 0) > now));
    if (unseen.length > 0) {
      const read = await this.store.getMany(unseen);
      for (const [i, user] of read.entries()) {
        const account = unseen[i] as string;
        if (user) this.keep(account, user);
        else {
          if (this.absent.size >= USERS_KEPT) this.absent.clear();
          this.absent.set(account, now + ABSENT_MS);
        }
      }
    }
    return accounts.flatMap((a) => {
      const user = this.seen.get(a);
      return user ? [user.id] : [];
    });
  }

  private keep(account: string, user: TeamsUser): void {
    this.absent.delete(account);
    if (this.seen.size >= USERS_KEPT) this.seen.clear();
    this.seen.set(account, user);
  }
}

type Of<K extends Delivery['kind']> = Extract<Delivery, { kind: K }>;

/** What Toivo learns of a Teams user when they write or click: how to reach them in a personal chat. */
export interface TeamsUser {
  /** Their Teams id ("29:…"), for refreshes and personal chats. */
  readonly id: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
}

export interface TeamsBot {
  readonly appId: string;
  /** The OAuth scope of calls to Teams (Microsoft's public cloud: https://api.botframework.com). */
  readonly audience: string;
}

const failed = (error: unknown): DeliveryResult => {
  const e = error as { statusCode?: number; retryAfter?: number; message?: string; code?: string };
  const status = e.statusCode ? `HTTP ${e.statusCode}` : (e.code ?? e.message ?? String(error));
  return {
    ok: false,
    error: status,
    ...(typeof e.retryAfter === 'number' ? { retryAfter: e.retryAfter } : {}),
  };
};

export class TeamsPort implements ChannelPort {
  readonly channel = 'teams' as const;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly bot: TeamsBot,
    private readonly users: TeamsUsers,
    private readonly pacer: Pacer,
    private readonly unreachable?: (d: Of<'direct'>) => Promise<void>,
    private readonly calendarLinks?: CalendarLinks,
    private readonly exportLinks?: ExportLinks,
  ) {}

  private refreshFor(view: Of<'post' | 'update'>['view']): Promise<string[]> {
    return this.users.refreshIds(view.meeting);
  }

  private async card(d: Of<'post' | 'update'>) {
    const card = teamsCard(d.surface, d.view, await this.refreshFor(d.view));
    return MessageFactory.attachment(CardFactory.adaptiveCard(card));
  }

  private async inConversation<T>(d: Of<'post' | 'update'>, work: (context: TurnContext) => Promise<T>) {
    const reference = d.conversation.reference as Partial<ConversationReference> | undefined;
    if (!reference?.serviceUrl) throw new Error('no conversation reference');
    let result: T | undefined;
    await this.pacer.turn(d.conversation.id, () =>
      this.adapter.continueConversationAsync(this.bot.appId, reference, async (context) => {
        result = await work(context);
      }),
    );
    return result;
  }

  async send(d: Of<'post'>): Promise<DeliveryResult> {
    try {
      const activity = await this.card(d);
      const sent = await this.inConversation(d, (context) => context.sendActivity(activity));
      return { ok: true, ...(sent?.id ? { messageId: sent.id } : {}) };
    } catch (error) {
      return failed(error);
    }
  }

  async update(d: Of<'update'>, messageId: string): Promise<DeliveryResult> {
    try {
      const activity = { ...(await this.card(d)), id: messageId };
      await this.inConversation(d, (context) => context.updateActivity(activity));
      return { ok: true };
    } catch (error) {
      return failed(error);
    }
  }

  /** A form opens in answer to a click (the invoke's card) or a command; never on its own. */
  async openForm(): Promise<DeliveryResult> {
    return { ok: false, error: 'a form opens only in answer to the click that asked for it' };
  }

  /** A notice outside a click goes to the person's personal chat. */
  notify(d: Of<'notice'>): Promise<DeliveryResult> {
    return this.personal(d.to.account, teamsCard(d.surface, d.view));
  }

  async direct(d: Of<'direct'>): Promise<DeliveryResult> {
    const view = { ...d.view, ...this.calendarLinks?.viewFor(d), ...this.exportLinks?.viewFor(d) };
    const result = await this.personal(d.to.account, teamsCard(d.surface, view));
    // Someone Toivo cannot reach is told where it waits, in the meeting's conversation, without its content.
    if (!result.ok) await this.unreachable?.(d).catch(() => undefined);
    return result;
  }

  /** A sentence in the person's personal chat with Toivo. */
  tell(account: string, text: string): Promise<DeliveryResult> {
    return this.personal(account, undefined, text);
  }

  /** Opens (or finds) the personal chat with a person Toivo has met, and posts the card there. */
  private async personal(account: string, card: object | undefined, text?: string): Promise<DeliveryResult> {
    const user = await this.users.get(account);
    if (!user) return { ok: false, error: 'no personal chat with this person yet' };
    try {
      let id: string | undefined;
      await this.adapter.createConversationAsync(
        this.bot.appId,
        'msteams',
        user.serviceUrl,
        this.bot.audience,
        {
          isGroup: false,
          bot: { id: `28:${this.bot.appId}`, name: 'Toivo' },
          members: [{ id: user.id, name: '' }],
          channelData: user.tenantId ? { tenant: { id: user.tenantId } } : {},
          ...(user.tenantId ? { tenantId: user.tenantId } : {}),
          activity: undefined as never,
        },
        async (context) => {
          const activity = card
            ? MessageFactory.attachment(CardFactory.adaptiveCard(card))
            : MessageFactory.text(text ?? '');
          id = (await context.sendActivity(activity))?.id;
        },
      );
      return { ok: true, ...(id ? { messageId: id } : {}) };
    } catch (error) {
      return failed(error);
    }
  }
}
