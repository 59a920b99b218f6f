/**
 * The poll's results, from feedbackResults() alone: while the poll is open, only how many have
 * answered and who (names); once it has closed with at least MIN_ANSWERS answers, the averages,
 * the counts per score and the comments; closed with fewer, that too few answered. Never one
 * person's answer, and nothing that changes with one more answer but the count and the names.
 */
import {
  type FeedbackResults,
  feedbackResults,
  findParticipant,
  type Locale,
  type Meeting,
  MIN_ANSWERS,
  STATEMENTS,
} from '../../core/index.js';
import { listNames, t } from '../../i18n/index.js';
import { firstItems, formatAverage, plural, shorten } from './card-format.js';
import { actionData, base, requireMeeting, type ViewContext } from './common.js';
import { scaleChoices } from './feedback-poll.js';
import { answeredCount } from './memo-lines.js';

const MAX_NAMES = 30;
const MAX_COMMENTS = 10;
const COMMENT_CHARS = 400;

/** How many answered and who, by name: all the poll tells while it is open. */
function answeredLine(locale: Locale, m: Meeting, r: FeedbackResults): string {
  if (r.count === 0)
    return t(locale, r.status === 'open' ? 'card.feedback-results.none_yet' : 'memo.feedback_none');
  const { shown, rest } = firstItems(r.answeredBy, MAX_NAMES);
  const names = shown.map((id) => findParticipant(m, id)?.name ?? '?');
  if (rest > 0) names.push(plural(locale, 'card.feedback-results.more_names', rest));
  return t(locale, 'card.feedback-results.answered', {
    answered: answeredCount(locale, r),
    names: listNames(locale, names),
  });
}

/** The averages, the counts per score and the comments: only once the poll closed with enough answers. */
function figures(locale: Locale, r: FeedbackResults) {
  if (r.status !== 'shown') return undefined;
  const { statements, comments } = r;
  const scale = scaleChoices(locale);
  const shownComments = firstItems(comments, MAX_COMMENTS);
  return {
    statements: STATEMENTS.map((s) => ({
      line: t(locale, 'memo.feedback_line', {
        statement: t(locale, `feedback.short.${s}`),
        average: formatAverage(locale, statements[s].average),
      }),
      statement: t(locale, `feedback.statement.${s}`),
      counts: statements[s].distribution.map((count, i) => ({
        title: scale[i]?.title ?? String(i + 1),
        value: plural(locale, 'card.feedback-results.answers', count),
      })),
    })),
    commentsLabel: shownComments.shown.length > 0 ? t(locale, 'memo.feedback_comments') : undefined,
    comments: shownComments.shown.map((c) => ({ text: shorten(c, COMMENT_CHARS) })),
    moreComments:
      shownComments.rest > 0
        ? t(locale, 'card.feedback-results.more_comments', { count: shownComments.rest })
        : undefined,
  };
}

/** Why there are no figures: still open (they come once it closes), or closed with too few answers. */
function hidden(locale: Locale, m: Meeting, r: FeedbackResults): string | undefined {
  if (r.status === 'open')
    return m.phase === 'feedback' || r.count > 0
      ? t(locale, 'card.feedback-results.hidden', { min: MIN_ANSWERS })
      : undefined;
  if (r.status === 'too_few')
    return t(locale, 'card.feedback-results.too_few', { count: r.count, min: MIN_ANSWERS });
  return undefined;
}

export function feedbackResultsView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const r = feedbackResults(m);
  const open = m.phase === 'feedback' && !m.pollClosed;
  return {
    ...base(locale),
    title: t(locale, 'card.feedback-results.title'),
    answered: answeredLine(locale, m, r),
    closed: r.status === 'open' ? undefined : t(locale, 'rejection.feedback.closed'),
    hidden: hidden(locale, m, r),
    results: figures(locale, r),
    answer: open ? t(locale, 'card.feedback-results.answer_poll') : undefined,
    refresh: t(locale, 'card.action.refresh'),
    ...actionData(m),
  };
}
