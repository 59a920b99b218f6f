/**
 * Whether the core would accept a command now. A card offers a button only when pressing it would
 * work, and asks the rules themselves rather than keeping a second copy of them that could drift.
 */
import {
  type Command,
  decide,
  type Event,
  isRejection,
  type Meeting,
  type Participant,
  type Rejection,
} from '../../core/index.js';

/**
 * Why `actor` may not do `command`, or undefined when they may. `now` is the view's clock (the
 * app's, or the playground's simulated one), not the wall clock: date rules such as "a due date
 * not in the past" depend on which day it is.
 */
export function refusal(
  m: Meeting,
  now: string,
  actor: string | undefined,
  command: Command,
): Rejection | undefined {
  const result = decide(m, command, { now, actor });
  return isRejection(result) ? result : undefined;
}

export const can = (m: Meeting, now: string, actor: string | undefined, command: Command): boolean =>
  refusal(m, now, actor, command) === undefined;

/** What the core would record if `actor` did `command` now; undefined when it would refuse. */
export function outcome(
  m: Meeting,
  now: string,
  actor: string | undefined,
  command: Command,
): readonly Event[] | undefined {
  const result = decide(m, command, { now, actor });
  return isRejection(result) ? undefined : result;
}

/**
 * Refusals about the moment (the phase, a closed meeting or poll) or about who asks, never about
 * the person a step is for: the core gives the same answer for everyone. A wrong entry here would
 * only hide choices, and test/cards/cards-ask-the-core.test.ts asks the core about each person.
 */
const FOR_EVERYONE: ReadonlySet<string> = new Set([
  'phase.wrong',
  'meeting.closed',
  'meeting.cancelled',
  'feedback.closed',
  'auth.not_participant',
  'auth.chair_only',
  'onbehalf.not_allowed',
]);

/** Whether the core refused because of when it is or who asks, so that asking about others is moot. */
export const forEveryone = (r: Rejection | undefined): boolean => r !== undefined && FOR_EVERYONE.has(r.code);

/**
 * Those of `people` for whom the core would take `command(p)` from `actor`. Once the core says it
 * is not the moment for the step at all, it is not asked again about each of the others: a card
 * is drawn for every viewer on every click, and a meeting may have a hundred people.
 */
export function whoCan(
  m: Meeting,
  now: string,
  actor: string | undefined,
  people: readonly Participant[],
  command: (p: Participant) => Command,
): Participant[] {
  const found: Participant[] = [];
  for (const p of people) {
    const refused = refusal(m, now, actor, command(p));
    if (refused === undefined) found.push(p);
    else if (forEveryone(refused)) break;
  }
  return found;
}

/**
 * Free text in a trial command. Never shown nor saved: it only has to pass the core's checks of
 * a text, so that the trial tells whether the step itself may be taken.
 */
export const TRIAL_TEXT = '-';

/** A text other than `text`, for trying an edit: the core refuses one that changes nothing. */
export const otherText = (text: string): string =>
  text === TRIAL_TEXT ? `${TRIAL_TEXT}${TRIAL_TEXT}` : TRIAL_TEXT;

/** The day after a calendar date (YYYY-MM-DD). */
export function dayAfter(date: string): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The later of two calendar dates (YYYY-MM-DD compare as text). */
export const laterOf = (a: string, b: string): string => (a > b ? a : b);
