/**
 * The seed's benefit meter, one card per participant: three statements answered 1–5 and a comment.
 * The chair or note-taker can also enter the answer of someone without a chat account.
 */
import {
  type Command,
  LIMITS,
  type Locale,
  type Meeting,
  MIN_ANSWERS,
  type Participant,
  STATEMENTS,
} from '../../core/index.js';
import { describeRejection, t } from '../../i18n/index.js';
import { can, refusal, whoCan } from './can.js';
import { actionData, base, requireMeeting, type ViewContext } from './common.js';

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

/**
 * An answer for `subjectId` as the core would take it. It differs from any answer already given,
 * since the core refuses one that changes nothing.
 */
function answerTrial(m: Meeting, subjectId: string | undefined): Command {
  const score = subjectId !== undefined && m.feedback[subjectId]?.hopeful === 1 ? 2 : 1;
  return { type: 'feedback.answer', hopeful: score, trusting: score, clearer: score };
}

/** Whether the viewer may answer the poll for themself now. */
export const answersOwn = (m: Meeting, now: string, viewerId: string | undefined): boolean =>
  can(m, now, viewerId, answerTrial(m, viewerId));

/**
 * Those the viewer may answer for: people who took part, answered for by a record keeper. Only
 * people without a chat account are answered for; asking the core about them alone keeps the
 * poll and the board, drawn for every viewer, cheap in a meeting of sixty.
 */
export const answerableFor = (
  m: Meeting,
  now: string,
  viewerId: string | undefined,
): readonly Participant[] =>
  whoCan(
    m,
    now,
    viewerId,
    m.participants.filter((p) => p.chatUserId === undefined && p.id !== viewerId),
    (p) => ({ ...answerTrial(m, p.id), onBehalfOf: p.id }),
  );

/** Whether the poll has an answer for the viewer to give: their own, or else someone's they may give. */
export const mayAnswerPoll = (m: Meeting, now: string, viewerId: string | undefined): boolean =>
  answersOwn(m, now, viewerId) || answerableFor(m, now, viewerId).length > 0;

/** Why there is no form, or undefined when there is one. */
function noForm(locale: Locale, m: Meeting, now: string, viewerId: string | undefined): string | undefined {
  const refused = refusal(m, now, viewerId, answerTrial(m, viewerId));
  if (!refused) return undefined;
  // The poll closes with the meeting; before the feedback phase it is not open yet.
  if (refused.code === 'meeting.closed') return t(locale, 'rejection.feedback.closed');
  if (refused.code === 'phase.wrong') return t(locale, 'card.feedback-poll.not_yet');
  return describeRejection(locale, refused);
}

export function feedbackPollView(ctx: ViewContext) {
  const { locale, viewerId, now } = ctx;
  const m = requireMeeting(ctx);
  const mine = viewerId === undefined ? undefined : m.feedback[viewerId];
  const own = answersOwn(m, now, viewerId);
  const others = answerableFor(m, now, viewerId);
  const closed = own || others.length > 0 ? undefined : noForm(locale, m, now, viewerId);
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
