/** The phases of a running meeting as an explicit state machine with named guards. */
import { type Rejection, reject } from './rejection.js';
import { client, notHeardInRound } from './selectors.js';
import { MEETING_PHASES, type Meeting, type MeetingPhase } from './types.js';

/** What must hold before the meeting may leave a phase by the normal route. */
type Guard = (m: Meeting) => Rejection | undefined;

/** Every voice heard: nobody present is left who has neither spoken nor passed in the open round. */
export const everyoneHeard: Guard = (m) => {
  const missing = notHeardInRound(m);
  return missing.length === 0
    ? undefined
    : reject('round.not_everyone_heard', { names: missing.map((p) => p.name) });
};

/** A follow-up meeting hears what became of every commitment still open from the meeting before. */
const reviewed: Guard = (m) => {
  const open = m.review.filter((r) => r.status !== 'done' && !r.outcome);
  return open.length === 0 ? undefined : reject('review.unfinished', { count: open.length });
};

const rolesAgreed: Guard = (m) =>
  !m.chairId ? reject('roles.no_chair') : !m.noteTakerId ? reject('roles.no_notetaker') : undefined;

/** Check with the client: every commitment confirmed before the summary closes. */
const commitmentsConfirmed: Guard = (m) => {
  const open = m.commitments.filter((c) => !c.confirmation);
  return open.length === 0 ? undefined : reject('summary.unconfirmed', { count: open.length });
};

/** One responsible worker and a follow-up (or a reason for none) before feedback opens. */
export const followUpAgreed: Guard = (m) =>
  !m.responsibleId
    ? reject('followup.no_responsible')
    : !m.followUp
      ? reject('followup.no_followup')
      : undefined;

/** Check with the client: they confirm the responsible worker and the follow-up before feedback opens. */
const followUpConfirmed: Guard = (m) =>
  m.followUpConfirmation ? undefined : reject('followup.unconfirmed', { client: client(m)?.name ?? '' });

interface PhaseSpec {
  /** Guards for leaving the phase by `phase.next`. */
  readonly exit: readonly Guard[];
  /** Guards that even a recorded skip cannot bypass; undefined means the phase cannot be skipped. */
  readonly skip?: readonly Guard[];
  /** Entering the phase opens a round for everyone. */
  readonly round: boolean;
}

export const PHASES: Readonly<Record<MeetingPhase, PhaseSpec>> = {
  opening: { exit: [reviewed, everyoneHeard], skip: [], round: true },
  roles: { exit: [everyoneHeard, rolesAgreed], skip: [], round: false },
  why: { exit: [everyoneHeard], skip: [], round: true },
  discussion: { exit: [everyoneHeard], skip: [], round: true },
  summary: { exit: [everyoneHeard, commitmentsConfirmed], round: false },
  followup: { exit: [everyoneHeard, followUpAgreed, followUpConfirmed], round: false },
  feedback: { exit: [], skip: [], round: false },
};

const ORDER: readonly MeetingPhase[] = MEETING_PHASES;

/** The phase after this one; undefined after feedback (the meeting closes). */
export const nextPhase = (phase: MeetingPhase): MeetingPhase | undefined => ORDER[ORDER.indexOf(phase) + 1];

export const isMeetingPhase = (phase: string): phase is MeetingPhase =>
  (ORDER as readonly string[]).includes(phase);

/** The first guard that stops leaving `phase` (by skip when `skipping`). */
export function exitBlocked(m: Meeting, phase: MeetingPhase, skipping: boolean): Rejection | undefined {
  const spec = PHASES[phase];
  const guards = skipping ? spec.skip : spec.exit;
  if (!guards) return reject('phase.not_skippable');
  for (const guard of guards) {
    const blocked = guard(m);
    if (blocked) return blocked;
  }
  return undefined;
}
