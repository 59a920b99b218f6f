/**
 * The feedback poll's results. Anonymous: who answered may be shown, never what. The figures and
 * the comments appear only once the poll has closed, and only if at least MIN_ANSWERS answered:
 * shown live, each new answer would shift them by exactly that answer, and a poll closed with one
 * or two answers would show those answers themselves. Once shown they are final: the poll takes
 * no answers after it closes.
 */
import type { FeedbackAnswer, Meeting } from './types.js';

export const MIN_ANSWERS = 3;
export const STATEMENTS = ['hopeful', 'trusting', 'clearer'] as const;
export type Statement = (typeof STATEMENTS)[number];

export interface StatementResult {
  /** Mean on the 1–5 scale, one decimal. */
  readonly average: number;
  /** How many answered 1, 2, 3, 4, 5. */
  readonly distribution: readonly [number, number, number, number, number];
}

/**
 * Where the poll stands: `open` (answers still come in; only who answered is told), `none` and
 * `too_few` (closed with no answers, or with fewer than MIN_ANSWERS: nothing more is told), or
 * `shown` (closed with enough answers: the figures and comments).
 */
export type FeedbackStatus = 'open' | 'none' | 'too_few' | 'shown';

interface Answered {
  /** Who has answered, in meeting order: the only per-person fact ever shown. */
  readonly answeredBy: readonly string[];
  readonly count: number;
  /** How many of the answers were entered on someone's behalf: told as a count, never by name. */
  readonly onBehalf: number;
}

export type FeedbackResults =
  | (Answered & {
      readonly status: 'open' | 'none' | 'too_few';
      readonly statements?: undefined;
      readonly comments?: undefined;
    })
  | (Answered & {
      readonly status: 'shown';
      readonly statements: Readonly<Record<Statement, StatementResult>>;
      /** Comments in alphabetical order, so their order says nothing of who wrote them or when. */
      readonly comments: readonly string[];
    });

/** The poll closes with the meeting, and takes no answers after that. */
export const pollIsClosed = (m: Meeting): boolean => m.pollClosed || m.phase === 'closed';

function summarise(answers: readonly FeedbackAnswer[], key: Statement): StatementResult {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const a of answers) distribution[a[key] - 1] = (distribution[a[key] - 1] ?? 0) + 1;
  const sum = answers.reduce((total, a) => total + a[key], 0);
  return { average: Math.round((sum / answers.length) * 10) / 10, distribution };
}

export function feedbackResults(m: Meeting): FeedbackResults {
  const answeredBy = m.participants.filter((p) => m.feedback[p.id] !== undefined).map((p) => p.id);
  const answers = m.participants.flatMap((p) => m.feedback[p.id] ?? []);
  const who = { answeredBy, count: answers.length, onBehalf: answers.filter((a) => a.onBehalf).length };
  if (!pollIsClosed(m)) return { ...who, status: 'open' };
  if (answers.length === 0) return { ...who, status: 'none' };
  if (answers.length < MIN_ANSWERS) return { ...who, status: 'too_few' };
  return {
    ...who,
    status: 'shown',
    statements: {
      hopeful: summarise(answers, 'hopeful'),
      trusting: summarise(answers, 'trusting'),
      clearer: summarise(answers, 'clearer'),
    },
    comments: answers
      .map((a) => a.comment)
      .filter((c): c is string => c !== undefined)
      // By code point first, so that comments the collation deems equal keep no order either: the
      // sort by collation is stable, and leaves them in code-point order.
      .sort()
      .sort((a, b) => a.localeCompare(b)),
  };
}
