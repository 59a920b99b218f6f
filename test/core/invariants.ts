/** The rules of DESIGN.md §3 as checks on one step: the state before an event, the event, the state after. */
import assert from 'node:assert/strict';
import {
  actingChairId,
  type Event,
  feedbackResults,
  type Meeting,
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
    assert.ok(before.phase === 'feedback' && !pollClosed(before), 'answers only while the poll is open');
  }
  if (pollClosed(before)) {
    assert.ok(pollClosed(after), 'a closed poll stays closed');
    assert.deepEqual(
      after.feedback,
      before.feedback,
      'the answers, and so the results, are final once closed',
    );
  }
  if (e.type === 'commitment.added')
    assert.ok(who(e.ownerId) && e.what.trim() && /^\d{4}-\d\d-\d\d$/.test(e.due));
  assert.equal(after.version, before.version + 1);
}

/** The poll closes with the meeting (DESIGN.md §3, rule 6). */
const pollClosed = (m: Meeting): boolean => m.pollClosed || m.phase === 'closed';

/** Rule 6's threshold, stated here rather than taken from the code under test. */
const ENOUGH_ANSWERS = 3;

/**
 * Rule 6, stated from the meeting's own answers: figures and comments only once the poll has
 * closed with at least three answers, and then exactly the answers' aggregates; otherwise only
 * how many answered and who.
 */
function checkFeedback(m: Meeting): void {
  const answers = Object.entries(m.feedback);
  const results = feedbackResults(m);
  assert.equal(results.count, answers.length, 'every answer counted');
  assert.deepEqual(
    [...results.answeredBy].sort(),
    answers.map(([id]) => id).sort(),
    'who answered, and nobody else',
  );
  assert.equal(results.onBehalf, answers.filter(([, a]) => a.onBehalf).length, 'on behalf, as a count');
  const allowed = pollClosed(m) && answers.length >= ENOUGH_ANSWERS;
  assert.equal(results.statements !== undefined, allowed, 'figures only once closed with three answers');
  assert.equal(results.comments !== undefined, allowed, 'comments only once closed with three answers');
  if (!results.statements) return;
  for (const key of ['hopeful', 'trusting', 'clearer'] as const) {
    const scores = answers.map(([, a]) => a[key]);
    const mean = scores.reduce((sum, x) => sum + x, 0) / scores.length;
    assert.ok(Math.abs(results.statements[key].average - mean) <= 0.05 + 1e-9, `the mean of ${key}`);
    assert.deepEqual(
      results.statements[key].distribution,
      [1, 2, 3, 4, 5].map((n) => scores.filter((x) => x === n).length),
      `the counts per score of ${key}`,
    );
  }
  assert.deepEqual(
    [...(results.comments ?? [])].sort(),
    answers.flatMap(([, a]) => (a.comment === undefined ? [] : [a.comment])).sort(),
    'every comment, once',
  );
}

/** What must hold of any meeting at rest. */
export function checkState(m: Meeting): void {
  assert.ok(m.rounds.filter((r) => r.status === 'open').length <= 1, 'at most one open round');
  if (m.floor)
    assert.equal(m.participants.find((p) => p.id === m.floor)?.attendance, 'present', 'the speaker is here');
  assert.equal(new Set(m.hands).size, m.hands.length, 'a hand is raised once');
  for (const h of m.hands) assert.equal(m.participants.find((p) => p.id === h)?.attendance, 'present');
  assert.equal(m.participants.filter((p) => p.role === 'client').length, 1, 'one client');
  checkFeedback(m);
  for (const c of m.commitments)
    assert.ok(
      m.participants.some((p) => p.id === c.ownerId),
      'owners are participants',
    );
}
