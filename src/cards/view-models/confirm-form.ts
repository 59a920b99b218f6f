/**
 * Asking first, on a card of its own: closing the meeting while some have not answered the
 * feedback poll, or skipping a phase while some are not yet heard in its round. The card names
 * them; its button carries whom the chair goes on without, and the core holds the chair to it
 * (someone who answers or speaks meanwhile changes nothing; someone new missing is asked about).
 */
import {
  isActingChair,
  isRunning,
  type Locale,
  type Meeting,
  notAnswered,
  notHeardOnceDone,
  openRound,
  type Participant,
  tookPart,
} from '../../core/index.js';
import { listNames, t } from '../../i18n/index.js';
import { VERBS } from '../verbs.js';
import { capNames } from './board/text.js';
import { plural, shorten } from './card-format.js';
import { actionData, base, requireMeeting, type ViewContext } from './common.js';

/** Only the chair is asked: nobody else closes or skips. */
export const mayConfirm = (m: Meeting, viewerId: string | undefined): boolean =>
  isRunning(m) && isActingChair(m, viewerId);

/** In the feedback phase the step is closing the meeting; in any other, skipping the phase. */
const closing = (m: Meeting): boolean => m.phase === 'feedback';

/** Whom the step would leave out now: those asked about, and those the confirmation names. */
export const leftOut = (m: Meeting): readonly Participant[] =>
  closing(m) ? notAnswered(m) : notHeardOnceDone(m);

const names = (locale: Locale, people: readonly Participant[]): string =>
  listNames(
    locale,
    capNames(
      locale,
      people.map((p) => p.name),
    ),
  );

function closeQuestion(locale: Locale, m: Meeting, missing: readonly Participant[]) {
  const total = m.participants.filter(tookPart).length;
  return {
    title: t(locale, 'card.confirm.close_title'),
    question:
      missing.length > 0
        ? t(locale, 'card.confirm.not_answered', {
            answered: total - missing.length,
            total,
            names: names(locale, missing),
          })
        : t(locale, 'card.confirm.everyone_answered'),
    consequence: plural(locale, 'card.confirm.close_consequence', missing.length),
    submit: t(locale, 'card.confirm.close_anyway'),
    verb: VERBS.meetingClose,
  };
}

function skipQuestion(locale: Locale, m: Meeting, missing: readonly Participant[]) {
  return {
    title: t(locale, 'card.confirm.skip_title', { phase: t(locale, `phase.${m.phase}`) }),
    question:
      missing.length > 0
        ? t(locale, 'card.confirm.not_heard', { names: names(locale, missing) })
        : t(locale, 'prompt.everyone_heard'),
    consequence: plural(locale, 'card.confirm.skip_consequence', missing.length),
    submit: t(locale, 'card.confirm.skip_anyway'),
    verb: VERBS.phaseSkip,
    reason: {
      label: t(locale, 'card.board.input.skip_reason'),
      required: t(locale, 'card.confirm.reason_required'),
    },
  };
}

export function confirmFormView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const missing = leftOut(m);
  const asked = closing(m) ? closeQuestion(locale, m, missing) : skipQuestion(locale, m, missing);
  return {
    ...base(locale),
    ...asked,
    purpose: t(locale, 'card.board.purpose', { purpose: shorten(m.invitation.purpose, 200) }),
    act: {
      ...actionData(m),
      phase: m.phase,
      // A skip is of this round: once another is going on, the card is out of date.
      roundId: openRound(m)?.id ?? '',
      without: missing.map((p) => p.id).join(','),
    },
  };
}
