/**
 * A meeting exported for the client record: the network's chain of meetings (the meeting it
 * followed up, and the follow-up meetings made from it), as Markdown (each meeting's memo, then
 * who has read or exported it) and as JSON (everything recorded, machine-readable; documented in
 * docs/export.md). Feedback is in it as the poll's results only: what one person answered is in
 * no export, nor when they answered.
 *
 * Only the convener, the chair and the responsible worker export a meeting; each export is noted
 * in the meeting's access log.
 */
import { buildMemo } from '../cards/memo-markdown.js';
import {
  type Event,
  feedbackResults,
  isMemoDraft,
  type Locale,
  type Meeting,
  memoContentOf,
  type Participant,
} from '../core/index.js';
import { localDate } from '../core/validate.js';
import { t } from '../i18n/index.js';
import type { Access, AccessKind, AccessLog } from './access-log.js';
import { followUpIdOf } from './followups.js';
import type { MeetingService } from './meeting-service.js';

export type ExportFormat = 'markdown' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'json'];

export interface ExportFile {
  readonly filename: string;
  readonly type: string;
  readonly body: string;
}

/** The version of the JSON export's shape (docs/export.md). */
export const EXPORT_VERSION = 1;

/** Events that carry one person's feedback: left out, so that no answer is tied to anyone or any time. */
const ANSWERS: ReadonlySet<Event['type']> = new Set<Event['type']>(['feedback.answered']);

/** May `account` export `m`: its convener, its chair or its responsible worker. */
export function mayExport(m: Meeting, account: string): Participant | undefined {
  const p = m.participants.find((x) => x.chatUserId === account);
  return p && [m.convenerId, m.chairId, m.responsibleId].includes(p.id) ? p : undefined;
}

/** The chain `meetingId` belongs to, first meeting first: the ones it follows up, it, its follow-ups. */
export async function chainOf(meetings: MeetingService, meetingId: string): Promise<Meeting[]> {
  const here = await meetings.get(meetingId);
  if (!here) return [];
  const chain = [here];
  const seen = new Set([here.id]);
  for (let m = here; m.previousMeetingId && !seen.has(m.previousMeetingId); ) {
    const before = await meetings.get(m.previousMeetingId);
    // Only the meeting whose own id derives this one's: a chain is made by Toivo, not claimed.
    if (!before || followUpIdOf(before.id) !== m.id) break;
    chain.unshift(before);
    seen.add(before.id);
    m = before;
  }
  for (let m = here; ; ) {
    const next = await meetings.get(followUpIdOf(m.id));
    if (!next || seen.has(next.id)) break;
    chain.push(next);
    seen.add(next.id);
    m = next;
  }
  return chain;
}

const roles = (m: Meeting, id: string): string[] =>
  (
    [
      ['convener', m.convenerId],
      ['chair', m.chairId],
      ['noteTaker', m.noteTakerId],
      ['responsible', m.responsibleId],
    ] as const
  ).flatMap(([role, who]) => (who === id ? [role] : []));

/**
 * Whether a closed meeting's memo has gone to the invitees: a draft still waits for review; once
 * sent, who reviewed it (with the client or the client themself), and what the client added. A
 * meeting closed before the review step existed sent its memo as it closed.
 */
function memoJson(m: Meeting) {
  if (m.phase !== 'closed') return {};
  if (isMemoDraft(m)) return { memo: { status: 'draft' } };
  return { memo: { status: 'sent', ...(m.memoApproval ? { approval: m.memoApproval } : {}) } };
}

/** One meeting as the JSON export holds it. */
function meetingJson(m: Meeting, events: readonly Event[], access: readonly Access[]) {
  const feedback = feedbackResults(m);
  return {
    id: m.id,
    ...(m.previousMeetingId ? { previousMeetingId: m.previousMeetingId } : {}),
    phase: m.phase,
    invitation: m.invitation,
    // What the convener prepared with the client; empty when they skipped that step.
    preparation: m.preparation ?? {},
    people: m.participants.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      ...(p.relation ? { relation: p.relation } : {}),
      ...(p.organisation ? { organisation: p.organisation } : {}),
      hasChatAccount: p.chatUserId !== undefined,
      ...(p.safeAdult ? { safeAdult: true } : {}),
      invited: p.invited,
      attendance: p.attendance,
      roles: roles(m, p.id),
    })),
    ...(m.startedAt ? { startedAt: m.startedAt } : {}),
    ...(m.closedAt ? { closedAt: m.closedAt } : {}),
    ...(m.cancelReason !== undefined ? { cancelReason: m.cancelReason } : {}),
    ...(m.clientWish ? { clientWish: m.clientWish } : {}),
    // Each one's view, in the round's order as the memo gives them; the client's wish is `clientWish`.
    views: memoContentOf(m, false).views.map(({ person, view }) => ({ participantId: person.id, ...view })),
    notes: m.notes,
    commitments: m.commitments,
    review: m.review,
    ...(m.followUp ? { followUp: m.followUp } : {}),
    ...(m.followUpConfirmation ? { followUpConfirmation: m.followUpConfirmation } : {}),
    ...memoJson(m),
    skipped: m.skipped,
    feedback,
    // Account ids are the platform's, not the meeting's: left out, as in the memo.
    events: events
      .filter((e) => !ANSWERS.has(e.type))
      .map((e) => stripAccounts(e as unknown as Record<string, unknown>)),
    access,
  };
}

/** An event as exported: chat account ids left out (they say nothing to the client record). */
function stripAccounts(e: Record<string, unknown>): Record<string, unknown> {
  const { chatUserId: _a, displayName: _b, ...rest } = e;
  const person = (p: unknown) => {
    if (typeof p !== 'object' || p === null) return p;
    const { chatUserId: _c, ...kept } = p as Record<string, unknown>;
    return { ...kept, hasChatAccount: 'chatUserId' in p };
  };
  if (Array.isArray(rest.participants)) rest.participants = rest.participants.map(person);
  if ('participant' in rest) rest.participant = person(rest.participant);
  return rest;
}

/** Who read or exported, as lines for the Markdown: when, who (by name), what. */
function accessLines(locale: Locale, m: Meeting, access: readonly Access[]): string[] {
  if (access.length === 0) return [t(locale, 'export.access.none')];
  return access.map((a) => {
    const who = m.participants.find((p) => p.id === a.by)?.name ?? t(locale, 'export.access.someone');
    return `- ${t(locale, 'export.access.line', {
      at: a.at.slice(0, 16).replace('T', ' '),
      who,
      what: t(locale, `export.access.${a.what}`),
    })}`;
  });
}

export class Exports {
  constructor(
    private readonly meetings: MeetingService,
    private readonly access: AccessLog,
  ) {}

  /**
   * The chain of `meetingId` in `format`, for `account`: undefined unless they may export it
   * (the same answer as for a meeting that is not there). Noted in every exported meeting's log.
   */
  async export(
    meetingId: string,
    account: string,
    format: ExportFormat,
    locale?: Locale,
  ): Promise<ExportFile | undefined> {
    const here = await this.meetings.get(meetingId);
    const by = here && mayExport(here, account);
    if (!here || !by) return undefined;
    const chain = await chainOf(this.meetings, meetingId);
    const at = this.meetings.clock.now().toISOString();
    const what: AccessKind = format === 'json' ? 'export.json' : 'export.markdown';
    // Noted first: an export is on the record even if it is not finished.
    await Promise.all(chain.map((m) => this.access.note(m.id, { at, by: by.id, what })));
    const parts = await Promise.all(
      chain.map(async (m) => ({
        meeting: m,
        events: await this.meetings.events(m.id),
        access: await this.access.of(m.id),
      })),
    );
    const lang = locale ?? here.invitation.locale;
    const date = localDate(chain[0]?.startedAt ?? here.invitation.startsAt, here.invitation.timeZone);
    if (format === 'json') {
      const body = {
        format: 'toivo.export',
        version: EXPORT_VERSION,
        exportedAt: at,
        exportedBy: { meetingId: here.id, participantId: by.id, name: by.name },
        meetings: parts.map((p) => meetingJson(p.meeting, p.events, p.access)),
      };
      return {
        filename: `toivo-export-${date}.json`,
        type: 'application/json; charset=utf-8',
        body: `${JSON.stringify(body, null, 2)}\n`,
      };
    }
    const sections = parts.map((p) =>
      [
        buildMemo(p.events, lang).trimEnd(),
        '',
        `## ${t(lang, 'export.access.heading')}`,
        '',
        ...accessLines(lang, p.meeting, p.access),
      ].join('\n'),
    );
    return {
      filename: `toivo-export-${date}.md`,
      type: 'text/markdown; charset=utf-8',
      body: `${sections.join('\n\n---\n\n')}\n`,
    };
  }

  /** Notes that `account` read the memo of `meetingId` (a download of it). */
  async memoRead(meeting: Meeting, account: string): Promise<void> {
    const by = meeting.participants.find((p) => p.chatUserId === account);
    if (by)
      await this.access.note(meeting.id, {
        at: this.meetings.clock.now().toISOString(),
        by: by.id,
        what: 'memo',
      });
  }
}
