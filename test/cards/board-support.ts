/** A deliberately huge meeting for the board's limits: 60 people with 100-character names, long notes. */
import type { PersonInput } from '../../src/core/index.js';
import { MeetingDriver } from '../support/driver.js';

const long = (prefix: string, n: number) =>
  `${prefix} ${'Maria-Kristiina Elisabet Johanna Aleksandra von Wright-Lindqvist '.repeat(4)}`
    .slice(0, n)
    .trim();

const name = (i: number) => long(`${String(i).padStart(2, '0')}`, 100);

export type HugeStage = 'opening' | 'roles' | 'why' | 'summary';

/** Ids: the convener is p1, the client p2, the chair p40, the note-taker p41; every fifth close one has no chat account. */
export function hugeMeeting(until: HugeStage) {
  const d = new MeetingDriver('2026-11-23T09:00:00+02:00');
  const person = (i: number): PersonInput => ({
    name: name(i),
    role: i === 2 ? 'client' : i <= 17 ? 'close' : 'worker',
    relation: long('suhde', 100),
    organisation: long('organisaatio', 100),
    ...(i > 2 && i <= 17 && i % 5 === 0 ? {} : { chatUserId: `U-${i}` }),
  });
  d.do(undefined, {
    type: 'meeting.create',
    invitation: {
      purpose: long('Tavoite', 1000).padEnd(1000, 'x'),
      topics: Array.from({ length: 12 }, (_, i) => long(`Aihe ${i}`, 200).padEnd(200, 'y')),
      startsAt: '2026-11-26T14:00:00+02:00',
      durationMinutes: 180,
      place: long('Paikka', 200),
      locale: 'fi',
    },
    convener: { ...person(1), role: 'worker' },
    invitees: Array.from({ length: 59 }, (_, i) => person(i + 2)),
  });
  const convener = name(1);
  d.now = '2026-11-26T14:00:00+02:00';
  for (const p of d.m.participants)
    d.do(convener, { type: 'attendance.mark', participantId: p.id, status: 'present' });
  d.do(convener, { type: 'meeting.start' });
  d.do(convener, { type: 'floor.next' });
  const out = { d, chair: 'p40', noteTaker: 'p41', client: 'p2' };
  if (until === 'opening') return out;

  const reason = long('Syy', 500).padEnd(500, 'z');
  d.do(convener, d.skipAnyway(reason));
  d.do(convener, { type: 'chair.assign', participantId: 'p40' });
  const chair = name(40);
  d.do(chair, { type: 'notetaker.assign', participantId: 'p41' });
  if (until === 'roles') return out;

  d.do(chair, { type: 'phase.next' });
  d.do(chair, { type: 'floor.next' });
  d.do(name(2), { type: 'wish.record', text: 'Toive '.repeat(333) });
  for (let i = 3; i < 40; i++) d.do(name(i), { type: 'floor.request' });
  for (let i = 0; i < 20; i++)
    d.do(name(41), { type: 'note.add', text: `${i} ${'Pitkä muistiinpano. '.repeat(250)}`.slice(0, 5000) });
  // Views written down for most of them: the record keepers' board names whose are written.
  for (let i = 2; i < 50; i++)
    d.do(name(41), {
      type: 'view.record',
      participantId: `p${i}`,
      worry: long('Huoli', 2000).padEnd(2000, 'h'),
    });
  if (until === 'why') return out;

  d.do(chair, d.skipAnyway(reason));
  d.do(chair, d.skipAnyway(reason));
  for (let i = 0; i < 200; i++)
    d.do(name(41), {
      type: 'commitment.add',
      what: long(`Tehtävä ${i}`, 500),
      ownerId: 'p3',
      due: '2026-12-20',
    });
  return out;
}
