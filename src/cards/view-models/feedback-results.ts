/**
 * The poll's results, from feedbackResults() alone: who has answered (names only), and, once
 * there are enough answers, the averages, the counts per score and the comments. Never one
 * person's answer.
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

const MAX_NAMES = 30;
const MAX_COMMENTS = 10;
const COMMENT_CHARS = 400;

function answeredLine(locale: Locale, m: Meeting, r: FeedbackResults): string {
  if (r.count === 0) return t(locale, m.pollClosed ? 'memo.feedback_none' : 'card.feedback-results.none_yet');
  const { shown, rest } = firstItems(r.answeredBy, MAX_NAMES);
  const names = shown.map((id) => findParticipant(m, id)?.name ?? '?');
  if (rest > 0) names.push(plural(locale, 'card.feedback-results.more_names', rest));
  return t(locale, 'card.feedback-results.answered', { count: r.count, names: listNames(locale, names) });
}

function figures(locale: Locale, r: FeedbackResults) {
  const { statements, comments = [] } = r;
  if (!statements) return undefined;
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

export function feedbackResultsView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const r = feedbackResults(m);
  const open = m.phase === 'feedback' && !m.pollClosed;
  return {
    ...base(locale),
    title: t(locale, 'card.feedback-results.title'),
    answered: answeredLine(locale, m, r),
    closed: m.pollClosed ? t(locale, 'rejection.feedback.closed') : undefined,
    hidden:
      r.visible || (!open && r.count === 0)
        ? undefined
        : t(locale, 'card.feedback-results.hidden', { min: MIN_ANSWERS }),
    results: r.visible ? figures(locale, r) : undefined,
    answer: open ? t(locale, 'card.feedback-results.answer_poll') : undefined,
    refresh: t(locale, 'card.action.refresh'),
    ...actionData(m),
  };
}
