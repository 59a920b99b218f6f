/**
 * Bad input of every kind gives a rejection with a code and a message in the meeting's language,
 * and leaves the meeting exactly as it was.
 */
import assert from 'node:assert/strict';
import {
  type Command,
  type InvitationInput,
  isRejection,
  LIMITS,
  type Locale,
  type PersonInput,
  type Rejection,
} from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, type Stage } from '../support/realistic-meeting.js';

const START = '2026-11-23T09:00:00+02:00';

/** The rejection can be said in every language: filled in, and really translated. */
function assertSaid(r: Rejection): void {
  const said = { fi: '', sv: '', en: '' } satisfies Record<Locale, string>;
  for (const locale of ['fi', 'sv', 'en'] as const) {
    const text = describeRejection(locale, r);
    assert.ok(text.trim() !== '', `${locale}:${r.code} is empty`);
    assert.ok(!text.includes('{'), `${locale}:${r.code} has an unfilled placeholder: ${text}`);
    said[locale] = text;
  }
  assert.notEqual(said.fi, said.en, `${r.code} is not translated into Finnish`);
}

/** `actor` is a participant id, or undefined for no actor at all; the rejection changes nothing. */
function refused(d: MeetingDriver, actor: string | undefined, command: Command, code: string): Rejection {
  const before = d.meeting;
  const logged = d.events.length;
  const result = d.try(actor, command);
  assert.ok(isRejection(result), `${command.type} by ${actor} was accepted, expected ${code}`);
  assert.equal(result.code, code, `${command.type}: ${JSON.stringify(result)}`);
  assert.equal(d.meeting, before, 'a rejection must leave the meeting as it was');
  assert.equal(d.events.length, logged, 'a rejection must record no event');
  assertSaid(result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// meeting.create

const invitation: InvitationInput = {
  purpose: 'Ainon koulunkäynnin tukeminen',
  topics: ['Koulupoissaolot'],
  startsAt: '2026-11-26T14:00:00+02:00',
  durationMinutes: 90,
  place: 'Koulun neuvotteluhuone 2',
  locale: 'fi',
};
const convener: PersonInput = { name: P.social, role: 'worker', chatUserId: 'U-SANNA' };
const invitees: readonly PersonInput[] = [
  { name: P.client, role: 'client', chatUserId: 'U-AINO' },
  { name: P.mother, role: 'close', relation: 'äiti', chatUserId: 'U-LIISA' },
  { name: P.grandfather, role: 'close', relation: 'isoisä' },
];

interface CreateChange {
  readonly invitation?: Partial<Record<keyof InvitationInput, unknown>>;
  readonly convener?: PersonInput;
  readonly invitees?: readonly PersonInput[];
}

const create = (change: CreateChange = {}): Command =>
  ({
    type: 'meeting.create',
    invitation: { ...invitation, ...change.invitation },
    convener: change.convener ?? convener,
    invitees: change.invitees ?? invitees,
  }) as Command;

const long = (max: number): string => 'x'.repeat(max + 1);

const CREATE_CASES: readonly (readonly [string, CreateChange, string, Record<string, unknown>?])[] = [
  ['no client', { invitees: invitees.filter((p) => p.role !== 'client') }, 'invitation.one_client'],
  [
    'two clients',
    { invitees: [...invitees, { name: 'Eero Laine', role: 'client' }] },
    'invitation.one_client',
  ],
  [
    'the same invitee twice, in other letter case',
    { invitees: [...invitees, { name: 'liisa LAINE', role: 'close' }] },
    'participant.duplicate',
    { name: 'liisa LAINE' },
  ],
  [
    'an invitee with the same name as the convener',
    { invitees: [...invitees, { name: 'SANNA KORHONEN', role: 'worker' }] },
    'participant.duplicate',
  ],
  [
    'two invitees with the same chat account',
    { invitees: [...invitees, { name: 'Liisa (työpuhelin)', role: 'close', chatUserId: 'U-LIISA' }] },
    'participant.duplicate',
  ],
  [
    'a worker named the client’s safe adult',
    { invitees: [...invitees, { name: 'Eeva Salo', role: 'worker', safeAdult: true }] },
    'participant.safe_adult_not_close',
  ],
  [
    'the client named their own safe adult',
    { invitees: [{ ...invitees[0], safeAdult: true } as PersonInput, ...invitees.slice(1)] },
    'participant.safe_adult_not_close',
  ],
  [
    'two safe adults',
    { invitees: invitees.map((p) => (p.role === 'close' ? { ...p, safeAdult: true } : p)) },
    'invitation.one_safe_adult',
  ],
  ['an empty purpose', { invitation: { purpose: '   ' } }, 'input.empty', { field: 'purpose' }],
  [
    'an over-long purpose',
    { invitation: { purpose: long(LIMITS.purpose) } },
    'input.too_long',
    { field: 'purpose', max: LIMITS.purpose },
  ],
  ['an empty topic', { invitation: { topics: ['Koulu', ''] } }, 'input.empty', { field: 'topic' }],
  [
    'too many topics',
    { invitation: { topics: Array.from({ length: LIMITS.topics + 1 }, (_, i) => `Aihe ${i}`) } },
    'invitation.too_many_topics',
  ],
  [
    'an over-long name',
    { invitees: [...invitees, { name: long(LIMITS.name), role: 'worker' }] },
    'input.too_long',
    { field: 'name', max: LIMITS.name },
  ],
  ['a nameless convener', { convener: { name: ' ', role: 'worker' } }, 'input.empty', { field: 'name' }],
  [
    'a role that does not exist',
    { invitees: [...invitees, { name: 'Eeva Salo', role: 'friend' as PersonInput['role'] }] },
    'input.invalid_role',
  ],
  ['month 13', { invitation: { startsAt: '2026-13-01T10:00:00Z' } }, 'input.invalid_time'],
  ['the 30th of February', { invitation: { startsAt: '2027-02-30T10:00:00+02:00' } }, 'input.invalid_time'],
  ['a Finnish-style date', { invitation: { startsAt: '26.11.2026 14:00' } }, 'input.invalid_time'],
  ['a time without its offset', { invitation: { startsAt: '2026-11-26T14:00:00' } }, 'input.invalid_time'],
  ['the 25th hour', { invitation: { startsAt: '2026-11-26T25:00:00+02:00' } }, 'input.invalid_time'],
  ['no time at all', { invitation: { startsAt: undefined } }, 'input.invalid_time'],
  [
    'a start in the past',
    { invitation: { startsAt: '2026-11-20T14:00:00+02:00' } },
    'input.time_in_past',
    { field: 'startsAt' },
  ],
  ['10 minutes', { invitation: { durationMinutes: 10 } }, 'invitation.invalid_duration'],
  ['nine hours', { invitation: { durationMinutes: 540 } }, 'invitation.invalid_duration'],
  ['a duration of 60.5 minutes', { invitation: { durationMinutes: 60.5 } }, 'invitation.invalid_duration'],
  ['a duration as text', { invitation: { durationMinutes: '90' } }, 'invitation.invalid_duration'],
  ['neither a place nor a link', { invitation: { place: '  ' } }, 'invitation.no_place'],
  [
    'an ftp link',
    { invitation: { place: undefined, onlineUrl: 'ftp://example.org/meeting' } },
    'input.invalid_url',
  ],
  [
    'a script link',
    { invitation: { onlineUrl: 'javascript:alert(1)' } },
    'input.invalid_url',
    { field: 'onlineUrl' },
  ],
  ['a link without a scheme', { invitation: { onlineUrl: 'teams.microsoft.com/l/x' } }, 'input.invalid_url'],
  ['an unknown language', { invitation: { locale: 'de' } }, 'input.invalid_locale'],
  ['an unknown time zone', { invitation: { timeZone: 'Europe/Tampere' } }, 'input.invalid_time_zone'],
];

describe('bad input: creating a meeting', () => {
  for (const [what, change, code, params] of CREATE_CASES) {
    it(`an invitation with ${what} is refused (${code})`, () => {
      const d = new MeetingDriver(START);
      const r = refused(d, undefined, create(change), code);
      assert.equal(d.meeting, undefined);
      for (const [name, value] of Object.entries(params ?? {})) assert.deepEqual(r.params?.[name], value);
    });
  }

  it('the invitation without those mistakes is accepted, so each case above tests only its mistake', () => {
    new MeetingDriver(START).do(undefined, create());
    new MeetingDriver(START).do(
      undefined,
      create({
        invitation: {
          place: undefined,
          onlineUrl: 'https://teams.example/l/x',
          timeZone: 'Europe/Stockholm',
        },
      }),
    );
  });

  it('one close one may be named the safe adult beside the client, and the meeting keeps it', () => {
    const d = new MeetingDriver(START);
    d.do(
      undefined,
      create({ invitees: invitees.map((p) => (p.name === P.mother ? { ...p, safeAdult: true } : p)) }),
    );
    const named = d.meeting?.participants.filter((p) => p.safeAdult) ?? [];
    assert.deepEqual(
      named.map((p) => [p.name, p.role]),
      [[P.mother, 'close']],
    );
    refused(
      d,
      d.id(P.social),
      { type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close', safeAdult: true } },
      'invitation.one_safe_adult',
    );
    d.do(P.social, { type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close' } });
  });

  it('a meeting that already exists cannot be created again', () => {
    const d = new MeetingDriver(START);
    d.do(undefined, create());
    refused(d, undefined, create(), 'meeting.exists');
  });

  it('a meeting that does not exist cannot be acted on', () => {
    const d = new MeetingDriver(START);
    refused(d, 'p1', { type: 'meeting.start' }, 'meeting.not_found');
  });
});

// ---------------------------------------------------------------------------------------------
// Everything else, in the phase where it goes wrong

interface Case {
  readonly what: string;
  readonly stage: Stage;
  /** Steps after the stage, before the bad command. */
  readonly setup?: (d: MeetingDriver) => void;
  /** A participant's name; `{ id }` for a raw id (or no actor at all). */
  readonly by: string | { readonly id: string | undefined };
  readonly command: (d: MeetingDriver) => Command;
  readonly code: string;
  readonly params?: (d: MeetingDriver) => Record<string, unknown>;
}

const CASES: readonly Case[] = [
  // before the meeting
  {
    what: 'someone other than the convener changes the invitation',
    stage: 'invited',
    by: P.teacher,
    command: () => ({ type: 'invitation.update', changes: { place: 'Nuorisotalo' } }),
    code: 'auth.convener_only',
  },
  {
    what: 'the invitation is moved to an impossible time',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'invitation.update', changes: { startsAt: '2026-11-31T14:00:00+02:00' } }),
    code: 'input.invalid_time',
  },
  {
    what: 'the invitation is moved into the past',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'invitation.update', changes: { startsAt: '2026-11-01T14:00:00+02:00' } }),
    code: 'input.time_in_past',
  },
  {
    what: 'the place is removed with no link instead',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'invitation.update', changes: { place: '' } }),
    code: 'invitation.no_place',
  },
  {
    what: 'the purpose is emptied',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'invitation.update', changes: { purpose: '' } }),
    code: 'input.empty',
  },
  {
    what: 'someone other than the convener invites someone',
    stage: 'invited',
    by: P.mother,
    command: () => ({ type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close' } }),
    code: 'auth.convener_only',
  },
  {
    what: 'someone already invited is invited again by chat account',
    stage: 'invited',
    by: P.social,
    command: () => ({
      type: 'invitee.add',
      person: { name: 'H. Mäkelä', role: 'worker', chatUserId: 'U-HANNA' },
    }),
    code: 'participant.duplicate',
  },
  {
    what: 'someone already invited is invited again by name',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'invitee.add', person: { name: 'pekka virtanen', role: 'worker' } }),
    code: 'participant.duplicate',
    params: () => ({ name: 'pekka virtanen' }),
  },
  {
    what: 'a second client is invited',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'invitee.add', person: { name: 'Eero Laine', role: 'client' } }),
    code: 'invitation.one_client',
  },
  {
    what: 'an invitee with an over-long organisation',
    stage: 'invited',
    by: P.social,
    command: () => ({
      type: 'invitee.add',
      person: { name: 'Eeva Salo', role: 'worker', organisation: long(LIMITS.organisation) },
    }),
    code: 'input.too_long',
  },
  {
    what: 'someone other than the convener removes an invitee',
    stage: 'invited',
    by: P.teacher,
    command: (d) => ({ type: 'invitee.remove', participantId: d.id(P.nurse) }),
    code: 'auth.convener_only',
  },
  {
    what: 'an unknown invitee is removed',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'invitee.remove', participantId: 'p99' }),
    code: 'participant.unknown',
  },
  {
    what: 'someone other than the convener cancels',
    stage: 'invited',
    by: P.client,
    command: () => ({ type: 'meeting.cancel', reason: 'En halua' }),
    code: 'auth.convener_only',
  },
  {
    what: 'the meeting is cancelled without a reason',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'meeting.cancel', reason: ' ' }),
    code: 'input.empty',
  },
  {
    what: 'someone other than the convener starts the meeting',
    stage: 'invited',
    by: P.youth,
    command: () => ({ type: 'meeting.start' }),
    code: 'auth.convener_only',
  },
  {
    what: 'an unknown person is marked present',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'attendance.mark', participantId: 'p99', status: 'present' }),
    code: 'participant.unknown',
  },
  {
    what: 'an attendance that does not exist',
    stage: 'invited',
    by: P.social,
    command: (d) => ({
      type: 'attendance.mark',
      participantId: d.id(P.mother),
      status: 'maybe' as 'present',
    }),
    code: 'input.invalid_attendance',
  },
  {
    what: 'someone marks another person present',
    stage: 'invited',
    by: P.teacher,
    command: (d) => ({ type: 'attendance.mark', participantId: d.id(P.mother), status: 'present' }),
    code: 'auth.chair_or_notetaker_only',
  },
  {
    what: 'the phase is moved on before the start',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'phase.next' }),
    code: 'phase.wrong',
    params: () => ({ phase: 'invited' }),
  },
  {
    what: 'a note before the start',
    stage: 'invited',
    by: P.social,
    command: () => ({ type: 'note.add', text: 'Muistiinpano' }),
    code: 'phase.wrong',
  },
  {
    what: 'someone joins before the start',
    stage: 'invited',
    by: { id: undefined },
    command: () => ({
      type: 'participant.join',
      person: { name: 'Eeva Salo', role: 'close', chatUserId: 'U-EEVA' },
    }),
    code: 'phase.wrong',
  },
  // after the start, the invitation is history
  {
    what: 'the invitation is changed after the start',
    stage: 'opening',
    by: P.social,
    command: () => ({ type: 'invitation.update', changes: { place: 'Nuorisotalo' } }),
    code: 'phase.wrong',
    params: () => ({ phase: 'opening' }),
  },
  {
    what: 'someone is invited after the start',
    stage: 'opening',
    by: P.social,
    command: () => ({ type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close' } }),
    code: 'phase.wrong',
  },
  {
    what: 'an invitee is removed after the start',
    stage: 'opening',
    by: P.social,
    command: (d) => ({ type: 'invitee.remove', participantId: d.id(P.teacher) }),
    code: 'phase.wrong',
  },
  {
    what: 'the meeting is cancelled after the start',
    stage: 'opening',
    by: P.social,
    command: () => ({ type: 'meeting.cancel', reason: 'Loppui kesken' }),
    code: 'phase.wrong',
  },
  {
    what: 'the meeting is started twice',
    stage: 'opening',
    by: P.social,
    command: () => ({ type: 'meeting.start' }),
    code: 'phase.wrong',
  },
  // the wrong person
  {
    what: 'the former acting chair moves the phase once a chair is chosen',
    stage: 'roles',
    by: P.social,
    command: () => ({ type: 'phase.next' }),
    code: 'auth.chair_only',
  },
  {
    what: 'someone who is not the chair gives the floor',
    stage: 'why',
    by: P.mother,
    command: (d) => ({ type: 'floor.give', participantId: d.id(P.client) }),
    code: 'auth.chair_only',
  },
  {
    what: 'someone who is not the chair closes the meeting',
    stage: 'feedback',
    by: P.nurse,
    command: () => ({ type: 'meeting.close' }),
    code: 'auth.chair_only',
  },
  {
    what: 'someone who is neither chair nor note-taker writes a note',
    stage: 'roles',
    by: P.teacher,
    command: () => ({ type: 'note.add', text: 'Oma muistiinpano' }),
    code: 'auth.chair_or_notetaker_only',
  },
  {
    what: 'someone who is neither chair nor note-taker adds a participant',
    stage: 'why',
    by: P.mother,
    command: () => ({ type: 'participant.join', person: { name: 'Eeva Salo', role: 'close' } }),
    code: 'auth.chair_or_notetaker_only',
  },
  {
    what: 'someone who is not the client records the client’s wish',
    stage: 'why',
    by: P.mother,
    command: () => ({ type: 'wish.record', text: 'Että Aino menisi kouluun' }),
    code: 'auth.client_or_record_keeper_only',
  },
  {
    what: 'someone ends a turn when nobody holds the floor',
    stage: 'why',
    by: P.teacher,
    command: () => ({ type: 'turn.end' }),
    code: 'turn.no_speaker',
  },
  {
    what: 'someone ends the client’s turn for her',
    stage: 'why',
    setup: (d) => {
      d.do(P.youth, { type: 'phase.next' });
      d.do(P.youth, { type: 'floor.next' });
    },
    by: P.teacher,
    command: () => ({ type: 'turn.end' }),
    code: 'turn.not_yours',
  },
  {
    what: 'a worker passes before the client has been heard',
    stage: 'why',
    setup: (d) => d.do(P.youth, { type: 'phase.next' }),
    by: P.teacher,
    command: () => ({ type: 'turn.pass' }),
    code: 'turn.not_your_turn_yet',
  },
  {
    what: 'a phase skipped with a blank reason',
    stage: 'roles',
    by: P.youth,
    command: () => ({ type: 'phase.skip', reason: '   ' }),
    code: 'input.empty',
    params: () => ({ field: 'reason' }),
  },
  {
    what: 'a pass when no round is going on',
    stage: 'roles',
    by: P.teacher,
    command: () => ({ type: 'turn.pass' }),
    code: 'round.none_open',
  },
  {
    what: 'someone who is not the chair closes the round',
    stage: 'why',
    by: P.teacher,
    command: () => ({ type: 'round.close' }),
    code: 'auth.chair_only',
  },
  {
    what: 'closing a round when none is going on',
    stage: 'roles',
    by: P.youth,
    command: () => ({ type: 'round.close' }),
    code: 'round.none_open',
  },
  {
    what: 'a new round while the discussion’s first is going on',
    stage: 'why',
    setup: (d) => d.do(P.youth, { type: 'phase.next' }),
    by: P.youth,
    command: () => ({ type: 'round.start' }),
    code: 'round.already_open',
  },
  {
    what: 'someone lowers a hand they never raised',
    stage: 'why',
    by: P.teacher,
    command: () => ({ type: 'floor.withdraw' }),
    code: 'floor.not_requested',
  },
  {
    what: 'someone writes down a commitment for someone else',
    stage: 'summary',
    by: P.mother,
    command: (d) => ({
      type: 'commitment.add',
      what: 'Soittaa koululle',
      ownerId: d.id(P.teacher),
      due: '2026-12-01',
    }),
    code: 'auth.own_commitments_only',
  },
  {
    what: 'the teacher checks a commitment in the client’s place',
    stage: 'summary',
    by: P.teacher,
    command: () => ({ type: 'commitment.confirm', commitmentId: 'c3' }),
    code: 'auth.client_or_record_keeper_only',
  },
  {
    what: 'someone else changes the status of the mother’s commitment',
    stage: 'summary',
    by: P.teacher,
    command: () => ({ type: 'commitment.status', commitmentId: 'c1', status: 'done' }),
    code: 'auth.owner_chair_or_responsible_only',
  },
  {
    what: 'someone who is not the chair names the responsible worker',
    stage: 'followup',
    by: P.nurse,
    command: (d) => ({ type: 'responsible.assign', participantId: d.id(P.teacher) }),
    code: 'auth.chair_only',
  },
  {
    what: 'someone who is not the chair agrees the follow-up',
    stage: 'followup',
    by: P.social,
    command: () => ({ type: 'followup.agree', noneReason: 'Ei tarvita' }),
    code: 'auth.chair_only',
  },
  // the wrong phase
  {
    what: 'a commitment during the introductions',
    stage: 'roles',
    by: P.nurse,
    command: (d) => ({ type: 'commitment.add', what: 'Soittaa', ownerId: d.id(P.nurse), due: '2026-12-01' }),
    code: 'phase.wrong',
  },
  {
    what: 'a feedback answer before the feedback phase',
    stage: 'summary',
    by: P.client,
    command: () => ({ type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 }),
    code: 'phase.wrong',
  },
  {
    what: 'a follow-up agreed during the discussion',
    stage: 'discussion',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' }),
    code: 'phase.wrong',
  },
  {
    what: 'a responsible worker named during the summary',
    stage: 'summary',
    by: P.youth,
    command: (d) => ({ type: 'responsible.assign', participantId: d.id(P.social) }),
    code: 'phase.wrong',
  },
  {
    what: 'closing the meeting before the feedback phase',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'meeting.close' }),
    code: 'phase.wrong',
  },
  {
    what: 'a new round outside the discussion',
    stage: 'why',
    by: P.youth,
    command: () => ({ type: 'round.start' }),
    code: 'phase.wrong',
  },
  {
    what: 'asking for the floor during the feedback poll',
    stage: 'feedback',
    by: P.teacher,
    command: () => ({ type: 'floor.request' }),
    code: 'phase.wrong',
  },
  {
    what: 'a status change before the summary',
    stage: 'discussion',
    by: P.youth,
    command: () => ({ type: 'commitment.status', commitmentId: 'c1', status: 'done' }),
    code: 'phase.wrong',
  },
  // notes
  {
    what: 'a note under a topic the invitation does not have',
    stage: 'why',
    by: P.nurse,
    command: () => ({ type: 'note.add', text: 'Puhuttiin rahasta', topic: 'Raha-asiat' }),
    code: 'note.unknown_topic',
  },
  {
    what: 'an empty note',
    stage: 'why',
    by: P.nurse,
    command: () => ({ type: 'note.add', text: '\n  ' }),
    code: 'input.empty',
    params: () => ({ field: 'note' }),
  },
  {
    what: 'an over-long note',
    stage: 'why',
    by: P.nurse,
    command: () => ({ type: 'note.add', text: long(LIMITS.note) }),
    code: 'input.too_long',
    params: () => ({ field: 'note', max: LIMITS.note }),
  },
  {
    what: 'an edit of a note that does not exist',
    stage: 'why',
    by: P.nurse,
    command: () => ({ type: 'note.edit', noteId: 'n9', text: 'Korjattu' }),
    code: 'note.unknown',
  },
  {
    what: 'an over-long wish',
    stage: 'why',
    by: P.client,
    command: () => ({ type: 'wish.record', text: long(LIMITS.wish) }),
    code: 'input.too_long',
  },
  // commitments and dates
  {
    what: 'a due date of the 30th of February',
    stage: 'summary',
    by: P.nurse,
    command: (d) => ({ type: 'commitment.add', what: 'Soittaa', ownerId: d.id(P.nurse), due: '2026-02-30' }),
    code: 'input.invalid_date',
    params: () => ({ field: 'due' }),
  },
  {
    what: 'a due date written the Finnish way',
    stage: 'summary',
    by: P.nurse,
    command: (d) => ({ type: 'commitment.add', what: 'Soittaa', ownerId: d.id(P.nurse), due: '4.12.2026' }),
    code: 'input.invalid_date',
  },
  {
    what: 'a due date in the past',
    stage: 'summary',
    by: P.nurse,
    command: (d) => ({ type: 'commitment.add', what: 'Soittaa', ownerId: d.id(P.nurse), due: '2026-11-25' }),
    code: 'input.date_in_past',
    params: () => ({ field: 'due' }),
  },
  {
    what: 'a commitment with nothing to do',
    stage: 'summary',
    by: P.nurse,
    command: (d) => ({ type: 'commitment.add', what: '', ownerId: d.id(P.nurse), due: '2026-12-01' }),
    code: 'input.empty',
  },
  {
    what: 'an over-long commitment',
    stage: 'summary',
    by: P.nurse,
    command: (d) => ({
      type: 'commitment.add',
      what: long(LIMITS.what),
      ownerId: d.id(P.nurse),
      due: '2026-12-01',
    }),
    code: 'input.too_long',
  },
  {
    what: 'a commitment owned by someone not in the meeting',
    stage: 'summary',
    by: P.nurse,
    command: () => ({ type: 'commitment.add', what: 'Soittaa', ownerId: 'p99', due: '2026-12-01' }),
    code: 'participant.unknown',
  },
  {
    what: 'a commitment made with someone not in the meeting',
    stage: 'summary',
    by: P.nurse,
    command: (d) => ({
      type: 'commitment.add',
      what: 'Soittaa',
      ownerId: d.id(P.nurse),
      due: '2026-12-01',
      withWhom: { participantIds: ['p99'] },
    }),
    code: 'participant.unknown',
  },
  {
    what: 'a commitment made with too many others',
    stage: 'summary',
    by: P.nurse,
    command: (d) => ({
      type: 'commitment.add',
      what: 'Soittaa',
      ownerId: d.id(P.nurse),
      due: '2026-12-01',
      withWhom: { others: Array.from({ length: LIMITS.others + 1 }, (_, i) => `Henkilö ${i}`) },
    }),
    code: 'commitment.too_many_others',
  },
  {
    what: 'a commitment moved into the past',
    stage: 'summary',
    by: P.nurse,
    command: () => ({ type: 'commitment.edit', commitmentId: 'c1', due: '2026-11-01' }),
    code: 'input.date_in_past',
  },
  {
    what: 'an edit that changes nothing',
    stage: 'summary',
    by: P.nurse,
    command: () => ({ type: 'commitment.edit', commitmentId: 'c1', due: '2026-12-04' }),
    code: 'commitment.unchanged',
  },
  {
    what: 'an edit of a commitment that does not exist',
    stage: 'summary',
    by: P.nurse,
    command: () => ({ type: 'commitment.edit', commitmentId: 'c9', what: 'Jotain' }),
    code: 'commitment.unknown',
  },
  {
    what: 'a commitment checked twice with the client',
    stage: 'summary',
    by: P.client,
    command: () => ({ type: 'commitment.confirm', commitmentId: 'c1' }),
    code: 'commitment.already_confirmed',
  },
  {
    what: 'a commitment postponed into the past',
    stage: 'summary',
    by: P.mother,
    command: () => ({
      type: 'commitment.status',
      commitmentId: 'c1',
      status: 'postponed',
      newDue: '2026-11-20',
    }),
    code: 'input.date_in_past',
    params: () => ({ field: 'newDue' }),
  },
  {
    what: 'a commitment postponed without a new date',
    stage: 'summary',
    by: P.mother,
    command: () => ({ type: 'commitment.status', commitmentId: 'c1', status: 'postponed' }),
    code: 'input.invalid_date',
  },
  {
    what: 'a status that does not exist',
    stage: 'summary',
    by: P.mother,
    command: () => ({ type: 'commitment.status', commitmentId: 'c1', status: 'forgotten' as 'done' }),
    code: 'commitment.invalid_status',
  },
  // follow-up
  {
    what: 'a follow-up with both a date and a reason for none',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '2027-01-14T14:00:00+02:00', noneReason: 'Ei tarvita' }),
    code: 'followup.one_way',
  },
  {
    what: 'a place for a follow-up whose time is agreed later (it would be lost unseen)',
    stage: 'followup',
    by: P.youth,
    command: (d) => ({
      type: 'followup.agree',
      agreeBy: '2026-12-10',
      agreerId: d.id(P.social),
      place: 'Koulu',
    }),
    code: 'followup.one_way',
  },
  {
    what: 'a follow-up whose time is agreed by today (that is, now)',
    stage: 'followup',
    by: P.youth,
    command: (d) => ({ type: 'followup.agree', agreeBy: '2026-11-26', agreerId: d.id(P.social) }),
    code: 'followup.agree_by_later',
  },
  {
    what: 'a follow-up whose time is agreed by a day that does not exist',
    stage: 'followup',
    by: P.youth,
    command: (d) => ({ type: 'followup.agree', agreeBy: '2026-12-32', agreerId: d.id(P.social) }),
    code: 'input.invalid_date',
    params: () => ({ field: 'agreeBy' }),
  },
  {
    what: 'a follow-up whose time is agreed later, by nobody named',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', agreeBy: '2026-12-10' }),
    code: 'input.no_person',
    params: () => ({ field: 'agreerId' }),
  },
  {
    what: 'a follow-up whose time is agreed later by someone not in the meeting',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', agreeBy: '2026-12-10', agreerId: 'p99' }),
    code: 'participant.unknown',
  },
  {
    what: 'a follow-up hosted by someone not in the meeting',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '2027-01-14T14:00:00+02:00', hostId: 'p99' }),
    code: 'participant.unknown',
  },
  {
    what: 'a follow-up with a link that is no web address',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '2027-01-14T14:00:00+02:00', onlineUrl: 'Teams' }),
    code: 'input.invalid_url',
    params: () => ({ field: 'onlineUrl' }),
  },
  {
    what: 'a follow-up at a place too long to be one',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '2027-01-14T14:00:00+02:00', place: 'x'.repeat(201) }),
    code: 'input.too_long',
    params: () => ({ field: 'place', max: 200 }),
  },
  {
    what: 'the client’s confirmation of the follow-up given twice',
    stage: 'followup',
    by: P.client,
    command: () => ({ type: 'followup.confirm' }),
    code: 'followup.already_confirmed',
  },
  {
    what: 'the follow-up confirmed by a close one instead of the client',
    stage: 'followup',
    by: P.mother,
    command: () => ({ type: 'followup.confirm' }),
    code: 'auth.client_or_record_keeper_only',
  },
  {
    what: 'a follow-up at a time written the Finnish way',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '14.1.2027 klo 14' }),
    code: 'input.invalid_time',
    params: () => ({ field: 'at' }),
  },
  {
    what: 'a follow-up on a day that does not exist',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '2027-02-29T14:00:00+02:00' }),
    code: 'input.invalid_time',
  },
  {
    what: 'a follow-up in the past',
    stage: 'followup',
    by: P.youth,
    command: () => ({ type: 'followup.agree', at: '2026-11-26T13:00:00+02:00' }),
    code: 'input.time_in_past',
  },
  {
    what: 'a close one as the responsible worker',
    stage: 'followup',
    by: P.youth,
    command: (d) => ({ type: 'responsible.assign', participantId: d.id(P.grandfather) }),
    code: 'responsible.not_worker',
    params: () => ({ name: P.grandfather }),
  },
  // feedback
  ...(
    [
      ['hopeful', 0],
      ['trusting', 6],
      ['clearer', 2.5],
      ['hopeful', Number.NaN],
      ['clearer', '4'],
    ] as const
  ).map(
    ([field, value]): Case => ({
      what: `a feedback score of ${String(value)} for “${field}”`,
      stage: 'feedback',
      by: P.client,
      command: () =>
        ({ type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4, [field]: value }) as Command,
      code: 'feedback.invalid_score',
      params: () => ({ field }),
    }),
  ),
  {
    what: 'an over-long feedback comment',
    stage: 'feedback',
    by: P.client,
    command: () => ({
      type: 'feedback.answer',
      hopeful: 4,
      trusting: 4,
      clearer: 4,
      comment: long(LIMITS.comment),
    }),
    code: 'input.too_long',
  },
  // someone who is not in the meeting
  ...(['invited', 'why', 'summary', 'feedback'] as const).map(
    (stage): Case => ({
      what: `a command from someone who is not a participant (${stage})`,
      stage,
      by: { id: 'p99' },
      command: () => ({ type: 'floor.request' }),
      code: 'auth.not_participant',
    }),
  ),
  {
    what: 'a feedback answer from someone who is not a participant',
    stage: 'feedback',
    by: { id: 'p99' },
    command: () => ({ type: 'feedback.answer', hopeful: 5, trusting: 5, clearer: 5 }),
    code: 'auth.not_participant',
  },
  {
    what: 'a command without any actor',
    stage: 'why',
    by: { id: undefined },
    command: () => ({ type: 'floor.request' }),
    code: 'auth.not_participant',
  },
  {
    what: 'a self-join without a chat account to vouch for it',
    stage: 'why',
    by: { id: undefined },
    command: () => ({ type: 'participant.join', person: { name: 'Eeva Salo', role: 'close' } }),
    code: 'auth.not_participant',
  },
  // linking a chat account to someone invited by name
  {
    what: 'a claim with an empty chat account',
    stage: 'invited',
    by: { id: undefined },
    command: (d) => ({ type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: ' ' }),
    code: 'input.empty',
    params: () => ({ field: 'chatUserId' }),
  },
  {
    what: 'a claim with a 201-character chat account',
    stage: 'invited',
    by: { id: undefined },
    command: (d) => ({ type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: long(200) }),
    code: 'input.too_long',
    params: () => ({ field: 'chatUserId', max: 200 }),
  },
  {
    what: 'a claim with a chat account that is not text',
    stage: 'invited',
    by: { id: undefined },
    command: (d) =>
      ({ type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 7 }) as unknown as Command,
    code: 'input.empty',
  },
  {
    what: 'a claim to be someone not in the meeting',
    stage: 'invited',
    by: { id: undefined },
    command: () => ({ type: 'account.claim', participantId: 'p99', chatUserId: 'U-MATTI' }),
    code: 'participant.unknown',
  },
  {
    what: 'a claim naming the invitee by something other than an id',
    stage: 'invited',
    by: { id: undefined },
    command: () =>
      ({ type: 'account.claim', participantId: { id: 'p4' }, chatUserId: 'U-MATTI' }) as unknown as Command,
    code: 'participant.unknown',
  },
  {
    what: 'a claim to be someone who already has a chat account',
    stage: 'invited',
    by: { id: undefined },
    command: (d) => ({ type: 'account.claim', participantId: d.id(P.mother), chatUserId: 'U-STRANGER' }),
    code: 'account.taken',
    params: () => ({ name: P.mother }),
  },
  {
    what: 'a participant claiming to be someone else too, from whatever account',
    stage: 'why',
    by: P.teacher,
    command: (d) => ({ type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-PEKKA-2' }),
    code: 'account.already_linked',
  },
  {
    what: 'the same claim again while it waits',
    stage: 'invited',
    setup: (d) => {
      d.do(undefined, { type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' });
    },
    by: { id: undefined },
    command: (d) => ({ type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' }),
    code: 'account.claim_pending',
  },
  {
    what: 'a 21st claim while 20 wait',
    stage: 'why',
    setup: (d) => {
      for (let i = 0; i < 20; i++)
        d.do(undefined, { type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: `U-${i}` });
    },
    by: { id: undefined },
    command: (d) => ({ type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-20' }),
    code: 'account.too_many_claims',
    params: () => ({ max: 20 }),
  },
  {
    what: 'a claim after the meeting closed',
    stage: 'closed',
    by: { id: undefined },
    command: (d) => ({ type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' }),
    code: 'meeting.closed',
  },
  {
    what: 'the note-taker confirming a claim',
    stage: 'why',
    setup: (d) => {
      d.do(undefined, { type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' });
    },
    by: P.nurse,
    command: (d) => ({ type: 'account.confirm', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' }),
    code: 'auth.convener_or_chair_only',
  },
  {
    what: 'the client turning a claim down',
    stage: 'invited',
    setup: (d) => {
      d.do(undefined, { type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' });
    },
    by: P.client,
    command: (d) => ({ type: 'account.refuse', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' }),
    code: 'auth.convener_or_chair_only',
  },
  {
    what: 'someone outside the meeting confirming a claim',
    stage: 'invited',
    setup: (d) => {
      d.do(undefined, { type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' });
    },
    by: { id: undefined },
    command: (d) => ({ type: 'account.confirm', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' }),
    code: 'auth.not_participant',
  },
  {
    what: 'a confirmation of a claim nobody made',
    stage: 'why',
    by: P.youth,
    command: (d) => ({ type: 'account.confirm', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' }),
    code: 'account.no_claim',
  },
  {
    what: 'a confirmation with an account that is not text',
    stage: 'why',
    setup: (d) => {
      d.do(undefined, { type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' });
    },
    by: P.youth,
    command: (d) =>
      ({
        type: 'account.confirm',
        participantId: d.id(P.grandfather),
        chatUserId: ['U-MATTI'],
      }) as unknown as Command,
    code: 'account.no_claim',
  },
  {
    what: 'confirming a claim on the grandfather’s behalf',
    stage: 'why',
    setup: (d) => {
      d.do(undefined, { type: 'account.claim', participantId: d.id(P.grandfather), chatUserId: 'U-MATTI' });
    },
    by: P.youth,
    command: (d) => ({
      type: 'account.confirm',
      participantId: d.id(P.grandfather),
      chatUserId: 'U-MATTI',
      onBehalfOf: d.id(P.grandfather),
    }),
    code: 'onbehalf.not_allowed',
  },
  // commands Toivo does not know
  {
    what: 'a command of an unknown type',
    stage: 'why',
    by: P.youth,
    command: () => ({ type: 'meeting.explode' }) as unknown as Command,
    code: 'command.unknown',
  },
  {
    what: 'a command without a type',
    stage: 'why',
    by: P.youth,
    command: () => ({}) as unknown as Command,
    code: 'command.unknown',
  },
  // acting on someone's behalf
  {
    what: 'acting for the client, who has a chat account',
    stage: 'why',
    by: P.nurse,
    command: (d) => ({ type: 'floor.request', onBehalfOf: d.id(P.client) }),
    code: 'onbehalf.has_account',
    params: () => ({ name: P.client }),
  },
  {
    what: 'answering feedback for the mother, who has a chat account',
    stage: 'feedback',
    by: P.youth,
    command: (d) => ({
      type: 'feedback.answer',
      hopeful: 1,
      trusting: 1,
      clearer: 1,
      onBehalfOf: d.id(P.mother),
    }),
    code: 'onbehalf.has_account',
  },
  {
    what: 'the mother acting for the grandfather (she is neither chair nor note-taker)',
    stage: 'why',
    by: P.mother,
    command: (d) => ({ type: 'floor.request', onBehalfOf: d.id(P.grandfather) }),
    code: 'onbehalf.not_allowed',
  },
  {
    what: 'acting for the grandfather in something that is not his own step',
    stage: 'why',
    by: P.nurse,
    command: (d) => ({ type: 'note.add', text: 'Isoisän muistiinpano', onBehalfOf: d.id(P.grandfather) }),
    code: 'onbehalf.not_allowed',
  },
  {
    what: 'acting for someone who is not in the meeting',
    stage: 'why',
    by: P.nurse,
    command: () => ({ type: 'floor.request', onBehalfOf: 'p99' }),
    code: 'participant.unknown',
  },
];

describe('bad input: acting on a meeting', () => {
  for (const c of CASES) {
    it(`${c.what} is refused (${c.code})`, () => {
      const d = realisticMeeting(c.stage);
      c.setup?.(d);
      const actor = typeof c.by === 'string' ? d.id(c.by) : c.by.id;
      const r = refused(d, actor, c.command(d), c.code);
      for (const [name, value] of Object.entries(c.params?.(d) ?? {}))
        assert.deepEqual(r.params?.[name], value);
    });
  }

  it('a due date is judged by the meeting’s own calendar, not by UTC', () => {
    const d = realisticMeeting('discussion');
    d.do(P.youth, { type: 'phase.next' });
    // 00:30 on the 27th in Helsinki, still the 26th in UTC.
    d.now = '2026-11-26T22:30:00Z';
    const cmd: Command = {
      type: 'commitment.add',
      what: 'Soittaa',
      ownerId: d.id(P.nurse),
      due: '2026-11-26',
    };
    refused(d, d.id(P.nurse), cmd, 'input.date_in_past');
    d.do(P.nurse, { ...cmd, due: '2026-11-27' });
  });
});
