/** Views of a meeting that the rules and the cards share. Pure. */
import {
  type Commitment,
  MEETING_PHASES,
  type Meeting,
  type Participant,
  type PersonView,
  type Phase,
  ROLE_ORDER,
  type Role,
  type Round,
} from './types.js';

export const roleRank = (role: Role): number => ROLE_ORDER.indexOf(role);

/**
 * `derive` worked out once per value: a meeting and its parts are never changed in place (evolve
 * makes a new one), so what is derived from one stays true of it. The cards ask the rules about
 * each person on every drawing; without this each question would sort and scan the people again.
 */
function once<K extends object, V>(derive: (key: K) => V): (key: K) => V {
  const known = new WeakMap<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = derive(key);
    known.set(key, value);
    return value;
  };
}

/** The participants by id; the first of them if two had one (none do). */
const byId = once((participants: readonly Participant[]): ReadonlyMap<string, Participant> => {
  const map = new Map<string, Participant>();
  for (const p of participants) if (!map.has(p.id)) map.set(p.id, p);
  return map;
});

/** The participant with this id; nobody for `undefined` (every participant has an id). */
export const findParticipant = (m: Meeting, id: string | undefined): Participant | undefined =>
  id === undefined ? undefined : byId(m.participants).get(id);

export const isPresent = (p: Participant | undefined): boolean => p?.attendance === 'present';

export const presentParticipants = (m: Meeting): readonly Participant[] => m.participants.filter(isPresent);

export const client = (m: Meeting): Participant | undefined =>
  m.participants.find((p) => p.role === 'client');

/** The chair, or the convener until a chair is chosen. */
export const actingChairId = (m: Meeting): string => m.chairId ?? m.convenerId;

export const isActingChair = (m: Meeting, id: string | undefined): boolean => id === actingChairId(m);

/** The chair and the note-taker keep the record, and may act for someone without a chat account. */
export const keepsRecord = (m: Meeting, id: string | undefined): boolean =>
  id !== undefined && (isActingChair(m, id) || id === m.noteTakerId);

const openOf = once((rounds: readonly Round[]) => ({ round: rounds.find((r) => r.status === 'open') }));

export const openRound = (m: Meeting): Round | undefined => openOf(m.rounds).round;

export const isHeardIn = (round: Round, participantId: string): boolean =>
  round.turns.some((t) => t.participantId === participantId);

const orderOf = once((participants: readonly Participant[]): readonly Participant[] =>
  participants.filter(isPresent).sort((a, b) => roleRank(a.role) - roleRank(b.role)),
);

/** Present participants in speaking order: client, close ones, workers; invitation order within a role. */
export const speakingOrder = (m: Meeting): readonly Participant[] => orderOf(m.participants);

/** Present participants who have neither spoken nor passed in the open round, in speaking order. */
export const notHeardInRound = once((m: Meeting): readonly Participant[] => {
  const round = openRound(m);
  return round ? speakingOrder(m).filter((p) => !isHeardIn(round, p.id)) : [];
});

/** Present participants who have not spoken at all in this meeting. */
export const notSpokenInMeeting = (m: Meeting): readonly Participant[] =>
  speakingOrder(m).filter((p) => !m.spoken.includes(p.id));

/**
 * Client first: in an open round someone may take a turn only when every present participant
 * of an earlier role has spoken or passed. Outside a round anyone may be given the floor.
 */
export const mayTakeTurnNow = (m: Meeting, participantId: string): boolean => {
  const round = openRound(m);
  const who = findParticipant(m, participantId);
  if (!who || !isPresent(who)) return false;
  if (!round) return true;
  if (isHeardIn(round, participantId)) return false;
  // They themself are among the unheard too, of a role no earlier than their own.
  return notHeardInRound(m).every((p) => roleRank(p.role) >= roleRank(who.role));
};

/**
 * Whose turn it is next in the open round: the first one not yet heard, in speaking order (no one
 * of an earlier role is left unheard before them, so they may take their turn now). Asked of the
 * meeting as the next speaker finds it: whoever held the floor has had their turn.
 */
export const nextInRound = (m: Meeting): Participant | undefined => notHeardInRound(m)[0];

/** Started and not yet over: in one of the meeting's phases (not invited, closed or cancelled). */
export const isRunning = (m: Meeting): boolean => (MEETING_PHASES as readonly Phase[]).includes(m.phase);

/**
 * Who gets the memo: the meeting's own people (invitees and those who joined), never a team or
 * workspace. Those without a chat account are returned apart, for the note-taker to deliver by hand.
 */
export const memoRecipients = (
  m: Meeting,
): { readonly chat: readonly Participant[]; readonly byHand: readonly Participant[] } => ({
  chat: m.participants.filter((p) => p.chatUserId !== undefined),
  byHand: m.participants.filter((p) => p.chatUserId === undefined),
});

/** Closed, and its memo not yet reviewed: it goes to its reviewers only, and may still be written. */
export const isMemoDraft = (m: Meeting): boolean => m.phase === 'closed' && m.memoDraft === true;

/**
 * Who reviews the memo before it goes: the chair, the note-taker and the client. (The convener acts
 * as chair only until a chair is chosen, and a meeting closes with one.)
 */
export const memoReviewers = (m: Meeting): readonly Participant[] =>
  m.participants.filter((p) => p.id === actingChairId(m) || p.id === m.noteTakerId || p.role === 'client');

/** A commitment not done whose day ("YYYY-MM-DD" in the meeting's time zone) is before `today`. */
export const isOverdue = (c: Commitment, today: string): boolean => c.status !== 'done' && c.due < today;

/** One person's view as the memo and the form give it; for the client, the wish is the client's wish. */
export function viewOf(m: Meeting, participantId: string): PersonView | undefined {
  const own = m.views[participantId];
  const isClient = client(m)?.id === participantId;
  const view = isClient && m.clientWish ? { ...own, wish: m.clientWish } : own;
  return view && Object.keys(view).length > 0 ? view : undefined;
}
