/**
 * What Toivo does with each kind of Slack request, once Bolt has checked its signature: the
 * slash command, a button, a modal's submit, a mention or a DM. Each is acknowledged first (a
 * modal's submit as soon as it is decided, since Slack shows its answer), then delivered.
 */

import type {
  AllMiddlewareArgs,
  BlockAction,
  App as Bolt,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
  webApi,
} from '@slack/bolt';
import type { ExportLinks } from '../export-links.js';

type WebClient = webApi.WebClient;

import {
  type App,
  type Conversation,
  type Delivery,
  type Handled,
  type Locale,
  reminderViewer,
  type Who,
} from '../../app/index.js';
import { drawnAfresh, refusedForm } from '../../cards/refill.js';
import { refusedInput } from '../../cards/refused-input.js';
import { LINK_PREFIX } from '../../cards/slack/actions.js';
import { fromBlockActions, fromViewSubmission } from '../../cards/slack/submission.js';
import { type Fields, isRecord, parseObject } from '../../cards/submission-fields.js';
import type { Submission } from '../../cards/submit.js';
import { VERBS } from '../../cards/verbs.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { describeRejection, t } from '../../i18n/index.js';
import type { CalendarLinks } from '../calendar-links.js';
import { localeOf } from '../locale.js';
import type { Pacer } from '../pacer.js';
import { commandSenderOf, idOf, nestedId, type Sender, SLACK_USER, senderOf, textOf } from './fields.js';
import { accountOf } from './ids.js';
import type { MemoLinks } from './memo-link.js';
import type { OwnViews } from './own-views.js';
import { failure, SlackPort } from './port.js';
import {
  type FormMetadata,
  formOf,
  HOME_SEPARATOR,
  homeView,
  messageOf,
  OWN_VIEW,
  type SlackContext,
} from './views.js';

/** Words after /toivo that open the invitation form, and those that ask for help, in each language. */
const NEW = new Set(['', 'new', 'uusi', 'ny']);
/** How long a click waits for Slack to tell the person's language. */
const QUICK_MS = 800;

export interface SlackHandlerOptions {
  /** Where failures are told: ids and codes only. */
  readonly log: (line: string) => void;
  /** Links to the memo's Markdown, when the server has a public address. */
  readonly memoLinks?: MemoLinks;
  /** Links to calendar files in direct messages, when the server has a public address. */
  readonly calendarLinks?: CalendarLinks;
  /** Links to a meeting's export for the client record, when the server has a public address. */
  readonly exportLinks?: ExportLinks;
}

type Args<T> = T & AllMiddlewareArgs;

/** A meeting called in Slack lives in the channel it was called from; others there may read along. */
const conversationOf = (team: string, channel: string): Conversation => ({
  channel: 'slack',
  id: channel,
  reference: { team },
  exposed: true,
});

/**
 * Where Slack shows why a modal was refused: under the input the refusal is about, else under the
 * form's first input (Slack shows a modal's errors only there). The modal stays open as it was.
 */
function errorsFor(
  view: ViewSubmitAction['view'],
  message: string,
  rejection: Handled['rejection'],
  fields: Fields = {},
) {
  const blocks: unknown = view.blocks;
  const inputs = (Array.isArray(blocks) ? blocks : [])
    .filter(isRecord)
    .filter((b) => b.type === 'input' && typeof b.block_id === 'string')
    .map((b) => b.block_id as string);
  const at = (rejection && refusedInput(rejection, inputs, fields)) ?? inputs[0];
  return at ? { [at]: message } : undefined;
}

/** The notice that tells the one who clicked why it was refused, if any. */
const noticeOf = (handled: Handled, account: string) =>
  handled.deliveries.find(
    (d): d is Extract<Delivery, { kind: 'notice' }> => d.kind === 'notice' && d.to.account === account,
  );

/**
 * A click in App Home, where each commitment's card has inputs of its own: only the clicked
 * card's inputs count, under their own names.
 */
function homeClick(body: BlockAction): BlockAction {
  const clicked: unknown = body.actions[0];
  const data = parseObject(isRecord(clicked) ? clicked.value : undefined);
  const own = typeof data?.commitmentId === 'string' ? `${HOME_SEPARATOR}${data.commitmentId}` : undefined;
  const values = body.view?.state?.values ?? {};
  const kept = Object.fromEntries(
    Object.entries(values).flatMap(([blockId, entry]) =>
      own && blockId.endsWith(own) ? [[blockId.slice(0, -own.length), entry]] : [],
    ),
  );
  return { ...body, view: body.view && { ...body.view, state: { values: kept } } } as BlockAction;
}

/** The card a click in one's direct messages came from, by what it did. */
const DIRECT_SURFACE: Readonly<Record<string, 'invitation' | 'reminder' | 'memo' | undefined>> = {
  [VERBS.attendanceMark]: 'invitation',
  [VERBS.accountClaim]: 'invitation',
  [VERBS.preparationAgree]: 'invitation',
  [VERBS.commitmentStatus]: 'reminder',
  [VERBS.memoApprove]: 'memo',
};

/** The meeting an own view shows, from what the view carries. */
function ownMeeting(privateMetadata: string | undefined): string | undefined {
  const data = parseObject(privateMetadata)?.data;
  return isRecord(data) && typeof data.meetingId === 'string' ? data.meetingId : undefined;
}

/** The person behind a request, as an account of the app. */
const whoOf = (sender: Sender): Who => ({
  account: accountOf(sender.team, sender.user),
  ...(sender.name ? { displayName: sender.name } : {}),
});

/** The button (or other element) a `block_actions` names first, whatever Slack's list holds. */
const firstAction = (body: BlockAction): unknown =>
  Array.isArray(body.actions) ? body.actions[0] : undefined;

/** Whether a click is on a link button, which opens in the browser. */
const isLink = (clicked: unknown): boolean =>
  isRecord(clicked) &&
  clicked.type === 'button' &&
  typeof clicked.action_id === 'string' &&
  clicked.action_id.startsWith(`${LINK_PREFIX}#`);

/** The message a click was made on, by its time stamp. */
function messageTs(body: BlockAction): string | undefined {
  const container: unknown = body.container;
  const message: unknown = body.message;
  return (
    (isRecord(container) ? textOf(container.message_ts) : undefined) ??
    (isRecord(message) ? textOf(message.ts) : undefined)
  );
}

/** Where a click was made: its channel, the trigger that opens a modal, the modal it was made in. */
function clickContext(body: BlockAction): SlackContext {
  const view = isRecord(body.view) ? body.view : undefined;
  const meta = parseObject(view?.private_metadata) as Partial<FormMetadata> | undefined;
  const container: unknown = body.container;
  const channelId =
    nestedId(body.channel) ??
    (isRecord(container) ? idOf(container.channel_id) : undefined) ??
    idOf(meta?.channel);
  const triggerId = textOf(body.trigger_id);
  const viewId = textOf(view?.id);
  return {
    ...(channelId ? { channelId } : {}),
    ...(triggerId ? { triggerId } : {}),
    ...(viewId && view?.type !== 'home' ? { view: { id: viewId, own: view?.callback_id === OWN_VIEW } } : {}),
    ...(typeof meta?.under === 'string' ? { under: meta.under } : {}),
  };
}

/** Who wrote in an event and where, as Slack's ids (an event may name them as objects, or not at all). */
function eventSenderOf(event: object): { user?: string; channel?: string } {
  const { user, channel } = event as { user?: unknown; channel?: unknown };
  const channelId = idOf(channel);
  return {
    ...(typeof user === 'string' && SLACK_USER.test(user) ? { user } : {}),
    ...(channelId ? { channel: channelId } : {}),
  };
}

export class SlackHandlers {
  private readonly locales = new Map<string, Locale | undefined>();

  constructor(
    private readonly app: App,
    private readonly client: WebClient,
    private readonly pacer: Pacer,
    private readonly ownViews: OwnViews,
    private readonly options: SlackHandlerOptions,
  ) {}

  register(bolt: Bolt): void {
    bolt.command('/toivo', (args) => this.track(this.command(args)));
    bolt.action({ type: 'block_actions' }, (args) =>
      this.track(this.action(args as Args<SlackActionMiddlewareArgs<BlockAction>>)),
    );
    bolt.view({ type: 'view_submission' }, (args) =>
      this.track(this.submit(args as Args<SlackViewMiddlewareArgs<ViewSubmitAction>>)),
    );
    // One's own view was closed: nothing to keep drawing.
    bolt.view({ type: 'view_closed', callback_id: OWN_VIEW }, async ({ ack, body }) => {
      await ack();
      const meetingId = ownMeeting(body.view.private_metadata);
      const viewId = textOf(body.view.id);
      if (meetingId && viewId) await this.track(this.ownViews.closed(meetingId, viewId));
    });
    bolt.event('app_home_opened', (args) => this.track(this.homeOpened(args)));
    bolt.event('app_mention', (args) => this.track(this.mention(args)));
    bolt.event('message', (args) => this.track(this.directMessage(args)));
  }

  /** Work still going on after Slack was answered: a stopping server lets it finish. */
  private readonly inFlight = new Set<Promise<void>>();

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    const done = () => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
    return work;
  }

  /** Resolves once every request taken so far has been handled and delivered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The port for one request's deliveries, answering where it came from. */
  port(context: SlackContext): SlackPort {
    return new SlackPort(
      this.client,
      this.pacer,
      this.ownViews,
      context,
      this.options.memoLinks,
      this.options.calendarLinks,
      this.options.exportLinks,
    );
  }

  /** The person's Slack language, asked once; undefined when Slack does not tell or it is not ours. */
  private async localeOf(user: string): Promise<Locale | undefined> {
    if (this.locales.has(user)) return this.locales.get(user);
    let locale: Locale | undefined;
    try {
      const res = await this.client.users.info({ user, include_locale: true });
      locale = localeOf(res.user?.locale);
    } catch (error) {
      this.options.log(`toivo slack: users.info failed for ${user}: ${(error as Error).message}`);
    }
    if (this.locales.size > 10_000) this.locales.clear();
    this.locales.set(user, locale);
    return locale;
  }

  /**
   * The person's language when Slack tells it at once: a modal must open within three seconds of
   * the click, so a slow answer is not waited for (the meeting's language is used then).
   */
  private quickLocale(user: string): Promise<Locale | undefined> {
    if (this.locales.has(user)) return Promise.resolve(this.locales.get(user));
    const late = new Promise<undefined>((done) => {
      setTimeout(() => done(undefined), QUICK_MS);
    });
    return Promise.race([this.localeOf(user), late]);
  }

  private async help(channel: string, user: string, locale: Locale | undefined): Promise<void> {
    await this.client.chat.postEphemeral({ channel, user, text: t(locale ?? 'fi', 'slack.help') });
  }

  /** `/toivo`, `/toivo new`: the invitation form as a modal. `/toivo help` and anything else: help. */
  private async command({ command, ack }: Args<SlackCommandMiddlewareArgs>): Promise<void> {
    await ack();
    const sender = commandSenderOf(command);
    const channelId = idOf(command.channel_id);
    if (!sender || !channelId) return;
    const locale = await this.quickLocale(sender.user);
    const word = (textOf(command.text) ?? '').trim().toLowerCase();
    if (!NEW.has(word)) return this.help(channelId, sender.user, locale);
    const triggerId = textOf(command.trigger_id);
    const port = this.port({ channelId, ...(triggerId ? { triggerId } : {}) });
    await this.app.click(undefined, { verb: VERBS.openInvitationForm, fields: {} }, whoOf(sender), port, {
      ...(locale ? { locale } : {}),
      conversation: conversationOf(sender.team, channelId),
    });
  }

  /** A button in a message or a modal. */
  private async action({ body, ack }: Args<SlackActionMiddlewareArgs<BlockAction>>): Promise<void> {
    await ack();
    const sender = senderOf(body);
    // A link button opens its link in the browser; Slack tells the app too, and there is nothing to do.
    if (!sender || isLink(firstAction(body))) return;
    const home = isRecord(body.view) && body.view.type === 'home';
    const context = clickContext(body);
    const { channelId } = context;
    const submission = fromBlockActions(home ? homeClick(body) : body) ?? { verb: '', fields: {} };
    const meetingId = submission.fields.meetingId || undefined;
    const who = whoOf(sender);
    const locale = await this.quickLocale(sender.user);
    const port = this.port(context);
    const handled = await this.app.decide(meetingId, submission, who, {
      ...(context.triggerId ? { commandId: `slack:${context.triggerId}` } : {}),
      ...(locale ? { locale } : {}),
      ...(channelId ? { conversation: conversationOf(sender.team, channelId) } : {}),
    });
    // A button of a form refused: the form, as typed, says why (Slack gives a button no errors).
    const form = context.view && !context.view.own ? context.view.id : undefined;
    if (!(form && !handled.ok && (await this.keepForm(form, handled, submission, who, context))))
      await this.app.deliver(handled, port);
    if (home) await this.publishHome(sender.team, sender.user);
    // A card in one's direct messages (the invitation, a reminder) shows what the click changed.
    const ts = messageTs(body);
    if (!body.view && ts && channelId?.startsWith('D') && handled.ok && handled.meetingId)
      await this.redrawDirect(handled.meetingId, who.account, submission, channelId, ts);
    // One's own view shows the meeting as the click left it, also under a form clicked in.
    const own = context.view?.own ? context.view.id : context.under;
    if (own && handled.ok && handled.meetingId && submission.verb !== VERBS.openMyView)
      await this.redrawOwn(
        handled.meetingId,
        who,
        this.port({ ...context, view: { id: own, own: true } }),
        locale,
      );
  }

  /**
   * Draws the form `viewId` again as it was left, saying why the click in it was refused: true
   * when it did, false when the refusal is to be told as a notice (the form is not to be kept).
   */
  private async keepForm(
    viewId: string,
    handled: Handled,
    submission: Submission,
    who: Who,
    context: SlackContext,
  ): Promise<boolean> {
    const kept = refusedForm(submission.verb, submission.fields, noticeOf(handled, who.account)?.view);
    if (!kept) return false;
    const refusal = { fields: submission.fields, rejection: kept.rejection };
    try {
      await this.client.views.update({
        view_id: viewId,
        view: formOf(kept.surface, kept.view, context, refusal),
      });
      return true;
    } catch (error) {
      const result = failure(error);
      this.options.log(`toivo slack: redrawing a refused form failed: ${result.ok ? '' : result.error}`);
      return false;
    }
  }

  /** Draws a card of one's direct messages again, for them, from the meeting as it is now. */
  private async redrawDirect(
    meetingId: string,
    account: string,
    submission: Submission,
    channel: string,
    ts: string,
  ): Promise<void> {
    const surface = DIRECT_SURFACE[submission.verb];
    const meeting = surface && (await this.app.meetings.get(meetingId));
    const me = meeting?.participants.find((p) => p.chatUserId === account);
    if (!surface || !meeting || !me) return;
    const commitmentId = submission.fields.commitmentId;
    // A reminder is drawn as its owner's card, also for the worker reminded for someone without an account.
    const viewerId = surface === 'reminder' ? reminderViewer(meeting, commitmentId, account) : me.id;
    if (!viewerId) return;
    const view: ViewContext = {
      locale: meeting.invitation.locale,
      now: this.app.meetings.clock.now().toISOString(),
      meeting,
      viewerId,
      ...(surface === 'reminder' && commitmentId ? { commitmentId } : {}),
      // The memo keeps its link to the whole memo, made for the one it is sent to.
      ...(surface === 'memo' && this.options.memoLinks
        ? { memoUrl: this.options.memoLinks.link(meeting.id, account, meeting.invitation.locale) }
        : {}),
    };
    try {
      await this.client.chat.update({ channel, ts, ...messageOf(surface, view) });
    } catch (error) {
      const result = failure(error);
      const code = result.ok ? '' : result.error;
      this.options.log(`toivo slack: redrawing a direct message in ${channel} failed: ${code}`);
    }
  }

  private redrawOwn(meetingId: string, who: Who, port: SlackPort, locale: Locale | undefined) {
    return this.app.click(meetingId, { verb: VERBS.openMyView, fields: { meetingId } }, who, port, {
      ...(locale ? { locale } : {}),
    });
  }

  /** A modal's submit: decided before Slack is answered, so errors show on the field and a next form in place. */
  private async submit({ body, ack }: Args<SlackViewMiddlewareArgs<ViewSubmitAction>>): Promise<void> {
    const { view } = body;
    const sender = senderOf(body);
    if (!sender) return ack();
    const { team } = sender;
    const meta = parseObject(view.private_metadata) as Partial<FormMetadata> | undefined;
    const channelId = idOf(meta?.channel);
    const triggerId = textOf(body.trigger_id);
    const locale = await this.localeOf(sender.user);
    const submission = fromViewSubmission(body);
    if (!submission) {
      const errors = errorsFor(view, t(locale ?? 'fi', 'rejection.command.unknown'), undefined);
      await (errors ? ack({ response_action: 'errors', errors }) : ack());
      return;
    }
    const who: Who = {
      ...whoOf(sender),
      // The invitation form's people pickers: whom each row names in Slack.
      accountFor: (row) => {
        const picked = submission.fields[`${row}Account`];
        return picked && SLACK_USER.test(picked) ? accountOf(team, picked) : undefined;
      },
    };
    const handled = await this.app.decide(submission.fields.meetingId || undefined, submission, who, {
      ...(triggerId ? { commandId: `slack:${triggerId}` } : {}),
      ...(locale ? { locale } : {}),
      ...(channelId ? { conversation: conversationOf(team, channelId) } : {}),
    });
    const context: SlackContext = {
      ...(channelId ? { channelId } : {}),
      ...(triggerId ? { triggerId } : {}),
    };
    const port = this.port(context);
    if (!handled.ok && handled.rejection) {
      const notice = noticeOf(handled, who.account);
      // The card that asks first, refused because someone else is missing now: drawn again in
      // place, naming them, its button going on without them, the reason typed kept, saying why.
      const kept = refusedForm(submission.verb, submission.fields, notice?.view);
      if (kept && drawnAfresh(kept.surface)) {
        const under = typeof meta?.under === 'string' ? { under: meta.under } : {};
        const refusal = { fields: submission.fields, rejection: kept.rejection };
        const redrawn = formOf(kept.surface, kept.view, { ...context, ...under }, refusal);
        return ack({ response_action: 'update', view: redrawn });
      }
      const said = describeRejection(notice?.view.locale ?? locale ?? 'fi', handled.rejection);
      // A form drawn for a moment the meeting has left (the poll closed under it) closes, and the
      // notice says so; any other refusal keeps it open, as typed, saying why under the input.
      const errors =
        handled.rejection.code === 'stale'
          ? undefined
          : errorsFor(view, said, handled.rejection, submission.fields);
      if (errors) return ack({ response_action: 'errors', errors });
      await ack();
      await this.app.deliver(handled, port);
      return;
    }
    const next = this.nextForm(handled, who);
    if (next) await ack({ response_action: 'update', view: formOf(next.surface, next.view, context) });
    else {
      await ack();
      const meetingId = view.callback_id === OWN_VIEW ? ownMeeting(view.private_metadata) : undefined;
      const viewId = textOf(view.id);
      if (meetingId && viewId) await this.ownViews.closed(meetingId, viewId);
    }
    await this.app.deliver(
      handled,
      port,
      handled.deliveries.filter((d) => d !== next),
    );
    // A form sent from over one's own view: the view underneath shows what it changed.
    if (typeof meta?.under === 'string' && handled.meetingId)
      await this.redrawOwn(
        handled.meetingId,
        who,
        this.port({ ...context, view: { id: meta.under, own: true } }),
        locale,
      );
  }

  /** The form that stays open after a submit (drawn again with what is agreed so far), if any. */
  private nextForm(handled: Handled, who: Who): Extract<Delivery, { kind: 'form' }> | undefined {
    return handled.deliveries.find(
      (d): d is Extract<Delivery, { kind: 'form' }> => d.kind === 'form' && d.to.account === who.account,
    );
  }

  /** App Home: the person's meetings and their own open commitments, drawn when they open it. */
  private async homeOpened({
    event,
    body,
  }: Args<SlackEventMiddlewareArgs<'app_home_opened'>>): Promise<void> {
    const user: unknown = event.user;
    if (event.tab !== 'home' || typeof user !== 'string' || !SLACK_USER.test(user)) return;
    await this.publishHome(idOf(body.team_id) ?? '', user);
  }

  private async publishHome(team: string, user: string): Promise<void> {
    const account = accountOf(team, user);
    const meetings = (await this.app.meetingsFor(account)).flatMap((meeting) => {
      const me = meeting.participants.find((p) => p.chatUserId === account);
      return me ? [{ meeting, viewerId: me.id }] : [];
    });
    const locale = (await this.localeOf(user)) ?? meetings[0]?.meeting.invitation.locale ?? 'fi';
    const view = homeView({ locale, now: this.app.meetings.clock.now().toISOString(), meetings });
    await this.client.views.publish({ user_id: user, view });
  }

  /** `@Toivo` in a channel: a short help, for the one who asked. A retried event is answered once. */
  private async mention({ event, body }: Args<SlackEventMiddlewareArgs<'app_mention'>>): Promise<void> {
    const { user, channel } = eventSenderOf(event);
    const eventId = textOf(body.event_id);
    if (!user || !channel || !eventId || !(await this.app.firstTime(`slack:event:${eventId}`))) return;
    await this.help(channel, user, await this.localeOf(user));
  }

  /** A direct message to Toivo: the same short help, in the DM. */
  private async directMessage({ event, body }: Args<SlackEventMiddlewareArgs<'message'>>): Promise<void> {
    if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event) return;
    const { user, channel } = eventSenderOf(event);
    const eventId = textOf(body.event_id);
    if (!user || !channel || !eventId || !(await this.app.firstTime(`slack:event:${eventId}`))) return;
    const locale = (await this.localeOf(user)) ?? 'fi';
    await this.pacer.turn(channel, () =>
      this.client.chat.postMessage({ channel, text: t(locale, 'slack.help') }),
    );
  }
}
