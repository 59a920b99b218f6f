/**
 * The edges of the rules, found by mutation testing (docs/mutation-testing.md): what is accepted
 * exactly at a limit and refused just past it, what a refusal tells the person (whose name, which
 * field, which limit), and steps that must go through which a stricter core would refuse. Each
 * test here failed against at least one mutant of src/core that the rest of the suite let live.
 */
import assert from 'node:assert/strict';
import {
  type Command,
  type Commitment,
  decide,
  feedbackResults,
  isRejection,
  LIMITS,
  type PersonInput,
  type Rejection,
  type ReviewInput,
} from '../../src/core/index.js';
import { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, type Stage } from '../support/realistic-meeting.js';

type Driver = MeetingDriver;

/** A person by name, an id as it is, or nobody. */
const who = (d: Driver, by: string | undefined): string | undefined =>
  by === undefined ? undefined : (Object.values(P) as string[]).includes(by) ? d.id(by) : by;

function refused(
  d: Driver,
  by: string | undefined,
  cmd: Command,
  code: string,
  params?: Record<string, unknown>,
): Rejection {
  const before = d.meeting;
  const r = d.try(who(d, by), cmd);
  assert.ok(isRejection(r), `${cmd.type} by ${by} was accepted, expected ${code}`);
  assert.equal(r.code, code, JSON.stringify(r));
  assert.equal(d.meeting, before);
  for (const [k, v] of Object.entries(params ?? {})) assert.deepEqual(r.params?.[k], v, `${code}: ${k}`);
  return r;
}

function accepted(d: Driver, by: string | undefined, cmd: Command): void {
  const r = d.try(who(d, by), cmd);
  assert.ok(!isRejection(r), `${cmd.type} by ${by} was refused: ${JSON.stringify(r)}`);
}

const long = (n: number) => 'x'.repeat(n);
const GF = P.grandfather; // the one invitee without a chat account

/** The realistic meeting at a stage, its summary reached with the commitments agreed. */
const at = (stage: Stage) => realisticMeeting(stage);

/** A follow-up meeting, everyone there, about to start (no chair yet: Sanna, its convener, chairs). */
function followUpMeeting(): Driver {
  const d = new MeetingDriver('2027-01-14T13:00:00+02:00');
  d.do(undefined, {
    type: 'meeting.create',
    invitation: {
      purpose: 'Seuranta',
      topics: ['Koulu'],
      startsAt: '2027-01-14T14:00:00+02:00',
      durationMinutes: 60,
      place: 'Koulu',
      locale: 'fi',
    },
    convener: { name: P.social, role: 'worker', chatUserId: 'U-SANNA' },
    invitees: [
      { name: P.client, role: 'client', chatUserId: 'U-AINO' },
      { name: P.grandfather, role: 'close' },
      { name: P.teacher, role: 'worker', chatUserId: 'U-PEKKA' },
    ],
    previousMeetingId: 'm0',
  });
  for (const p of d.m.participants)
    d.do(P.social, { type: 'attendance.mark', participantId: p.id, status: 'present' });
  return d;
}

/** The follow-up meeting started with this review. */
function reviewing(review: (d: Driver) => readonly ReviewInput[]): Driver {
  const d = followUpMeeting();
  d.do(P.social, { type: 'meeting.start', review: review(d) });
  return d;
}

const item = (id: string, extra: Partial<ReviewInput> = {}): ReviewInput => ({
  id,
  what: 'Tukiopetus',
  ownerName: P.teacher,
  due: '2026-12-01',
  status: 'open',
  ...extra,
});

describe('edges: acting for someone without a chat account', () => {
  it('each of one’s own steps may be taken on one’s behalf by the note-taker', () => {
    const d = at('why');
    const gf = d.id(GF);
    accepted(d, P.nurse, { type: 'attendance.mark', participantId: gf, status: 'absent', onBehalfOf: gf });
    accepted(d, P.nurse, { type: 'attendance.mark', participantId: gf, status: 'present', onBehalfOf: gf });
    accepted(d, P.nurse, { type: 'floor.request', onBehalfOf: gf });
    accepted(d, P.nurse, { type: 'floor.withdraw', onBehalfOf: gf });
    assert.deepEqual(d.m.hands, []);
    const s = at('summary');
    const g = s.id(GF);
    accepted(s, P.nurse, { type: 'commitment.add', what: 'Hakee Ainon', ownerId: g, due: '2026-12-02' });
    accepted(s, P.nurse, { type: 'commitment.edit', commitmentId: 'c4', due: '2026-12-03', onBehalfOf: g });
    accepted(s, P.nurse, { type: 'commitment.confirm', commitmentId: 'c4', onBehalfOf: g });
    const r = reviewing((f) => [item('c1', { ownerId: f.id(GF), ownerName: GF })]);
    accepted(r, P.social, { type: 'review.record', itemId: 'c1', outcome: 'done', onBehalfOf: r.id(GF) });
  });

  it('the responsible worker acts for someone only on a commitment’s progress, not in the feedback', () => {
    const d = at('followup');
    d.do(P.youth, { type: 'phase.next' });
    const gf = d.id(GF);
    refused(
      d,
      P.social,
      { type: 'feedback.answer', hopeful: 3, trusting: 3, clearer: 3, onBehalfOf: gf },
      'onbehalf.not_allowed',
    );
  });

  it('someone who answered on their behalf and then got their own account may give the same answer as their own', () => {
    const d = at('feedback');
    const gf = d.id(GF);
    d.do(undefined, { type: 'account.claim', participantId: gf, chatUserId: 'U-MATTI' });
    d.do(P.youth, { type: 'account.confirm', participantId: gf, chatUserId: 'U-MATTI' });
    accepted(d, GF, { type: 'feedback.answer', hopeful: 3, trusting: 5, clearer: 4 });
    assert.equal(d.m.feedback[gf]?.onBehalf, false, 'now his own answer');
  });
});

describe('edges: attendance, roles and joining', () => {
  it('marking someone as they already are is refused, naming them', () => {
    const d = at('why');
    refused(
      d,
      P.nurse,
      { type: 'attendance.mark', participantId: d.id(P.teacher), status: 'present' },
      'attendance.unchanged',
      { name: P.teacher },
    );
  });

  it('the convener marks attendance also after handing the chair over', () => {
    const d = at('why');
    accepted(d, P.social, { type: 'attendance.mark', participantId: d.id(P.teacher), status: 'absent' });
  });

  it('before the meeting the convener may be marked away and back: there is nothing to hand over yet', () => {
    const d = at('invited');
    const me = d.id(P.social);
    accepted(d, P.social, { type: 'attendance.mark', participantId: me, status: 'absent' });
    accepted(d, P.social, { type: 'attendance.mark', participantId: me, status: 'present' });
    d.do(P.social, { type: 'attendance.mark', participantId: d.id(P.client), status: 'present' });
    refused(d, P.client, { type: 'participant.leave', participantId: d.id(P.client) }, 'phase.wrong');
  });

  it('the meeting does not start without its convener', () => {
    const d = at('invited');
    d.do(P.social, { type: 'attendance.mark', participantId: d.id(P.client), status: 'present' });
    refused(d, P.social, { type: 'meeting.start' }, 'start.convener_not_present');
  });

  it('giving a role to whoever has it already is refused, naming them', () => {
    const d = at('roles');
    refused(d, P.youth, { type: 'chair.assign', participantId: d.id(P.youth) }, 'roles.already_chair', {
      name: P.youth,
    });
    refused(
      d,
      P.youth,
      { type: 'notetaker.assign', participantId: d.id(P.nurse) },
      'roles.already_notetaker',
      { name: P.nurse },
    );
  });

  it('joining without saying who one is is refused, not a crash; joining as an id nobody has is for participants only', () => {
    const d = at('why');
    refused(d, undefined, { type: 'participant.join' } as Command, 'auth.not_participant');
    refused(
      d,
      'p99',
      { type: 'participant.join', person: { name: 'Eeva Salo', role: 'close', chatUserId: 'U-EEVA' } },
      'auth.not_participant',
    );
  });

  it('a person keeps their organisation; their relation and chat account are checked', () => {
    const d = at('invited');
    accepted(d, P.social, {
      type: 'invitee.add',
      person: { name: 'Eeva Salo', role: 'worker', organisation: 'Neuvola', chatUserId: long(200) },
    });
    assert.equal(d.m.participants.at(-1)?.organisation, 'Neuvola');
    const add = (person: Partial<PersonInput>): Command =>
      ({ type: 'invitee.add', person: { name: 'Otso Aalto', role: 'close', ...person } }) as Command;
    refused(d, P.social, add({ relation: long(LIMITS.relation + 1) }), 'input.too_long', {
      field: 'relation',
    });
    refused(d, P.social, add({ chatUserId: long(201) }), 'input.too_long', { field: 'chatUserId' });
    refused(d, P.social, { type: 'invitee.add' } as Command, 'input.empty', { field: 'person' });
    refused(d, P.social, { type: 'invitee.add', person: 'Otso Aalto' } as unknown as Command, 'input.empty', {
      field: 'person',
    });
  });

  it('a meeting holds 100 people at most', () => {
    const d = at('invited');
    const crowd = Array.from({ length: 100 - d.m.participants.length - 1 }, (_, i) => ({
      ...d.m.participants[1],
      id: `x${i}`,
      name: `Henkilö ${i}`,
      role: 'worker' as const,
      chatUserId: `U-X${i}`,
    }));
    d.meeting = { ...d.m, participants: [...d.m.participants, ...crowd] } as typeof d.meeting;
    accepted(d, P.social, {
      type: 'invitee.add',
      person: { name: 'Yhdeksänkymmentäyhdeksäs', role: 'close' },
    });
    refused(
      d,
      P.social,
      { type: 'invitee.add', person: { name: 'Sadasensimmäinen', role: 'close' } },
      'participant.too_many',
      {
        max: 100,
      },
    );
  });
});

describe('edges: the invitation', () => {
  const base = () => ({
    type: 'meeting.create' as const,
    invitation: {
      purpose: 'Arki',
      topics: ['Koulu'],
      startsAt: '2026-11-23T09:00:00+02:00',
      durationMinutes: 60,
      place: 'Koulu',
      locale: 'fi' as const,
    },
    convener: { name: P.social, role: 'worker' as const, chatUserId: 'U-SANNA' },
    invitees: [{ name: P.client, role: 'client' as const }] as PersonInput[],
  });
  const create = (change: Record<string, unknown>, ctx: { meetingId?: string } = { meetingId: 'm1' }) =>
    decide(undefined, { ...base(), ...change } as Command, { now: '2026-11-23T09:00:00+02:00', ...ctx });
  const code = (r: ReturnType<typeof decide>) => (isRejection(r) ? r : undefined);
  const startsAt = (minutes: number) =>
    new Date(Date.parse('2026-11-23T09:00:00+02:00') + minutes * 60_000).toISOString();

  it('a meeting may be set up for a start up to an hour ago, or any time ahead', () => {
    for (const m of [-60, -59, -1, 0, 30, 24 * 60])
      assert.equal(
        code(create({ invitation: { ...base().invitation, startsAt: startsAt(m) } })),
        undefined,
        `${m} min`,
      );
    assert.equal(
      code(create({ invitation: { ...base().invitation, startsAt: startsAt(-61) } }))?.code,
      'input.time_in_past',
    );
  });

  it('limits are inclusive: 12 topics, 15 and 480 minutes, 99 invitees, a 100-character previous meeting', () => {
    const inv = base().invitation;
    const ok = (change: Record<string, unknown>) =>
      assert.equal(code(create(change)), undefined, JSON.stringify(change).slice(0, 80));
    ok({ invitation: { ...inv, topics: Array.from({ length: 12 }, (_, i) => `Aihe ${i}`) } });
    ok({ invitation: { ...inv, durationMinutes: 15 } });
    ok({ invitation: { ...inv, durationMinutes: 480 } });
    const many = (n: number) => [
      { name: P.client, role: 'client' },
      ...Array.from({ length: n - 1 }, (_, i) => ({ name: `Työntekijä ${i}`, role: 'worker' })),
    ];
    ok({ invitees: many(99) });
    assert.deepEqual(code(create({ invitees: many(100) })), {
      rejected: true,
      code: 'participant.too_many',
      params: { max: 100 },
    });
    ok({ previousMeetingId: long(100) });
    for (const previousMeetingId of ['', long(101), 5])
      assert.equal(code(create({ previousMeetingId }))?.code, 'meeting.not_found', String(previousMeetingId));
  });

  it('what is missing is named: the meeting id, the invitation, the invitees; an over-long place', () => {
    assert.deepEqual(code(create({}, {})), {
      rejected: true,
      code: 'input.empty',
      params: { field: 'meetingId' },
    });
    for (const invitation of [undefined, 'Koulu'])
      assert.deepEqual(code(create({ invitation })), {
        rejected: true,
        code: 'input.empty',
        params: { field: 'invitation' },
      });
    assert.deepEqual(code(create({ invitees: 'Aino' })), {
      rejected: true,
      code: 'input.empty',
      params: { field: 'invitees' },
    });
    assert.deepEqual(code(create({ invitation: { ...base().invitation, place: long(201) } }))?.params, {
      field: 'place',
      max: LIMITS.place,
    });
  });

  it('links: http and https, whole; an over-long one is told as too long', () => {
    const url = (onlineUrl: string) => code(create({ invitation: { ...base().invitation, onlineUrl } }));
    assert.equal(url('http://koulu.example/kokous'), undefined);
    for (const bad of ['katso https://koulu.example', 'https://koulu.example/a b'])
      assert.equal(url(bad)?.code, 'input.invalid_url', bad);
    assert.deepEqual(url(`https://${long(LIMITS.url)}`)?.params, { field: 'onlineUrl', max: LIMITS.url });
  });

  it('the invitation can still be changed once its start time has passed, without moving the start', () => {
    const d = at('invited');
    d.now = '2026-11-26T16:00:00+02:00';
    accepted(d, P.social, { type: 'invitation.update', changes: { place: 'Nuorisotalo' } });
    // The form sends every field back, the start as it was: that does not move the start either.
    accepted(d, P.social, { type: 'invitation.update', changes: { ...d.m.invitation, place: 'Kirjasto' } });
  });

  it('a time zone is one name: a list holding one is refused', () => {
    const timeZone = ['Europe/Helsinki'];
    assert.equal(
      code(create({ invitation: { ...base().invitation, timeZone } }))?.code,
      'input.invalid_time_zone',
    );
  });
});

describe('edges: rounds and the floor', () => {
  it('hands are raised and the floor given in the roles, the summary and the follow-up too', () => {
    for (const [stage, chair] of [
      ['opening', P.social],
      ['discussion', P.youth],
      ['summary', P.youth],
    ] as const) {
      const d = at(stage);
      d.do(chair, { type: 'phase.next' });
      accepted(d, P.teacher, { type: 'floor.request' });
      accepted(d, chair, { type: 'floor.give', participantId: d.id(P.teacher) });
    }
  });

  it('refusals about the floor name the person', () => {
    const d = at('discussion');
    d.do(P.youth, { type: 'round.close' });
    d.do(P.youth, { type: 'attendance.mark', participantId: d.id(P.teacher), status: 'absent' });
    refused(d, P.youth, { type: 'floor.give', participantId: d.id(P.teacher) }, 'participant.not_present', {
      name: P.teacher,
    });
    d.do(P.youth, { type: 'floor.give', participantId: d.id(P.mother) });
    refused(d, P.youth, { type: 'floor.give', participantId: d.id(P.mother) }, 'floor.already_has', {
      name: P.mother,
    });
    const w = at('why');
    w.do(P.youth, { type: 'phase.next' });
    w.do(P.client, { type: 'turn.pass' });
    refused(w, P.client, { type: 'turn.pass' }, 'turn.already_heard', { name: P.client });
    refused(w, P.youth, { type: 'floor.give', participantId: w.id(P.client) }, 'turn.already_heard', {
      name: P.client,
    });
    w.do(P.youth, { type: 'attendance.mark', participantId: w.id(P.teacher), status: 'absent' });
    refused(w, P.teacher, { type: 'turn.pass' }, 'participant.not_present', { name: P.teacher });
  });
});

describe('edges: commitments', () => {
  const add = (d: Driver, extra: Record<string, unknown> = {}): Command =>
    ({
      type: 'commitment.add',
      what: 'Soittaa',
      ownerId: d.id(P.nurse),
      due: '2026-12-01',
      ...extra,
    }) as Command;

  it('commitments are agreed in the discussion as well as the summary', () => {
    const d = at('discussion');
    accepted(d, P.nurse, add(d));
    assert.deepEqual(d.m.commitments.at(-1)?.withOthers, [], 'nobody else is named when nobody was');
  });

  it('with whom: ten others at most, each a name, as a list', () => {
    const d = at('summary');
    const others = (n: number) => Array.from({ length: n }, (_, i) => `Muu ${i}`);
    accepted(d, P.nurse, add(d, { withWhom: { others: others(10) } }));
    refused(d, P.nurse, add(d, { withWhom: { others: others(11) } }), 'commitment.too_many_others', {
      max: 10,
    });
    refused(d, P.nurse, add(d, { withWhom: { others: 'Valmentaja' } }), 'commitment.too_many_others');
    refused(
      d,
      P.nurse,
      add(d, { withWhom: { participantIds: d.id(P.client) } }),
      'commitment.too_many_others',
    );
    refused(d, P.nurse, add(d, { withWhom: { others: [long(101)] } }), 'input.too_long', { field: 'other' });
  });

  it('a meeting holds 300 commitments at most', () => {
    const d = at('summary');
    const c = d.m.commitments[0] as Commitment;
    const fill = (n: number) => {
      d.meeting = { ...d.m, commitments: Array.from({ length: n }, (_, i) => ({ ...c, id: `k${i}` })) };
    };
    fill(299);
    accepted(d, P.nurse, add(d));
    fill(300);
    refused(d, P.nurse, add(d), 'commitment.too_many', { max: 300 });
  });

  it('changing only what, only with whom, or only the others named is a change', () => {
    const d = at('summary');
    accepted(d, P.nurse, { type: 'commitment.edit', commitmentId: 'c3', what: 'Tukiopetus keskiviikkoisin' });
    accepted(d, P.nurse, {
      type: 'commitment.edit',
      commitmentId: 'c3',
      withWhom: { participantIds: [d.id(P.client)] },
    });
    accepted(d, P.nurse, {
      type: 'commitment.edit',
      commitmentId: 'c3',
      withWhom: { participantIds: [d.id(P.client)], others: ['Rehtori'] },
    });
  });

  it('checking with the client: an unknown commitment, the client’s comment kept, an over-long one refused', () => {
    const d = at('discussion');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.nurse, add(d));
    refused(d, P.client, { type: 'commitment.confirm', commitmentId: 'c9' }, 'commitment.unknown');
    refused(
      d,
      P.client,
      { type: 'commitment.confirm', commitmentId: 'c1', clientComment: long(1001) },
      'input.too_long',
      {
        field: 'comment',
      },
    );
    accepted(d, P.client, { type: 'commitment.confirm', commitmentId: 'c1', clientComment: 'Sopii.' });
    assert.equal(d.m.commitments[0]?.confirmation?.clientComment, 'Sopii.');
    const f = at('followup');
    refused(f, P.client, { type: 'commitment.confirm', commitmentId: 'c1' }, 'phase.wrong');
  });

  it('progress is told from the summary on: reopened, with a note of a sensible length, postponed to a later day', () => {
    for (const stage of ['summary', 'followup', 'feedback'] as const) {
      const d = at(stage);
      accepted(d, P.teacher, { type: 'commitment.status', commitmentId: 'c3', status: 'done' });
      accepted(d, P.teacher, { type: 'commitment.status', commitmentId: 'c3', status: 'open' });
      refused(
        d,
        P.teacher,
        { type: 'commitment.status', commitmentId: 'c3', status: 'done', note: long(1001) },
        'input.too_long',
        {
          field: 'note',
        },
      );
      refused(
        d,
        P.teacher,
        { type: 'commitment.status', commitmentId: 'c3', status: 'postponed', newDue: '2026-12-01' },
        'commitment.postpone_not_later',
      );
    }
  });
});

describe('edges: the follow-up and the feedback', () => {
  it('the responsible worker named again is refused, naming them', () => {
    const d = at('followup');
    refused(
      d,
      P.youth,
      { type: 'responsible.assign', participantId: d.id(P.social) },
      'responsible.already',
      {
        name: P.social,
      },
    );
  });

  it('a follow-up: a time after now (seconds optional) or a reason of a sensible length', () => {
    const d = at('summary');
    d.do(P.youth, { type: 'phase.next' });
    const agree = (c: Record<string, unknown>): Command => ({ type: 'followup.agree', ...c }) as Command;
    refused(d, P.youth, agree({ at: '' }), 'followup.date_or_reason');
    refused(d, P.youth, agree({ at: d.now }), 'input.time_in_past', { field: 'at' });
    refused(d, P.youth, agree({ at: 20270114 }), 'input.invalid_time');
    refused(d, P.youth, agree({ at: '2027-01-14T14:00:00+99:99' }), 'input.invalid_time', { field: 'at' });
    refused(d, P.youth, agree({ noneReason: long(501) }), 'input.too_long', { field: 'reason' });
    accepted(d, P.youth, agree({ at: '2027-01-14T14:00+02:00' }));
    accepted(d, P.youth, agree({ at: new Date(Date.parse(d.now) + 60_000).toISOString() }));
  });

  it('changing one score, or the comment, of one’s answer is a change; no comment may come as null', () => {
    const d = at('feedback');
    // The mother answered 5, 4, 4; each answer again changes one thing.
    for (const [hopeful, trusting, clearer, comment] of [
      [4, 4, 4],
      [4, 5, 4],
      [4, 5, 5],
      [4, 5, 5, 'Kiitos'],
    ] as const)
      accepted(d, P.mother, {
        type: 'feedback.answer',
        hopeful,
        trusting,
        clearer,
        ...(comment ? { comment } : {}),
      });
    accepted(d, P.teacher, {
      type: 'feedback.answer',
      hopeful: 2,
      trusting: 2,
      clearer: 2,
      comment: null,
    } as unknown as Command);
    assert.equal(d.m.feedback[d.id(P.teacher)]?.comment, undefined);
  });

  it('comments are shown in the same order however they were answered: alphabetical, then by code point', () => {
    const shown = (comments: readonly string[]) => {
      const d = at('followup');
      d.do(P.youth, { type: 'phase.next' });
      const people = [P.client, P.mother, P.teacher, P.nurse];
      for (const [i, comment] of comments.entries())
        d.do(people[i], { type: 'feedback.answer', hopeful: 3, trusting: 3, clearer: 3, comment });
      d.do(P.youth, d.closeAnyway());
      return feedbackResults(d.m).comments;
    };
    // "é" written as one letter and as e + accent are the same letter to the reader.
    const words = ['Hyvä', 'aika riitti', 'kahvi e\u0301', 'kahvi é'];
    const expected = ['aika riitti', 'Hyvä', 'kahvi e\u0301', 'kahvi é'];
    assert.deepEqual(shown(words), expected);
    assert.deepEqual(shown([...words].reverse()), expected);
  });
});

describe('edges: the review of the meeting before', () => {
  const start = (review: unknown): Rejection | undefined => {
    const d = followUpMeeting();
    const r = d.try(d.id(P.social), { type: 'meeting.start', review: review as ReviewInput[] });
    return isRejection(r) ? r : undefined;
  };

  it('each item must be whole: an id once, what, whose, a real due day, a known status', () => {
    const cases: readonly [unknown, string, Record<string, unknown>?][] = [
      [[item('c1'), item('c1')], 'review.unknown'],
      [[item('')], 'review.unknown'],
      [[{ ...item('c1'), id: 7 }], 'review.unknown'],
      [[null], 'review.unknown'],
      [[item('c1', { what: ' ' })], 'input.empty', { field: 'what' }],
      [[item('c1', { ownerName: '' })], 'input.empty', { field: 'name' }],
      [[item('c1', { ownerId: 'p99' })], 'participant.unknown'],
      [[item('c1', { due: '2026-02-30' })], 'input.invalid_date', { field: 'due' }],
      [[item('c1', { status: 'lost' as 'open' })], 'commitment.invalid_status'],
      [[item('c1', { statusNote: long(1001) })], 'input.too_long', { field: 'note' }],
      [Array.from({ length: 301 }, (_, i) => item(`c${i}`)), 'commitment.too_many', { max: 300 }],
    ];
    for (const [review, code, params] of cases) {
      const r = start(review);
      assert.equal(r?.code, code, JSON.stringify(review).slice(0, 100));
      for (const [k, v] of Object.entries(params ?? {})) assert.deepEqual(r?.params?.[k], v);
    }
  });

  it('a whole review is taken as it is: 300 items, every status, notes kept', () => {
    assert.equal(start(Array.from({ length: 300 }, (_, i) => item(`c${i}`))), undefined);
    const d = reviewing((f) => [
      item('c1', { status: 'postponed', statusNote: 'Siirtyi', ownerId: f.id(P.teacher) }),
      item('c2', { status: 'needs_help' }),
      item('c3', { status: 'done' }),
    ]);
    assert.deepEqual(
      d.m.review.map((r) => [r.id, r.status, r.statusNote, r.ownerId]),
      [
        ['c1', 'postponed', 'Siirtyi', d.id(P.teacher)],
        ['c2', 'needs_help', undefined, undefined],
        ['c3', 'done', undefined, undefined],
      ],
    );
  });

  it('what became of an item is told in the meeting, not before it starts', () => {
    refused(
      followUpMeeting(),
      P.social,
      { type: 'review.record', itemId: 'c1', outcome: 'done' },
      'phase.wrong',
    );
  });

  it('what became of an item: told again only if something changed; a note of a sensible length', () => {
    const d = reviewing((f) => [item('c1', { ownerId: f.id(P.teacher) })]);
    accepted(d, P.teacher, { type: 'review.record', itemId: 'c1', outcome: 'continues' });
    refused(d, P.teacher, { type: 'review.record', itemId: 'c1', outcome: 'continues' }, 'review.unchanged');
    accepted(d, P.teacher, { type: 'review.record', itemId: 'c1', outcome: 'done' });
    accepted(d, P.teacher, { type: 'review.record', itemId: 'c1', outcome: 'done', note: 'Valmis' });
    refused(
      d,
      P.teacher,
      { type: 'review.record', itemId: 'c1', outcome: 'done', note: long(1001) },
      'input.too_long',
      {
        field: 'note',
      },
    );
  });
});

describe('edges: notes, reminders and what a command must be', () => {
  it('a note’s topic has a length; the client’s wish waits for the meeting', () => {
    const d = at('why');
    refused(d, P.nurse, { type: 'note.add', text: 'Muistiin', topic: long(201) }, 'input.too_long', {
      field: 'topic',
    });
    refused(at('invited'), P.client, { type: 'wish.record', text: 'Toive' }, 'phase.wrong');
  });

  it('reminders are turned off or on, nothing else', () => {
    refused(
      at('closed'),
      P.mother,
      { type: 'reminders.mute', muted: 'yes' } as unknown as Command,
      'command.unknown',
    );
  });

  it('a command that is no command is refused; a clock that is no time is the app’s bug', () => {
    const m = at('why').m;
    // Whether or not there is a meeting: no command is looked for in one.
    for (const meeting of [m, undefined])
      for (const cmd of [null, 'phase.next', {}, { type: 7 }])
        assert.equal(
          (
            decide(meeting, cmd as unknown as Command, {
              now: '2026-11-26T15:00:00+02:00',
              actor: 'p7',
            }) as Rejection
          ).code,
          'command.unknown',
          JSON.stringify(cmd),
        );
    assert.throws(() => decide(m, { type: 'phase.next' }, { now: 'eilen', actor: 'p7' }), /context\.now/);
  });

  it('days are written YYYY-MM-DD, whole, and exist', () => {
    const d = at('summary');
    const due = (day: string) =>
      ({ type: 'commitment.add', what: 'Soittaa', ownerId: d.id(P.nurse), due: day }) as Command;
    for (const day of ['x2026-12-01', '2026-12-01x', '2026-13-01', '2026-02-29', '2026-04-31', '2026-12-32'])
      refused(d, P.nurse, due(day), 'input.invalid_date');
    accepted(d, P.nurse, due('2028-02-29'));
  });
});

describe('edges: what a step leaves alone', () => {
  it('removing one commitment keeps the others as they were', () => {
    const d = at('summary');
    const others = d.m.commitments.filter((c) => c.id !== 'c2');
    assert.ok(others.length >= 2);
    accepted(d, P.youth, { type: 'commitment.remove', commitmentId: 'c2' });
    assert.deepEqual(d.m.commitments, others);
  });

  it('editing one note keeps the others’ words', () => {
    const d = at('discussion');
    accepted(d, P.nurse, { type: 'note.add', text: 'Aamut ovat vaikeita' });
    accepted(d, P.nurse, { type: 'note.add', text: 'Koulumatka on pitkä' });
    const [first, second] = d.m.notes.slice(-2);
    accepted(d, P.nurse, { type: 'note.edit', noteId: second?.id ?? '', text: 'Koulumatka kestää tunnin' });
    assert.deepEqual(
      d.m.notes.slice(-2).map((n) => n.text),
      [first?.text, 'Koulumatka kestää tunnin'],
    );
  });

  it('someone leaving takes down only their own hand, and the speaker keeps the floor', () => {
    const d = at('discussion');
    d.do(P.youth, { type: 'round.close' });
    accepted(d, P.youth, { type: 'floor.give', participantId: d.id(P.mother) });
    accepted(d, P.teacher, { type: 'floor.request' });
    accepted(d, P.social, { type: 'floor.request' });
    accepted(d, P.youth, { type: 'participant.leave', participantId: d.id(P.teacher) });
    assert.equal(d.m.floor, d.id(P.mother));
    assert.deepEqual(d.m.hands, [d.id(P.social)]);
  });

  it('lowering one’s hand gives nobody the floor and leaves the other hands up', () => {
    const d = at('discussion');
    d.do(P.youth, { type: 'round.close' });
    accepted(d, P.teacher, { type: 'floor.request' });
    accepted(d, P.social, { type: 'floor.request' });
    accepted(d, P.teacher, { type: 'floor.withdraw' });
    assert.equal(d.m.floor, undefined);
    assert.deepEqual(d.m.hands, [d.id(P.social)]);
  });
});

describe('edges: what a step leaves alone, continued', () => {
  it('passing for oneself while another speaks leaves them the floor', () => {
    const d = at('discussion');
    d.do(P.youth, { type: 'round.close' });
    d.do(P.youth, { type: 'round.start' });
    d.do(P.youth, { type: 'floor.give', participantId: d.id(P.client) });
    d.do(P.client, { type: 'turn.end' });
    d.do(P.youth, { type: 'floor.give', participantId: d.id(P.mother) });
    // The grandfather, of the same role, passes (through the note-taker: he has no chat account).
    accepted(d, P.nurse, { type: 'turn.pass', onBehalfOf: d.id(GF) });
    assert.equal(d.m.floor, d.id(P.mother));
  });

  it('the chair passing for the grandfather while another speaks records his pass, not the speaker’s', () => {
    const d = at('why');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    d.do(P.youth, { type: 'floor.next' });
    assert.equal(d.m.floor, d.id(P.mother));
    accepted(d, P.youth, { type: 'turn.pass', onBehalfOf: d.id(GF) });
    assert.equal(d.m.floor, d.id(P.mother), 'she still speaks');
    assert.deepEqual(d.m.rounds.at(-1)?.turns, [
      { participantId: d.id(P.client), kind: 'spoke' },
      { participantId: d.id(GF), kind: 'passed' },
    ]);
  });

  it('one person turning their reminders off or on again leaves everyone else’s as they were', () => {
    const d = at('closed');
    accepted(d, P.mother, { type: 'reminders.mute', muted: true });
    accepted(d, P.teacher, { type: 'reminders.mute', muted: true });
    assert.deepEqual(d.m.muted, [d.id(P.mother), d.id(P.teacher)]);
    accepted(d, P.teacher, { type: 'reminders.mute', muted: false });
    assert.deepEqual(d.m.muted, [d.id(P.mother)]);
  });

  it('refusing an account’s claim to be one invitee leaves its claim to be another pending', () => {
    const d = at('invited');
    accepted(d, P.social, { type: 'invitee.add', person: { name: 'Eila Laine', role: 'close' } });
    const aunt = d.id('Eila Laine');
    accepted(d, undefined, { type: 'account.claim', participantId: d.id(GF), chatUserId: 'U-X' });
    accepted(d, undefined, { type: 'account.claim', participantId: aunt, chatUserId: 'U-X' });
    accepted(d, P.social, { type: 'account.refuse', participantId: d.id(GF), chatUserId: 'U-X' });
    assert.deepEqual(d.m.claims, [{ participantId: aunt, chatUserId: 'U-X' }]);
  });
});
