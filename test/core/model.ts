/**
 * A model of who does what in a network meeting, for the property test: from the meeting as it
 * stands it proposes a command that could well be valid (the right person for the phase, people
 * who are there, days that make sense on the test clock, the round's next speaker…) and now and
 * then one that should not be (the wrong person, a day gone by, someone absent, an account's owner
 * acted for). It reads the meeting and never asks the core what it would accept.
 */
import fc from 'fast-check';
import type {
  Command,
  CommandType,
  Locale,
  Meeting,
  Participant,
  PersonInput,
  ReviewInput,
  Role,
} from '../../src/core/index.js';
import { TEST_NOW } from '../support/driver.js';
import {
  chairOf,
  dayIn,
  here,
  keepers,
  person,
  roundOpen,
  running,
  SKIPPABLE,
  unheard,
} from './invariants.js';

/** The random choices of one run, drawn through fast-check so that a failure can be replayed and shrunk. */
export interface Rand {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
}

/** Unbiased: fast-check's integers lean to the ends of their range, which would skew every weight here. */
const evenly = (min: number, max: number) => fc.noBias(fc.integer({ min, max }));

export const randOf = (g: fc.GeneratorValue): Rand => {
  const int = (min: number, max: number) => (max <= min ? min : g(evenly, min, max));
  return {
    int,
    chance: (p) => int(0, 999) < p * 1000,
    pick: <T>(xs: readonly T[]): T => {
      if (xs.length === 0) throw new Error('pick from nothing');
      return xs[int(0, xs.length - 1)] as T;
    },
  };
};

/** What this meeting will come to, drawn when it is created. */
export interface Plan {
  /** The convener calls it off before it starts. */
  readonly cancel: boolean;
  /** How many commitments the summary agrees. */
  readonly commitments: number;
  /** How many feedback answers before the chair closes the meeting (0–2 leaves the figures hidden). */
  readonly answers: number;
  /** A follow-up meeting at a time, rather than a reason for none. */
  readonly followUpAt: boolean;
  /** Steps of aftercare after closing, before the next meeting. */
  readonly aftercare: number;
}

/** A plan for the next meeting; what the run has not yet seen accepted is planned for more often. */
export const planOf = (r: Rand, missing: ReadonlySet<CommandType>): Plan => {
  const review = missing.has('review.record');
  return {
    cancel: r.chance(missing.has('meeting.cancel') && !review ? 0.5 : 0.1),
    commitments: r.int(review ? 1 : 0, 4),
    answers: r.pick([0, 1, 2, 3, 4, 9]),
    followUpAt: review || r.chance(0.75),
    aftercare: r.int(2, 12),
  };
};

/** Two ways someone comes in while a round is open: let in uninvited, or an invitee marked present. */
export type Latecomer = 'joined' | 'marked present';

export interface World {
  m: Meeting | undefined;
  /** The commands not yet accepted in this run: the model leans towards them. */
  missing: Set<CommandType>;
  /** The ways of coming in mid-round not yet seen in this run: the model brings them about. */
  latecomers: Set<Latecomer>;
  /** The test clock, in ms. */
  now: number;
  plan: Plan;
  /** The meeting a follow-up meeting reviews, once it has been created. */
  reviewing: Meeting | undefined;
  /** Aftercare steps taken since the meeting closed. */
  aftercare: number;
  /** Counters for new meetings, names and chat accounts. */
  meetings: number;
  made: number;
}

export interface Proposal {
  readonly cmd: Command;
  readonly actor: string | undefined;
  /** For a new meeting: its id, and the command is decided on no meeting. */
  readonly meetingId?: string;
}

const DAY = 24 * 60 * 60 * 1000;
const FIRST = ['Eeva', 'Onni', 'Aada', 'Veeti', 'Iida', 'Leo', 'Saara', 'Elias', 'Helmi', 'Otso', 'Kerttu'];
const LAST = ['Aalto', 'Heikkinen', 'Koskinen', 'Lehtonen', 'Salo', 'Turunen', 'Rantanen', 'Laaksonen'];
const WHAT = [
  'Soittaa koululle maanantaina',
  'Varaa aika terveydenhoitajalle',
  'Yhteinen aamupala arkisin',
  'Käy kerhossa torstaisin',
  'Selvittää tukiopetuksen',
];
const TEXT = ['Aamut ovat vaikeita.', 'Koulumatka sujuu.', 'Kaverit tärkeitä.', 'Uni parani.'];
const VIEW_WISH = ['Että aamut sujuisivat.', 'Enemmän yhteistä aikaa.'];
const VIEW_CAN = ['Voin herättää aamulla.', 'Voin kysyä kuulumiset.'];
const ZONES = ['Europe/Helsinki', 'Europe/Helsinki', 'America/Los_Angeles', 'Pacific/Kiritimati'];

const iso = (ms: number): string => new Date(ms).toISOString();
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** A name and an account nobody in the run has had yet. */
function fresh(w: World): { name: string; account: string } {
  const k = w.made++;
  const name = `${FIRST[k % FIRST.length]} ${LAST[Math.floor(k / FIRST.length) % LAST.length]}`;
  return { name: k < FIRST.length * LAST.length ? name : `${name} ${k}`, account: `U-NEW-${k}` };
}

function newPerson(w: World, r: Rand, role: Role, accountChance: number): PersonInput {
  const { name, account } = fresh(w);
  return {
    name,
    role,
    ...(role === 'worker' ? { organisation: r.pick(['Koulu', 'Nuorisopalvelut', 'Neuvola']) } : {}),
    ...(role === 'close' ? { relation: r.pick(['täti', 'isä', 'naapuri']) } : {}),
    ...(r.chance(accountChance) ? { chatUserId: account } : {}),
  };
}

// ——— Who acts ———

/** Anyone at all: mostly a participant, now and then someone in the chat or an id nobody has. */
function anyone(m: Meeting, r: Rand): string | undefined {
  const roll = r.int(0, 19);
  if (roll === 0) return undefined;
  if (roll === 1) return 'p99';
  return r.pick(m.participants).id;
}

/** The chair (the convener until one is chosen), or now and then someone else. */
const byChair = (m: Meeting, r: Rand, cmd: Command): Proposal => ({
  cmd,
  actor: r.chance(0.9) ? chairOf(m) : anyone(m, r),
});

const byConvener = (m: Meeting, r: Rand, cmd: Command): Proposal => ({
  cmd,
  actor: r.chance(0.92) ? m.convenerId : anyone(m, r),
});

/** The chair or the note-taker. */
const byKeeper = (m: Meeting, r: Rand, cmd: Command): Proposal => ({
  cmd,
  actor: r.chance(0.9) ? r.pick(keepers(m)) : anyone(m, r),
});

/**
 * `id`'s own step: from their own account, or, for someone without one, by the chair or the
 * note-taker on their behalf. Now and then the wrong way round.
 */
function bySubject(m: Meeting, r: Rand, id: string, cmd: Command): Proposal {
  const p = person(m, id);
  if (r.chance(0.08)) {
    const others = m.participants.filter((q) => q.id !== id && !keepers(m).includes(q.id));
    switch (r.int(0, 2)) {
      case 0: // for someone who may well have an account
        return { cmd: { ...cmd, onBehalfOf: id }, actor: r.pick(keepers(m)) };
      case 1: // by someone who keeps no record
        return { cmd: { ...cmd, onBehalfOf: id }, actor: others.length ? r.pick(others).id : 'p99' };
      default:
        return { cmd, actor: anyone(m, r) };
    }
  }
  if (!p || p.chatUserId !== undefined || keepers(m).includes(id)) return { cmd, actor: id };
  return { cmd: { ...cmd, onBehalfOf: id }, actor: r.pick(keepers(m)) };
}

/** Mostly the first of `good`, else anyone from `all`. */
const mostly = <T>(r: Rand, good: readonly T[], all: readonly T[], p = 0.9): T | undefined =>
  good.length > 0 && r.chance(p) ? r.pick(good) : all.length > 0 ? r.pick(all) : undefined;

const attended = (m: Meeting): Participant[] =>
  m.participants.filter((p) => p.attendance === 'present' || p.attendance === 'left');

/**
 * Whom a chair who was asked first confirms leaving out: all of `missing`, mostly; now and then
 * one too few (refused, naming them), or someone more (who spoke or answered meanwhile: fine).
 */
function confirming(r: Rand, m: Meeting, missing: readonly Participant[]): { without?: string[] } {
  const ids = missing.map((p) => p.id);
  const roll = r.int(0, 19);
  if (roll === 0) return {};
  if (roll === 1) return { without: ids.slice(1) };
  if (roll === 2) return { without: [...ids, r.pick(m.participants).id] };
  return ids.length > 0 || r.chance(0.5) ? { without: ids } : {};
}

const today = (w: World, m: Meeting): string => dayIn(w.now, m.invitation.timeZone);

/** A due day: mostly today or later where the meeting is, sometimes gone by, rarely no day at all. */
function dueDay(w: World, m: Meeting, r: Rand): string {
  const roll = r.int(0, 99);
  if (roll < 8) return addDays(today(w, m), -r.int(1, 20));
  if (roll < 10) return r.pick(['2026-02-30', 'huomenna', '']);
  return addDays(today(w, m), r.int(0, 60));
}

const text = (r: Rand, pool: readonly string[]): string =>
  r.chance(0.04) ? r.pick(['', '   ', 'x'.repeat(6000)]) : r.pick(pool);

// ——— New meetings ———

/** A new meeting: the follow-up of the one that closed, or a fresh one. */
export function create(w: World, r: Rand): Proposal {
  const meetingId = `m${++w.meetings}`;
  const prev = w.m;
  const followUp = prev?.phase === 'closed' && prev.followUp && 'at' in prev.followUp;
  if (prev && followUp && (w.missing.has('review.record') || r.chance(0.85))) {
    const at = prev.followUp.at;
    const convener =
      prev.participants.find((p) => p.id === prev.responsibleId && p.chatUserId !== undefined) ??
      prev.participants.find((p) => p.id === prev.convenerId);
    const personOf = (p: Participant): PersonInput => ({
      name: p.name,
      role: p.role,
      ...(p.chatUserId ? { chatUserId: p.chatUserId } : {}),
    });
    if (convener)
      return {
        meetingId,
        actor: undefined,
        cmd: {
          type: 'meeting.create',
          invitation: {
            ...prev.invitation,
            startsAt: Date.parse(at) >= w.now ? at : iso(w.now + DAY),
          },
          convener: personOf(convener),
          invitees: prev.participants.filter((p) => p.id !== convener.id).map(personOf),
          previousMeetingId: prev.id,
        },
      };
  }
  const invitees: PersonInput[] = [newPerson(w, r, 'client', 0.6)];
  for (let i = r.int(1, 3); i > 0; i--) invitees.push(newPerson(w, r, 'close', 0.5));
  for (let i = r.int(1, 3); i > 0; i--) invitees.push(newPerson(w, r, 'worker', 0.9));
  const invitation = {
    purpose: 'Arjen tukeminen',
    topics: ['Koulu', 'Kotona'],
    startsAt: iso(w.now + r.int(0, 7 * 24) * 3_600_000),
    durationMinutes: r.pick([60, 90, 120]),
    place: 'Neuvotteluhuone',
    locale: r.pick<Locale>(['fi', 'sv', 'en']),
    timeZone: r.pick(ZONES),
  };
  const convener: PersonInput = { ...newPerson(w, r, 'worker', 1), organisation: 'Lastensuojelu' };
  if (r.chance(0.08)) {
    // Two clients, a start long gone, or someone twice: refused.
    switch (r.int(0, 2)) {
      case 0:
        invitees.push(newPerson(w, r, 'client', 0));
        break;
      case 1:
        invitation.startsAt = iso(w.now - 3 * DAY);
        break;
      default:
        invitees.push({ name: invitees[0]?.name ?? convener.name, role: 'close' });
    }
  }
  // Now and then the convener prepared the meeting with the client first.
  const preparation = r.chance(0.4)
    ? { goal: text(r, ['Koulupäivät sujuvat', 'Arki rauhoittuu']), clientAgreed: r.chance(0.5) }
    : undefined;
  return {
    meetingId,
    actor: undefined,
    cmd: { type: 'meeting.create', invitation, convener, invitees, ...(preparation ? { preparation } : {}) },
  };
}

/** The commitments of the meeting before, as the app hands them to the follow-up meeting when it starts. */
export function reviewOf(prev: Meeting, next: Meeting): ReviewInput[] {
  return prev.commitments.flatMap((c) => {
    const owner = person(prev, c.ownerId);
    if (!owner) return [];
    const there = next.participants.find((q) =>
      owner.chatUserId !== undefined
        ? q.chatUserId === owner.chatUserId
        : q.chatUserId === undefined && q.name === owner.name && q.role === owner.role,
    );
    return [
      {
        id: c.id,
        what: c.what,
        ...(there ? { ownerId: there.id } : {}),
        ownerName: owner.name,
        due: c.due,
        status: c.status,
      },
    ];
  });
}

// ——— One proposal per kind of command ———

type Builder = (w: World, r: Rand, m: Meeting) => Proposal | undefined;

const BUILD: Readonly<Record<CommandType, Builder>> = {
  // Over a meeting that exists: refused.
  'meeting.create': (w, r) => {
    const { cmd, actor } = create(w, r);
    return { cmd, actor };
  },
  'invitation.update': (w, r, m) => {
    const changes = r.pick([
      { purpose: r.pick(['Koulunkäynnin tukeminen', 'Arjen rytmi', '']) },
      { startsAt: iso(w.now + r.int(-4, 14 * 24) * 3_600_000) },
      { durationMinutes: r.pick([45, 90, 5]) },
      { place: r.pick(['Koulu', 'Nuorisotalo']) },
      { topics: r.chance(0.5) ? ['Koulu'] : ['Koulu', 'Harrastukset', 'Uni'] },
    ]);
    return byConvener(m, r, { type: 'invitation.update', changes });
  },
  'preparation.update': (_w, r, m) => {
    const changes = r.pick([
      { help: r.pick(['Saisimme kaikki saman pöydän ääreen', '']) },
      { who: r.pick(['Äiti, koulukuraattori', 'x'.repeat(1001)]) },
      { goal: r.pick(['Koulupäivät sujuvat', 'Arki rauhoittuu']) },
      { clientAgreed: r.chance(0.7) },
    ]);
    return byConvener(m, r, { type: 'preparation.update', changes });
  },
  'preparation.agree': (_w, r, m) => {
    const client = m.participants.find((p) => p.role === 'client');
    return { cmd: { type: 'preparation.agree' }, actor: client && r.chance(0.9) ? client.id : anyone(m, r) };
  },
  'invitee.add': (w, r, m) => {
    const roll = r.int(0, 19);
    const who =
      roll === 0
        ? newPerson(w, r, 'client', 0.5)
        : roll === 1
          ? { name: r.pick(m.participants).name, role: 'close' as const }
          : newPerson(w, r, r.pick<Role>(['close', 'worker']), 0.6);
    return byConvener(m, r, { type: 'invitee.add', person: who });
  },
  'invitee.remove': (_w, r, m) => {
    const removable = m.participants.filter((p) => p.role !== 'client' && p.id !== m.convenerId);
    const p = mostly(r, removable, m.participants);
    return p && byConvener(m, r, { type: 'invitee.remove', participantId: p.id });
  },
  'safe_adult.name': (_w, r, m) => {
    // Mostly a close one who is not the safe adult yet; now and then nobody, a worker or the same one.
    if (r.chance(0.15)) return byConvener(m, r, { type: 'safe_adult.name' });
    const close = m.participants.filter((p) => p.role === 'close' && !p.safeAdult);
    const p = mostly(r, close, m.participants, 0.8);
    return p && byConvener(m, r, { type: 'safe_adult.name', participantId: p.id });
  },
  'meeting.cancel': (_w, r, m) =>
    byConvener(m, r, { type: 'meeting.cancel', reason: text(r, ['Sairastuminen', 'Siirretään']) }),
  'attendance.mark': (_w, r, m) => {
    if (m.phase === 'invited' || r.chance(0.5)) {
      const p = mostly(
        r,
        m.participants.filter((q) => q.attendance !== 'present'),
        m.participants,
      );
      if (!p) return undefined;
      const status = m.phase === 'invited' && r.chance(0.15) ? 'absent' : 'present';
      const cmd: Command = { type: 'attendance.mark', participantId: p.id, status };
      return r.chance(0.6) ? byConvener(m, r, cmd) : bySubject(m, r, p.id, cmd);
    }
    // Someone here is called away; now and then the chair or the note-taker.
    const p = mostly(
      r,
      here(m).filter((q) => !keepers(m).includes(q.id)),
      here(m),
      0.85,
    );
    if (!p) return undefined;
    const cmd: Command = { type: 'attendance.mark', participantId: p.id, status: 'absent' };
    return r.chance(0.5) ? byKeeper(m, r, cmd) : bySubject(m, r, p.id, cmd);
  },
  'participant.join': (w, r, m) => {
    if (m.participants.length > 14) return undefined;
    const who = newPerson(w, r, r.pick<Role>(['close', 'worker']), 0.7);
    if (r.chance(0.06))
      return { cmd: { type: 'participant.join', person: { ...who, role: 'client' } }, actor: undefined };
    if (who.chatUserId && r.chance(0.5))
      return { cmd: { type: 'participant.join', person: who }, actor: undefined };
    return byKeeper(m, r, { type: 'participant.join', person: who });
  },
  'participant.leave': (_w, r, m) => {
    const leavers = here(m).filter((q) => !keepers(m).includes(q.id) && q.role !== 'client');
    const p =
      here(m).length > 4
        ? mostly(r, leavers, here(m), 0.9)
        : r.chance(0.2)
          ? r.pick(m.participants)
          : undefined;
    if (!p) return undefined;
    const cmd: Command = { type: 'participant.leave', participantId: p.id };
    return r.chance(0.5) ? byKeeper(m, r, cmd) : bySubject(m, r, p.id, cmd);
  },
  'account.claim': (w, r, m) => {
    const p = mostly(
      r,
      m.participants.filter((q) => q.chatUserId === undefined),
      m.participants,
    );
    if (!p) return undefined;
    const roll = r.int(0, 9);
    const pending = m.claims[0];
    const chatUserId =
      roll === 0
        ? (r.pick(m.participants).chatUserId ?? 'U-NOBODY')
        : roll === 1 && pending
          ? pending.chatUserId
          : r.chance(0.5)
            ? `U-CLAIM-${r.int(0, 3)}`
            : fresh(w).account;
    return {
      cmd: {
        type: 'account.claim',
        participantId: p.id,
        chatUserId,
        ...(r.chance(0.5) ? { displayName: p.name } : {}),
      },
      actor: r.chance(0.95) ? undefined : anyone(m, r),
    };
  },
  'account.confirm': (_w, r, m) => settle(r, m, 'account.confirm'),
  'account.refuse': (_w, r, m) => settle(r, m, 'account.refuse'),
  'meeting.start': (w, r, m) => {
    const review =
      w.reviewing && w.reviewing.id === m.previousMeetingId ? reviewOf(w.reviewing, m) : undefined;
    return byConvener(m, r, {
      type: 'meeting.start',
      ...(review ? { review } : r.chance(0.03) ? { review: [] } : {}),
    });
  },
  'chair.assign': (_w, r, m) => {
    const p = mostly(
      r,
      here(m).filter((q) => q.role === 'worker' && q.id !== chairOf(m)),
      m.participants,
    );
    return p && byChair(m, r, { type: 'chair.assign', participantId: p.id });
  },
  'notetaker.assign': (_w, r, m) => {
    const p = mostly(
      r,
      here(m).filter((q) => q.id !== m.noteTakerId && q.id !== chairOf(m) && q.role !== 'client'),
      m.participants,
    );
    return p && byChair(m, r, { type: 'notetaker.assign', participantId: p.id });
  },
  'phase.next': (_w, r, m) => byChair(m, r, { type: 'phase.next' }),
  'phase.skip': (_w, r, m) =>
    byChair(m, r, {
      type: 'phase.skip',
      reason: text(r, ['Aika loppuu', 'Sovittu jo aiemmin']),
      // Whoever holds the floor may be among them: a superset is fine.
      ...confirming(r, m, m.phase === 'feedback' ? attended(m).filter((p) => !m.feedback[p.id]) : unheard(m)),
    }),
  'round.start': (_w, r, m) => byChair(m, r, { type: 'round.start' }),
  'round.close': (_w, r, m) => byChair(m, r, { type: 'round.close' }),
  'floor.request': (_w, r, m) => {
    const p = mostly(
      r,
      here(m).filter((q) => q.id !== m.floor && !m.hands.includes(q.id)),
      m.participants,
    );
    return p && bySubject(m, r, p.id, { type: 'floor.request' });
  },
  'floor.withdraw': (_w, r, m) => {
    const id = mostly(
      r,
      m.hands,
      m.participants.map((p) => p.id),
    );
    return id === undefined ? undefined : bySubject(m, r, id, { type: 'floor.withdraw' });
  },
  'floor.give': (_w, r, m) => {
    const waiting = unheard(m).filter((p) => p.id !== m.floor);
    const first = waiting[0];
    // In the discussion a raised hand, out of the round's order: a reply or a question.
    const hands = m.hands.filter((h) => h !== m.floor);
    if (m.phase === 'discussion' && roundOpen(m) && hands.length > 0 && r.chance(0.4))
      return byChair(m, r, { type: 'floor.give', participantId: r.pick(hands) });
    const id = roundOpen(m)
      ? first && r.chance(0.8)
        ? first.id
        : r.pick(here(m).length ? here(m) : m.participants).id
      : mostly(
          r,
          m.hands,
          here(m).map((p) => p.id),
        );
    return id === undefined ? undefined : byChair(m, r, { type: 'floor.give', participantId: id });
  },
  'floor.next': (_w, r, m) => byChair(m, r, { type: 'floor.next' }),
  'turn.end': (_w, r, m) => {
    if (!m.floor) return byChair(m, r, { type: 'turn.end' });
    return r.chance(0.5)
      ? byChair(m, r, { type: 'turn.end' })
      : bySubject(m, r, m.floor, { type: 'turn.end' });
  },
  'turn.pass': (_w, r, m) => {
    if (m.floor && r.chance(0.3)) return byChair(m, r, { type: 'turn.pass' });
    const next = unheard(m)[0];
    const p = next && r.chance(0.85) ? next : r.pick(m.participants);
    return bySubject(m, r, p.id, { type: 'turn.pass' });
  },
  'note.add': (_w, r, m) => {
    const topic = r.chance(0.3) ? r.pick([...m.invitation.topics, 'Tuntematon aihe']) : undefined;
    return byKeeper(m, r, { type: 'note.add', text: text(r, TEXT), ...(topic ? { topic } : {}) });
  },
  'note.edit': (_w, r, m) => {
    const n = m.notes.length ? r.pick(m.notes) : undefined;
    const noteId = n && r.chance(0.95) ? n.id : 'n99';
    return byKeeper(m, r, { type: 'note.edit', noteId, text: r.chance(0.1) && n ? n.text : text(r, TEXT) });
  },
  'wish.record': (_w, r, m) => {
    const cmd: Command = {
      type: 'wish.record',
      text: text(r, ['Haluan jaksaa koulussa.', 'Enemmän kavereita.']),
    };
    const client = m.participants.find((p) => p.role === 'client');
    return client && r.chance(0.6) ? bySubject(m, r, client.id, cmd) : byKeeper(m, r, cmd);
  },
  'view.record': (_w, r, m) => {
    // Mostly someone here or who left, with a text or two; now and then someone absent, or all empty.
    const p = mostly(r, attended(m), m.participants);
    const said = (pool: readonly string[]) => (r.chance(0.6) ? { text: text(r, pool) } : undefined);
    const [wish, worry, possibility] = [said(VIEW_WISH), said(TEXT), said(VIEW_CAN)];
    return byKeeper(m, r, {
      type: 'view.record',
      participantId: p && r.chance(0.97) ? p.id : 'p99',
      ...(wish ? { wish: wish.text } : {}),
      ...(worry ? { worry: worry.text } : {}),
      ...(possibility ? { possibility: possibility.text } : {}),
    });
  },
  'commitment.add': (w, r, m) => {
    if (m.commitments.length >= 8) return undefined;
    const owner = mostly(r, here(m), m.participants);
    if (!owner) return undefined;
    const others = m.participants.filter((p) => p.id !== owner.id);
    const withWhom = r.chance(0.5)
      ? {
          participantIds: r.chance(0.95) ? others.slice(0, r.int(0, 2)).map((p) => p.id) : ['p99'],
          ...(r.chance(0.3) ? { others: [r.pick(['Nuorisotalon ohjaaja', 'Valmentaja', ''])] } : {}),
        }
      : undefined;
    const cmd: Command = {
      type: 'commitment.add',
      what: text(r, WHAT),
      ownerId: r.chance(0.97) ? owner.id : 'p99',
      due: dueDay(w, m, r),
      ...(withWhom ? { withWhom } : {}),
    };
    return r.chance(0.7) ? byKeeper(m, r, cmd) : bySubject(m, r, owner.id, cmd);
  },
  'commitment.edit': (w, r, m) => {
    const c = m.commitments.length ? r.pick(m.commitments) : undefined;
    if (!c) return undefined;
    const change = r.pick([
      { due: dueDay(w, m, r) },
      { what: text(r, WHAT) },
      { ownerId: mostly(r, here(m), m.participants)?.id ?? c.ownerId },
      { withWhom: { participantIds: [], others: ['Valmentaja'] } },
      { due: c.due },
    ]);
    const cmd: Command = { type: 'commitment.edit', commitmentId: c.id, ...change };
    return r.chance(0.7) ? byKeeper(m, r, cmd) : bySubject(m, r, c.ownerId, cmd);
  },
  'commitment.remove': (_w, r, m) => {
    const c = m.commitments.length && r.chance(0.95) ? r.pick(m.commitments) : undefined;
    return byKeeper(m, r, { type: 'commitment.remove', commitmentId: c?.id ?? 'c99' });
  },
  'commitment.confirm': (_w, r, m) => {
    const c = mostly(
      r,
      m.commitments.filter((x) => !x.confirmation),
      m.commitments,
    );
    if (!c) return undefined;
    const cmd: Command = {
      type: 'commitment.confirm',
      commitmentId: c.id,
      ...(r.chance(0.3) ? { clientComment: 'Kuulostaa hyvältä.' } : {}),
    };
    const client = m.participants.find((p) => p.role === 'client');
    return client && r.chance(0.6) ? bySubject(m, r, client.id, cmd) : byKeeper(m, r, cmd);
  },
  'commitment.status': (w, r, m) => {
    const c = m.commitments.length ? r.pick(m.commitments) : undefined;
    if (!c) return undefined;
    const status = r.pick(['done', 'needs_help', 'postponed', 'postponed', 'open'] as const);
    const later = addDays(c.due > today(w, m) ? c.due : today(w, m), r.int(1, 30));
    const cmd: Command = {
      type: 'commitment.status',
      commitmentId: c.id,
      status,
      ...(status === 'postponed'
        ? { newDue: r.chance(0.9) ? later : addDays(today(w, m), -r.int(1, 5)) }
        : {}),
      ...(r.chance(0.3) ? { note: 'Edistyy.' } : {}),
    };
    const roll = r.int(0, 9);
    if (roll < 5) return bySubject(m, r, c.ownerId, cmd);
    if (roll < 7) return byChair(m, r, cmd);
    if (m.responsibleId) {
      const owner = person(m, c.ownerId);
      return {
        cmd: owner?.chatUserId === undefined && r.chance(0.5) ? { ...cmd, onBehalfOf: c.ownerId } : cmd,
        actor: m.responsibleId,
      };
    }
    // Before there is a responsible worker: someone, or someone in the chat who is no participant.
    return { cmd, actor: r.chance(0.5) ? undefined : anyone(m, r) };
  },
  'review.record': (_w, r, m) => {
    const item = mostly(
      r,
      m.review.filter((i) => i.status !== 'done' && !i.outcome),
      m.review,
    );
    if (!item) return undefined;
    const cmd: Command = {
      type: 'review.record',
      itemId: r.chance(0.97) ? item.id : 'c99',
      outcome: r.pick(['done', 'continues', 'dropped'] as const),
      ...(r.chance(0.3) ? { note: 'Jatkuu.' } : {}),
    };
    return item.ownerId && r.chance(0.5) ? bySubject(m, r, item.ownerId, cmd) : byKeeper(m, r, cmd);
  },
  'reminders.mute': (_w, r, m) => {
    const p = r.pick(m.participants);
    const muted = r.chance(0.85) ? !m.muted.includes(p.id) : m.muted.includes(p.id);
    return { cmd: { type: 'reminders.mute', muted }, actor: r.chance(0.9) ? p.id : anyone(m, r) };
  },
  'responsible.assign': (_w, r, m) => {
    // Now and then someone who is not a worker, or not here.
    const p = r.chance(0.15)
      ? r.pick(m.participants.filter((q) => q.role !== 'worker' || q.attendance !== 'present'))
      : mostly(
          r,
          here(m).filter((q) => q.role === 'worker' && q.id !== m.responsibleId),
          m.participants,
        );
    return p && byChair(m, r, { type: 'responsible.assign', participantId: p.id });
  },
  'followup.agree': (w, r, m) => {
    const roll = r.int(0, 19);
    const someone = () => (r.chance(0.95) ? r.pick(m.participants).id : 'p99');
    const cmd: Command =
      roll === 0
        ? { type: 'followup.agree', at: iso(w.now - r.int(1, 48) * 3_600_000) }
        : roll === 1
          ? { type: 'followup.agree' }
          : roll < 5
            ? { type: 'followup.agree', noneReason: text(r, ['Tilanne arvioidaan puhelimitse']) }
            : roll < 8
              ? // The time to be agreed later, by someone; now and then by today, or mixed with a place.
                {
                  type: 'followup.agree',
                  agreeBy: r.chance(0.9) ? addDays(today(w, m), r.int(1, 30)) : today(w, m),
                  agreerId: someone(),
                  ...(r.chance(0.05) ? { place: 'Koulu' } : {}),
                }
              : {
                  type: 'followup.agree',
                  at: iso(w.now + r.int(1, 60) * DAY),
                  ...(r.chance(0.5) ? { place: text(r, ['Koulu', 'Nuorisotalo']) } : {}),
                  ...(r.chance(0.3) ? { onlineUrl: r.pick(['https://meet.example/abc', 'ei linkki']) } : {}),
                  ...(r.chance(0.6) ? { hostId: someone() } : {}),
                };
    return byChair(m, r, cmd);
  },
  'followup.confirm': (_w, r, m) => {
    const cmd: Command = {
      type: 'followup.confirm',
      ...(r.chance(0.3) ? { clientComment: 'Sopii, kunhan ei aamulla.' } : {}),
    };
    const client = m.participants.find((p) => p.role === 'client');
    return client && r.chance(0.6) ? bySubject(m, r, client.id, cmd) : byKeeper(m, r, cmd);
  },
  'memo.approve': (_w, r, m) => {
    const cmd: Command = {
      type: 'memo.approve',
      ...(r.chance(0.3) ? { clientComment: 'Hyvä muistio, kiitos.' } : {}),
    };
    const client = m.participants.find((p) => p.role === 'client');
    return client && r.chance(0.5) ? bySubject(m, r, client.id, cmd) : byKeeper(m, r, cmd);
  },
  'feedback.answer': (_w, r, m) => {
    const fresh = attended(m).filter((p) => !m.feedback[p.id]);
    const absent = m.participants.filter((p) => p.attendance === 'absent' || p.attendance === 'unknown');
    // Now and then someone who did not attend.
    const p = r.chance(0.12) ? mostly(r, absent, m.participants) : mostly(r, fresh, attended(m), 0.85);
    if (!p) return undefined;
    const score = () => (r.chance(0.03) ? r.pick([0, 6, 2.5]) : r.int(1, 5));
    const cmd: Command = {
      type: 'feedback.answer',
      hopeful: score(),
      trusting: score(),
      clearer: score(),
      ...(r.chance(0.3) ? { comment: r.pick(['Kiitos.', 'Jännitti.', 'Hyvä kokous']) } : {}),
    };
    return bySubject(m, r, p.id, cmd);
  },
  'meeting.close': (_w, r, m) =>
    byChair(m, r, {
      type: 'meeting.close',
      ...confirming(
        r,
        m,
        attended(m).filter((p) => !m.feedback[p.id]),
      ),
    }),
};

export const COMMAND_TYPES = Object.keys(BUILD) as CommandType[];

function settle(r: Rand, m: Meeting, type: 'account.confirm' | 'account.refuse'): Proposal | undefined {
  const c = m.claims.length && r.chance(0.92) ? r.pick(m.claims) : undefined;
  const claim = c ?? { participantId: r.pick(m.participants).id, chatUserId: `U-CLAIM-${r.int(0, 3)}` };
  const cmd: Command = { type, participantId: claim.participantId, chatUserId: claim.chatUserId };
  return r.chance(0.5) ? byConvener(m, r, cmd) : byChair(m, r, cmd);
}

// ——— What comes next ———

/**
 * Someone comes in while a round is open, until this run has seen both ways: a newcomer let in,
 * and an invitee who was not here (never marked, away, or gone and back) marked present.
 */
function lateArrival(w: World, r: Rand, m: Meeting): Proposal | undefined {
  if (!roundOpen(m) || w.latecomers.size === 0 || !r.chance(0.15)) return undefined;
  const away = m.participants.filter((p) => p.attendance !== 'present');
  if (w.latecomers.has('marked present') && away.length > 0)
    return byChair(m, r, { type: 'attendance.mark', participantId: r.pick(away).id, status: 'present' });
  return w.latecomers.has('joined') ? BUILD['participant.join'](w, r, m) : undefined;
}

/** The step that moves the meeting on from where it stands, as a chair keeping to the rules would take it. */
function progress(w: World, r: Rand, m: Meeting): Proposal | undefined {
  const b = (type: CommandType) => BUILD[type](w, r, m);
  // A hasty chair moves on before the phase is done, or closes the round before everyone is heard.
  if (running(m) && r.chance(0.06))
    return roundOpen(m) && r.chance(0.3)
      ? b('round.close')
      : b(m.phase === 'feedback' ? 'meeting.close' : 'phase.next');
  switch (m.phase) {
    case 'invited': {
      const client = m.participants.find((p) => p.role === 'client');
      const missing = m.participants.filter((p) => p.attendance === 'unknown');
      const needed = [client, person(m, m.convenerId)].filter((p) => p && p.attendance !== 'present');
      // Some invitees are never heard of: they stay unknown, and count as absent.
      if ((missing.length > 0 && r.chance(0.85)) || needed.length > 0) {
        const p = r.pick(needed.length > 0 && (r.chance(0.5) || missing.length === 0) ? needed : missing);
        if (!p) return undefined;
        const status =
          p.attendance === 'unknown' && !needed.includes(p) && r.chance(0.2) ? 'absent' : 'present';
        return byConvener(m, r, { type: 'attendance.mark', participantId: p.id, status });
      }
      return w.plan.cancel ? b('meeting.cancel') : b('meeting.start');
    }
    case 'opening':
    case 'why':
    case 'discussion': {
      const open = m.review.filter((i) => i.status !== 'done' && !i.outcome);
      if (m.phase === 'opening' && open.length > 0 && r.chance(0.3)) return b('review.record');
      const late = lateArrival(w, r, m);
      if (late) return late;
      // Between rounds the chair may start the next one while someone still holds the floor.
      if (m.floor)
        return m.phase === 'discussion' && !roundOpen(m) && r.chance(0.3) ? b('round.start') : b('turn.end');
      const round = roundOpen(m);
      const next = unheard(m)[0];
      if (round && next) {
        const roll = r.int(0, 9);
        // A hand goes up in the discussion, and the chair lets them reply in between.
        if (m.phase === 'discussion' && roll < 2)
          return m.hands.length > 0 ? b('floor.give') : b('floor.request');
        if (roll < 5) return b('floor.next');
        if (roll < 8) return byChair(m, r, { type: 'floor.give', participantId: next.id });
        return bySubject(m, r, next.id, { type: 'turn.pass' });
      }
      if (m.phase === 'opening' && open.length > 0) return b('review.record');
      const lean = (type: CommandType, p: number) => r.chance(w.missing.has(type) ? Math.min(1, 3 * p) : p);
      if (m.phase === 'discussion' && round && lean('round.close', 0.3)) return b('round.close');
      if (m.phase === 'discussion' && !round && lean('round.start', 0.4)) return b('round.start');
      return lean('phase.skip', 0.1) && SKIPPABLE.includes(m.phase) ? b('phase.skip') : b('phase.next');
    }
    case 'roles':
      if (!m.chairId) return b('chair.assign');
      if (!m.noteTakerId) return b('notetaker.assign');
      return m.floor ? b('turn.end') : r.chance(0.1) ? b('phase.skip') : b('phase.next');
    case 'summary': {
      if (m.commitments.length < w.plan.commitments) return b('commitment.add');
      if (m.commitments.some((c) => !c.confirmation)) return b('commitment.confirm');
      return m.floor ? b('turn.end') : b('phase.next');
    }
    case 'followup':
      if (!m.responsibleId) return b('responsible.assign');
      if (!m.followUp) {
        const at = { type: 'followup.agree', at: iso(w.now + r.int(1, 60) * DAY) } as const;
        return w.plan.followUpAt ? byChair(m, r, at) : b('followup.agree');
      }
      if (!m.followUpConfirmation) return b('followup.confirm');
      return m.floor ? b('turn.end') : b('phase.next');
    case 'feedback': {
      const waiting = attended(m).filter((p) => !m.feedback[p.id]);
      if (Object.keys(m.feedback).length < w.plan.answers && waiting.length > 0)
        return bySubject(m, r, r.pick(waiting).id, {
          type: 'feedback.answer',
          hopeful: r.int(1, 5),
          trusting: r.int(1, 5),
          clearer: r.int(1, 5),
        });
      return r.chance(0.1) ? b('phase.skip') : b('meeting.close');
    }
    case 'closed':
      // The memo is a draft first: the note-taker finishes it, and it is reviewed with the client.
      if (m.memoDraft && r.chance(0.6))
        return r.chance(0.3) ? b(r.pick(['note.add', 'note.edit'])) : b('memo.approve');
      return r.chance(0.8) ? b('commitment.status') : b('reminders.mute');
    default:
      return undefined;
  }
}

type Weights = readonly (readonly [CommandType, number])[];

const INVITED: Weights = [
  ['attendance.mark', 4],
  ['invitation.update', 3],
  ['preparation.update', 2],
  ['preparation.agree', 2],
  ['invitee.add', 2],
  ['invitee.remove', 1],
  ['safe_adult.name', 1],
  ['account.claim', 3],
  ['account.confirm', 2],
  ['account.refuse', 1],
  ['reminders.mute', 1],
  ['meeting.cancel', 1],
];
const RUNNING: Weights = [
  ['floor.request', 4],
  ['floor.withdraw', 2],
  ['floor.give', 3],
  ['floor.next', 2],
  ['turn.end', 2],
  ['turn.pass', 2],
  ['note.add', 3],
  ['note.edit', 2],
  ['wish.record', 2],
  ['view.record', 2],
  ['attendance.mark', 2],
  ['participant.join', 2],
  ['participant.leave', 2],
  ['chair.assign', 1],
  ['notetaker.assign', 1],
  ['account.claim', 2],
  ['account.confirm', 1],
  ['account.refuse', 1],
  ['reminders.mute', 1],
  ['phase.skip', 1],
  ['review.record', 2],
];
const AGREEING_W: Weights = [
  ['commitment.add', 4],
  ['commitment.edit', 3],
  ['commitment.remove', 1],
  ['commitment.confirm', 3],
  ['commitment.status', 1],
  ['round.start', 1],
  ['round.close', 1],
];
const BY_PHASE: Readonly<Record<string, Weights>> = {
  invited: INVITED,
  opening: RUNNING,
  roles: RUNNING,
  why: RUNNING,
  discussion: [...RUNNING, ...AGREEING_W],
  summary: [...RUNNING, ...AGREEING_W, ['commitment.status', 3]],
  followup: [
    ...RUNNING,
    ['responsible.assign', 3],
    ['followup.agree', 3],
    ['followup.confirm', 2],
    ['commitment.status', 2],
  ],
  feedback: [...RUNNING, ['feedback.answer', 8], ['commitment.status', 2], ['meeting.close', 1]],
  closed: [
    ['commitment.status', 5],
    ['reminders.mute', 2],
    ['memo.approve', 2],
    ['note.add', 1],
    ['note.edit', 1],
  ],
};

function weighted(r: Rand, weights: Weights, missing: ReadonlySet<CommandType>): CommandType {
  const weight = (type: CommandType, n: number) => (missing.has(type) ? 4 * n : n);
  const total = weights.reduce((sum, [type, n]) => sum + weight(type, n), 0);
  let roll = r.int(0, total - 1);
  for (const [type, n] of weights) {
    if (roll < weight(type, n)) return type;
    roll -= weight(type, n);
  }
  return weights[0]?.[0] ?? 'phase.next';
}

/** The next command: mostly what moves the meeting on or belongs to its phase, sometimes anything from anyone. */
export function propose(w: World, r: Rand): Proposal {
  const m = w.m;
  if (!m || m.phase === 'cancelled' || (m.phase === 'closed' && w.aftercare >= w.plan.aftercare))
    return create(w, r);
  const roll = r.int(0, 99);
  if (roll < 10) {
    // Anything, from anyone, for anyone.
    const p = BUILD[r.pick(COMMAND_TYPES)](w, r, m) ?? { cmd: { type: 'phase.next' }, actor: undefined };
    const onBehalfOf = r.chance(0.2) ? r.pick(m.participants).id : p.cmd.onBehalfOf;
    const cmd = { ...p.cmd, ...(onBehalfOf ? { onBehalfOf } : {}) } as Command;
    return { ...p, cmd, actor: r.chance(0.5) ? anyone(m, r) : p.actor };
  }
  if (roll < 50 || !running(m)) {
    const p = progress(w, r, m);
    if (p && (roll < 50 || r.chance(0.5))) return p;
  }
  const weights = BY_PHASE[m.phase] ?? RUNNING;
  for (let tries = 0; tries < 5; tries++) {
    const p = BUILD[weighted(r, weights, w.missing)](w, r, m);
    if (p) return p;
  }
  return progress(w, r, m) ?? byChair(m, r, { type: 'phase.next' });
}

/** A run's world before its first step: no meeting, every command and way of coming in still to see. */
export function newWorld(r: Rand): World {
  const missing = new Set(COMMAND_TYPES);
  return {
    m: undefined,
    missing,
    latecomers: new Set<Latecomer>(['joined', 'marked present']),
    now: Date.parse(TEST_NOW),
    plan: planOf(r, missing),
    reviewing: undefined,
    aftercare: 0,
    meetings: 0,
    made: 0,
  };
}
