/**
 * A realistic network meeting: Aino (15), her mother, her grandfather, her teacher, the school
 * nurse, a youth worker and the social worker who convened it. Each stage can be stopped at,
 * so that tests (and card tests later) can look at the meeting in every phase.
 */
import { MEETING_PHASES } from '../../src/core/index.js';
import { MeetingDriver } from './driver.js';

export const PEOPLE = {
  client: 'Aino Laine',
  mother: 'Liisa Laine',
  grandfather: 'Matti Laine',
  teacher: 'Pekka Virtanen',
  social: 'Sanna Korhonen',
  nurse: 'Hanna Mäkelä',
  youth: 'Jari Nieminen',
} as const;

export const STAGES = ['invited', ...MEETING_PHASES, 'closed'] as const;
export type Stage = (typeof STAGES)[number];

/** What the social worker and Aino prepared together, when a test asks for it (see `prepared`). */
export const PREPARED = {
  help: 'Kaikki Ainon tukena olevat samaan pöytään, ettei kenenkään tarvitse arvailla',
  who: 'Äiti ja isoisä, luokanvalvoja, terveydenhoitaja ja nuorisotyöntekijä',
  goal: 'Aino käy koulua ja arjella on rytmi',
} as const;

/**
 * Runs the meeting up to and including `stage`. `prepared`: the convener prepared it with the
 * client after sending the invitation (the answers), and the client agreed ('agreed') or not yet.
 */
export function realisticMeeting(
  until: Stage = 'closed',
  locale: 'fi' | 'sv' | 'en' = 'fi',
  prepared?: 'not_yet' | 'agreed',
): MeetingDriver {
  const d = new MeetingDriver('2026-11-23T09:00:00+02:00');
  const P = PEOPLE;
  d.do(undefined, {
    type: 'meeting.create',
    invitation: {
      purpose: 'Ainon koulunkäynnin tukeminen ja arjen rytmi',
      topics: ['Koulupoissaolot', 'Nukkuminen ja arjen rytmi', 'Harrastukset ja kaverit'],
      startsAt: '2026-11-26T14:00:00+02:00',
      durationMinutes: 90,
      place: 'Koulun neuvotteluhuone 2',
      locale,
    },
    convener: {
      name: P.social,
      role: 'worker',
      organisation: 'Lastensuojelu',
      relation: 'sosiaalityöntekijä',
      chatUserId: 'U-SANNA',
    },
    invitees: [
      { name: P.client, role: 'client', chatUserId: 'U-AINO' },
      { name: P.mother, role: 'close', relation: 'äiti', chatUserId: 'U-LIISA' },
      { name: P.grandfather, role: 'close', relation: 'isoisä' },
      {
        name: P.teacher,
        role: 'worker',
        relation: 'luokanvalvoja',
        organisation: 'Kuusikon koulu',
        chatUserId: 'U-PEKKA',
      },
      {
        name: P.nurse,
        role: 'worker',
        relation: 'kouluterveydenhoitaja',
        organisation: 'Kouluterveydenhuolto',
        chatUserId: 'U-HANNA',
      },
      {
        name: P.youth,
        role: 'worker',
        relation: 'nuorisotyöntekijä',
        organisation: 'Nuorisopalvelut',
        chatUserId: 'U-JARI',
      },
    ],
  });
  if (prepared) d.do(P.social, { type: 'preparation.update', changes: PREPARED });
  if (prepared === 'agreed') d.do(P.client, { type: 'preparation.agree' });
  if (until === 'invited') return d;

  d.now = '2026-11-26T14:00:00+02:00';
  for (const name of Object.values(P))
    d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
  d.do(P.social, { type: 'meeting.start' });
  // Introductions: the client first, then close ones (grandfather has no chat account), then workers.
  d.do(P.social, { type: 'floor.next' });
  d.do(P.client, { type: 'turn.end' });
  d.do(P.social, { type: 'floor.give', participantId: d.id(P.mother) });
  d.do(P.mother, { type: 'turn.end' });
  d.do(P.social, { type: 'floor.next' });
  d.do(P.social, { type: 'turn.end' });
  for (const w of [P.teacher, P.social, P.nurse, P.youth]) {
    d.do(P.social, { type: 'floor.give', participantId: d.id(w) });
    d.do(w, { type: 'turn.end' });
  }
  if (until === 'opening') return d;

  d.do(P.social, { type: 'phase.next' });
  d.do(P.social, { type: 'chair.assign', participantId: d.id(P.youth) });
  d.do(P.youth, { type: 'notetaker.assign', participantId: d.id(P.nurse) });
  if (until === 'roles') return d;

  d.do(P.youth, { type: 'phase.next' });
  d.do(P.youth, { type: 'floor.next' });
  d.do(P.client, {
    type: 'wish.record',
    text: 'Haluan jaksaa käydä koulua ja että kotona olisi vähemmän riitaa.',
  });
  d.do(P.client, { type: 'turn.end' });
  d.do(P.youth, { type: 'floor.next' });
  d.do(P.mother, { type: 'turn.end' });
  // The grandfather passes, recorded by the note-taker on his behalf.
  d.do(P.nurse, { type: 'turn.pass', onBehalfOf: d.id(P.grandfather) });
  // Workers in invitation order; the convener was the first one invited.
  for (const w of [P.social, P.teacher, P.nurse, P.youth]) {
    d.do(P.youth, { type: 'floor.next' });
    d.do(w, { type: 'turn.end' });
  }
  d.do(P.nurse, {
    type: 'note.add',
    text: 'Aino toivoo, että aamut helpottuisivat.',
    topic: 'Koulupoissaolot',
  });
  if (until === 'why') return d;

  d.do(P.youth, { type: 'phase.next' });
  // The teacher raises a hand; the round still goes client first.
  d.do(P.teacher, { type: 'floor.request' });
  for (let turn = 0; turn < 7; turn++) {
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.youth, { type: 'turn.end' });
  }
  d.do(P.nurse, {
    type: 'note.add',
    text: 'Nukkumaanmenoaika sovitaan yhdessä kotona.',
    topic: 'Nukkuminen ja arjen rytmi',
  });
  if (until === 'discussion') return d;

  d.do(P.youth, { type: 'phase.next' });
  d.do(P.nurse, {
    type: 'commitment.add',
    what: 'Aamuherätys ja yhteinen aamupala arkisin',
    ownerId: d.id(P.mother),
    due: '2026-12-04',
    withWhom: { participantIds: [d.id(P.client)] },
  });
  d.do(P.nurse, {
    type: 'commitment.add',
    what: 'Viikoittainen tapaaminen koulun jälkeen',
    ownerId: d.id(P.youth),
    due: '2026-12-11',
    withWhom: { participantIds: [d.id(P.client)], others: ['Nuorisotalon ohjaaja'] },
  });
  d.do(P.teacher, {
    type: 'commitment.add',
    what: 'Tukiopetus matematiikassa tiistaisin',
    ownerId: d.id(P.teacher),
    due: '2026-12-01',
  });
  for (const c of d.m.commitments)
    d.do(P.client, {
      type: 'commitment.confirm',
      commitmentId: c.id,
      ...(c.id === 'c1' ? { clientComment: 'Ei ennen seitsemää.' } : {}),
    });
  if (until === 'summary') return d;

  d.do(P.youth, { type: 'phase.next' });
  d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.social) });
  d.do(P.youth, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' });
  d.do(P.client, { type: 'followup.confirm' });
  if (until === 'followup') return d;

  d.do(P.youth, { type: 'phase.next' });
  d.do(P.client, {
    type: 'feedback.answer',
    hopeful: 4,
    trusting: 4,
    clearer: 5,
    comment: 'Tuntui, että minua kuunneltiin.',
  });
  d.do(P.mother, { type: 'feedback.answer', hopeful: 5, trusting: 4, clearer: 4 });
  d.do(P.nurse, {
    type: 'feedback.answer',
    hopeful: 3,
    trusting: 5,
    clearer: 4,
    onBehalfOf: d.id(P.grandfather),
  });
  for (const w of [P.teacher, P.social, P.nurse, P.youth])
    d.do(w, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 });
  if (until === 'feedback') return d;

  d.do(P.youth, { type: 'meeting.close' });
  return d;
}

/** The meeting started without the nurse (absent), and the teacher left early: for what a memo says of them. */
export function withAbsentAndLeft(locale: 'fi' | 'sv' | 'en' = 'en'): MeetingDriver {
  const d = realisticMeeting('invited', locale);
  d.now = '2026-11-26T14:00:00+02:00';
  const P = PEOPLE;
  for (const name of [P.client, P.mother, P.social, P.teacher])
    d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
  d.do(P.social, { type: 'attendance.mark', participantId: d.id(P.nurse), status: 'absent' });
  d.do(P.social, { type: 'meeting.start' });
  d.do(P.social, { type: 'participant.leave', participantId: d.id(P.teacher) });
  return d;
}
