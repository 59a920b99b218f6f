/**
 * The playground as a channel: the page's clicks arrive as Teams invoke values or Slack payloads,
 * go through the same parsers, router and meeting service as the real platforms, and the page
 * gets back the cards to draw. There is no side door into the core.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Interactions, Reply, Sender } from '../../app/interactions.js';
import type { MeetingService } from '../../app/meeting-service.js';
import type { Surface } from '../../cards/render.js';
import { fromBlockActions, fromViewSubmission } from '../../cards/slack/submission.js';
import type { Submission } from '../../cards/submit.js';
import { fromTeamsInvoke, fromTeamsSubmit } from '../../cards/teams/submission.js';
import { VERBS } from '../../cards/verbs.js';
import { buildMemo, LOCALES, type Locale, type Meeting } from '../../core/index.js';
import { localDate } from '../../core/validate.js';
import { INTL_LOCALE, t } from '../../i18n/index.js';
import type { SimulatedClock } from './clock.js';
import { conversation, draw } from './conversation.js';
import { isRecord, readJson, sendJson, sendText } from './http.js';

export interface PlaygroundDeps {
  readonly meetings: MeetingService;
  readonly interactions: Interactions;
  readonly clock: SimulatedClock;
}

const LABELS = [
  'title',
  'intro',
  'acting_as',
  'convener_to_be',
  'no_account',
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
];
/**
 * A form with more than one thing to save stays open after each, drawn again with what is agreed
 * so far, as Teams redraws the card one pressed: the follow-up form agrees the responsible worker
 * and the follow-up meeting with buttons of their own.
 */
const REDRAWN: Readonly<Record<string, Surface>> = {
  [VERBS.responsibleAssign]: 'followup-form',
  [VERBS.followupAgree]: 'followup-form',
};
/** The convener of a meeting started in the playground, and the accounts of those it invites. */
const CONVENER_ACCOUNT = 'playground:convener';

const localeOf = (value: unknown, fallback: Locale = 'fi'): Locale =>
  LOCALES.includes(value as Locale) ? (value as Locale) : fallback;

export class PlaygroundApi {
  /** Meetings started here, newest last, for the page's meeting list. */
  private readonly started: string[] = [];

  constructor(private readonly deps: PlaygroundDeps) {}

  async state(meetingId: string | undefined, as: string | undefined, pageLocale: Locale) {
    const meeting = meetingId ? await this.deps.meetings.get(meetingId) : undefined;
    const locale = meeting?.invitation.locale ?? pageLocale;
    const labels = Object.fromEntries(LABELS.map((k) => [k, t(locale, `playground.${k}`)]));
    const now = this.deps.clock.now();
    const clock = t(locale, 'playground.clock', {
      time: new Intl.DateTimeFormat(INTL_LOCALE[locale], {
        dateStyle: 'full',
        timeStyle: 'short',
        timeZone: meeting?.invitation.timeZone ?? 'Europe/Helsinki',
      }).format(now),
    });
    const meetings = await Promise.all(
      this.started.map(async (id) => ({
        id,
        title: (await this.deps.meetings.get(id))?.invitation.purpose ?? id,
      })),
    );
    if (!meeting) {
      return {
        labels,
        locale,
        clock,
        meetings,
        meeting: null,
        people: [],
        as: null,
        messages: [draw('invitation-form', { locale })],
      };
    }
    const people = meeting.participants
      .filter((p) => p.chatUserId)
      .map((p) => ({ id: p.id, name: p.name, role: t(locale, `role.${p.role}`) }));
    const viewer = people.some((p) => p.id === as) ? as : meeting.convenerId;
    const events = await this.deps.meetings.events(meeting.id);
    const memoUrl = `/api/memo?meeting=${encodeURIComponent(meeting.id)}`;
    return {
      labels,
      locale,
      clock,
      meetings,
      meeting: { id: meeting.id, phase: meeting.phase, locale },
      people,
      as: viewer,
      messages: conversation(meeting, events, viewer, locale, memoUrl),
    };
  }

  /** Who is clicking: a participant with a (playground) chat account, or the convener of a new meeting. */
  private sender(meeting: Meeting | undefined, as: unknown): Sender | undefined {
    if (!meeting) return { chatUserId: CONVENER_ACCOUNT, accountFor: (row) => `playground:${row}` };
    const p = meeting.participants.find((x) => x.id === as && x.chatUserId);
    return p ? { participantId: p.id, ...(p.chatUserId ? { chatUserId: p.chatUserId } : {}) } : undefined;
  }

  async submit(body: Record<string, unknown>, submission: Submission | undefined, pageLocale: Locale) {
    const meetingId = typeof body.meeting === 'string' && body.meeting ? body.meeting : undefined;
    const meeting = meetingId ? await this.deps.meetings.get(meetingId) : undefined;
    const locale = meeting?.invitation.locale ?? pageLocale;
    const notice = (code: string) =>
      draw('notice', { locale, rejection: { rejected: true, code }, ...(meeting ? { meeting } : {}) });
    if (!submission)
      return {
        status: 400,
        body: {
          ok: false,
          notice: draw('notice', { locale, rejection: { rejected: true, code: 'command.unknown' } }),
        },
      };
    if (meetingId && !meeting)
      return { status: 404, body: { ok: false, notice: notice('meeting.not_found') } };
    const sender = this.sender(meeting, body.as);
    if (!sender) return { status: 403, body: { ok: false, notice: notice('auth.not_participant') } };
    const reply: Reply = await this.deps.interactions.handle(meeting, submission, sender, { locale });
    const now = reply.meeting ?? meeting;
    if (now && !this.started.includes(now.id)) this.started.push(now.id);
    if (!reply.ok) {
      return {
        status: 200,
        body: {
          ok: false,
          meeting: now?.id ?? null,
          notice: draw('notice', { locale, rejection: reply.rejection, ...(now ? { meeting: now } : {}) }),
        },
      };
    }
    const surface = reply.form?.surface ?? REDRAWN[submission.verb];
    const form =
      surface &&
      draw(surface, {
        locale: now?.invitation.locale ?? locale,
        ...(now ? { meeting: now, viewerId: sender.participantId } : {}),
        ...(reply.form?.commitmentId ? { commitmentId: reply.form.commitmentId } : {}),
      });
    return { status: 200, body: { ok: true, meeting: now?.id ?? null, ...(form ? { form } : {}) } };
  }

  /** Answers an /api/* request; false when the path is not the playground's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const pageLocale = localeOf(url.searchParams.get('locale'));
    if (req.method === 'GET' && url.pathname === '/api/state') {
      sendJson(
        res,
        200,
        await this.state(
          url.searchParams.get('meeting') ?? undefined,
          url.searchParams.get('as') ?? undefined,
          pageLocale,
        ),
      );
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/api/memo') {
      const id = url.searchParams.get('meeting') ?? '';
      const meeting = await this.deps.meetings.get(id);
      if (!meeting) {
        sendJson(res, 404, { error: t(pageLocale, 'playground.not_found') });
        return true;
      }
      // Named by the day it was held, in the meeting's own time zone, as the memo's title says.
      const date = localDate(meeting.startedAt ?? meeting.invitation.startsAt, meeting.invitation.timeZone);
      sendText(
        res,
        200,
        'text/markdown; charset=utf-8',
        buildMemo(
          await this.deps.meetings.events(id),
          localeOf(url.searchParams.get('locale'), meeting.invitation.locale),
        ),
        {
          'content-disposition': `attachment; filename="toivo-${date}.md"`,
        },
      );
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
