/**
 * The follow-up meeting: the same people invited at the agreed time, linked to the first; it opens
 * by going through what the first agreed, and its memo says what was kept. And a person may ask
 * for no more reminders about a meeting.
 */
import assert from 'node:assert/strict';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import {
  followUpCommand,
  type Meeting,
  memoContent,
  remindersOf,
  reviewInputOf,
} from '../../src/core/index.js';
import { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

/** The realistic meeting, closed, with what people reported in the weeks after it. */
function firstMeeting(): MeetingDriver {
  const a = realisticMeeting('closed', 'en');
  a.now = '2026-12-02T10:00:00+02:00';
  a.do(P.teacher, { type: 'commitment.status', commitmentId: 'c3', status: 'done' });
  a.do(P.mother, {
    type: 'commitment.status',
    commitmentId: 'c1',
    status: 'needs_help',
    note: 'Mornings are hard',
  });
  return a;
}

/** The follow-up meeting of `a`, called together from it, everyone there. */
function followUp(a: Meeting): MeetingDriver {
  const command = followUpCommand(a);
  assert.ok(command, 'a closed meeting with a follow-up time has a follow-up meeting');
  const b = new MeetingDriver('2027-01-10T09:00:00+02:00');
  b.do(undefined, command);
  b.now = '2027-01-14T14:00:00+02:00';
  for (const p of b.m.participants)
    b.do(P.social, { type: 'attendance.mark', participantId: p.id, status: 'present' });
  return b;
}

describe('the follow-up meeting', () => {
  it('is called at the agreed time and place, with the same people, by the responsible worker, linked to the first', () => {
    const a = firstMeeting().m;
    const b = followUp(a).m;
    assert.equal(b.previousMeetingId, a.id);
    assert.equal(b.invitation.startsAt, '2027-01-14T14:00:00+02:00');
    assert.equal(b.invitation.place, a.invitation.place);
    assert.equal(b.invitation.purpose, a.invitation.purpose);
    const people = (m: Meeting) => m.participants.map((p) => `${p.name} ${p.role} ${p.chatUserId ?? '-'}`);
    assert.deepEqual(people(b).sort(), people(a).sort());
    // The responsible worker owns the follow-up.
    assert.equal(b.participants.find((p) => p.id === b.convenerId)?.name, P.social);
  });

  it('is held where it was agreed, online or at a place, and called by the host agreed for it', () => {
    const d = realisticMeeting('followup', 'en');
    d.do(P.youth, {
      type: 'followup.agree',
      at: '2027-01-14T14:00:00+02:00',
      onlineUrl: 'https://meet.example/verkosto',
      hostId: d.id(P.teacher),
    });
    d.do(P.client, { type: 'followup.confirm' });
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, d.closeAnyway());
    const online = followUpCommand(d.m);
    assert.ok(online);
    // The link agreed, not the first meeting's room; the teacher calls it, not the responsible worker.
    assert.equal(online.invitation.onlineUrl, 'https://meet.example/verkosto');
    assert.equal(online.invitation.place, undefined);
    assert.equal(online.convener.name, P.teacher);
    assert.ok(!online.invitees.some((p) => p.name === P.teacher));

    const at = realisticMeeting('followup', 'en');
    at.do(P.youth, {
      type: 'followup.agree',
      at: '2027-01-14T14:00:00+02:00',
      place: 'Youth centre',
      // Someone without a chat account cannot call a meeting from the chat: the responsible worker calls it.
      hostId: at.id(P.grandfather),
    });
    at.do(P.client, { type: 'followup.confirm' });
    at.do(P.youth, { type: 'phase.next' });
    at.do(P.youth, at.closeAnyway());
    const there = followUpCommand(at.m);
    assert.equal(there?.invitation.place, 'Youth centre');
    assert.equal(there?.convener.name, P.social);
  });

  it('a time to be agreed later makes no meeting: the one who agrees it is reminded on the day', () => {
    const d = realisticMeeting('followup', 'en');
    d.do(P.youth, { type: 'followup.agree', agreeBy: '2026-12-10', agreerId: d.id(P.nurse) });
    d.do(P.client, { type: 'followup.confirm' });
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, d.closeAnyway());
    assert.equal(followUpCommand(d.m), undefined);
    const agree = remindersOf(d.m).filter((r) => r.kind === 'followup.agree_by');
    assert.deepEqual(
      agree.map((r) => ({ to: r.to, at: r.at })),
      [{ to: d.id(P.nurse), at: '2026-12-10T09:00:00+02:00' }],
    );
    assert.ok(!remindersOf(d.m).some((r) => r.kind === 'followup.meeting' || r.kind === 'followup.eve'));
    // For someone without a chat account, the responsible worker is reminded on their behalf.
    const g = realisticMeeting('followup', 'en');
    g.do(P.youth, { type: 'followup.agree', agreeBy: '2026-12-10', agreerId: g.id(P.grandfather) });
    const forHim = remindersOf(g.m).filter((r) => r.kind === 'followup.agree_by');
    assert.deepEqual(
      forHim.map((r) => ({ to: r.to, onBehalfOf: r.onBehalfOf })),
      [{ to: g.id(P.social), onBehalfOf: g.id(P.grandfather) }],
    );
  });

  it('a meeting with no follow-up agreed, or not yet closed, has none', () => {
    assert.equal(followUpCommand(realisticMeeting('feedback').m), undefined);
    const none = realisticMeeting('followup');
    none.do(P.youth, { type: 'followup.agree', noneReason: 'Things are on track' });
    none.do(P.client, { type: 'followup.confirm' });
    none.do(P.youth, { type: 'phase.next' });
    none.do(P.youth, none.closeAnyway());
    assert.equal(followUpCommand(none.m), undefined);
  });

  it('opens by reviewing the open commitments: the meeting cannot move on until each has been gone through', () => {
    const a = firstMeeting().m;
    const b = followUp(a);
    b.do(P.social, { type: 'meeting.start', review: reviewInputOf(a, b.m) });
    assert.deepEqual(
      b.m.review.map(
        (r) => `${r.what} | ${r.ownerName} | ${r.status} | ${r.ownerId === undefined ? '' : 'here'}`,
      ),
      [
        'Aamuherätys ja yhteinen aamupala arkisin | Liisa Laine | needs_help | here',
        'Viikoittainen tapaaminen koulun jälkeen | Jari Nieminen | open | here',
        'Tukiopetus matematiikassa tiistaisin | Pekka Virtanen | done | here',
      ],
    );
    // The owner is the same person in the new meeting.
    assert.equal(b.m.review[0]?.ownerId, b.id(P.mother));
    // Two are still open (the done one needs no review), and they come before anything else.
    const refused = b.rejects(P.social, { type: 'phase.next' }, 'review.unfinished');
    assert.equal(refused.params?.count, 2);
    // Only its owner, or the chair and note-taker, say what became of it.
    b.rejects(
      P.client,
      { type: 'review.record', itemId: 'c1', outcome: 'done' },
      'auth.owner_or_record_keeper_only',
    );
    b.rejects(
      P.mother,
      { type: 'review.record', itemId: 'c1', outcome: 'finished' as 'done' },
      'review.invalid_outcome',
    );
    b.rejects(P.mother, { type: 'review.record', itemId: 'c9', outcome: 'done' }, 'review.unknown');
    b.do(P.mother, {
      type: 'review.record',
      itemId: 'c1',
      outcome: 'continues',
      note: 'Better, not every day',
    });
    b.rejects(
      P.mother,
      { type: 'review.record', itemId: 'c1', outcome: 'continues', note: 'Better, not every day' },
      'review.unchanged',
    );
    b.do(P.social, { type: 'review.record', itemId: 'c2', outcome: 'done' });
    // Reviewed: now only the opening round holds the meeting.
    b.rejects(P.social, { type: 'phase.next' }, 'round.not_everyone_heard');
  });

  it('its memo shows what was kept of what the first agreed', () => {
    const a = firstMeeting().m;
    const b = followUp(a);
    b.do(P.social, { type: 'meeting.start', review: reviewInputOf(a, b.m) });
    b.do(P.mother, {
      type: 'review.record',
      itemId: 'c1',
      outcome: 'continues',
      note: 'Better, not every day',
    });
    b.do(P.social, { type: 'review.record', itemId: 'c2', outcome: 'done' });
    const content = memoContent(b.events);
    assert.equal(content?.kept, 2);
    const memo = buildMemo(b.events, 'en');
    assert.match(memo, /## Since the last meeting\n\nDone of what was agreed last time: 2 of 3\n/);
    assert.match(
      memo,
      /1\. Aamuherätys ja yhteinen aamupala arkisin \(Liisa Laine, by [^)]+\): continues: Better, not every day/,
    );
    assert.match(memo, /2\. Viikoittainen tapaaminen koulun jälkeen \(Jari Nieminen, [^)]+\): done/);
    assert.match(memo, /3\. Tukiopetus matematiikassa tiistaisin \(Pekka Virtanen, [^)]+\): done/);
    // A first meeting's memo has no such section.
    assert.doesNotMatch(buildMemo(realisticMeeting('closed', 'en').events, 'en'), /Since the last meeting/);
  });

  it('someone without a chat account is found by name; one not invited again keeps their name in the review', () => {
    const first = realisticMeeting('summary', 'en');
    first.do(P.nurse, {
      type: 'commitment.add',
      what: 'Fishing trip',
      ownerId: first.id(P.grandfather),
      due: '2026-12-20',
    });
    first.do(P.client, { type: 'commitment.confirm', commitmentId: 'c4' });
    for (const step of ['followup', 'feedback'] as const) {
      first.do(P.youth, { type: 'phase.next' });
      if (step === 'followup') {
        first.do(P.youth, { type: 'responsible.assign', participantId: first.id(P.social) });
        first.do(P.youth, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' });
        first.do(P.client, { type: 'followup.confirm' });
      }
    }
    first.do(P.youth, first.closeAnyway());
    const command = followUpCommand(first.m);
    assert.ok(command);
    const b = new MeetingDriver('2027-01-10T09:00:00+02:00');
    // The teacher is not asked to the follow-up.
    b.do(undefined, { ...command, invitees: command.invitees.filter((p) => p.name !== P.teacher) });
    const review = reviewInputOf(first.m, b.m);
    assert.equal(review.find((r) => r.id === 'c4')?.ownerId, b.id(P.grandfather));
    const teachers = review.find((r) => r.id === 'c3');
    assert.equal(teachers?.ownerId, undefined);
    assert.equal(teachers?.ownerName, P.teacher);
  });

  it('a first meeting has nothing to review, and no review can be slipped into it', () => {
    const d = realisticMeeting('invited', 'en');
    d.now = '2026-11-26T14:00:00+02:00';
    for (const p of d.m.participants)
      d.do(P.social, { type: 'attendance.mark', participantId: p.id, status: 'present' });
    const review = [
      { id: 'x', what: 'Something', ownerName: 'Someone', due: '2026-12-01', status: 'open' as const },
    ];
    d.rejects(P.social, { type: 'meeting.start', review }, 'command.unknown');
    d.do(P.social, { type: 'meeting.start' });
    d.rejects(P.social, { type: 'review.record', itemId: 'x', outcome: 'done' }, 'review.unknown');
  });
});

describe('muting reminders', () => {
  const to = (m: Meeting) =>
    new Set(
      remindersOf(m)
        .filter((r) => r.kind !== 'followup.meeting')
        .map((r) => r.to),
    );

  it('a person who mutes a meeting gets no more reminders about it; others still do; unmuting brings them back', () => {
    const d = realisticMeeting('closed');
    const liisa = d.id(P.mother);
    assert.ok(to(d.m).has(liisa));
    d.do(P.mother, { type: 'reminders.mute', muted: true });
    assert.ok(!to(d.m).has(liisa));
    assert.ok(to(d.m).has(d.id(P.teacher)));
    d.rejects(P.mother, { type: 'reminders.mute', muted: true }, 'reminders.unchanged');
    d.do(P.mother, { type: 'reminders.mute', muted: false });
    assert.ok(to(d.m).has(liisa));
  });

  it('muting the one who calls the follow-up meeting does not stop the follow-up meeting being made', () => {
    const d = realisticMeeting('closed');
    d.do(P.social, { type: 'reminders.mute', muted: true });
    const made = remindersOf(d.m).filter((r) => r.kind === 'followup.meeting');
    assert.deepEqual(
      made.map((r) => `${r.at} ${r.to}`),
      [`${d.m.closedAt} ${d.id(P.social)}`],
    );
  });
});

describe('after the meeting, for someone without a chat account', () => {
  it('the responsible worker, reminded for them, marks their task’s progress on their behalf; nothing else', () => {
    const d = realisticMeeting('summary');
    d.do(P.nurse, {
      type: 'commitment.add',
      what: 'Kalaretki',
      ownerId: d.id(P.grandfather),
      due: '2026-12-20',
    });
    d.do(P.client, { type: 'commitment.confirm', commitmentId: 'c4' });
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.social) });
    d.do(P.youth, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' });
    d.do(P.client, { type: 'followup.confirm' });
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, d.closeAnyway());
    const matti = d.id(P.grandfather);
    // Not another worker, and not for someone who has an account of their own.
    d.rejects(
      P.teacher,
      { type: 'commitment.status', commitmentId: 'c4', status: 'done', onBehalfOf: matti },
      'onbehalf.not_allowed',
    );
    d.rejects(
      P.social,
      { type: 'commitment.status', commitmentId: 'c1', status: 'done', onBehalfOf: d.id(P.mother) },
      'onbehalf.has_account',
    );
    const [done] = d.do(P.social, {
      type: 'commitment.status',
      commitmentId: 'c4',
      status: 'done',
      onBehalfOf: matti,
    });
    assert.equal(done?.by, d.id(P.social));
    assert.equal(done?.onBehalfOf, matti);
    // Only a task's status: the worker writes nothing else down for them.
    d.rejects(P.social, { type: 'reminders.mute', muted: true, onBehalfOf: matti }, 'onbehalf.not_allowed');
  });
});
