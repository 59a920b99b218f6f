/**
 * The feedback poll's results. Anonymous: who answered may be shown, never what; the figures
 * appear only when at least MIN_ANSWERS have answered or the poll is closed.
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

export interface FeedbackResults {
  /** Who has answered, in meeting order: the only per-person fact ever shown. */
  readonly answeredBy: readonly string[];
  readonly count: number;
  readonly visible: boolean;
  readonly statements?: Readonly<Record<Statement, StatementResult>>;
  /** Comments in alphabetical order, so their order says nothing of who wrote them. */
  readonly comments?: readonly string[];
}

function summarise(answers: readonly FeedbackAnswer[], key: Statement): StatementResult {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const a of answers) distribution[a[key] - 1] = (distribution[a[key] - 1] ?? 0) + 1;
  const sum = answers.reduce((total, a) => total + a[key], 0);
  return { average: Math.round((sum / answers.length) * 10) / 10, distribution };
}

export function feedbackResults(m: Meeting): FeedbackResults {
  const answeredBy = m.participants.filter((p) => m.feedback[p.id] !== undefined).map((p) => p.id);
  const answers = answeredBy.map((id) => m.feedback[id]).filter((a): a is FeedbackAnswer => a !== undefined);
  const visible = answers.length > 0 && (answers.length >= MIN_ANSWERS || m.pollClosed);
  if (!visible) return { answeredBy, count: answers.length, visible: false };
  return {
    answeredBy,
    count: answers.length,
    visible: true,
    statements: {
      hopeful: summarise(answers, 'hopeful'),
      trusting: summarise(answers, 'trusting'),
      clearer: summarise(answers, 'clearer'),
    },
    comments: answers
      .map((a) => a.comment)
      .filter((c): c is string => c !== undefined)
      .sort((a, b) => a.localeCompare(b)),
  };
}
