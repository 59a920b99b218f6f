/**
 * The memo as a card for the invitees: what was agreed, readable in chat. The full memo
 * (buildMemo, Markdown) stays the record; the card links to it when the channel offers a link.
 */
import {
  type Commitment,
  client,
  feedbackResults,
  formatDate,
  type Locale,
  type Meeting,
  replay,
  roleRank,
  STATEMENTS,
} from '../../core/index.js';
import { listNames, t } from '../../i18n/index.js';
import { dateAndTime, firstOf, formatAverage, longDate, plural, shorten } from './card-format.js';
import { nameOf } from './commitment-facts.js';
import { base, type ViewContext } from './common.js';

const MAX_COMMITMENTS = 10;
const MAX_NAMES = 30;
const WISH_CHARS = 600;
const WHAT_CHARS = 300;

function commitmentLine(locale: Locale, m: Meeting, c: Commitment): string {
  const line = t(locale, 'memo.commitment', {
    what: shorten(c.what, WHAT_CHARS),
    owner: nameOf(m, c.ownerId),
    due: formatDate(locale, c.due),
  });
  const withWhom = [...c.withParticipants.map((id) => nameOf(m, id)), ...c.withOthers];
  return withWhom.length > 0
    ? `${line}, ${t(locale, 'memo.commitment_with', { names: listNames(locale, withWhom) })}`
    : line;
}

function attendeeNames(locale: Locale, m: Meeting): string {
  const attended = m.participants
    .filter((p) => p.attendance === 'present' || p.attendance === 'left')
    .sort((a, b) => roleRank(a.role) - roleRank(b.role));
  const { shown, rest } = firstOf(attended, MAX_NAMES);
  const names = shown.map((p) => p.name);
  if (rest > 0) names.push(plural(locale, 'card.feedback-results.more_names', rest));
  return listNames(locale, names);
}

function followUpLines(locale: Locale, m: Meeting): string[] {
  const lines: string[] = [];
  if (m.responsibleId) lines.push(t(locale, 'memo.responsible', { name: nameOf(m, m.responsibleId) }));
  if (m.followUp && 'at' in m.followUp)
    lines.push(t(locale, 'memo.followup_at', { when: dateAndTime(m, locale, m.followUp.at) }));
  if (m.followUp && 'noneReason' in m.followUp)
    lines.push(t(locale, 'memo.followup_none', { reason: shorten(m.followUp.noneReason, WHAT_CHARS) }));
  return lines;
}

function feedbackLines(locale: Locale, m: Meeting): string[] {
  const r = feedbackResults(m);
  if (r.count === 0) return [t(locale, 'memo.feedback_none')];
  const lines = [t(locale, 'memo.feedback_count', { count: r.count })];
  const { statements } = r;
  if (statements)
    for (const s of STATEMENTS)
      lines.push(
        t(locale, 'memo.feedback_line', {
          statement: t(locale, `feedback.short.${s}`),
          average: formatAverage(locale, statements[s].average),
        }),
      );
  return lines;
}

export function memoView(ctx: ViewContext) {
  const { locale, memoUrl } = ctx;
  const m = ctx.meeting ?? (ctx.events ? replay(ctx.events) : undefined);
  if (!m) throw new Error('the memo card needs a meeting or its events');
  const held = m.startedAt ?? m.invitation.startsAt;
  const commitments = firstOf(m.commitments, MAX_COMMITMENTS);
  return {
    ...base(locale),
    title: t(locale, 'memo.title', { date: longDate(m, locale, held, 'long') }),
    cancelled:
      m.phase === 'cancelled' ? t(locale, 'memo.cancelled', { reason: m.cancelReason ?? '' }) : undefined,
    facts: [
      { title: t(locale, 'memo.when'), value: dateAndTime(m, locale, held) },
      { title: t(locale, 'memo.attendees'), value: attendeeNames(locale, m) },
    ],
    wish: m.clientWish
      ? {
          heading: t(locale, 'memo.client_wish', { client: client(m)?.name ?? '' }),
          text: shorten(m.clientWish, WISH_CHARS),
        }
      : undefined,
    commitmentsLabel: t(locale, 'memo.commitments'),
    commitments:
      m.commitments.length === 0
        ? [{ text: t(locale, 'memo.no_commitments') }]
        : commitments.shown.map((c, i) => ({ text: `${i + 1}. ${commitmentLine(locale, m, c)}` })),
    moreCommitments:
      commitments.rest > 0
        ? t(locale, 'card.memo.more_commitments', { shown: MAX_COMMITMENTS, count: m.commitments.length })
        : undefined,
    followUpLabel: t(locale, 'memo.followup'),
    followUp: followUpLines(locale, m).join('\n\n') || undefined,
    feedbackLabel: t(locale, 'memo.feedback'),
    feedback: feedbackLines(locale, m).join('\n\n'),
    delivery: t(locale, 'memo.delivery'),
    link: memoUrl ? { label: t(locale, 'card.action.open_memo'), url: memoUrl } : undefined,
  };
}
