/**
 * The seed's benefit meter, one card per participant: three statements answered 1–5 and a comment.
 * The chair or note-taker can also enter the answer of someone without a chat account.
 */
import {
  findParticipant,
  keepsRecord,
  LIMITS,
  type Locale,
  type Meeting,
  MIN_ANSWERS,
  type Participant,
  STATEMENTS,
} from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { actionData, base, requireMeeting, type ViewContext } from './common.js';

const took = (p: Participant | undefined): boolean => p?.attendance === 'present' || p?.attendance === 'left';

/**
 * 1–5 with the scale's ends named: "1 = täysin eri mieltä", "2", "3", "4", "5 = täysin samaa mieltä".
 * The ends come from `feedback.scale` ("1 = …, 5 = …"), so the poll and its intro never disagree.
 */
export function scaleChoices(locale: Locale): { title: string; value: string }[] {
  const [low, high, ...extra] = t(locale, 'feedback.scale').split(', ');
  if (!low?.startsWith('1') || !high?.startsWith('5') || extra.length > 0)
    throw new Error(`feedback.scale in ${locale} is not "1 = …, 5 = …"`);
  return ['1', '2', '3', '4', '5'].map((n) => ({ title: n === '1' ? low : n === '5' ? high : n, value: n }));
}

/** Those the viewer may answer for: people who took part and have no chat account. */
const answerableFor = (m: Meeting, viewerId: string | undefined): readonly Participant[] =>
  keepsRecord(m, viewerId)
    ? m.participants.filter((p) => took(p) && p.chatUserId === undefined && p.id !== viewerId)
    : [];

/** Why there is no form, or undefined when there is one. */
function noForm(locale: Locale, m: Meeting, mayAnswer: boolean): string | undefined {
  if (m.pollClosed || m.phase === 'closed') return t(locale, 'rejection.feedback.closed');
  if (m.phase !== 'feedback') return t(locale, 'card.feedback-poll.not_yet');
  return mayAnswer ? undefined : t(locale, 'rejection.feedback.participants_only');
}

export function feedbackPollView(ctx: ViewContext) {
  const { locale, viewerId } = ctx;
  const m = requireMeeting(ctx);
  const mine = viewerId === undefined ? undefined : m.feedback[viewerId];
  const own = took(findParticipant(m, viewerId));
  const others = answerableFor(m, viewerId);
  const closed = noForm(locale, m, own || others.length > 0);
  const data = { ...actionData(m), phase: m.phase };
  return {
    ...base(locale),
    title: t(locale, 'phase.feedback'),
    closed,
    form:
      closed !== undefined
        ? undefined
        : {
            intro: t(locale, 'prompt.feedback'),
            anonymous: t(locale, 'card.feedback-poll.anonymous', { min: MIN_ANSWERS }),
            answered: mine ? t(locale, 'card.feedback-poll.answered') : undefined,
            scale: scaleChoices(locale),
            statements: STATEMENTS.map((s) => ({
              id: s,
              label: t(locale, `feedback.statement.${s}`),
              error: t(locale, 'rejection.feedback.invalid_score', { field: t(locale, `field.${s}`) }),
              value: mine ? String(mine[s]) : '',
            })),
            comment: {
              label: t(locale, 'card.feedback-poll.comment'),
              placeholder: t(locale, 'card.feedback-poll.comment_placeholder'),
              value: mine?.comment ?? '',
              max: LIMITS.comment,
            },
            send: own ? { label: t(locale, 'card.feedback-poll.send'), ...data } : undefined,
          },
    behalf:
      closed !== undefined || others.length === 0
        ? undefined
        : {
            heading: t(locale, 'card.feedback-poll.behalf_heading'),
            hint: t(locale, 'card.feedback-poll.behalf_hint'),
            label: t(locale, 'card.feedback-poll.behalf_who'),
            placeholder: t(locale, 'card.feedback-poll.behalf_placeholder'),
            people: others.map((p) => ({ title: p.name, value: p.id })),
            send: t(locale, 'card.feedback-poll.behalf_send'),
            ...data,
          },
  };
}
