/**
 * Erasing one person from a meeting's history, on their request: their name and details, what
 * they said (notes they wrote, the wish and what was prepared with them if they are the client,
 * their view, their comments and reasons) and what they committed to are taken out of every event,
 * and their name (and first name, inflected or not) wherever someone else wrote it; the others'
 * records stay as they were, with the person standing in them under a neutral name. The events keep
 * their number and order, and a last one,
 * `participant.erased`, settles the state: the person's commitments, notes and claims are gone.
 * Pure: the app rewrites the stream with what this gives.
 */
import type { Event, EventOf } from './events.js';
import { type Participant, PREPARATION_FIELDS, type Preparation } from './types.js';

export interface ErasedPerson {
  /** Their participant id in this meeting; absent when they were not in it but are named in it (a review). */
  readonly participantId?: string;
  /** Every name they had (as invited, as edited). */
  readonly names: readonly string[];
  /** What stands for them from now on ("Erased person", in the meeting's language). */
  readonly standIn: string;
}

/** What the last event says to remove from the state. */
export interface ErasedParts {
  readonly commitmentIds: readonly string[];
  readonly noteIds: readonly string[];
  readonly reviewItemIds: readonly string[];
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Their full names and first names, as whole words with any ending ("Ainon", "Aino Laineen"). A
 * first name someone else in the meeting also has is left: it would rename them too.
 */
function namePattern(names: readonly string[], others: readonly string[]): RegExp | undefined {
  const words = new Set<string>();
  const firstOf = (name: string) => name.trim().split(/\s+/)[0] ?? '';
  const taken = new Set(others.map(firstOf));
  for (const name of names) {
    const full = name.trim();
    if (full.length === 0) continue;
    words.add(full);
    const first = firstOf(full);
    // A very short first name would take too much of other words with it.
    if (first.length >= 3 && !taken.has(first)) words.add(first);
  }
  if (words.size === 0) return undefined;
  const alternatives = [...words].sort((a, b) => b.length - a.length).map(literal);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})\\p{L}*`, 'gu');
}

/** Every string in a value with the names replaced; other values as they are. */
function renamed<T>(value: T, pattern: RegExp, standIn: string): T {
  if (typeof value === 'string') return value.replace(pattern, standIn) as T;
  if (Array.isArray(value)) return value.map((v) => renamed(v, pattern, standIn)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v, pattern, standIn)])) as T;
  return value;
}

const without = <T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> => {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
};

/** A preparation without its answers: only whether the client agreed is left. */
const unprepared = (p: Preparation): Preparation => without(p, ...PREPARATION_FIELDS);

/**
 * The meeting's events with `person` taken out, and what the closing `participant.erased` event
 * removes from the state.
 */
export function erasePerson(
  events: readonly Event[],
  person: ErasedPerson,
): { readonly events: Event[]; readonly parts: ErasedParts } {
  const id = person.participantId;
  const names = new Set(person.names);
  const isThem = (pid: string | undefined) => id !== undefined && pid === id;
  const byThem = (e: Event) => isThem(e.by) || isThem(e.onBehalfOf);
  const anonymous = (p: Participant): Participant =>
    p.id === id ? { ...without(p, 'relation', 'organisation', 'chatUserId'), name: person.standIn } : p;
  // Whether they are the client: the wish and the client's comments are theirs.
  const created = events.find((e): e is EventOf<'meeting.created'> => e.type === 'meeting.created');
  const everyone = [
    ...(created?.participants ?? []),
    ...events.flatMap((e) =>
      e.type === 'invitee.added' || e.type === 'participant.joined' ? [e.participant] : [],
    ),
  ];
  const client = everyone.some((p) => isThem(p.id) && p.role === 'client');
  const commitmentIds = new Set<string>();
  const noteIds = new Set<string>();
  const reviewItemIds = new Set<string>();
  for (const e of events) {
    if ((e.type === 'commitment.added' || e.type === 'commitment.edited') && isThem(e.ownerId))
      commitmentIds.add(e.commitmentId);
    if (e.type === 'note.added' && byThem(e)) noteIds.add(e.noteId);
    if (e.type === 'meeting.started')
      for (const r of e.review ?? [])
        if (isThem(r.ownerId) || names.has(r.ownerName)) reviewItemIds.add(r.id);
  }
  const redact = (e: Event): Event => {
    switch (e.type) {
      case 'meeting.created':
        return {
          ...(client && e.preparation ? { ...e, preparation: unprepared(e.preparation) } : e),
          participants: e.participants.map(anonymous),
        };
      case 'preparation.updated':
        // The answers prepared with the client are about the client; that they agreed stays, as a fact.
        return client ? { ...e, preparation: unprepared(e.preparation) } : e;
      case 'invitee.added':
      case 'participant.joined':
        return { ...e, participant: anonymous(e.participant) };
      case 'account.claimed':
      case 'account.linked':
      case 'account.claim_refused':
        return isThem(e.participantId)
          ? { ...without(e as EventOf<'account.claimed'>, 'displayName'), chatUserId: '' }
          : e;
      case 'note.added':
      case 'note.edited':
        return noteIds.has(e.noteId) || byThem(e) ? { ...e, text: '' } : e;
      case 'wish.recorded':
        return client || byThem(e) ? { ...e, text: '' } : e;
      // Their view is what they said; one they wrote down for another is the other's, and stays.
      case 'view.recorded':
        return isThem(e.participantId) ? without(e, 'wish', 'worry', 'possibility') : e;
      case 'commitment.added':
      case 'commitment.edited':
        return commitmentIds.has(e.commitmentId)
          ? { ...e, what: '', withOthers: [], withParticipants: [] }
          : { ...e, withParticipants: e.withParticipants.filter((p) => !isThem(p)) };
      case 'commitment.confirmed':
        return commitmentIds.has(e.commitmentId) || client || byThem(e) ? without(e, 'clientComment') : e;
      case 'commitment.status_changed':
        return commitmentIds.has(e.commitmentId) || byThem(e) ? without(e, 'note') : e;
      case 'meeting.started':
        return e.review
          ? {
              ...e,
              review: e.review.map((r) =>
                reviewItemIds.has(r.id)
                  ? {
                      ...without(r, 'statusNote', 'outcomeNote', 'ownerId'),
                      what: '',
                      ownerName: person.standIn,
                    }
                  : r,
              ),
            }
          : e;
      case 'review.recorded':
        return reviewItemIds.has(e.itemId) || byThem(e) ? without(e, 'note') : e;
      case 'feedback.answered':
        return isThem(e.participantId) ? { ...e, answer: without(e.answer, 'comment') } : e;
      case 'phase.changed':
        return byThem(e) && e.skipReason !== undefined ? { ...e, skipReason: '' } : e;
      case 'meeting.cancelled':
        return byThem(e) ? { ...e, reason: '' } : e;
      case 'followup.agreed':
        if (!byThem(e)) return e;
        if ('noneReason' in e.followUp) return { ...e, followUp: { noneReason: '' } };
        return 'at' in e.followUp ? { ...e, followUp: without(e.followUp, 'place') } : e;
      case 'followup.confirmed':
      case 'memo.approved':
        return client || byThem(e) ? without(e, 'clientComment') : e;
      default:
        return e;
    }
  };
  const pattern = namePattern(
    person.names,
    everyone.filter((p) => !isThem(p.id) && !names.has(p.name)).map((p) => p.name),
  );
  return {
    events: events.map((e) => {
      const kept = redact(e);
      return pattern ? renamed(kept, pattern, person.standIn) : kept;
    }),
    parts: { commitmentIds: [...commitmentIds], noteIds: [...noteIds], reviewItemIds: [...reviewItemIds] },
  };
}
