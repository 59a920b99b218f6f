/**
 * Closing the meeting and skipping a phase leave people out: the poll closes for whoever has not
 * answered, a skipped round leaves its unheard unheard. The chair is asked first, told by name,
 * and the confirmation names whom it leaves out; it still holds if someone answers meanwhile.
 */
import assert from 'node:assert/strict';
import { type Command, openRound } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

/** The feedback phase with the client and her mother answered: five of seven have not. */
function twoAnswered() {
  const d = realisticMeeting('followup');
  d.do(P.youth, { type: 'phase.next' });
  d.do(P.client, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 });
  d.do(P.mother, { type: 'feedback.answer', hopeful: 5, trusting: 5, clearer: 5 });
  return d;
}

/** In the order they were invited: the convener first. */
const NOT_ANSWERED = [P.social, P.grandfather, P.teacher, P.nurse, P.youth];

describe('closing the meeting asks first while answers are missing', () => {
  it('unconfirmed, the close is refused naming who has not answered, and the poll stays open', () => {
    const d = twoAnswered();
    const r = d.rejects(P.youth, { type: 'meeting.close' }, 'feedback.not_everyone_answered');
    assert.deepEqual(r.params, { names: NOT_ANSWERED, count: 5 });
    // Every way of closing asks: moving on from the feedback phase, or skipping it.
    d.rejects(P.youth, { type: 'phase.next' }, 'feedback.not_everyone_answered');
    d.rejects(P.youth, { type: 'phase.skip', reason: 'Aika loppui' }, 'feedback.not_everyone_answered');
    assert.equal(d.m.pollClosed, false);
  });

  it('confirmed without those named, it closes', () => {
    const d = twoAnswered();
    d.do(P.youth, { type: 'meeting.close', without: NOT_ANSWERED.map((n) => d.id(n)) });
    assert.equal(d.m.phase, 'closed');
    assert.equal(d.m.pollClosed, true);
  });

  it('a confirmation that leaves someone out is refused, naming only them', () => {
    const d = twoAnswered();
    const r = d.rejects(
      P.youth,
      { type: 'meeting.close', without: NOT_ANSWERED.slice(1).map((n) => d.id(n)) },
      'feedback.not_everyone_answered',
    );
    assert.deepEqual(r.params, { names: [P.social], count: 1 });
  });

  it('a stale confirmation still closes when someone answered meanwhile, and asks again about a latecomer', () => {
    const asked = twoAnswered();
    const without = NOT_ANSWERED.map((n) => asked.id(n));
    asked.do(P.teacher, { type: 'feedback.answer', hopeful: 3, trusting: 3, clearer: 3 });
    asked.do(P.youth, { type: 'meeting.close', without });
    assert.equal(asked.m.phase, 'closed', 'one fewer missing than the chair agreed to');

    const late = twoAnswered();
    const before = NOT_ANSWERED.map((n) => late.id(n));
    late.do(P.youth, { type: 'participant.join', person: { name: 'Eeva Salo', role: 'close' } });
    const r = late.rejects(
      P.youth,
      { type: 'meeting.close', without: before },
      'feedback.not_everyone_answered',
    );
    assert.deepEqual(r.params, { names: ['Eeva Salo'], count: 1 });
  });

  it('someone who left early may still answer, so closing names them until they have; someone absent, never', () => {
    const d = realisticMeeting('followup');
    d.do(P.youth, { type: 'participant.leave', participantId: d.id(P.teacher) });
    d.do(P.social, { type: 'attendance.mark', participantId: d.id(P.grandfather), status: 'absent' });
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.client, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 });
    d.do(P.mother, { type: 'feedback.answer', hopeful: 5, trusting: 5, clearer: 5 });
    const missing = [P.social, P.teacher, P.nurse, P.youth];
    const r = d.rejects(P.youth, { type: 'meeting.close' }, 'feedback.not_everyone_answered');
    assert.deepEqual(r.params, { names: missing, count: 4 });
    d.do(P.teacher, { type: 'feedback.answer', hopeful: 3, trusting: 3, clearer: 3 });
    const rest = missing.filter((n) => n !== P.teacher);
    d.do(P.youth, { type: 'meeting.close', without: rest.map((n) => d.id(n)) });
    assert.equal(d.m.phase, 'closed');
  });

  it('a confirmation that is not a list names nobody, whatever ids it holds', () => {
    const d = twoAnswered();
    const ids = NOT_ANSWERED.map((n) => d.id(n));
    // A crafted card submission: the ids run together in one text, or keyed as an object.
    for (const without of [ids.join(' '), Object.fromEntries(ids.map((id) => [id, id]))]) {
      const cmd = { type: 'meeting.close', without } as unknown as Command;
      const r = d.rejects(P.youth, cmd, 'feedback.not_everyone_answered');
      assert.deepEqual(r.params, { names: NOT_ANSWERED, count: 5 });
    }
    assert.equal(d.m.pollClosed, false);
  });

  it('skipping the feedback phase, confirmed, closes the meeting and records the skip with its reason', () => {
    const d = twoAnswered();
    const without = NOT_ANSWERED.map((n) => d.id(n));
    d.do(P.youth, { type: 'phase.skip', reason: 'Aika loppui', without });
    assert.equal(d.m.phase, 'closed');
    assert.equal(d.m.pollClosed, true);
    assert.deepEqual(d.m.skipped, [{ phase: 'feedback', reason: 'Aika loppui' }]);
  });

  it('when everyone who took part has answered, nothing is asked', () => {
    const d = realisticMeeting('feedback');
    d.do(P.youth, { type: 'meeting.close' });
    assert.equal(d.m.phase, 'closed');
  });
});

describe('skipping a phase asks first while someone is unheard in its round', () => {
  /** The why phase, the client speaking. */
  function clientSpeaking() {
    const d = realisticMeeting('roles');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    return d;
  }

  it('unconfirmed, the skip is refused naming who has not been heard; whoever speaks now has been', () => {
    const d = clientSpeaking();
    const r = d.rejects(P.youth, { type: 'phase.skip', reason: 'Aika loppui' }, 'phase.skip_unheard');
    assert.deepEqual(r.params, {
      names: [P.mother, P.grandfather, P.social, P.teacher, P.nurse, P.youth],
    });
    assert.equal(d.m.phase, 'why');
  });

  it('confirmed without those named, the round is dropped and the skip recorded', () => {
    const d = clientSpeaking();
    const without = [P.mother, P.grandfather, P.social, P.teacher, P.nurse, P.youth].map((n) => d.id(n));
    const round = openRound(d.m);
    d.do(P.youth, { type: 'phase.skip', reason: 'Aika loppui', without });
    assert.equal(d.m.phase, 'discussion');
    assert.equal(d.m.rounds.find((x) => x.id === round?.id)?.status, 'abandoned');
    assert.deepEqual(d.m.skipped, [{ phase: 'why', reason: 'Aika loppui' }]);
  });

  it('a confirmation that misses someone unheard is refused, naming them', () => {
    const d = clientSpeaking();
    const without = [P.grandfather, P.social, P.teacher, P.nurse, P.youth].map((n) => d.id(n));
    const r = d.rejects(
      P.youth,
      { type: 'phase.skip', reason: 'Aika loppui', without },
      'phase.skip_unheard',
    );
    assert.deepEqual(r.params, { names: [P.mother] });
  });

  it('with no round going on, or everyone heard, a skip asks nothing', () => {
    const roles = realisticMeeting('roles');
    roles.do(P.youth, { type: 'phase.skip', reason: 'Roolit sovittiin jo' });
    assert.equal(roles.m.phase, 'why');
    const heard = realisticMeeting('why');
    heard.do(P.youth, { type: 'phase.skip', reason: 'Kaikki on kuultu' });
    assert.equal(heard.m.phase, 'discussion');
  });
});
