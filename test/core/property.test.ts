/** Random commands from random people never break a rule, and a rejection never changes anything. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Command, decide, evolve, isRejection, type Meeting, replay } from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import { realisticMeeting, STAGES } from '../support/realistic-meeting.js';
import { checkState, checkStep } from './invariants.js';

const ids = fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p99');
const text = fc.oneof(
  fc.constantFrom('', '   ', 'Soittaa koululle', 'x'.repeat(6000)),
  fc.string({ maxLength: 40 }),
);
const date = fc.constantFrom('2026-11-20', '2026-12-01', '2027-01-15', '2026-02-30', 'huomenna', '');
const time = fc.constantFrom('2027-01-14T14:00:00+02:00', '2026-11-01T10:00:00Z', '14.1.2027', '');
const score = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 6, 2.5));

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Command>({ type: 'floor.next' }) },
  { weight: 6, arbitrary: fc.constant<Command>({ type: 'turn.end' }) },
  { weight: 4, arbitrary: fc.constant<Command>({ type: 'phase.next' }) },
  { weight: 3, arbitrary: fc.constant<Command>({ type: 'turn.pass' }) },
  { weight: 3, arbitrary: ids.map((participantId): Command => ({ type: 'floor.give', participantId })) },
  { weight: 2, arbitrary: fc.constant<Command>({ type: 'floor.request' }) },
  fc.constant<Command>({ type: 'floor.withdraw' }),
  fc.constant<Command>({ type: 'round.start' }),
  fc.constant<Command>({ type: 'round.close' }),
  fc.constant<Command>({ type: 'meeting.start' }),
  fc.constant<Command>({ type: 'meeting.close' }),
  text.map((reason): Command => ({ type: 'phase.skip', reason })),
  fc
    .record({
      participantId: ids,
      status: fc.constantFrom('present', 'absent') as fc.Arbitrary<'present' | 'absent'>,
    })
    .map((c): Command => ({ type: 'attendance.mark', ...c })),
  ids.map((participantId): Command => ({ type: 'participant.leave', participantId })),
  fc
    .record({ name: text, role: fc.constantFrom('client', 'close', 'worker') as fc.Arbitrary<'client'> })
    .map((person): Command => ({ type: 'participant.join', person })),
  ids.map((participantId): Command => ({ type: 'chair.assign', participantId })),
  ids.map((participantId): Command => ({ type: 'notetaker.assign', participantId })),
  ids.map((participantId): Command => ({ type: 'responsible.assign', participantId })),
  fc.oneof(
    time.map((at): Command => ({ type: 'followup.agree', at })),
    text.map((noneReason): Command => ({ type: 'followup.agree', noneReason })),
  ),
  text.map((t): Command => ({ type: 'note.add', text: t })),
  text.map((t): Command => ({ type: 'wish.record', text: t })),
  {
    weight: 3,
    arbitrary: fc
      .record({ what: text, ownerId: ids, due: date })
      .map((c): Command => ({ type: 'commitment.add', ...c })),
  },
  fc
    .record({ commitmentId: fc.constantFrom('c1', 'c2', 'c3', 'c9'), due: date })
    .map((c): Command => ({ type: 'commitment.edit', ...c })),
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('c1', 'c2', 'c3', 'c4')
      .map((commitmentId): Command => ({ type: 'commitment.confirm', commitmentId })),
  },
  fc
    .record({
      commitmentId: fc.constantFrom('c1', 'c2', 'c4'),
      status: fc.constantFrom('done', 'needs_help', 'postponed', 'open') as fc.Arbitrary<'done'>,
      newDue: date,
    })
    .map((c): Command => ({ type: 'commitment.status', ...c })),
  {
    weight: 3,
    arbitrary: fc
      .record({ hopeful: score, trusting: score, clearer: score })
      .map((c): Command => ({ type: 'feedback.answer', ...c })),
  },
);

/** Mostly the chair (who moves the meeting), sometimes anyone, sometimes on someone's behalf. */
const step = fc.record({
  actor: fc.oneof({ weight: 3, arbitrary: fc.constant('chair') }, { weight: 2, arbitrary: ids }),
  command,
  onBehalfOf: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: ids }),
  minutes: fc.nat({ max: 60 * 24 * 3 }),
});

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

describe('random meetings', () => {
  it('random commands from random actors never break a rule, and every rejection leaves the meeting as it was', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        fc.array(step, { minLength: 20, maxLength: 150 }),
        (stage, steps) => {
          const d = realisticMeeting(stage);
          let m: Meeting = deepFreeze(d.m);
          const events = [...d.events];
          let now = Date.parse(d.now);
          for (const s of steps) {
            now += s.minutes * 60_000;
            const actor = s.actor === 'chair' ? (m.chairId ?? m.convenerId) : s.actor;
            const cmd = (s.onBehalfOf ? { ...s.command, onBehalfOf: s.onBehalfOf } : s.command) as Command;
            const snapshot = JSON.stringify(m);
            const result = decide(m, cmd, { now: new Date(now).toISOString(), actor });
            if (isRejection(result)) {
              assert.equal(JSON.stringify(m), snapshot, 'a rejection changes nothing');
              for (const locale of ['fi', 'sv', 'en'] as const) assert.ok(describeRejection(locale, result));
              continue;
            }
            assert.ok(result.length > 0, 'an accepted command records something');
            for (const e of result) {
              const next = deepFreeze(evolve(m, e));
              checkStep(m, e, next);
              m = next;
              events.push(e);
            }
            checkState(m);
          }
          assert.deepEqual(replay(events), m, 'the event log rebuilds the same meeting');
        },
      ),
      { numRuns: 300 },
    );
  });
});
