/** The lines the memo card and the Markdown memo both say, built once so that the two never disagree. */
import {
  type FeedbackResults,
  isKept,
  type Locale,
  type MemoCommitment,
  type MemoContent,
  type MemoView,
  MIN_ANSWERS,
  type PersonRef,
  type ReviewItem,
  STATEMENTS,
  VIEW_FIELDS,
} from '../../core/index.js';
import { listNames, t } from '../../i18n/index.js';
import { dateAndTime, formatAverage, formatDate, longDate } from './card-format.js';

/** What becomes of text people typed: the Markdown memo escapes it, the card cuts long texts to fit. */
export interface Typed {
  /** Free text: what was agreed, a reason. */
  readonly text: (typed: string) => string;
  /** A name, or names already listed. */
  readonly names: (typed: string) => string;
}

/** A person's name; "?" for someone named but since taken off the list. */
export const refName = (r: PersonRef): string => r.person?.name ?? '?';

/** "Memo: network meeting 26 November 2026": the day it was held. */
export const memoTitle = (locale: Locale, c: MemoContent): string =>
  t(locale, 'memo.title', { date: longDate(c.meeting, locale, c.held, 'long') });

export const wishHeading = (locale: Locale, c: MemoContent, typed: Typed): string =>
  t(locale, 'memo.client_wish', { client: typed.names(c.client?.name ?? '') });

/** Whose view it is: their name and role ("Liisa Laine (close one)"). */
export const viewHeading = (locale: Locale, mv: MemoView, typed: Typed): string =>
  `${typed.names(mv.person.name)} (${t(locale, `role.${mv.person.role}`)})`;

/** A view's parts as said, each with its label: the wish, the worry, the own possibility. */
export const viewFacts = (
  locale: Locale,
  mv: MemoView,
  typed: Typed,
): { readonly title: string; readonly value: string }[] =>
  VIEW_FIELDS.flatMap((f) => {
    const said = mv.view[f];
    return said ? [{ title: t(locale, `memo.view.${f}`), value: typed.text(said) }] : [];
  });

/** "What: owner, by date, with whom", without its number. */
export function commitmentLine(locale: Locale, mc: MemoCommitment, typed: Typed): string {
  const c = mc.commitment;
  const line = t(locale, 'memo.commitment', {
    what: typed.text(c.what),
    owner: typed.names(refName(mc.owner)),
    due: formatDate(locale, c.due),
  });
  const withWhom = [...mc.withParticipants.map(refName), ...c.withOthers];
  return withWhom.length > 0
    ? `${line}, ${t(locale, 'memo.commitment_with', { names: typed.names(listNames(locale, withWhom)) })}`
    : line;
}

/**
 * The responsible worker, then the follow-up meeting (when, where, who hosts it), or by when its
 * time is agreed and by whom, or why there is none; then the client's confirmation. Each only if agreed.
 */
export function followUpLines(locale: Locale, c: MemoContent, typed: Typed): string[] {
  const lines: string[] = [];
  const { followUp } = c;
  const who = c.followUpPerson ? typed.names(refName(c.followUpPerson)) : undefined;
  if (c.responsible) lines.push(t(locale, 'memo.responsible', { name: typed.names(refName(c.responsible)) }));
  if (followUp && 'at' in followUp) {
    lines.push(t(locale, 'memo.followup_at', { when: dateAndTime(c.meeting, locale, followUp.at) }));
    if (followUp.place) lines.push(t(locale, 'memo.followup_place', { place: typed.text(followUp.place) }));
    if (followUp.onlineUrl)
      lines.push(t(locale, 'memo.followup_link', { url: typed.text(followUp.onlineUrl) }));
    if (who) lines.push(t(locale, 'memo.followup_host', { name: who }));
  }
  if (followUp && 'agreeBy' in followUp)
    lines.push(
      t(locale, 'memo.followup_agree_by', { date: formatDate(locale, followUp.agreeBy), name: who ?? '?' }),
    );
  if (followUp && 'noneReason' in followUp)
    lines.push(t(locale, 'memo.followup_none', { reason: typed.text(followUp.noneReason) }));
  const confirmed = c.followUpConfirmation;
  if (confirmed) {
    lines.push(t(locale, 'memo.followup_confirmed', { client: typed.names(c.client?.name ?? '') }));
    if (confirmed.clientComment)
      lines.push(t(locale, 'memo.client_comment', { comment: typed.text(confirmed.clientComment) }));
  }
  return lines;
}

/**
 * "5 answered", or "5 answered (1 of them on someone's behalf)": how many, never whose answer is
 * whose. The cards put the names of who answered after it; the memo says only the count.
 */
export const answeredCount = (locale: Locale, r: FeedbackResults): string =>
  r.onBehalf > 0
    ? t(locale, 'feedback.count_behalf', { count: r.count, behalf: r.onBehalf })
    : t(locale, 'feedback.count', { count: r.count });

/**
 * How many answered (or that nobody did), and the averages once the results may be shown: after
 * the poll has closed with at least MIN_ANSWERS answers. While it is open the memo says only how
 * many answered; closed with too few, it says so. Comments are the full memo's alone: the card
 * has no room for them.
 */
export function feedbackLines(
  locale: Locale,
  r: FeedbackResults,
): { readonly summary: string; readonly statements: readonly string[] } {
  const answered = answeredCount(locale, r);
  const summary =
    r.count === 0
      ? t(locale, r.status === 'open' ? 'card.feedback-results.none_yet' : 'memo.feedback_none')
      : r.status === 'open'
        ? t(locale, 'memo.feedback_open', { answered, min: MIN_ANSWERS })
        : r.status === 'too_few'
          ? t(locale, 'memo.feedback_too_few', { answered, min: MIN_ANSWERS })
          : t(locale, 'memo.feedback_count', { answered });
  if (r.status !== 'shown') return { summary, statements: [] };
  const { statements } = r;
  return {
    summary,
    statements: STATEMENTS.map((s) =>
      t(locale, 'memo.feedback_line', {
        statement: t(locale, `feedback.short.${s}`),
        average: formatAverage(locale, statements[s].average),
      }),
    ),
  };
}

/** "Kept since the last meeting: 2 of 3": for a follow-up meeting that reviewed what was agreed. */
export const reviewSummary = (locale: Locale, c: MemoContent): string =>
  t(locale, 'memo.review_kept', { kept: c.kept, count: c.review.length });

/** What became of one commitment of the meeting before: what, whose, by when, and its outcome. */
export function reviewLine(locale: Locale, r: ReviewItem, typed: Typed): string {
  const outcome = r.outcome
    ? t(locale, `review.outcome.${r.outcome}`)
    : isKept(r)
      ? t(locale, 'review.outcome.done')
      : t(locale, 'memo.review_not_heard', { status: t(locale, `commitment.status.${r.status}`) });
  const line = t(locale, 'memo.review_item', {
    what: typed.text(r.what),
    owner: typed.names(r.ownerName),
    due: formatDate(locale, r.due),
    outcome,
  });
  return r.outcomeNote ? `${line}: ${typed.text(r.outcomeNote)}` : line;
}

/** Who reviewed the memo before it went (with the client, or the client themself), and what the client added. */
export function approvalLines(locale: Locale, c: MemoContent, typed: Typed): string[] {
  const a = c.approval;
  if (!a) return [];
  const name = typed.names(refName(a.by));
  return [
    t(locale, a.withClient ? 'memo.approved_with_client' : 'memo.approved_client', { name }),
    ...(a.clientComment ? [t(locale, 'memo.client_comment', { comment: typed.text(a.clientComment) })] : []),
  ];
}
