/** The rules of DESIGN.md §3 as checks on one step: the state before an event, the event, the state after. */
import assert from 'node:assert/strict';
import {
  actingChairId,
  type Event,
  feedbackResults,
  type Meeting,
  MIN_ANSWERS,
  notHeardInRound,
  openRound,
  roleRank,
} from '../../src/core/index.js';

export function checkStep(before: Meeting | undefined, e: Event, after: Meeting): void {
  if (!before) return;
  const who = (id: string) => before.participants.find((p) => p.id === id);
  if ((e.type === 'floor.given' || e.type === 'turn.passed') && openRound(before)) {
    const taker = who(e.participantId);
    assert.ok(taker, 'the floor goes to a participant');
    const earlier = notHeardInRound(before).filter((p) => roleRank(p.role) < roleRank(taker.role));
    assert.deepEqual(earlier, [], 'client first, then close ones, then workers');
  }
  if (e.type === 'round.closed') assert.deepEqual(notHeardInRound(before), [], 'every voice heard');
  if (e.type === 'phase.changed') {
    assert.equal(e.by, actingChairId(before), 'only the chair moves phases');
    if (e.from === 'summary')
      assert.ok(
        before.commitments.every((c) => c.confirmation),
        'checked with the client',
      );
  }
  if ((e.type === 'phase.changed' && e.to === 'feedback') || e.type === 'meeting.closed') {
    assert.equal(who(before.responsibleId ?? '')?.role, 'worker', 'one responsible worker');
    assert.ok(before.followUp, 'a follow-up or a reason for none');
  }
  if (e.type === 'feedback.answered') {
    assert.ok(
      ['present', 'left'].includes(who(e.participantId)?.attendance ?? ''),
      'only participants answer',
    );
  }
  if (e.type === 'commitment.added')
    assert.ok(who(e.ownerId) && e.what.trim() && /^\d{4}-\d\d-\d\d$/.test(e.due));
  assert.equal(after.version, before.version + 1);
}

/** What must hold of any meeting at rest. */
export function checkState(m: Meeting): void {
  assert.ok(m.rounds.filter((r) => r.status === 'open').length <= 1, 'at most one open round');
  if (m.floor)
    assert.equal(m.participants.find((p) => p.id === m.floor)?.attendance, 'present', 'the speaker is here');
  assert.equal(new Set(m.hands).size, m.hands.length, 'a hand is raised once');
  for (const h of m.hands) assert.equal(m.participants.find((p) => p.id === h)?.attendance, 'present');
  assert.equal(m.participants.filter((p) => p.role === 'client').length, 1, 'one client');
  const results = feedbackResults(m);
  if (results.visible) assert.ok(results.count >= MIN_ANSWERS || m.pollClosed, 'results only when allowed');
  else assert.equal(results.statements, undefined);
  for (const c of m.commitments)
    assert.ok(
      m.participants.some((p) => p.id === c.ownerId),
      'owners are participants',
    );
}
