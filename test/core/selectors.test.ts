/**
 * What the cards read off a meeting with the core's selectors, that the rules themselves never ask:
 * whether the meeting is running (the board shows its controls only then), and whether a
 * commitment is overdue (the commitment list, the owner's reminder and the worker's digest say
 * so). Found by mutation testing (docs/mutation-testing.md): no core test looked at either.
 */
import assert from 'node:assert/strict';
import { type Commitment, isOverdue, isRunning, MEETING_PHASES } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting, STAGES } from '../support/realistic-meeting.js';

describe('what the cards read off a meeting', () => {
  it('a meeting runs from its start until it is closed; before it starts, and once cancelled, it does not', () => {
    for (const stage of STAGES) {
      const running = (MEETING_PHASES as readonly string[]).includes(stage);
      assert.equal(isRunning(realisticMeeting(stage).m), running, stage);
    }
    const cancelled = realisticMeeting('invited');
    cancelled.do(P.social, { type: 'meeting.cancel', reason: 'Sairastumisen vuoksi' });
    assert.equal(cancelled.m.phase, 'cancelled');
    assert.equal(isRunning(cancelled.m), false, 'cancelled');
  });

  it('a commitment is overdue from the day after its day until it is done; asking for help does not end it, a new day does', () => {
    const d = realisticMeeting('closed');
    const teacher = d.id(P.teacher);
    const tutoring = (): Commitment => {
      const c = d.m.commitments.find((x) => x.ownerId === teacher);
      assert.ok(c);
      return c;
    };
    assert.equal(tutoring().due, '2026-12-01');
    assert.equal(isOverdue(tutoring(), '2026-11-30'), false, 'the day before');
    assert.equal(isOverdue(tutoring(), '2026-12-01'), false, 'its own day');
    assert.equal(isOverdue(tutoring(), '2026-12-02'), true, 'the day after');
    const status = (s: 'needs_help' | 'done' | 'postponed', newDue?: string) =>
      d.do(P.teacher, {
        type: 'commitment.status',
        commitmentId: tutoring().id,
        status: s,
        ...(newDue ? { newDue } : {}),
      });
    status('needs_help');
    assert.equal(isOverdue(tutoring(), '2026-12-02'), true, 'help asked for, still late');
    status('postponed', '2026-12-15');
    assert.equal(isOverdue(tutoring(), '2026-12-02'), false, 'postponed to a later day');
    assert.equal(isOverdue(tutoring(), '2026-12-16'), true, 'past the new day');
    status('done');
    assert.equal(isOverdue(tutoring(), '2027-06-01'), false, 'done is never overdue');
  });
});
