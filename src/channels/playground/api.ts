/**
 * The playground as a channel: the page's clicks arrive as Teams invoke values or Slack payloads,
 * go through the same parsers and the same app as the real platforms, and what the app delivers
 * lands in the playground's chat, from which the page draws each person's view.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  DEFAULT_TIME_ZONE,
  LOCALES,
  type Locale,
  type Meeting,
  type Who,
} from '../../app/index.js';
import { fromBlockActions, fromViewSubmission } from '../../cards/slack/submission.js';
import { isRecord } from '../../cards/submission-fields.js';
import type { Submission } from '../../cards/submit.js';
import { fromTeamsInvoke, fromTeamsSubmit } from '../../cards/teams/submission.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { INTL_LOCALE, t } from '../../i18n/index.js';
import { CALENDAR_API, calendarLink, serveCalendar } from './calendar.js';
import type { HeldCard, PlaygroundChat } from './chat.js';
import type { SimulatedClock } from './clock.js';
import { draw } from './conversation.js';
import { readJson, sendJson, sendText } from './http.js';

export interface PlaygroundDeps {
  readonly app: App;
  readonly chat: PlaygroundChat;
  readonly clock: SimulatedClock;
}

const LABELS = [
  'title',
  'intro',
  'acting_as',
  'convener_to_be',
  'no_account',
  'guest',
  'teams',
  'slack',
  'hour_later',
  'day_later',
  'week_later',
  'download_memo',
  'meeting',
  'new_meeting',
  'language',
  'form',
  'close_form',
  'conversation',
  'direct',
];
/** The convener of a meeting started in the playground, and the accounts of those it invites. */
const CONVENER_ACCOUNT = 'playground:convener';
/** Someone in the chat who is not (yet) in the meeting: they can say which invitee they are. */
export const GUEST = 'guest';
const GUEST_ACCOUNT = 'playground:guest';

const localeOf = (value: unknown, fallback: Locale = 'fi'): Locale =>
  LOCALES.includes(value as Locale) ? (value as Locale) : fallback;

/** The meeting as the chat last drew it: the newest state any of its cards was drawn from. */
const latest = (cards: readonly HeldCard[]): Meeting | undefined =>
  cards.reduce<Meeting | undefined>(
    (newest, c) =>
      c.view.meeting && (!newest || c.view.meeting.version > newest.version) ? c.view.meeting : newest,
    undefined,
  );

export class PlaygroundApi {
  /** Meetings started here, newest last, for the page's meeting list. */
  private readonly started: string[] = [];

  constructor(private readonly deps: PlaygroundDeps) {}

  /** The conversation's cards; a meeting this chat has not seen since a restart is caught up from the store. */
  private async cards(meetingId: string): Promise<readonly HeldCard[]> {
    const held = this.deps.chat.conversation(meetingId);
    if (held) return held;
    await this.deps.app.catchUp(meetingId, this.deps.chat);
    return this.deps.chat.conversation(meetingId) ?? [];
  }

  /** Who one acts as on the page: a participant with a (playground) chat account, or a guest of the chat. */
  private who(meeting: Meeting | undefined, as: unknown): Who | undefined {
    if (!meeting) return { account: CONVENER_ACCOUNT, accountFor: (row) => `playground:${row}` };
    if (as === GUEST)
      return { account: GUEST_ACCOUNT, displayName: t(meeting.invitation.locale, 'playground.guest_name') };
    const p = meeting.participants.find((x) => x.id === as);
    return p?.chatUserId ? { account: p.chatUserId } : undefined;
  }

  /** The meeting as its newest card in the conversation shows it (a follow-up's cards live there too). */
  private async meetingOf(meetingId: string): Promise<Meeting | undefined> {
    return latest((await this.cards(meetingId)).filter((c) => c.view.meeting?.id === meetingId));
  }

  async state(meetingId: string | undefined, as: string | undefined, pageLocale: Locale) {
    const cards = meetingId ? await this.cards(meetingId) : [];
    const meeting = meetingId ? await this.meetingOf(meetingId) : undefined;
    const locale = meeting?.invitation.locale ?? pageLocale;
    const labels = Object.fromEntries(LABELS.map((k) => [k, t(locale, `playground.${k}`)]));
    const now = this.deps.clock.now();
    const clock = t(locale, 'playground.clock', {
      time: new Intl.DateTimeFormat(INTL_LOCALE[locale], {
        dateStyle: 'full',
        timeStyle: 'short',
        timeZone: meeting?.invitation.timeZone ?? DEFAULT_TIME_ZONE,
      }).format(now),
    });
    // Meetings started here, and the follow-up meetings Toivo called together from them.
    const known = this.deps.chat.meetingIds();
    const listed = [
      ...this.started,
      ...known.filter(
        (id) => !this.started.includes(id) && known.some((s) => this.deps.chat.together(s, id)),
      ),
    ];
    const meetings = await Promise.all(
      listed.map(async (id) => ({ id, title: (await this.meetingOf(id))?.invitation.purpose ?? id })),
    );
    if (!meeting) {
      const form = draw('invitation-form', { locale, now: now.toISOString() });
      return {
        labels,
        locale,
        clock,
        meetings,
        meeting: null,
        people: [],
        as: null,
        messages: [form],
        direct: [],
      };
    }
    const people = meeting.participants
      .filter((p) => p.chatUserId)
      .map((p) => ({ id: p.id, name: p.name, role: t(locale, `role.${p.role}`) }));
    // A guest is offered while the guest's account is nobody's in the meeting.
    const guest = !meeting.participants.some((p) => p.chatUserId === GUEST_ACCOUNT);
    const viewer =
      people.some((p) => p.id === as) || (guest && as === GUEST) ? (as as string) : meeting.convenerId;
    const viewerId = viewer === GUEST ? undefined : viewer;
    const account = this.who(meeting, viewer)?.account;
    const memoUrl = `/api/memo?meeting=${encodeURIComponent(meeting.id)}`;
    const drawFor = (c: HeldCard) => {
      const { viewerId: _, ...shared } = c.view;
      return draw(c.surface, {
        ...shared,
        ...(viewerId ? { viewerId } : {}),
        memoUrl,
        ...calendarLink(c.surface, meeting.id),
      });
    };
    return {
      labels,
      locale,
      clock,
      meetings,
      meeting: { id: meeting.id, phase: meeting.phase, locale },
      people,
      guest,
      as: viewer,
      messages: cards.map(drawFor),
      direct: account
        ? this.deps.chat
            .directMessages(account, meeting.id)
            .map((c) => draw(c.surface, { ...c.view, memoUrl, ...calendarLink(c.surface, meeting.id) }))
        : [],
    };
  }

  async submit(
    body: Readonly<Record<string, unknown>>,
    submission: Submission | undefined,
    pageLocale: Locale,
  ) {
    const pageMeetingId = typeof body.meeting === 'string' && body.meeting ? body.meeting : undefined;
    // A card of the follow-up meeting, pressed where the first one lives, is about the follow-up.
    const cardMeetingId = submission?.fields.meetingId;
    const meetingId =
      pageMeetingId && cardMeetingId && this.deps.chat.together(pageMeetingId, cardMeetingId)
        ? cardMeetingId
        : pageMeetingId;
    const meeting = meetingId ? await this.meetingOf(meetingId) : undefined;
    const locale = meeting?.invitation.locale ?? pageLocale;
    const now = this.deps.clock.now().toISOString();
    const notice = (
      code: 'command.unknown' | 'meeting.not_found' | 'auth.not_participant',
      meetingRef?: Meeting,
    ) => {
      const view: ViewContext = {
        locale,
        now,
        rejection: { rejected: true, code },
        ...(meetingRef ? { meeting: meetingRef } : {}),
      };
      return draw('notice', view);
    };
    if (!submission) return { status: 400, body: { ok: false, notice: notice('command.unknown') } };
    if (meetingId && !meeting)
      return { status: 404, body: { ok: false, notice: notice('meeting.not_found') } };
    // Who one acts as is chosen among the page's meeting's people: the same person in the follow-up.
    const page = pageMeetingId && pageMeetingId !== meetingId ? await this.meetingOf(pageMeetingId) : meeting;
    const who = this.who(page, body.as);
    if (!who) return { status: 403, body: { ok: false, notice: notice('auth.not_participant', meeting) } };
    const { handled } = await this.deps.app.click(meetingId, submission, who, this.deps.chat, {
      locale,
      // Each meeting started here is a conversation of its own, as if called in a new group chat.
      conversation: { channel: 'playground', id: meetingId ?? `conversation-${this.started.length + 1}` },
    });
    if (handled.meetingId && !this.started.includes(handled.meetingId)) this.started.push(handled.meetingId);
    const mine = this.deps.chat.takePrivate(who.account);
    const drawn = (c: HeldCard | undefined) => (c ? draw(c.surface, c.view) : undefined);
    return {
      status: 200,
      body: {
        ok: handled.ok,
        meeting: handled.meetingId ?? null,
        ...(mine.notice ? { notice: drawn(mine.notice) } : {}),
        ...(mine.form ? { form: drawn(mine.form) } : {}),
      },
    };
  }

  /** Answers an /api/* request; false when the path is not the playground's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const pageLocale = localeOf(url.searchParams.get('locale'));
    if (req.method === 'GET' && url.pathname === '/api/state') {
      const meeting = url.searchParams.get('meeting') ?? undefined;
      sendJson(res, 200, await this.state(meeting, url.searchParams.get('as') ?? undefined, pageLocale));
      return true;
    }
    if (req.method === 'GET' && url.pathname === CALENDAR_API) {
      await serveCalendar(this.deps.app, url, res, pageLocale);
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/api/memo') {
      const locale = url.searchParams.get('locale');
      const file = await this.deps.app.memo(
        url.searchParams.get('meeting') ?? '',
        locale ? localeOf(locale) : undefined,
      );
      if (!file) {
        sendJson(res, 404, { error: t(pageLocale, 'playground.not_found') });
        return true;
      }
      sendText(res, 200, 'text/markdown; charset=utf-8', file.markdown, {
        'content-disposition': `attachment; filename="${file.filename}"`,
      });
      return true;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) return false;
    const body = await readJson(req);
    if (!isRecord(body)) {
      sendJson(res, 400, { ok: false, error: t(pageLocale, 'playground.bad_request') });
      return true;
    }
    const locale = localeOf(body.locale, pageLocale);
    let submission: Submission | undefined;
    switch (url.pathname) {
      case '/api/teams':
        submission = body.kind === 'submit' ? fromTeamsSubmit(body.value) : fromTeamsInvoke(body.value);
        break;
      case '/api/slack':
        submission =
          isRecord(body.payload) && body.payload.type === 'view_submission'
            ? fromViewSubmission(body.payload)
            : fromBlockActions(body.payload);
        break;
      case '/api/clock':
        this.deps.clock.advance(Number(body.minutes));
        // What the moved clock makes due arrives at once, as if the minutes had passed.
        await this.deps.app.aftercare.tick();
        sendJson(res, 200, { ok: true, now: this.deps.clock.now().toISOString() });
        return true;
      default:
        sendJson(res, 404, { ok: false, error: t(locale, 'playground.not_found') });
        return true;
    }
    const { status, body: answer } = await this.submit(body, submission, locale);
    sendJson(res, status, answer);
    return true;
  }
}
