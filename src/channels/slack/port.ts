/**
 * The channel port for Slack: what the app delivers, as Web API calls. Shared cards are messages
 * in the meeting's channel, updated in place; forms and one's own view are modals; notices are
 * ephemeral messages; direct messages go to the person's DM with the app.
 */
import type { webApi } from '@slack/bolt';
import type { ChannelPort, Delivery, DeliveryResult } from '../../app/index.js';
import type { CalendarLinks } from '../calendar-links.js';
import type { ExportLinks } from '../export-links.js';
import type { Pacer } from '../pacer.js';
import { userOf } from './ids.js';
import type { MemoLinks } from './memo-link.js';
import type { OwnViews } from './own-views.js';
import { formOf, messageOf, type SlackContext } from './views.js';

type WebClient = webApi.WebClient;
type Of<K extends Delivery['kind']> = Extract<Delivery, { kind: K }>;

/** A failed call as the app's delivery result; a 429 says how long Slack asked us to wait. */
export function failure(error: unknown): DeliveryResult {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (typeof e.retryAfter === 'number') return { ok: false, error: 'ratelimited', retryAfter: e.retryAfter };
  return { ok: false, error: e.data?.error ?? e.code ?? e.message ?? String(error) };
}

async function call(work: () => Promise<DeliveryResult>): Promise<DeliveryResult> {
  try {
    return await work();
  } catch (error) {
    return failure(error);
  }
}

export class SlackPort implements ChannelPort {
  readonly channel = 'slack' as const;

  constructor(
    private readonly client: WebClient,
    private readonly pacer: Pacer,
    private readonly ownViews: OwnViews,
    private readonly context: SlackContext = {},
    private readonly memoLinks?: MemoLinks,
    private readonly calendarLinks?: CalendarLinks,
    private readonly exportLinks?: ExportLinks,
  ) {}

  send(d: Of<'post'>): Promise<DeliveryResult> {
    const message = messageOf(d.surface, d.view);
    return call(async () => {
      // Slack takes about one new message a second in a channel.
      const res = await this.pacer.turn(d.conversation.id, () =>
        this.client.chat.postMessage({ channel: d.conversation.id, ...message }),
      );
      return { ok: true, ...(res.ts ? { messageId: res.ts } : {}) };
    });
  }

  update(d: Of<'update'>, messageId: string): Promise<DeliveryResult> {
    const message = messageOf(d.surface, d.view);
    return call(async () => {
      await this.client.chat.update({ channel: d.conversation.id, ts: messageId, ...message });
      // Whoever has their own view open sees the meeting move too (the clicker's is drawn apart).
      if (d.surface === 'board') {
        const clickers = [this.context.view?.id, this.context.under].filter((x): x is string => !!x);
        await this.ownViews.refresh(this.client, d.view, new Set(clickers));
      }
      return { ok: true };
    });
  }

  /**
   * A modal. Clicked in one's own view: the view is drawn again there, a form opens over it.
   * Clicked in a form: the form is drawn again in place (one with more than one thing to save).
   */
  openForm(d: Of<'form'>): Promise<DeliveryResult> {
    const view = formOf(d.surface, d.view, this.context);
    const { view: from, triggerId } = this.context;
    return call(async () => {
      const inPlace = from && (from.own ? d.surface === 'board' : d.surface !== 'board');
      const meeting = d.view.meeting;
      if (from && inPlace) {
        if (d.surface === 'board' && meeting && !(await this.ownViews.fresher(from.id, meeting)))
          return { ok: true };
        await this.client.views.update({ view_id: from.id, view });
        return { ok: true };
      }
      if (!triggerId) return { ok: false, error: 'no trigger to open a modal with' };
      const opened = from
        ? await this.client.views.push({ trigger_id: triggerId, view })
        : await this.client.views.open({ trigger_id: triggerId, view });
      if (d.surface === 'board' && meeting && opened.view?.id)
        await this.ownViews.opened(opened.view.id, meeting, d.to.account);
      return { ok: true };
    });
  }

  /** Shown in the channel the click came from to that person only; else in their DM with the app. */
  notify(d: Of<'notice'>): Promise<DeliveryResult> {
    const message = messageOf(d.surface, d.view);
    const user = userOf(d.to.account);
    const channel = this.context.channelId;
    return call(async () => {
      if (channel) await this.client.chat.postEphemeral({ channel, user, ...message });
      else await this.client.chat.postMessage({ channel: await this.dm(user), ...message });
      return { ok: true };
    });
  }

  direct(d: Of<'direct'>): Promise<DeliveryResult> {
    const meetingId = d.view.meeting?.id;
    // The memo comes with a link to its Markdown that only this person was given.
    const link =
      d.surface === 'memo' && meetingId && this.memoLinks
        ? { memoUrl: this.memoLinks.link(meetingId, d.to.account, d.view.locale) }
        : {};
    const message = messageOf(d.surface, {
      ...d.view,
      ...link,
      ...this.calendarLinks?.viewFor(d),
      ...this.exportLinks?.viewFor(d),
    });
    return call(async () => {
      const channel = await this.dm(userOf(d.to.account));
      const res = await this.pacer.turn(channel, () => this.client.chat.postMessage({ channel, ...message }));
      return { ok: true, ...(res.ts ? { messageId: res.ts } : {}) };
    });
  }

  private async dm(user: string): Promise<string> {
    const res = await this.client.conversations.open({ users: user });
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open gave no channel');
    return id;
  }
}
