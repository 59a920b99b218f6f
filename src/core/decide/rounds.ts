/** Rounds and turns: client first, every voice heard, anyone may ask for the floor. */
import type { CommandOf } from '../commands.js';
import type { EventBody } from '../events.js';
import { evolve } from '../evolve.js';
import { everyoneHeard } from '../phases.js';
import { isRejection, type Rejection, reject } from '../rejection.js';
import {
  isActingChair,
  isHeardIn,
  mayTakeTurnNow,
  nextInRound,
  notHeardInRound,
  openRound,
} from '../selectors.js';
import type { Meeting, MeetingPhase, Participant, Round } from '../types.js';
import { type Decision, type Env, firstOf, presentOrReject, requireChair, requirePhase } from './env.js';

/** Phases where people take turns (feedback is answered, not spoken). */
const TURN_PHASES: readonly MeetingPhase[] = ['opening', 'roles', 'why', 'discussion', 'summary', 'followup'];

export const roundStart = (m: Meeting, phase: MeetingPhase): EventBody => ({
  type: 'round.started',
  roundId: `r${m.seq.round + 1}`,
  phase,
});

/** Whoever holds the floor is done before someone else gets it. */
const endCurrentTurn = (m: Meeting): EventBody[] =>
  m.floor ? [{ type: 'turn.ended', participantId: m.floor }] : [];

/** The meetings as the next speaker finds them, by the meeting before: asked about each person in turn, made once. */
const afterSpeaker = new WeakMap<Meeting, { readonly now: string; readonly m: Meeting }>();

/** The meeting as the next speaker finds it: whoever held the floor has had their turn. */
function speakerDone(env: Env): Meeting {
  if (!env.m.floor) return env.m;
  const known = afterSpeaker.get(env.m);
  if (known?.now === env.now) return known.m;
  const m = evolve(env.m, { type: 'turn.ended', participantId: env.m.floor, at: env.now });
  afterSpeaker.set(env.m, { now: env.now, m });
  return m;
}

export function startRound(env: Env): Decision {
  const denied = firstOf(requirePhase(env, ['discussion']), requireChair(env));
  if (denied) return denied;
  if (openRound(env.m)) return reject('round.already_open');
  // Whoever holds the floor between rounds finishes first: what they said is not the round's first turn.
  const speaker = endCurrentTurn(env.m);
  return [...speaker, roundStart(env.m, 'discussion')];
}

export function closeRound(env: Env): Decision {
  const denied = requireChair(env);
  if (denied) return denied;
  const round = openRound(env.m);
  if (!round) return reject('round.none_open');
  // Whoever still speaks (a reply in between, once everyone has been heard) finishes first.
  return everyoneHeard(env.m) ?? [...endCurrentTurn(env.m), { type: 'round.closed', roundId: round.id }];
}

export function request(env: Env): Decision {
  const denied = requirePhase(env, TURN_PHASES);
  if (denied) return denied;
  const p = presentOrReject(env.m, env.subject);
  if (isRejection(p)) return p;
  if (env.m.floor === p.id) return reject('floor.already_yours');
  if (env.m.hands.includes(p.id)) return reject('floor.already_requested');
  return [{ type: 'floor.requested', participantId: p.id }];
}

export function withdraw(env: Env): Decision {
  if (!env.subject || !env.m.hands.includes(env.subject)) return reject('floor.not_requested');
  return [{ type: 'floor.withdrawn', participantId: env.subject }];
}

/**
 * In the discussion the chair may give a raised hand the floor out of the round's order, for a
 * reply or a question. It is not that person's turn in the round: the round goes on in its
 * order, and still closes only when everyone has been heard.
 */
const handInDiscussion = (m: Meeting, p: Participant): boolean =>
  m.phase === 'discussion' && m.hands.includes(p.id);

/** Client first even so: a hand gets the floor out of turn only once the client has had theirs. */
function afterClient(m: Meeting, p: Participant): Rejection | undefined {
  const client = notHeardInRound(m).find((q) => q.role === 'client');
  return client ? reject('turn.hand_after_client', { name: p.name, client: client.name }) : undefined;
}

/** Why `p` may not have the floor in the round's order now (`m`: as the next speaker finds it). */
function notInTurn(m: Meeting, round: Round, p: Participant): Rejection {
  if (isHeardIn(round, p.id)) return reject('turn.already_heard', { name: p.name });
  // Someone of an earlier role is still unheard, so the round has a next speaker to name.
  return reject('turn.client_first', { name: p.name, first: nextInRound(m)?.name ?? '' });
}

function give(env: Env, participantId: string): Decision {
  const p = presentOrReject(env.m, participantId);
  if (isRejection(p)) return p;
  if (env.m.floor === p.id) return reject('floor.already_has', { name: p.name });
  const m = speakerDone(env);
  const round = openRound(m);
  // Once everyone has been heard the round is over, and the floor goes on to whoever asks.
  const closing: EventBody[] =
    round && notHeardInRound(m).length === 0 ? [{ type: 'round.closed', roundId: round.id }] : [];
  const inTurn = !round || closing.length > 0 || (!isHeardIn(round, p.id) && mayTakeTurnNow(m, p.id));
  if (!inTurn) {
    const refused = handInDiscussion(m, p) ? afterClient(m, p) : notInTurn(m, round, p);
    if (refused) return refused;
  }
  const given: EventBody = {
    type: 'floor.given',
    participantId: p.id,
    ...(inTurn ? {} : { outOfTurn: true }),
  };
  return [...endCurrentTurn(env.m), ...closing, given];
}

export function giveFloor(env: Env, cmd: CommandOf<'floor.give'>): Decision {
  const denied = firstOf(requirePhase(env, TURN_PHASES), requireChair(env));
  return denied ?? give(env, cmd.participantId);
}

export function nextSpeaker(env: Env): Decision {
  const denied = firstOf(requirePhase(env, TURN_PHASES), requireChair(env));
  if (denied) return denied;
  const m = speakerDone(env);
  const round = openRound(m);
  const next = round ? nextInRound(m) : undefined;
  if (next) return give(env, next.id);
  // The round's order comes first; after it, raised hands are served oldest first.
  // Whoever holds the floor has no hand up: it came down when they were given the floor.
  const hand = env.m.hands[0];
  if (hand) return give(env, hand);
  if (!round) return reject('floor.nobody_waiting');
  return reject(env.m.floor ? 'round.last_speaker' : 'round.everyone_heard');
}

/** The speaker says they are done, or the chair ends the turn. */
export function endTurn(env: Env): Decision {
  const speaker = env.m.floor;
  if (!speaker) return reject('turn.no_speaker');
  if (env.subject !== speaker && !isActingChair(env.m, env.actor)) return reject('turn.not_yours');
  return [{ type: 'turn.ended', participantId: speaker }];
}

/**
 * A pass is recorded, never skipped silently. One passes for oneself; the chair may record the
 * pass of whoever holds the floor (they said so aloud).
 */
export function pass(env: Env): Decision {
  const round = openRound(env.m);
  if (!round) return reject('round.none_open');
  // When the chair holds the floor themself, the speaker is the chair: the same pass either way.
  const chairForSpeaker = !env.onBehalf && isActingChair(env.m, env.actor) && env.m.floor;
  const p = presentOrReject(env.m, chairForSpeaker ? env.m.floor : env.subject);
  if (isRejection(p)) return p;
  if (isHeardIn(round, p.id)) return reject('turn.already_heard', { name: p.name });
  if (!mayTakeTurnNow(env.m, p.id)) return reject('turn.not_your_turn_yet');
  return [{ type: 'turn.passed', participantId: p.id }];
}
