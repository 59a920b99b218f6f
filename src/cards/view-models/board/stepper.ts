/** The phase stepper, written to read well as plain text: the part we are in, what is done, what is left. */
import { type Locale, MEETING_PHASES, type Meeting, type MeetingPhase } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { shorten } from '../card-format.js';

export interface Stepper {
  /** "Part 3 of 7: Why we are here" */
  readonly heading: string;
  /** Done, skipped (with the recorded reason) and still to come, each as one line. */
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

export function stepper(locale: Locale, m: Meeting): Stepper {
  const current = MEETING_PHASES.indexOf(m.phase as MeetingPhase);
  const reasons = new Map(m.skipped.map((s) => [s.phase, s.reason]));
  const done: string[] = [];
  const skipped: string[] = [];
  const left: string[] = [];
  MEETING_PHASES.forEach((phase, i) => {
    // Numbered and set apart with a dot, as phase names themselves contain "and".
    const name = `${i + 1}. ${t(locale, `phase.${phase}`)}`;
    const reason = reasons.get(phase);
    if (i > current) left.push(name);
    else if (i === current) return;
    else if (reason === undefined) done.push(name);
    else skipped.push(t(locale, 'card.board.skipped_phase', { phase: name, reason: shorten(reason, 80) }));
  });
  const facts = [
    { key: 'card.board.steps_done', names: done },
    { key: 'card.board.steps_skipped', names: skipped },
    { key: 'card.board.steps_left', names: left },
  ]
    .filter((f) => f.names.length > 0)
    .map((f) => ({ title: t(locale, f.key), value: f.names.join(' · ') }));
  return {
    heading: t(locale, 'card.board.part', {
      n: current + 1,
      total: MEETING_PHASES.length,
      phase: t(locale, `phase.${m.phase}`),
    }),
    facts,
  };
}
