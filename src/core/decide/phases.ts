/** Moving the meeting on: next phase, a recorded skip, and closing. */
import type { CommandOf } from '../commands.js';
import type { EventBody } from '../events.js';
import { closingConfirmed, skipConfirmed } from '../missing.js';
import { exitBlocked, isMeetingPhase, nextPhase, PHASES } from '../phases.js';
import { isRejection, reject } from '../rejection.js';
import { openRound } from '../selectors.js';
import type { Meeting, MeetingPhase, Phase } from '../types.js';
import { LIMITS, text } from '../validate.js';
import { type Decision, type Env, firstOf, RUNNING, requireChair, requirePhase } from './env.js';
import { roundStart } from './rounds.js';

/**
 * Leaves the phase: by the normal route, or skipped with a reason. `without`: whom the chair
 * confirmed the step leaves out (unheard in a skipped round, unanswered when the poll closes).
 */
function advance(env: Env, skipReason: string | undefined, without?: readonly string[]): Decision {
  const { m } = env;
  if (!isMeetingPhase(m.phase)) return reject('phase.wrong', { phase: m.phase });
  const blocked = exitBlocked(m, m.phase, skipReason !== undefined);
  if (blocked) return blocked;
  const to = nextPhase(m.phase);
  // Asked first: nobody is left unheard, or without an answer, whom the chair was not told of.
  const unasked =
    to === undefined
      ? closingConfirmed(m, without)
      : skipReason !== undefined
        ? skipConfirmed(m, without)
        : undefined;
  if (unasked) return unasked;
  const round = openRound(m);
  const events: EventBody[] = [];
  if (m.floor) events.push({ type: 'turn.ended', participantId: m.floor });
  if (round) events.push({ type: skipReason ? 'round.abandoned' : 'round.closed', roundId: round.id });
  if (!to) {
    return [
      ...events,
      { type: 'poll.closed' },
      { type: 'phase.changed', from: m.phase, to: 'closed', ...(skipReason ? { skipReason } : {}) },
      // From now on the memo is a draft, until it is reviewed with the client.
      { type: 'meeting.closed', memoReview: true },
    ];
  }
  return [...events, ...enter(m, m.phase, to, skipReason)];
}

/** Entering a phase of the meeting, and the round for everyone that some phases open. */
export function enter(m: Meeting, from: Phase, to: MeetingPhase, skipReason?: string): EventBody[] {
  const changed: EventBody = { type: 'phase.changed', from, to, ...(skipReason ? { skipReason } : {}) };
  return PHASES[to].round ? [changed, roundStart(m, to)] : [changed];
}

export function next(env: Env): Decision {
  const denied = firstOf(requirePhase(env, RUNNING), requireChair(env));
  return denied ?? advance(env, undefined);
}

export function skip(env: Env, cmd: CommandOf<'phase.skip'>): Decision {
  const denied = firstOf(requirePhase(env, RUNNING), requireChair(env));
  if (denied) return denied;
  const reason = text(cmd.reason, 'reason', LIMITS.reason);
  return isRejection(reason) ? reason : advance(env, reason, cmd.without);
}

/** Closing the meeting closes the poll; it is the last step of the feedback phase. */
export function close(env: Env, cmd: CommandOf<'meeting.close'>): Decision {
  const denied = firstOf(requirePhase(env, ['feedback']), requireChair(env));
  return denied ?? advance(env, undefined, cmd.without);
}
