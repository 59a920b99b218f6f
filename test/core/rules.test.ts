/** The rules Toivo keeps (DESIGN.md §3): each test fails if its rule is broken. */
import assert from 'node:assert/strict';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import {
  decide,
  feedbackResults,
  isRejection,
  memoRecipients,
  notHeardInRound,
  notSpokenInMeeting,
} from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

describe('rule 1: client first', () => {
  it('a worker cannot be given the floor before the client in the first round', () => {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    const r = d.rejects(
      P.social,
      { type: 'floor.give', participantId: d.id(P.teacher) },
      'turn.client_first',
    );
    assert.equal(r.params?.first, P.client);
  });

  it('close ones speak before workers once the client has spoken', () => {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    d.do(P.social, { type: 'floor.give', participantId: d.id(P.client) });
    d.do(P.client, { type: 'turn.end' });
    d.rejects(P.social, { type: 'floor.give', participantId: d.id(P.nurse) }, 'turn.client_first');
    d.rejects(P.nurse, { type: 'turn.pass' }, 'turn.not_your_turn_yet');
    d.do(P.social, { type: 'floor.give', participantId: d.id(P.grandfather) });
  });

  it('the next speaker is always the client first, then close ones, then workers', () => {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      d.do(P.social, { type: 'floor.next' });
      order.push(d.m.participants.find((p) => p.id === d.m.floor)?.role ?? '');
      d.do(P.social, { type: 'turn.end' });
    }
    assert.deepEqual(order, ['client', 'close', 'close', 'worker', 'worker', 'worker', 'worker']);
  });

  it('a round started while a worker holds the floor opens with the client, not with that worker', () => {
    const d = realisticMeeting('discussion');
    d.do(P.youth, { type: 'round.close' });
    // Between rounds anyone may be given the floor; the chair then starts another round.
    d.do(P.youth, { type: 'floor.give', participantId: d.id(P.teacher) });
    d.do(P.youth, { type: 'round.start' });
    assert.equal(d.m.floor, undefined, 'the teacher finished before the round began');
    assert.deepEqual(d.m.rounds.at(-1)?.turns, []);
    d.do(P.youth, { type: 'floor.next' });
    assert.equal(d.m.floor, d.id(P.client));
  });

  it('a client who passes is recorded as having passed, not skipped silently', () => {
    const d = realisticMeeting('roles');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.client, { type: 'turn.pass' });
    const round = d.m.rounds.at(-1);
    assert.deepEqual(round?.turns, [{ participantId: d.id(P.client), kind: 'passed' }]);
    assert.ok(!notHeardInRound(d.m).some((p) => p.name === P.client));
    assert.ok(
      notSpokenInMeeting(d.m).every((p) => p.name !== P.client),
      'she spoke in the opening',
    );
  });
});

describe('rule 1 and 2 in the discussion: a raised hand in between', () => {
  /** The discussion's round just opened; the teacher (a worker) has raised a hand. */
  function teacherAsks() {
    const d = realisticMeeting('why');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.teacher, { type: 'floor.request' });
    return d;
  }

  it('before the client has spoken in the round, a raised hand waits, and the chair is told why', () => {
    const d = teacherAsks();
    const r = d.rejects(
      P.youth,
      { type: 'floor.give', participantId: d.id(P.teacher) },
      'turn.hand_after_client',
    );
    assert.deepEqual(r.params, { name: P.teacher, client: P.client });
    assert.equal(d.m.floor, undefined);
  });

  it('once the client has spoken, the chair gives the hand the floor in between; the round resumes in its order', () => {
    const d = teacherAsks();
    d.do(P.youth, { type: 'floor.next' });
    // The client finishes as the teacher is given the floor.
    const events = d.do(P.youth, { type: 'floor.give', participantId: d.id(P.teacher) });
    assert.deepEqual(
      events.map((e) => [e.type, 'participantId' in e ? e.participantId : '']),
      [
        ['turn.ended', d.id(P.client)],
        ['floor.given', d.id(P.teacher)],
      ],
    );
    assert.deepEqual(d.m.hands, [], 'the hand came down');
    d.do(P.teacher, { type: 'turn.end' });
    assert.ok(d.m.spoken.includes(d.id(P.teacher)), 'the teacher has spoken in the meeting');
    // Not his turn in the round: he is still to be heard in it, after the close ones.
    assert.deepEqual(
      notHeardInRound(d.m).map((p) => p.name),
      [P.mother, P.grandfather, P.social, P.teacher, P.nurse, P.youth],
    );
    d.do(P.youth, { type: 'floor.next' });
    assert.equal(d.m.floor, d.id(P.mother), 'the round goes on with the close ones');
    d.do(P.mother, { type: 'turn.end' });
    const r = d.rejects(P.youth, { type: 'round.close' }, 'round.not_everyone_heard');
    assert.deepEqual(r.params?.names, [P.grandfather, P.social, P.teacher, P.nurse, P.youth]);
  });

  it('someone already heard in the round may reply again, and it takes nothing from the round', () => {
    const d = teacherAsks();
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    d.do(P.client, { type: 'floor.request' });
    d.do(P.youth, { type: 'floor.give', participantId: d.id(P.client) });
    d.do(P.client, { type: 'turn.end' });
    assert.deepEqual(d.m.rounds.at(-1)?.turns, [{ participantId: d.id(P.client), kind: 'spoke' }]);
  });

  it('a reply in between still going when the round may close ends first, as a turn spoken', () => {
    const d = realisticMeeting('why');
    d.do(P.youth, { type: 'phase.next' });
    for (const name of [P.client, P.mother, P.grandfather, P.social, P.nurse, P.youth]) {
      d.do(P.youth, { type: 'floor.give', participantId: d.id(name) });
      d.do(P.youth, { type: 'turn.end' });
    }
    // The client replies in between; meanwhile the teacher, the last one unheard, has to leave.
    d.do(P.client, { type: 'floor.request' });
    d.do(P.youth, { type: 'floor.give', participantId: d.id(P.client) });
    d.do(P.teacher, { type: 'participant.leave', participantId: d.id(P.teacher) });
    const events = d.do(P.youth, { type: 'round.close' });
    assert.deepEqual(
      events.map((e) => e.type),
      ['turn.ended', 'round.closed'],
    );
    assert.equal(d.m.floor, undefined);
  });

  it('only a raised hand, and only in the discussion: anyone else waits for their turn', () => {
    const d = teacherAsks();
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    d.rejects(P.youth, { type: 'floor.give', participantId: d.id(P.nurse) }, 'turn.client_first');
    // In the why phase a hand waits for its turn as before.
    const why = realisticMeeting('roles');
    why.do(P.youth, { type: 'phase.next' });
    why.do(P.youth, { type: 'floor.next' });
    why.do(P.client, { type: 'turn.end' });
    why.do(P.teacher, { type: 'floor.request' });
    why.rejects(P.youth, { type: 'floor.give', participantId: why.id(P.teacher) }, 'turn.client_first');
  });
});

describe('rule 2: every voice heard', () => {
  it('a round cannot close while someone present has neither spoken nor passed, and says who', () => {
    const d = realisticMeeting('roles');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    const r = d.rejects(P.youth, { type: 'round.close' }, 'round.not_everyone_heard');
    assert.match(String(r.params?.names), new RegExp(`${P.mother}.*${P.youth}`));
    d.rejects(P.youth, { type: 'phase.next' }, 'round.not_everyone_heard');
  });

  it('the chair sees who has not spoken in the round and in the whole meeting', () => {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    d.do(P.social, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.pass' });
    assert.equal(notHeardInRound(d.m).length, 6);
    assert.equal(notSpokenInMeeting(d.m).length, 7, 'a pass is not speaking');
  });

  it('someone who leaves early no longer holds the round up, and their commitments stay', () => {
    const d = realisticMeeting('summary');
    d.do(P.youth, { type: 'participant.leave', participantId: d.id(P.teacher) });
    assert.equal(d.m.participants.find((p) => p.name === P.teacher)?.attendance, 'left');
    assert.equal(d.m.commitments.filter((c) => c.ownerId === d.id(P.teacher)).length, 1);
  });
});

describe('rule 2 for latecomers: whoever comes in mid-round is asked in that round', () => {
  /** The opening, the grandfather left unticked at the start (he could not reply to the invitation). */
  function withoutGrandfather() {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      if (name !== P.grandfather)
        d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    return d;
  }

  it('an invitee the chair marks present mid-round is waited for in it, the client still first', () => {
    const d = withoutGrandfather();
    d.do(P.social, { type: 'attendance.mark', participantId: d.id(P.grandfather), status: 'present' });
    assert.deepEqual(
      notHeardInRound(d.m).map((p) => p.name),
      [P.client, P.mother, P.grandfather, P.social, P.teacher, P.nurse, P.youth],
    );
    d.rejects(P.social, { type: 'floor.give', participantId: d.id(P.grandfather) }, 'turn.client_first');
    d.do(P.social, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    d.do(P.social, { type: 'floor.next' });
    d.do(P.mother, { type: 'turn.end' });
    // Before any worker: the grandfather, who came in after the round began.
    d.rejects(P.social, { type: 'floor.give', participantId: d.id(P.teacher) }, 'turn.client_first');
    d.do(P.social, { type: 'floor.next' });
    assert.equal(d.m.floor, d.id(P.grandfather));
  });

  it('someone who arrives once every invitee has been heard holds the round open until heard', () => {
    const d = withoutGrandfather();
    for (let i = 0; i < 6; i++) {
      d.do(P.social, { type: 'floor.next' });
      d.do(P.social, { type: 'turn.end' });
    }
    assert.deepEqual(notHeardInRound(d.m), []);
    d.do(P.social, { type: 'participant.join', person: { name: 'Eeva Salo', role: 'close' } });
    const r = d.rejects(P.social, { type: 'phase.next' }, 'round.not_everyone_heard');
    assert.deepEqual(r.params?.names, ['Eeva Salo']);
    d.do(P.social, { type: 'floor.next' });
    assert.equal(d.m.floor, d.id('Eeva Salo'), 'she is asked in the round');
    d.do(P.social, { type: 'turn.end' });
    d.do(P.social, { type: 'phase.next' });
  });
});

describe('rule 3: check with the client', () => {
  it('the summary cannot close until each commitment is confirmed with the client', () => {
    const d = realisticMeeting('discussion');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.nurse, {
      type: 'commitment.add',
      what: 'Soittaa äidille',
      ownerId: d.id(P.social),
      due: '2026-11-30',
    });
    const r = d.rejects(P.youth, { type: 'phase.next' }, 'summary.unconfirmed');
    assert.equal(r.params?.count, 1);
    d.rejects(P.youth, { type: 'phase.skip', reason: 'Aika loppui' }, 'phase.not_skippable');
    d.do(P.client, { type: 'commitment.confirm', commitmentId: 'c1' });
    d.do(P.youth, { type: 'phase.next' });
  });

  it('changing a confirmed commitment means asking the client again', () => {
    const d = realisticMeeting('summary');
    d.do(P.nurse, { type: 'commitment.edit', commitmentId: 'c3', due: '2026-12-08' });
    assert.equal(d.m.commitments.find((c) => c.id === 'c3')?.confirmation, undefined);
    d.rejects(P.youth, { type: 'phase.next' }, 'summary.unconfirmed');
  });
});

describe('rule 4: commitments are concrete', () => {
  it('a commitment needs what, an owner among the participants and a due date not in the past', () => {
    const d = realisticMeeting('discussion');
    d.do(P.youth, { type: 'phase.next' });
    const base = {
      type: 'commitment.add',
      what: 'Varaa aika',
      ownerId: d.id(P.nurse),
      due: '2026-12-01',
    } as const;
    d.rejects(P.nurse, { ...base, what: '  ' }, 'input.empty');
    d.rejects(P.nurse, { ...base, ownerId: 'p99' }, 'participant.unknown');
    d.rejects(P.nurse, { ...base, due: '2026-11-25' }, 'input.date_in_past');
    d.rejects(P.nurse, { ...base, due: '2026-02-30' }, 'input.invalid_date');
    d.rejects(P.nurse, { ...base, withWhom: { participantIds: ['p42'] } }, 'participant.unknown');
    d.do(P.nurse, base);
    const c = d.m.commitments[0];
    assert.deepEqual(
      [c?.what, c?.ownerId, c?.due, c?.status],
      ['Varaa aika', d.id(P.nurse), '2026-12-01', 'open'],
    );
  });
});

describe('rule 5: one responsible worker and a follow-up', () => {
  it('the responsible worker is a worker who is present', () => {
    const d = realisticMeeting('summary');
    d.do(P.youth, { type: 'phase.next' });
    d.rejects(
      P.youth,
      { type: 'responsible.assign', participantId: d.id(P.mother) },
      'responsible.not_worker',
    );
    d.do(P.youth, { type: 'participant.leave', participantId: d.id(P.teacher) });
    d.rejects(
      P.youth,
      { type: 'responsible.assign', participantId: d.id(P.teacher) },
      'participant.not_present',
    );
  });

  it('feedback cannot open before a responsible worker and a follow-up (or a reason for none) are agreed', () => {
    const d = realisticMeeting('summary');
    d.do(P.youth, { type: 'phase.next' });
    d.rejects(P.youth, { type: 'phase.next' }, 'followup.no_responsible');
    d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.nurse) });
    d.rejects(P.youth, { type: 'phase.next' }, 'followup.no_followup');
    d.rejects(P.youth, { type: 'phase.skip', reason: 'kiire' }, 'phase.not_skippable');
    d.rejects(P.youth, { type: 'followup.agree' }, 'followup.date_or_reason');
    d.rejects(P.youth, { type: 'followup.agree', at: '2026-11-20T10:00:00+02:00' }, 'input.time_in_past');
    d.do(P.youth, { type: 'followup.agree', noneReason: 'Tilanne arvioidaan puhelimitse' });
    d.do(P.client, { type: 'followup.confirm' });
    d.do(P.youth, { type: 'phase.next' });
    assert.equal(d.m.phase, 'feedback');
  });

  it('the client confirms the responsible worker and the follow-up before feedback opens; a change to either asks again', () => {
    const d = realisticMeeting('summary');
    d.do(P.youth, { type: 'phase.next' });
    d.rejects(P.client, { type: 'followup.confirm' }, 'followup.nothing_to_confirm');
    d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.nurse) });
    d.do(P.youth, {
      type: 'followup.agree',
      at: '2027-01-14T14:00:00+02:00',
      place: 'Koulun neuvotteluhuone',
      hostId: d.id(P.teacher),
    });
    d.rejects(P.youth, { type: 'phase.next' }, 'followup.unconfirmed');
    // Someone else than the client, or the record keeper, cannot say it suits the client.
    d.rejects(P.mother, { type: 'followup.confirm' }, 'auth.client_or_record_keeper_only');
    d.do(P.client, { type: 'followup.confirm', clientComment: 'Iltapäivä sopii.' });
    assert.deepEqual(d.m.followUpConfirmation, { at: d.now, clientComment: 'Iltapäivä sopii.' });
    // Another responsible worker: the client is asked again.
    d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.social) });
    assert.equal(d.m.followUpConfirmation, undefined);
    d.rejects(P.youth, { type: 'phase.next' }, 'followup.unconfirmed');
    d.do(P.client, { type: 'followup.confirm' });
    // Another follow-up: asked again, here recorded by the chair as the client says it.
    d.do(P.youth, { type: 'followup.agree', agreeBy: '2026-12-10', agreerId: d.id(P.social) });
    assert.equal(d.m.followUpConfirmation, undefined);
    d.rejects(P.youth, { type: 'phase.next' }, 'followup.unconfirmed');
    d.do(P.youth, { type: 'followup.confirm' });
    d.do(P.youth, { type: 'phase.next' });
    assert.equal(d.m.phase, 'feedback');
    assert.deepEqual(d.m.followUp, { agreeBy: '2026-12-10', agreerId: d.id(P.social) });
  });
});

describe('rule 6: feedback is anonymous', () => {
  /** The feedback phase with the client and her mother answered, the client with a comment. */
  function twoAnswered() {
    const d = realisticMeeting('followup');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.client, { type: 'feedback.answer', hopeful: 2, trusting: 3, clearer: 4, comment: 'Jännitti' });
    d.do(P.mother, { type: 'feedback.answer', hopeful: 5, trusting: 5, clearer: 5 });
    return d;
  }

  it('while the poll is open only who answered is told, never what, however many answered', () => {
    const d = twoAnswered();
    const two = feedbackResults(d.m);
    assert.equal(two.status, 'open');
    assert.deepEqual(two.answeredBy, [d.id(P.client), d.id(P.mother)]);
    assert.equal(two.count, 2);
    assert.equal(two.statements, undefined);
    assert.equal(two.comments, undefined);
    d.do(P.teacher, { type: 'feedback.answer', hopeful: 3, trusting: 4, clearer: 3 });
    const three = feedbackResults(d.m);
    assert.deepEqual(
      [three.status, three.count, three.statements, three.comments],
      ['open', 3, undefined, undefined],
    );
    const all = feedbackResults(realisticMeeting('feedback').m);
    assert.deepEqual(
      [all.status, all.count, all.onBehalf, all.statements, all.comments],
      ['open', 7, 1, undefined, undefined],
      'all seven, one through the nurse: still nothing but who',
    );
  });

  it('once the poll has closed with at least three answers, the aggregates only', () => {
    const d = twoAnswered();
    d.do(P.teacher, { type: 'feedback.answer', hopeful: 3, trusting: 4, clearer: 3, comment: 'Aika loppui' });
    d.do(P.youth, d.closeAnyway());
    const shown = feedbackResults(d.m);
    assert.equal(shown.status, 'shown');
    assert.equal(shown.statements?.hopeful.average, 3.3);
    assert.deepEqual(shown.statements?.hopeful.distribution, [0, 1, 1, 0, 1]);
    assert.deepEqual(
      shown.comments,
      ['Aika loppui', 'Jännitti'],
      'in alphabetical order, not in who or when',
    );
    assert.ok(!JSON.stringify(shown).includes('"participantId"'));
    // The poll counts as closed when either the poll or the meeting says so.
    const open = realisticMeeting('feedback').m;
    assert.equal(feedbackResults({ ...open, pollClosed: true }).status, 'shown');
    assert.equal(feedbackResults({ ...open, phase: 'closed' }).status, 'shown');
  });

  it('closed with one or two answers, the results are never shown: too few answered', () => {
    const two = twoAnswered();
    two.do(P.youth, two.closeAnyway());
    const one = realisticMeeting('followup');
    one.do(P.youth, { type: 'phase.next' });
    one.do(P.client, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4, comment: 'Jännitti' });
    one.do(P.youth, one.closeAnyway());
    for (const [d, count] of [
      [one, 1],
      [two, 2],
    ] as const) {
      const r = feedbackResults(d.m);
      assert.deepEqual(
        [r.status, r.count, r.statements, r.comments],
        ['too_few', count, undefined, undefined],
      );
    }
    const none = realisticMeeting('followup');
    none.do(P.youth, { type: 'phase.next' });
    none.do(P.youth, none.closeAnyway());
    assert.equal(feedbackResults(none.m).status, 'none');
  });

  it('the results once shown are final: no answer is taken after the poll closes, not even on someone’s behalf', () => {
    const d = realisticMeeting('closed');
    const answer = { type: 'feedback.answer', hopeful: 1, trusting: 1, clearer: 1 } as const;
    d.rejects(P.client, answer, 'meeting.closed');
    d.rejects(P.nurse, { ...answer, onBehalfOf: d.id(P.grandfather) }, 'meeting.closed');
    // A poll closed in a meeting still in its feedback phase takes none either.
    const open = realisticMeeting('feedback');
    const closed = { ...open.m, pollClosed: true };
    for (const [actor, command] of [
      [open.id(P.client), answer],
      [open.id(P.nurse), { ...answer, onBehalfOf: open.id(P.grandfather) }],
    ] as const) {
      const r = decide(closed, command, { now: open.now, actor });
      assert.ok(isRejection(r) && r.code === 'feedback.closed', JSON.stringify(r));
    }
  });

  it('the memo shows no one’s answer', () => {
    const d = realisticMeeting('closed', 'en');
    const memo = buildMemo(d.events);
    for (const p of d.m.participants) {
      const line = memo.split('\n').find((l) => l.includes(p.name) && /[1-5] \/ 5/.test(l));
      assert.equal(line, undefined, `${p.name} appears beside a score`);
    }
  });
});

describe('rule 7: the memo goes to the invitees only', () => {
  it('recipients are the meeting’s own people; those without a chat account get it by hand', () => {
    const d = realisticMeeting('closed');
    const { chat, byHand } = memoRecipients(d.m);
    assert.deepEqual(
      chat.map((p) => p.name).sort(),
      Object.values(P)
        .filter((n) => n !== P.grandfather)
        .sort(),
    );
    assert.deepEqual(
      byHand.map((p) => p.name),
      [P.grandfather],
    );
  });
});

describe('rule 8: only the chair moves the meeting; anyone may ask for the floor', () => {
  it('the convener acts as chair until a chair is chosen, then only the chair moves phases', () => {
    const d = realisticMeeting('opening');
    d.rejects(P.teacher, { type: 'phase.next' }, 'auth.chair_only');
    d.do(P.social, { type: 'phase.next' });
    d.do(P.social, { type: 'chair.assign', participantId: d.id(P.youth) });
    d.rejects(P.social, { type: 'notetaker.assign', participantId: d.id(P.nurse) }, 'auth.chair_only');
    d.do(P.youth, { type: 'notetaker.assign', participantId: d.id(P.nurse) });
    d.rejects(P.social, { type: 'phase.next' }, 'auth.chair_only');
    d.rejects(P.nurse, { type: 'phase.skip', reason: 'Lyhyt kokous' }, 'auth.chair_only');
    d.do(P.youth, { type: 'phase.next' });
  });

  it('anyone present may ask for the floor, and the chair gives it', () => {
    const d = realisticMeeting('why');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.teacher, { type: 'floor.request' });
    d.do(P.nurse, { type: 'floor.request', onBehalfOf: d.id(P.grandfather) });
    assert.deepEqual(d.m.hands, [d.id(P.teacher), d.id(P.grandfather)]);
    d.rejects(P.teacher, { type: 'floor.give', participantId: d.id(P.teacher) }, 'auth.chair_only');
  });
});
