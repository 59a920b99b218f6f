/** The chair's controls, only those that would work now; the reason when the meeting cannot move on. */
import {
  type Command,
  findParticipant,
  type Locale,
  type Meeting,
  type MeetingPhase,
  nextPhase,
  openRound,
  speakingOrder,
} from '../../../core/index.js';
import { describeRejection, t } from '../../../i18n/index.js';
import { can, outcome, refusal, TRIAL_TEXT, whoCan } from '../can.js';
import { capitalise, shorten } from '../card-format.js';
import { leftOut } from '../confirm-form.js';
import { mayUseFollowupForm } from '../followup-form.js';
import { timeWarning } from './clock.js';
import { nextUp } from './floor.js';
import { capParams, choiceOf, NAME_MAX } from './text.js';

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

/**
 * A step that would leave people out asks first: 'now' when it leaves nobody out, 'ask' when the
 * core takes it only confirmed (the card that asks names them), undefined when it cannot be taken.
 */
function askFirst(
  m: Meeting,
  now: string,
  me: string,
  step: (without?: readonly string[]) => Command,
): 'now' | 'ask' | undefined {
  if (can(m, now, me, step())) return 'now';
  const without = leftOut(m).map((p) => p.id);
  return without.length > 0 && can(m, now, me, step(without)) ? 'ask' : undefined;
}

/**
 * A button for each raised hand the chair may give the floor in between (a reply or a question
 * in the discussion, once the client has spoken), as the core would take it: out of turn.
 */
function handsBetween(locale: Locale, m: Meeting, now: string, me: string) {
  if (m.phase !== 'discussion' || !openRound(m)) return undefined;
  const buttons = m.hands.flatMap((id) => {
    const p = findParticipant(m, id);
    const events = outcome(m, now, me, { type: 'floor.give', participantId: id });
    const between = events?.some((e) => e.type === 'floor.given' && e.outOfTurn);
    return p && between
      ? [{ title: t(locale, 'card.board.action.floor_between', { name: shorten(p.name, NAME_MAX) }), id }]
      : [];
  });
  return buttons.length > 0 ? { hint: t(locale, 'card.board.hands_between'), buttons } : undefined;
}

/**
 * People who come after the start: an invitee left unticked who is here after all (often someone
 * without a chat account, who could not reply), and someone not invited. Each only as the core takes it.
 */
function arrivals(locale: Locale, m: Meeting, now: string, me: string) {
  const notHere = m.participants.filter((p) => p.attendance !== 'present' && !p.erased);
  const marks = whoCan(m, now, me, notHere, (p) => ({
    type: 'attendance.mark',
    participantId: p.id,
    status: 'present',
  }));
  const join = can(m, now, me, { type: 'participant.join', person: { name: TRIAL_TEXT, role: 'close' } });
  if (marks.length === 0 && !join) return undefined;
  return {
    heading: t(locale, 'card.board.arrivals'),
    hint: t(locale, 'card.board.arrivals_hint'),
    // Every voice heard: whoever comes in while a round is open is asked in it.
    round: openRound(m) ? t(locale, 'card.board.arrivals_round') : undefined,
    markPresent: marks.length > 0 ? { choices: marks.map(choiceOf) } : undefined,
    join: join
      ? {
          role: t(locale, 'card.invitation-form.role'),
          relation: capitalise(locale, t(locale, 'field.relation')),
          // A visible default: most often a close one turns up (a godparent, a friend).
          defaultRole: 'close',
          roles: (['close', 'worker'] as const).map((r) => ({
            title: capitalise(locale, t(locale, `role.${r}`)),
            value: r,
          })),
        }
      : undefined,
  };
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
  const close = askFirst(m, now, me, (without) => ({
    type: 'meeting.close',
    ...(without ? { without } : {}),
  }));
  const skip = feedback
    ? undefined
    : askFirst(m, now, me, (without) => ({
        type: 'phase.skip',
        reason: TRIAL_TEXT,
        ...(without ? { without } : {}),
      }));
  const buttons = {
    nextSpeaker: can(m, now, me, { type: 'floor.next' }),
    endTurn: m.floor !== undefined && m.floor !== me && can(m, now, me, { type: 'turn.end' }),
    closeRound: can(m, now, me, { type: 'round.close' }),
    startRound: can(m, now, me, { type: 'round.start' }),
    followupForm: mayUseFollowupForm(m, now, me),
    close: close === 'now',
    // Closing would end the poll for someone who has not answered: a card asks first, naming them.
    closeAsk: close === 'ask',
    skipAsk: skip === 'ask',
  };
  return {
    heading: t(locale, 'card.board.chair_tools'),
    acting: m.chairId ? undefined : t(locale, 'card.board.acting_chair'),
    time: timeWarning(locale, m, now),
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
    // Skipping leaves nobody unheard: the reason here will do. Else `skipAsk`: a card asks first.
    skip: skip === 'now',
    hands: handsBetween(locale, m, now, me),
    arrivals: arrivals(locale, m, now, me),
  };
}
