/** The chair's controls, only those that would work now; the reason when the meeting cannot move on. */
import {
  type Locale,
  type Meeting,
  type MeetingPhase,
  nextPhase,
  speakingOrder,
} from '../../../core/index.js';
import { describeRejection, t } from '../../../i18n/index.js';
import { can, refusal, TRIAL_TEXT, whoCan } from '../can.js';
import { mayUseFollowupForm } from '../followup-form.js';
import { nextUp } from './floor.js';
import { capParams, choiceOf } from './text.js';

/** The reason the meeting cannot move on, unless the prompts already say it (who is not yet heard). */
function blocker(locale: Locale, m: Meeting, now: string, me: string): string | undefined {
  const r = refusal(m, now, me, { type: 'phase.next' });
  if (!r || r.code === 'round.not_everyone_heard') return undefined;
  return describeRejection(locale, { ...r, params: capParams(locale, r.params) });
}

function feedbackCount(locale: Locale, m: Meeting): string {
  const took = m.participants.filter((p) => p.attendance === 'present' || p.attendance === 'left');
  return t(locale, 'card.board.feedback_count', {
    count: Object.keys(m.feedback).length,
    total: took.length,
  });
}

export function chairTools(locale: Locale, m: Meeting, now: string, me: string) {
  const phase = m.phase as MeetingPhase;
  // In the feedback phase "close the meeting" is the way on: moving on or skipping would close it
  // too, so those two buttons would only say the same thing less clearly.
  const feedback = phase === 'feedback';
  const next = nextPhase(phase);
  const mayMoveOn = !feedback && next !== undefined && can(m, now, me, { type: 'phase.next' });
  const people = speakingOrder(m);
  const floorTo = whoCan(m, now, me, people, (p) => ({ type: 'floor.give', participantId: p.id }));
  const suggested = nextUp(m)?.id ?? m.hands.find((h) => h !== m.floor);
  const chairs = whoCan(m, now, me, people, (p) => ({ type: 'chair.assign', participantId: p.id }));
  const noteTakers =
    phase === 'roles'
      ? whoCan(m, now, me, people, (p) => ({ type: 'notetaker.assign', participantId: p.id }))
      : [];
  const buttons = {
    nextSpeaker: can(m, now, me, { type: 'floor.next' }),
    endTurn: m.floor !== undefined && m.floor !== me && can(m, now, me, { type: 'turn.end' }),
    closeRound: can(m, now, me, { type: 'round.close' }),
    startRound: can(m, now, me, { type: 'round.start' }),
    followupForm: mayUseFollowupForm(m, now, me),
    close: can(m, now, me, { type: 'meeting.close' }),
  };
  return {
    heading: t(locale, 'card.board.chair_tools'),
    acting: m.chairId ? undefined : t(locale, 'card.board.acting_chair'),
    blocker: feedback ? undefined : blocker(locale, m, now, me),
    feedbackCount: feedback ? feedbackCount(locale, m) : undefined,
    ...buttons,
    nextPhase:
      mayMoveOn && next
        ? t(locale, 'card.board.action.next_phase', { phase: t(locale, `phase.${next}`) })
        : undefined,
    anyButton: mayMoveOn || Object.values(buttons).some(Boolean),
    floorTo:
      floorTo.length > 0
        ? { choices: floorTo.map(choiceOf), value: floorTo.some((p) => p.id === suggested) ? suggested : '' }
        : undefined,
    chair:
      chairs.length > 0
        ? {
            choices: chairs.map(choiceOf),
            button: t(locale, `card.board.action.${m.chairId ? 'hand_over_chair' : 'choose_chair'}`),
          }
        : undefined,
    noteTaker: noteTakers.length > 0 ? { choices: noteTakers.map(choiceOf) } : undefined,
    skip: !feedback && can(m, now, me, { type: 'phase.skip', reason: TRIAL_TEXT }),
  };
}
