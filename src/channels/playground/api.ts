/**
 * The playground as a channel: the page's clicks arrive as Teams invoke values or Slack payloads,
 * go through the same parsers and the same app as the real platforms, and what the app delivers
 * lands in the playground's chat, from which the page draws each person's view.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  DEFAULT_TIME_ZONE,
  EXPORT_FORMATS,
  type ExportFormat,
  LOCALES,
  type Locale,
  logFailedRequest,
  type Meeting,
  mayReadMemo,
  NOT_REVIEWED,
  StoreUnavailableError,
  storeUnavailable,
  type Who,
} from '../../app/index.js';
import { refusedForm } from '../../cards/refill.js';
import { refusedInput } from '../../cards/refused-input.js';
import { fromBlockActions, fromViewSubmission } from '../../cards/slack/submission.js';
import { isRecord } from '../../cards/submission-fields.js';
import type { Submission } from '../../cards/submit.js';
import { fromTeamsInvoke, fromTeamsSubmit } from '../../cards/teams/submission.js';
import { dateFormat } from '../../cards/view-models/card-format.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { describeRejection, INTL_LOCALE, t } from '../../i18n/index.js';
import type { PlaygroundBrowsers } from './browsers.js';
import { CALENDAR_API, calendarLink, serveCalendar } from './calendar.js';
import type { HeldCard, MeetingSummary, PlaygroundChat } from './chat.js';
import type { SimulatedClock } from './clock.js';
import { CLOCK_KEY, keptClock } from './clock.js';
import { draw, drawRefused } from './conversation.js';
import { readJson, sendJson, sendText, TOO_LARGE } from './http.js';

export interface PlaygroundDeps {
  readonly app: App;
  readonly chat: PlaygroundChat;
  readonly clock: SimulatedClock;
  readonly browsers: PlaygroundBrowsers;
}

/** An answer of the API: its status and its JSON. */
interface Answer {
  readonly status: number;
  readonly body: unknown;
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

/** What the page sent that is not well-formed: answered as a meeting that does not exist, before anything is looked at. */
const MALFORMED: unique symbol = Symbol('malformed');
type Malformed = typeof MALFORMED;

/**
 * A meeting's or a participant's id as the page sends it ('m-' and base64url or a uuid; 'p1'; the
 * ids tests use): none (absent, null or empty) gives undefined; anything else is MALFORMED, NUL
 * bytes and other control characters included.
 */
const ID = /^[A-Za-z0-9_-]{1,80}$/;
const idOf = (value: unknown): string | undefined | Malformed =>
  value === undefined || value === null || value === ''
    ? undefined
    : typeof value === 'string' && ID.test(value)
      ? value
      : MALFORMED;

/** A language the page sends: none gives `fallback`; one Toivo does not speak is MALFORMED. */
const localeOf = (value: unknown, fallback: Locale = 'fi'): Locale | Malformed =>
  value === undefined || value === null || value === ''
    ? fallback
    : LOCALES.includes(value as Locale)
      ? (value as Locale)
      : MALFORMED;

/** The most inputs a card the page sends a click from is taken to have. */
const MAX_INPUTS = 200;

/**
 * The ids of the inputs of the card a click was made on, as the page sends them (the inputs left
 * empty included, which the click's fields leave out): none gives undefined; anything but a list
 * of ids is MALFORMED.
 */
const inputsOf = (value: unknown): readonly string[] | undefined | Malformed =>
  value === undefined || value === null
    ? undefined
    : Array.isArray(value) &&
        value.length <= MAX_INPUTS &&
        value.every((id) => typeof id === 'string' && ID.test(id))
      ? (value as string[])
      : MALFORMED;

/**
 * What the page says about the click it sends: the meeting it shows, whom one acts as, the
 * click's own id (made once per click by the page, and sent again with it if it is sent again),
 * and the inputs of the card it was made on.
 */
interface PageClick {
  readonly meeting: string | undefined;
  readonly as: string | undefined;
  readonly click: string | undefined;
  readonly inputs?: readonly string[] | undefined;
}

/**
 * The command id a click of the page is kept by: the browser's id first, so that two browsers
 * that happen to send the same id never take each other's clicks for retries of their own.
 */
const commandIdOf = (browser: string, click: string): string => `playground:${browser}:${click}`;

/** The meeting as the chat last drew it: the newest state any of its cards was drawn from. */
const latest = (cards: readonly HeldCard[]): Meeting | undefined =>
  cards.reduce<Meeting | undefined>(
    (newest, c) =>
      c.view.meeting && (!newest || c.view.meeting.version > newest.version) ? c.view.meeting : newest,
    undefined,
  );

/** The list's date format per language and time zone (made once: the list formats a date for every meeting). */
const titleFormat = (locale: Locale, timeZone: string): Intl.DateTimeFormat =>
  dateFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone });

/**
 * A meeting in the page's list: its purpose, when it is and whose it is, so that meetings with the
 * same purpose (a follow-up, another client's) are told apart.
 */
const titleOf = (summary: MeetingSummary | undefined, locale: Locale): string | undefined => {
  if (!summary) return undefined;
  const { purpose, startsAt, timeZone, client } = summary;
  const at = new Date(startsAt);
  const date = Number.isNaN(at.getTime()) ? '' : titleFormat(locale, timeZone).format(at);
  return t(locale, 'playground.meeting_title', { purpose, date, client });
};

/** A guest is offered while the guest's account is nobody's in the meeting. */
const guestOffered = (meeting: Meeting): boolean =>
  !meeting.participants.some((p) => p.chatUserId === GUEST_ACCOUNT);

/**
 * What a meeting not opened from this browser gets, exactly as one that does not exist: nobody
 * learns from the playground which meetings there are.
 */
const notFound = (locale: Locale): Answer => ({
  status: 404,
  body: { error: t(locale, 'playground.not_found') },
});

/** Where the playground serves a meeting's export, for the one its card was sent to. */
const EXPORT_API = '/api/export';
const exportUrls = (meetingId: string, as: string) => {
  const url = (format: ExportFormat) =>
    `${EXPORT_API}?${new URLSearchParams({ meeting: meetingId, format, as })}`;
  return { markdown: url('markdown'), json: url('json') };
};

export class PlaygroundApi {
  /** One click at a time: what the app delivers to an account is taken by the click that caused it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PlaygroundDeps) {}

  /**
   * The meetings opened from `browser`, and the follow-up meetings Toivo made from them (which live
   * in the same conversation), noted as the browser's when first seen.
   */
  private async mine(browser: string): Promise<readonly string[]> {
    const { chat, browsers } = this.deps;
    const opened = await browsers.meetings(browser);
    const known = new Set(opened);
    const made = chat
      .meetingIds()
      .filter((id) => !known.has(id) && opened.some((first) => chat.together(first, id)));
    for (const id of made) await browsers.add(browser, id);
    return [...opened, ...made];
  }

  /** Whether `meetingId` is one of the meetings this browser may see. */
  private async visible(browser: string, meetingId: string): Promise<boolean> {
    return meetingId !== '' && (await this.mine(browser)).includes(meetingId);
  }

  /** The conversation's cards; a meeting this chat has not seen since a restart is caught up from the store. */
  private async cards(meetingId: string): Promise<readonly HeldCard[]> {
    const held = this.deps.chat.conversation(meetingId);
    if (held) return held;
    await this.deps.app.catchUp(meetingId, this.deps.chat);
    return this.deps.chat.conversation(meetingId) ?? [];
  }

  /**
   * Who one acts as on the page: a participant with a (playground) chat account, or a guest of the
   * chat while the guest is offered; undefined for anyone else.
   */
  private who(meeting: Meeting | undefined, as: unknown): Who | undefined {
    if (!meeting) return { account: CONVENER_ACCOUNT, accountFor: (row) => `playground:${row}` };
    if (as === GUEST)
      return guestOffered(meeting)
        ? { account: GUEST_ACCOUNT, displayName: t(meeting.invitation.locale, 'playground.guest_name') }
        : undefined;
    const p = meeting.participants.find((x) => x.id === as);
    return p?.chatUserId ? { account: p.chatUserId } : undefined;
  }

  /**
   * What the list shows of a meeting: the chat's summary of its newest card; a meeting the chat
   * holds no card of (since a restart) is read once, its conversation not caught up.
   */
  private async summaryOf(meetingId: string): Promise<MeetingSummary | undefined> {
    const held = this.deps.chat.summary(meetingId);
    if (held) return held;
    const meeting = await this.deps.app.meetings.get(meetingId);
    return meeting ? this.deps.chat.noteSummary(meeting) : undefined;
  }

  /** The meeting as its newest card in the conversation shows it (a follow-up's cards live there too). */
  private async meetingOf(meetingId: string): Promise<Meeting | undefined> {
    return latest((await this.cards(meetingId)).filter((c) => c.view.meeting?.id === meetingId));
  }

  async state(
    browser: string,
    meetingId: string | undefined,
    as: string | undefined,
    pageLocale: Locale,
  ): Promise<Answer> {
    const meeting =
      meetingId && (await this.visible(browser, meetingId)) ? await this.meetingOf(meetingId) : undefined;
    if (meetingId && !meeting) return notFound(pageLocale);
    const cards = meeting ? await this.cards(meeting.id) : [];
    const locale = meeting?.invitation.locale ?? pageLocale;
    const labels = Object.fromEntries(LABELS.map((k) => [k, t(locale, `playground.${k}`)]));
    const now = this.deps.clock.now();
    const clock = t(locale, 'playground.clock', {
      time: dateFormat(INTL_LOCALE[locale], {
        dateStyle: 'full',
        timeStyle: 'short',
        timeZone: meeting?.invitation.timeZone ?? DEFAULT_TIME_ZONE,
      }).format(now),
    });
    // The meetings opened from this browser, and the follow-up meetings Toivo called together from them.
    const meetings = await Promise.all(
      (await this.mine(browser)).map(async (id) => ({
        id,
        title: titleOf(await this.summaryOf(id), locale) ?? id,
      })),
    );
    if (!meeting) {
      const form = draw('invitation-form', { locale, now: now.toISOString() });
      return {
        status: 200,
        body: {
          labels,
          locale,
          clock,
          meetings,
          meeting: null,
          people: [],
          as: null,
          messages: [form],
          direct: [],
        },
      };
    }
    const people = meeting.participants
      .filter((p) => p.chatUserId)
      .map((p) => ({ id: p.id, name: p.name, role: t(locale, `role.${p.role}`) }));
    const guest = guestOffered(meeting);
    // Without `as`, the convener; anyone else than those one may act as is refused, not shown another's view.
    if (as !== undefined && !people.some((p) => p.id === as) && !(guest && as === GUEST))
      return { status: 403, body: { error: t(locale, 'playground.not_participant') } };
    const viewer = as ?? meeting.convenerId;
    const viewerId = viewer === GUEST ? undefined : viewer;
    const account = this.who(meeting, viewer)?.account;
    // The memo as the one played reads it: a draft only if they review it.
    const memoUrl = `/api/memo?meeting=${encodeURIComponent(meeting.id)}&as=${encodeURIComponent(viewer)}`;
    const drawFor = (c: HeldCard) => {
      const { viewerId: _, ...shared } = c.view;
      return draw(c.surface, {
        ...shared,
        // The board as Teams' refresh would draw it: at the clock's time, which the page moves.
        ...(c.surface === 'board' ? { now: now.toISOString() } : {}),
        ...(viewerId ? { viewerId } : {}),
        memoUrl,
        ...calendarLink(c.surface, meeting.id),
      });
    };
    return {
      status: 200,
      body: {
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
          ? this.deps.chat.directMessages(account, meeting.id).map((c) =>
              draw(c.surface, {
                ...c.view,
                // An invitation clicked in Teams is answered with itself as the meeting is now.
                ...(c.surface === 'invitation' ? { meeting, now: now.toISOString() } : {}),
                memoUrl,
                ...calendarLink(c.surface, meeting.id),
                ...(c.surface === 'export' ? { exportUrls: exportUrls(meeting.id, viewer) } : {}),
              }),
            )
          : [],
      },
    };
  }

  /** A click or a form from the page, about the page's meeting (if any) as `as`; one at a time. */
  submit(
    browser: string,
    page: PageClick,
    submission: Submission | undefined,
    pageLocale: Locale,
  ): Promise<Answer> {
    const next = this.queue.then(() => this.submitNow(browser, page, submission, pageLocale));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async submitNow(
    browser: string,
    page: PageClick,
    submission: Submission | undefined,
    pageLocale: Locale,
  ): Promise<Answer> {
    const pageMeetingId = page.meeting;
    // Another browser's meeting is answered as one that does not exist (and nothing of it is looked at).
    const visible = pageMeetingId === undefined || (await this.visible(browser, pageMeetingId));
    // A card of the follow-up meeting, pressed where the first one lives, is about the follow-up.
    const cardMeetingId = submission?.fields.meetingId || undefined;
    const meetingId =
      visible && pageMeetingId && cardMeetingId && this.deps.chat.together(pageMeetingId, cardMeetingId)
        ? cardMeetingId
        : pageMeetingId;
    const meeting =
      meetingId && visible && (meetingId === pageMeetingId || (await this.visible(browser, meetingId)))
        ? await this.meetingOf(meetingId)
        : undefined;
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
    // A card's meeting id that no card could carry is answered as a meeting that does not exist.
    if (idOf(cardMeetingId) === MALFORMED || (meetingId && !meeting))
      return { status: 404, body: { ok: false, notice: notice('meeting.not_found') } };
    // Who one acts as is chosen among the page's meeting's people: the same person in the follow-up.
    const pageMeeting =
      pageMeetingId && pageMeetingId !== meetingId ? await this.meetingOf(pageMeetingId) : meeting;
    const who = this.who(pageMeeting, page.as);
    if (!who) return { status: 403, body: { ok: false, notice: notice('auth.not_participant', meeting) } };
    const { handled } = await this.deps.app.click(meetingId, submission, who, this.deps.chat, {
      // A click sent again with its id applies once, and one refused is refused again the same way.
      ...(page.click ? { commandId: commandIdOf(browser, page.click) } : {}),
      locale,
      // Each meeting started here is a conversation of its own, as if called in a new group chat.
      conversation: { channel: 'playground', id: meetingId ?? `conversation-${randomUUID()}` },
    });
    // A meeting called together from the invitation form is this browser's, and so is a follow-up
    // meeting the click made (noted now, so that it is listed after a restart too).
    if (meetingId === undefined && handled.meetingId)
      await this.deps.browsers.add(browser, handled.meetingId);
    else
      await this.mine(browser).catch((error: unknown) => {
        // A click saved is answered as saved: a follow-up it made is noted on the next look.
        if (!handled.ok || !(error instanceof StoreUnavailableError)) throw error;
      });
    const mine = this.deps.chat.takePrivate(who.account);
    const drawn = (c: HeldCard | undefined) => (c ? draw(c.surface, c.view) : undefined);
    // A refused form comes back as it was sent, saying why at the input: the page draws it in place.
    const kept = handled.ok ? undefined : refusedForm(submission.verb, submission.fields, mine.notice?.view);
    // Any other refusal leaves the page as it is, with what was typed on the card, and says why at
    // the input it is about (if any); a card drawn from an older state is drawn anew instead.
    const rejection = handled.ok || kept ? undefined : handled.rejection;
    const rejected =
      rejection && rejection.code !== 'stale'
        ? {
            message: describeRejection(mine.notice?.view.locale ?? locale, rejection),
            input:
              refusedInput(rejection, page.inputs ?? Object.keys(submission.fields), submission.fields) ??
              null,
          }
        : undefined;
    const answer = {
      ok: handled.ok,
      meeting: handled.meetingId ?? null,
      ...(mine.notice ? { notice: drawn(mine.notice) } : {}),
      ...(mine.form ? { form: drawn(mine.form) } : {}),
      ...(kept ? { refused: drawRefused(kept.surface, kept.view, submission.fields, kept.rejection) } : {}),
      ...(rejected ? { rejected } : {}),
    };
    // A click the store could not take in time is a 503 as any other, its notice kept.
    if (handled.rejection?.code === 'store.unavailable') {
      const refused = storeUnavailable(locale);
      return { status: refused.status, body: { ...refused.body, ...answer } };
    }
    return { status: 200, body: answer };
  }

  /**
   * The memo of a meeting of this browser, once it is closed: before that it is not yet the memo
   * (Toivo drafts it as the meeting closes), and it is answered as a meeting that does not exist.
   * A draft is for its reviewers: to anyone else the page plays (`as`), it is not reviewed yet.
   */
  private async memo(browser: string, meetingId: string, as: string | undefined, locale: Locale | undefined) {
    if (!(await this.visible(browser, meetingId))) return undefined;
    const meeting = await this.deps.app.meetings.get(meetingId);
    if (meeting?.phase !== 'closed') return undefined;
    if (!mayReadMemo(meeting, as ?? meeting.convenerId)) return NOT_REVIEWED;
    return this.deps.app.memo(meetingId, locale);
  }

  /** Answers an /api/* request from `browser`; false when the path is not the playground's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, browser: string): Promise<boolean> {
    const asked = localeOf(url.searchParams.get('locale'));
    const pageLocale = asked === MALFORMED ? 'fi' : asked;
    if (req.method === 'GET')
      return this.whileStoreAnswers(req, res, url, pageLocale, () => this.get(res, url, browser, asked));
    if (req.method !== 'POST') return false;
    const body = await readJson(req);
    if (body === TOO_LARGE)
      return send(res, { status: 413, body: { ok: false, error: t(pageLocale, 'server.too_large') } });
    if (!isRecord(body))
      return send(res, { status: 400, body: { ok: false, error: t(pageLocale, 'playground.bad_request') } });
    const bodyLocale = localeOf(body.locale, pageLocale);
    const locale = bodyLocale === MALFORMED ? pageLocale : bodyLocale;
    const meeting = idOf(body.meeting);
    const as = idOf(body.as);
    const click = idOf(body.commandId);
    const inputs = inputsOf(body.inputs);
    // What no page sends (a malformed id or language) is answered as a meeting that does not exist.
    if (
      asked === MALFORMED ||
      bodyLocale === MALFORMED ||
      meeting === MALFORMED ||
      as === MALFORMED ||
      click === MALFORMED ||
      inputs === MALFORMED
    ) {
      const view: ViewContext = {
        locale,
        now: this.deps.clock.now().toISOString(),
        rejection: { rejected: true, code: 'meeting.not_found' },
      };
      return send(res, { status: 404, body: { ok: false, notice: draw('notice', view) } });
    }
    return this.whileStoreAnswers(req, res, url, locale, async () =>
      send(res, await this.post(url.pathname, body, browser, { meeting, as, click, inputs }, locale)),
    );
  }

  /**
   * Runs `work`, which answers on `res`. While the store does not answer (a StoreUnavailableError
   * from anything the request needed), the request is answered 503, saying so in `locale` (the
   * server would not know the page's language): the page shows it, and the person may try again
   * in a moment. Logged as the server logs any failed request.
   */
  private async whileStoreAnswers(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    locale: Locale,
    work: () => Promise<boolean>,
  ): Promise<boolean> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || res.headersSent) throw error;
      logFailedRequest(req.method, url.pathname, error);
      return send(res, storeUnavailable(locale));
    }
  }

  /** A GET of the page: its state, a calendar file, an export, the memo; false for any other path. */
  private async get(
    res: ServerResponse,
    url: URL,
    browser: string,
    asked: Locale | Malformed,
  ): Promise<boolean> {
    const query = (key: string) => url.searchParams.get(key);
    const pageLocale = asked === MALFORMED ? 'fi' : asked;
    const meetingId = idOf(query('meeting'));
    const as = idOf(query('as'));
    // What no page sends (a malformed id or language) is answered as a meeting that does not exist.
    const malformed = asked === MALFORMED || meetingId === MALFORMED || as === MALFORMED;
    if (url.pathname === '/api/state')
      return send(
        res,
        malformed ? notFound(pageLocale) : await this.state(browser, meetingId, as, pageLocale),
      );
    if (url.pathname === CALENDAR_API) {
      await serveCalendar(this.deps.app, url, res, pageLocale, async (id) =>
        malformed ? false : this.visible(browser, id),
      );
      return true;
    }
    if (url.pathname === EXPORT_API) {
      const format = query('format');
      const meeting =
        !malformed && meetingId && (await this.visible(browser, meetingId))
          ? await this.deps.app.meetings.get(meetingId)
          : undefined;
      const account = as && meeting?.participants.find((p) => p.id === as)?.chatUserId;
      // The one it is for must be allowed to export it: the app says, and notes it in the access log.
      const file =
        meeting && account && EXPORT_FORMATS.includes(format as ExportFormat)
          ? await this.deps.app.export(meeting.id, account, format as ExportFormat)
          : undefined;
      if (!file) return send(res, notFound(pageLocale));
      sendText(res, 200, file.type, file.body, {
        'content-disposition': `attachment; filename="${file.filename}"`,
      });
      return true;
    }
    if (url.pathname === '/api/memo') {
      const file =
        malformed || !meetingId
          ? undefined
          : await this.memo(browser, meetingId, as, query('locale') ? pageLocale : undefined);
      if (file === NOT_REVIEWED)
        return send(res, { status: 403, body: { error: t(pageLocale, NOT_REVIEWED) } });
      if (!file) return send(res, notFound(pageLocale));
      sendText(res, 200, 'text/markdown; charset=utf-8', file.markdown, {
        'content-disposition': `attachment; filename="${file.filename}"`,
      });
      return true;
    }
    return false;
  }

  /** A POST of the page, its body well-formed: a Teams or Slack click, or the clock moved. */
  private async post(
    path: string,
    body: Readonly<Record<string, unknown>>,
    browser: string,
    page: PageClick,
    locale: Locale,
  ): Promise<Answer> {
    let submission: Submission | undefined;
    switch (path) {
      case '/api/teams':
        submission = body.kind === 'submit' ? fromTeamsSubmit(body.value) : fromTeamsInvoke(body.value);
        break;
      case '/api/slack':
        submission =
          isRecord(body.payload) && body.payload.type === 'view_submission'
            ? fromViewSubmission(body.payload)
            : fromBlockActions(body.payload);
        break;
      case '/api/clock': {
        // Whole minutes forward, within a year a step: anything else moves nothing.
        const now = () => this.deps.clock.now().toISOString();
        const ahead = this.deps.clock.reach(body.minutes);
        if (ahead === undefined)
          return {
            status: 400,
            body: { ok: false, error: t(locale, 'playground.clock_bounds'), now: now() },
          };
        // Kept first, so that a restart goes on from here (time never goes back on the meetings'
        // events); a store that does not answer moves nothing.
        await keptClock(this.deps.app).set(CLOCK_KEY, { ahead });
        this.deps.clock.resume(ahead);
        // What the moved clock makes due arrives at once, as if the minutes had passed.
        await this.deps.app.aftercare.tick();
        return { status: 200, body: { ok: true, now: now() } };
      }
      default:
        return notFound(locale);
    }
    return this.submit(browser, page, submission, locale);
  }
}

/** Sends `answer` as JSON; true, as a handled request. */
function send(res: ServerResponse, { status, body }: Answer): true {
  sendJson(res, status, body);
  return true;
}
