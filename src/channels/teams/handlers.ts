/**
 * What Toivo does with each Teams activity, once botbuilder has authenticated it: a click on a
 * card (`adaptiveCard/action`, answered with the card as that person should now see it), a
 * command in a message (`@Toivo new`, `help`), and the Action.Submit fallback of older clients.
 */

import {
  type Activity,
  ActivityTypes,
  CardFactory,
  type ConversationReference,
  MessageFactory,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import {
  type App,
  type Conversation,
  type Delivery,
  type Locale,
  type Meeting,
  type RecordStore,
  reminderViewer,
  StoreUnavailableError,
  type Who,
} from '../../app/index.js';
import { FORMS } from '../../cards/cards.js';
import { refusedForm, withRefusal } from '../../cards/refill.js';
import type { Surface } from '../../cards/render.js';
import { SURFACES } from '../../cards/render.js';
import { shorten } from '../../cards/shorten.js';
import { isRecord } from '../../cards/submission-fields.js';
import type { Submission } from '../../cards/submit.js';
import { fromTeamsInvoke, fromTeamsSubmit } from '../../cards/teams/submission.js';
import { VERBS } from '../../cards/verbs.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { ACCOUNT_FIELD } from '../../cards/view-models/invitation-form.js';
import { describeRejection, INTL_LOCALE, t } from '../../i18n/index.js';
import type { CalendarLinks } from '../calendar-links.js';
import type { ExportLinks } from '../export-links.js';
import { localeOf } from '../locale.js';
import type { Pacer } from '../pacer.js';
import type { TeamsAdapter } from './adapter.js';
import { cardAnswer, keepPicked, messageAnswer, ownBoard, teamsCard } from './cards.js';
import { messageText } from './mentions.js';
import { type TeamsBot, TeamsPort, type TeamsUser, type TeamsUsers } from './port.js';

/** Words after the mention that call a meeting together, in each language. */
const NEW = new Set(['', 'new', 'uusi', 'ny']);
/** Teams' events for a Teams meeting in the chat (with the bot's meeting permissions). */
const MEETING_START = 'application/vnd.microsoft.meetingStart';
const MEETING_END = 'application/vnd.microsoft.meetingEnd';
/** Words that ask for one's own open commitments. */
const MINE = new Set(['my commitments', 'omat tehtävät', 'mina åtaganden']);
/** Words that ask for one's meetings. */
const MY_MEETINGS = new Set(['my meetings', 'omat kokoukset', 'mina möten']);
/** How many meetings "my meetings" lists: the newest. */
const MY_MEETINGS_MAX = 10;
/** How many commitment cards one "my commitments" posts: Teams takes about seven messages a second. */
const MY_COMMITMENTS_MAX = 10;
/** What Teams' people picker gives: a person's id in the organisation's directory. */
const DIRECTORY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isSurface = (x: unknown): x is Surface =>
  typeof x === 'string' && (SURFACES as readonly string[]).includes(x);

/** A text that is not blank, or undefined. */
const textOf = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() !== '' ? x : undefined);

/**
 * Whether an activity names who sent it and where, as every Teams activity does: without them
 * there is nobody to act for and nowhere to answer (botbuilder hands the activity on as it came).
 */
const answerable = (a: Activity): boolean =>
  isRecord(a.from) &&
  textOf(a.from.id) !== undefined &&
  isRecord(a.conversation) &&
  textOf(a.conversation.id) !== undefined;

/** The sender's tenant: Teams' channel data says it, the conversation too. */
const tenantOf = (a: Activity): string | undefined => {
  const channelData: unknown = a.channelData;
  const tenant = isRecord(channelData) && isRecord(channelData.tenant) ? channelData.tenant.id : undefined;
  return textOf(tenant) ?? textOf(a.conversation.tenantId);
};

export class TeamsHandlers {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly app: App,
    private readonly adapter: TeamsAdapter,
    private readonly bot: TeamsBot,
    private readonly users: TeamsUsers,
    private readonly log: (line: string) => void,
    private readonly calls: RecordStore<{ readonly meetings: readonly string[] }>,
    private readonly pacer: Pacer,
    private readonly calendarLinks?: CalendarLinks,
    private readonly exportLinks?: ExportLinks,
  ) {}

  port(): TeamsPort {
    return new TeamsPort(
      this.adapter,
      this.bot,
      this.users,
      this.pacer,
      (d) => this.unreachable(d),
      this.calendarLinks,
      this.exportLinks,
    );
  }

  /**
   * A direct message (the invitation, the memo) that cannot reach someone, because Toivo has no
   * personal chat with them: once, a line in the meeting's conversation tells them by name where
   * it waits and what to do, without any of its content. The delivery itself is tried again later.
   */
  private async unreachable(d: Extract<Delivery, { kind: 'direct' }>): Promise<void> {
    const m = d.view.meeting;
    const person = m?.participants.find((p) => p.id === d.to.participantId);
    if (!m || !person || !(await this.app.firstTime(`teams:unreachable:${m.id}:${person.id}:${d.surface}`)))
      return;
    const reference = (await this.app.conversations.get(m.id))?.conversation.reference as
      | Partial<ConversationReference>
      | undefined;
    if (!reference?.serviceUrl) return;
    const what = t(
      m.invitation.locale,
      d.surface === 'memo' ? 'teams.unreachable.memo' : 'teams.unreachable.invitation',
    );
    await this.adapter.continueConversationAsync(this.bot.appId, reference, async (context) => {
      await context.sendActivity(t(m.invitation.locale, 'teams.unreachable', { name: person.name, what }));
    });
  }

  /** Work still going on after Teams was answered: a stopping server lets it finish. */
  private track(work: Promise<unknown>): void {
    const done = () => {
      this.inFlight.delete(work);
    };
    this.inFlight.add(work);
    work.then(done, (error: unknown) => {
      done();
      this.log(`toivo teams: delivering failed: ${error instanceof Error ? error.message : 'unknown'}`);
    });
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The logic of one turn. */
  readonly logic = async (context: TurnContext): Promise<void> => {
    const a = context.activity;
    if (!answerable(a)) return this.unanswerable(context);
    await this.remember(context);
    if (a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action') return this.invoke(context);
    if (a.type === ActivityTypes.Event && a.name === MEETING_START)
      return this.teamsMeeting(context, 'start');
    if (a.type === ActivityTypes.Event && a.name === MEETING_END) return this.teamsMeeting(context, 'end');
    if (a.type === ActivityTypes.Message) return a.value ? this.fallback(context) : this.command(context);
  };

  /** A click with nobody behind it is answered that it cannot be taken; anything else, not at all. */
  private async unanswerable(context: TurnContext): Promise<void> {
    const a = context.activity;
    if (a.type !== ActivityTypes.Invoke || a.name !== 'adaptiveCard/action') return;
    const said = describeRejection(localeOf(a.locale) ?? 'fi', { rejected: true, code: 'command.unknown' });
    await this.answer(context, messageAnswer(said));
  }

  /** The sender as an account: their tenant, and their id in its directory (or Teams', when not told). */
  private accountOf(context: TurnContext): string {
    const a = context.activity;
    return `teams:${tenantOf(a) ?? '-'}:${textOf(a.from.aadObjectId) ?? a.from.id}`;
  }

  /** Who acts: the sender's account and the name Teams shows for them, when it is a name. */
  private who(context: TurnContext): Who {
    const name = textOf(context.activity.from.name);
    return { account: this.accountOf(context), ...(name ? { displayName: name } : {}) };
  }

  /** How to reach this person later (their personal chat, their own view of a card). */
  private async remember(context: TurnContext): Promise<void> {
    const a = context.activity;
    const serviceUrl = textOf(a.serviceUrl);
    if (!serviceUrl) return;
    const account = this.accountOf(context);
    const tenantId = tenantOf(a);
    const user: TeamsUser = { id: a.from.id, serviceUrl, ...(tenantId ? { tenantId } : {}) };
    await this.users.remember(account, user);
  }

  /** Where a meeting called here lives: this conversation, which people outside the meeting may read. */
  private conversationOf(context: TurnContext): Conversation {
    const reference = TurnContext.getConversationReference(context.activity);
    return { channel: 'teams', id: context.activity.conversation.id, reference, exposed: true };
  }

  private answer(context: TurnContext, body: object): Promise<unknown> {
    return context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }

  /** A card as this person sees it now: their own drawing when they are in the meeting. */
  private async drawFor(
    meetingOrId: Meeting | string | undefined,
    surface: Surface,
    context: TurnContext,
    commitmentId?: string,
  ) {
    // A click's deliveries carry the meeting as it left it: no need to load it again.
    const meeting = typeof meetingOrId === 'string' ? await this.app.meetings.get(meetingOrId) : meetingOrId;
    if (!meeting) return undefined;
    const account = this.accountOf(context);
    const viewer = meeting.participants.find((p) => p.chatUserId === account);
    // A reminder is shown only to the one it is sent to, as its owner's card (for someone without a
    // chat account, the responsible worker is reminded).
    const owner = surface === 'reminder' ? reminderViewer(meeting, commitmentId, account) : undefined;
    if (surface === 'reminder' && !owner) return undefined;
    const view: ViewContext = {
      locale: meeting.invitation.locale,
      now: this.app.meetings.clock.now().toISOString(),
      meeting,
      ...(owner ? { viewerId: owner } : viewer ? { viewerId: viewer.id } : { exposed: true }),
      ...(surface === 'reminder' && commitmentId ? { commitmentId } : {}),
    };
    const refresh = viewer ? [context.activity.from.id] : [];
    return viewer && surface === 'board' ? ownBoard(view, refresh) : teamsCard(surface, view, refresh);
  }

  private async invoke(context: TurnContext): Promise<void> {
    const a = context.activity;
    const locale = localeOf(a.locale);
    const submission = fromTeamsInvoke(a.value);
    const say = (code: 'command.unknown' | 'meeting.not_found') =>
      this.answer(context, messageAnswer(describeRejection(locale ?? 'fi', { rejected: true, code })));
    if (!submission) return void (await say('command.unknown'));
    const surface = isSurface(submission.fields.surface) ? submission.fields.surface : 'board';
    const meetingId = submission.fields.meetingId || undefined;
    if (submission.verb === VERBS.refresh) {
      const card = await this.drawFor(meetingId, surface, context, submission.fields.commitmentId);
      return void (await (card ? this.answer(context, cardAnswer(card)) : say('meeting.not_found')));
    }
    const who = await this.withPicked(context, submission);
    const handled = await this.app.decide(meetingId, submission, who, {
      ...(textOf(a.id) ? { commandId: `teams:${a.id}` } : {}),
      ...(locale ? { locale } : {}),
      conversation: this.conversationOf(context),
    });
    const mine = (d: Delivery) =>
      'to' in d && d.to.account === who.account && (d.kind === 'form' || d.kind === 'notice');
    if (!handled.ok && handled.rejection) {
      // A card drawn from an older state is answered with the card as it is now; a refused form
      // with itself, as it was sent, saying why; anything else with why.
      const fresh =
        handled.rejection.code === 'stale' ? await this.drawFor(meetingId, surface, context) : undefined;
      const notice = handled.deliveries.find((d) => d.kind === 'notice' && mine(d));
      const kept = refusedForm(submission.verb, submission.fields, notice?.view);
      const form =
        kept &&
        withRefusal(teamsCard(kept.surface, kept.view), submission.fields, kept.rejection, kept.view.locale);
      const said = describeRejection(notice?.view.locale ?? locale ?? 'fi', handled.rejection);
      const card = fresh ?? (form && keepPicked(form.card, submission.fields));
      await this.answer(context, card ? cardAnswer(card) : messageAnswer(said));
      return;
    }
    // The invitation form becomes the invitation it sent, for everyone, instead of a second message.
    const created = submission.verb === VERBS.meetingCreate ? handled.meetingId : undefined;
    const replyTo = textOf(a.replyToId);
    // Saved: from here on the answer says so, whatever the store does (the person would do it again).
    // Without the store the invitation is posted as a message of its own.
    await this.keptIfStoreAnswers(async () => {
      if (created && replyTo) await this.app.conversations.adopt(created, 'invitation', replyTo);
      if (created) await this.calledIn(a.conversation.id, created);
    });
    const form = handled.deliveries.find(
      (d): d is Extract<Delivery, { kind: 'form' }> => d.kind === 'form' && mine(d),
    );
    // A form that has done its part gives way to the card it was opened from.
    const back: Surface =
      created || surface === 'invitation-form' ? 'invitation' : FORMS.has(surface) ? 'board' : surface;
    const after =
      handled.deliveries.find((d) => d.view.meeting)?.view.meeting ??
      (await this.app.meetings.get(handled.meetingId ?? meetingId ?? '').catch(() => undefined));
    const card = form
      ? form.surface === 'board'
        ? ownBoard(form.view, [a.from.id])
        : teamsCard(form.surface, form.view)
      : await this.drawFor(after, back, context, submission.fields.commitmentId);
    // A meeting erased from its form: the card that answers says so, and nothing of the meeting.
    const told = handled.deliveries.find(
      (d): d is Extract<Delivery, { kind: 'notice' }> => d.kind === 'notice' && mine(d),
    );
    if (!after && told) await this.answer(context, cardAnswer(teamsCard('notice', told.view)));
    else if (card) await this.answer(context, cardAnswer(card));
    // Someone's reminder forwarded to a chat, clicked by the worker or chair who may act on it: the
    // card stays the owner's, and the one who clicked is told what was saved.
    else await this.answer(context, messageAnswer(savedNote(after, submission.fields.commitmentId, locale)));
    this.track(
      this.app.deliver(
        handled,
        this.port(),
        handled.deliveries.filter((d) => !mine(d)),
      ),
    );
  }

  /**
   * Who clicked, and for the invitation form, whom each row's people picker found: linked to the
   * meeting at once, and remembered so that Toivo can reach them in a personal chat.
   */
  private async withPicked(context: TurnContext, submission: Submission): Promise<Who> {
    const who = this.who(context);
    if (submission.verb !== VERBS.meetingCreate) return who;
    const tenant = this.accountOf(context).split(':')[1];
    const picked = new Map<string, string>();
    for (const [field, value] of Object.entries(submission.fields)) {
      const row = ACCOUNT_FIELD.exec(field)?.[1];
      if (!row || !DIRECTORY_ID.test(value)) continue;
      const account = `teams:${tenant}:${value}`;
      picked.set(row, account);
      try {
        const member = await TeamsInfo.getMember(context, value);
        const serviceUrl = context.activity.serviceUrl;
        const tenantId = tenant && tenant !== '-' ? { tenantId: tenant } : {};
        if (member.id && serviceUrl)
          await this.users.set(account, { id: member.id, serviceUrl, ...tenantId });
      } catch {
        // Not in this conversation: they are invited all the same, and reached once they write or click.
      }
    }
    return { ...who, accountFor: (row) => picked.get(row) };
  }

  /** `@Toivo new` posts the invitation form in the conversation; anything else, a short help. */
  private async command(context: TurnContext): Promise<void> {
    const a = context.activity;
    const locale = localeOf(a.locale);
    const text = messageText(a).trim().toLowerCase();
    if (MINE.has(text)) return this.myCommitments(context, locale);
    if (MY_MEETINGS.has(text)) return this.myMeetings(context, locale);
    if (!NEW.has(text)) {
      await context.sendActivity(t(locale ?? 'fi', 'teams.help'));
      return;
    }
    const handled = await this.app.decide(
      undefined,
      { verb: VERBS.openInvitationForm, fields: {} },
      this.who(context),
      {
        ...(locale ? { locale } : {}),
        conversation: this.conversationOf(context),
      },
    );
    const form = handled.deliveries.find((d) => d.kind === 'form');
    if (form)
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(teamsCard(form.surface, form.view))),
      );
  }

  /** An erased meeting leaves the list of its conversation. */
  async forget(meetingId: string): Promise<void> {
    const conversation = (await this.app.conversations.get(meetingId))?.conversation;
    if (conversation?.channel !== 'teams') return;
    await this.calls.withLock(conversation.id, async () => {
      const known = (await this.calls.get(conversation.id))?.meetings ?? [];
      const kept = known.filter((id) => id !== meetingId);
      if (kept.length === known.length) return;
      if (kept.length === 0) await this.calls.delete(conversation.id);
      else await this.calls.set(conversation.id, { meetings: kept });
    });
  }

  /** Which meetings were called in a conversation: a Teams meeting's chat knows its network meeting. */
  /** Does `work`, which a saved click needs not wait for: a store that does not answer only leaves it undone. */
  private async keptIfStoreAnswers(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.log(`toivo teams: left undone after a saved click: ${error.message}`);
    }
  }

  private async calledIn(conversationId: string, meetingId: string): Promise<void> {
    await this.calls.withLock(conversationId, async () => {
      const known = (await this.calls.get(conversationId))?.meetings ?? [];
      if (!known.includes(meetingId))
        await this.calls.set(conversationId, { meetings: [...known, meetingId].slice(-20) });
    });
  }

  /**
   * A Teams meeting in this chat started or ended. At the start, the board of a network meeting
   * still to be held is offered again at the foot of the chat; at the end, the chair is told in
   * their personal chat what is still open (the responsible worker, feedback, closing).
   */
  private async teamsMeeting(context: TurnContext, what: 'start' | 'end'): Promise<void> {
    const ids = (await this.calls.get(context.activity.conversation.id))?.meetings ?? [];
    const meetings = (await Promise.all(ids.map((id) => this.app.meetings.get(id)))).filter(
      (m): m is Meeting => m !== undefined,
    );
    const now = this.app.meetings.clock.now().toISOString();
    const port = this.port();
    for (const m of meetings) {
      const locale = m.invitation.locale;
      if (what === 'start' && m.phase === 'invited') {
        const refreshFor = await this.users.refreshIds(m);
        const board = teamsCard('board', { locale, now, meeting: m, exposed: true }, refreshFor);
        await context.sendActivity({
          ...MessageFactory.attachment(CardFactory.adaptiveCard(board)),
          text: t(locale, 'teams.meeting_started'),
        });
      }
      if (what === 'end' && !['invited', 'closed', 'cancelled'].includes(m.phase)) {
        const present = m.participants.filter((p) => p.attendance === 'present').length;
        const open = [
          ...(m.responsibleId ? [] : [t(locale, 'teams.left.responsible')]),
          ...(Object.keys(m.feedback).length < present
            ? [
                t(locale, 'teams.left.feedback', {
                  count: present - Object.keys(m.feedback).length,
                  total: present,
                }),
              ]
            : []),
          t(locale, 'teams.left.close'),
        ];
        const chair = m.participants.find((p) => p.id === (m.chairId ?? m.convenerId));
        if (chair?.chatUserId)
          await port.tell(
            chair.chatUserId,
            `${t(locale, 'teams.meeting_ended')}\n\n${open.map((x) => `- ${x}`).join('\n')}`,
          );
      }
    }
  }

  /** "My meetings": the person's meetings, newest first, each with its day and where it is now. */
  private async myMeetings(context: TurnContext, locale: Locale | undefined): Promise<void> {
    const meetings = (await this.app.meetingsFor(this.accountOf(context)))
      .filter((m) => m.phase !== 'cancelled')
      .slice(0, MY_MEETINGS_MAX);
    const say = locale ?? meetings[0]?.invitation.locale ?? 'fi';
    if (meetings.length === 0) {
      await context.sendActivity(t(say, 'teams.no_meetings'));
      return;
    }
    const day = (m: Meeting) =>
      new Intl.DateTimeFormat(INTL_LOCALE[say], {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: m.invitation.timeZone,
      }).format(new Date(m.invitation.startsAt));
    const lines = meetings.map((m) =>
      t(say, 'teams.meeting_line', {
        purpose: m.invitation.purpose.slice(0, 200),
        day: day(m),
        phase: t(say, `phase.${m.phase}`),
      }),
    );
    await context.sendActivity(`${t(say, 'teams.my_meetings')}\n\n${lines.map((l) => `- ${l}`).join('\n')}`);
  }

  /**
   * "My commitments": each open commitment of the person's meetings as its reminder card, with
   * Done / Need help / Postpone; a short sentence when there are none.
   */
  private async myCommitments(context: TurnContext, locale: Locale | undefined): Promise<void> {
    const account = this.accountOf(context);
    const now = this.app.meetings.clock.now().toISOString();
    const cards = (await this.app.meetingsFor(account)).flatMap((meeting) => {
      const me = meeting.participants.find((p) => p.chatUserId === account);
      if (!me || meeting.phase === 'cancelled') return [];
      return meeting.commitments
        .filter((c) => c.ownerId === me.id && c.status !== 'done')
        .map((c) =>
          teamsCard('reminder', {
            locale: meeting.invitation.locale,
            now,
            meeting,
            viewerId: me.id,
            commitmentId: c.id,
          }),
        );
    });
    if (cards.length === 0) {
      await context.sendActivity(t(locale ?? 'fi', 'teams.no_commitments'));
      return;
    }
    for (const card of cards.slice(0, MY_COMMITMENTS_MAX))
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** An older client's Action.Submit: the same step, with no card to answer with. */
  private async fallback(context: TurnContext): Promise<void> {
    const a = context.activity;
    const submission: Submission | undefined = isRecord(a.value) ? fromTeamsSubmit(a.value) : undefined;
    if (!submission) return;
    const locale = localeOf(a.locale);
    this.track(
      this.app.click(submission.fields.meetingId || undefined, submission, this.who(context), this.port(), {
        ...(textOf(a.id) ? { commandId: `teams:${a.id}` } : {}),
        ...(locale ? { locale } : {}),
        conversation: this.conversationOf(context),
      }),
    );
  }
}

/** What a click saved on a commitment, in words, for a click whose card cannot be drawn for the one who made it. */
function savedNote(
  m: Meeting | undefined,
  commitmentId: string | undefined,
  locale: Locale | undefined,
): string {
  const c = m?.commitments.find((x) => x.id === commitmentId);
  const language = m?.invitation.locale ?? locale ?? 'fi';
  if (!c) return describeRejection(language, { rejected: true, code: 'meeting.not_found' });
  const status = t(language, `commitment.status.${c.status}`);
  return t(language, 'card.reminder.status_saved', { what: shorten(c.what, 80), status });
}
