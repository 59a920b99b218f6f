/** The memo's content, plain data from the event log; and a whole realistic meeting, invitation to memo. */
import assert from 'node:assert/strict';
import { feedbackResults, memoContent } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting, withAbsentAndLeft } from '../support/realistic-meeting.js';

/** Whether a value is plain data: what JSON can hold, nothing the core would have to say in words. */
const isPlain = (value: unknown): boolean => {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isPlain);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value as object).every(isPlain);
};

describe('the memo content', () => {
  it('is nothing before the meeting exists', () => {
    assert.equal(memoContent([]), undefined);
  });

  it('holds what the memo says, as plain data, in the order it is told', () => {
    const d = realisticMeeting('closed', 'en');
    const c = memoContent(d.events);
    assert.ok(c);
    assert.ok(isPlain(c), 'plain data: no dates, no functions, no text the core made up');
    assert.deepEqual(c.meeting, d.m);
    assert.equal(c.held, d.m.startedAt);
    assert.equal(c.cancelled, undefined);
    assert.deepEqual(
      c.attended.map((p) => p.role),
      ['client', 'close', 'close', 'worker', 'worker', 'worker', 'worker'],
      'client, close ones, workers',
    );
    assert.deepEqual(c.absent, []);
    assert.deepEqual(
      [c.convener, c.chair, c.noteTaker, c.responsible].map((r) => r?.person?.name),
      [P.social, P.youth, P.nurse, P.social],
    );
    assert.equal(c.client?.name, P.client);
    assert.equal(c.clientWish, d.m.clientWish);
    assert.deepEqual(c.notes, d.m.notes);
    assert.deepEqual(
      c.commitments.map((mc) => [mc.owner.person?.name, mc.withParticipants.map((r) => r.person?.name)]),
      [
        [P.mother, [P.client]],
        [P.youth, [P.client]],
        [P.teacher, []],
      ],
    );
    assert.deepEqual(c.followUp, { at: '2027-01-14T14:00:00+02:00' });
    assert.deepEqual(c.feedback, feedbackResults(d.m));
    assert.deepEqual([c.feedback.status, c.feedback.count, c.feedback.onBehalf], ['shown', 7, 1]);
    assert.deepEqual(c.skipped, []);
    assert.equal(c.onBehalf, true, 'the grandfather’s pass was recorded on his behalf');
  });

  it('holds no figures and no comments while the poll is open, nor when it closed with too few answers', () => {
    const open = memoContent(realisticMeeting('feedback', 'en').events);
    assert.deepEqual(
      [open?.feedback.status, open?.feedback.count, open?.feedback.statements, open?.feedback.comments],
      ['open', 7, undefined, undefined],
    );
    const few = realisticMeeting('followup', 'en');
    few.do(P.youth, { type: 'phase.next' });
    few.do(P.client, { type: 'feedback.answer', hopeful: 5, trusting: 5, clearer: 5, comment: 'Kiitos' });
    few.do(P.mother, { type: 'feedback.answer', hopeful: 1, trusting: 1, clearer: 1 });
    few.do(P.youth, few.closeAnyway());
    const closed = memoContent(few.events);
    assert.deepEqual(
      [
        closed?.feedback.status,
        closed?.feedback.count,
        closed?.feedback.statements,
        closed?.feedback.comments,
      ],
      ['too_few', 2, undefined, undefined],
    );
  });

  it('tells who was absent, who left early, and the invitation’s time if the meeting never started', () => {
    const planned = realisticMeeting('invited', 'en');
    assert.equal(memoContent(planned.events)?.held, planned.m.invitation.startsAt);
    const d = withAbsentAndLeft();
    const c = memoContent(d.events);
    assert.ok(c);
    assert.equal(c.held, d.m.startedAt);
    assert.deepEqual(
      c.attended.map((p) => [p.name, p.attendance]),
      [
        [P.client, 'present'],
        [P.mother, 'present'],
        [P.social, 'present'],
        [P.teacher, 'left'],
      ],
    );
    assert.deepEqual(
      c.absent.map((p) => p.name),
      [P.grandfather, P.nurse, P.youth],
    );
    assert.equal(c.onBehalf, false);
  });

  it('keeps a cancelled meeting’s reason and the phases the chair skipped, with why', () => {
    const cancelled = realisticMeeting('invited', 'en');
    cancelled.do(P.social, { type: 'meeting.cancel', reason: 'Aino is ill' });
    assert.deepEqual(memoContent(cancelled.events)?.cancelled, { reason: 'Aino is ill' });

    const skipping = realisticMeeting('opening', 'en');
    skipping.do(P.social, { type: 'phase.skip', reason: 'Everyone knows each other' });
    assert.deepEqual(memoContent(skipping.events)?.skipped, [
      { phase: 'opening', reason: 'Everyone knows each other' },
    ]);
  });
});

describe('a whole realistic meeting, from invitation to memo', () => {
  it('has a pass, a raised hand served in turn, three confirmed commitments, a responsible worker, a follow-up and feedback', () => {
    const d = realisticMeeting('closed');
    const m = d.m;
    const pass = d.events.find((e) => e.type === 'turn.passed');
    assert.deepEqual(pass && { who: pass.participantId, by: pass.by, onBehalfOf: pass.onBehalfOf }, {
      who: d.id(P.grandfather),
      by: d.id(P.nurse),
      onBehalfOf: d.id(P.grandfather),
    });
    const raised = d.events.findIndex(
      (e) => e.type === 'floor.requested' && e.participantId === d.id(P.teacher),
    );
    const served = d.events.findIndex(
      (e, i) => i > raised && e.type === 'floor.given' && e.participantId === d.id(P.teacher),
    );
    const clientSpoke = d.events.findIndex(
      (e, i) => i > raised && e.type === 'floor.given' && e.participantId === d.id(P.client),
    );
    assert.ok(
      raised > 0 && clientSpoke > raised && served > clientSpoke,
      'the raised hand waits for the client',
    );
    assert.equal(m.commitments.length, 3);
    assert.ok(m.commitments.every((c) => c.confirmation));
    assert.equal(m.responsibleId, d.id(P.social));
    assert.deepEqual(m.followUp, { at: '2027-01-14T14:00:00+02:00' });
    assert.equal(Object.keys(m.feedback).length, 7);
    assert.equal(m.phase, 'closed');
    assert.equal(m.skipped.length, 0, 'no phase was skipped');
  });
});
