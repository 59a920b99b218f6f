/**
 * Who a step would leave out, for the chair to confirm first: closing the meeting ends the poll for
 * whoever has not answered, and skipping a phase leaves unheard whoever has not had their turn in
 * its round. The chair's confirmation names them (`without`); it holds while nobody else is missing.
 */
import { evolve } from './evolve.js';
import { type Rejection, reject } from './rejection.js';
import { notHeardInRound } from './selectors.js';
import type { Meeting, Participant } from './types.js';

/** Who took part (and so may answer the feedback poll): those here, and those who left early. */
export const tookPart = (p: Participant): boolean => p.attendance === 'present' || p.attendance === 'left';

/** Who took part and has not answered the feedback poll. Who answered may be shown; what, never. */
export const notAnswered = (m: Meeting): readonly Participant[] =>
  m.participants.filter((p) => tookPart(p) && m.feedback[p.id] === undefined);

/**
 * Who would be left unheard in the open round if the meeting moved on now: the one who holds the
 * floor has had their turn once it ends (unless they speak out of the round's order).
 */
export function notHeardOnceDone(m: Meeting): readonly Participant[] {
  const done = m.floor ? evolve(m, { type: 'turn.ended', participantId: m.floor, at: '' }) : m;
  return notHeardInRound(done);
}

/** Those of `missing` the confirmation did not name. */
export const unconfirmed = (
  missing: readonly Participant[],
  without: readonly string[] | undefined,
): readonly Participant[] => {
  // A crafted command may carry anything here: only a list names anyone.
  const named: readonly unknown[] = Array.isArray(without) ? without : [];
  return missing.filter((p) => !named.includes(p.id));
};

/** Closing ends the poll: refused while someone has not answered whom the chair did not confirm closing without. */
export function closingConfirmed(m: Meeting, without: readonly string[] | undefined): Rejection | undefined {
  const left = unconfirmed(notAnswered(m), without);
  return left.length === 0
    ? undefined
    : reject('feedback.not_everyone_answered', { names: left.map((p) => p.name), count: left.length });
}

/** A skip leaves the round's unheard unheard: refused while one is left whom the chair did not confirm. */
export function skipConfirmed(m: Meeting, without: readonly string[] | undefined): Rejection | undefined {
  const left = unconfirmed(notHeardOnceDone(m), without);
  return left.length === 0 ? undefined : reject('phase.skip_unheard', { names: left.map((p) => p.name) });
}
