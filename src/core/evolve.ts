/** evolve(meeting, event) → meeting: how each event changes the meeting. Pure; never rejects. */
import type { Event } from './events.js';
import { isMeetingPhase } from './phases.js';
import {
  type Commitment,
  type Meeting,
  type Participant,
  type PersonView,
  type Round,
  VIEW_FIELDS,
} from './types.js';

/** Nobody holds the floor. */
const FREE_FLOOR = { floor: undefined, floorOutOfTurn: undefined } as const;

/** The floor as it is, unless `participantId` holds it: then it is free. */
const floorWithout = (m: Meeting, participantId: string): Partial<Meeting> =>
  m.floor === participantId ? FREE_FLOOR : {};

const withoutFloorAndHand = (m: Meeting, participantId: string): Partial<Meeting> => ({
  ...floorWithout(m, participantId),
  hands: m.hands.filter((h) => h !== participantId),
});

const updateParticipant = (m: Meeting, id: string, change: Partial<Participant>): readonly Participant[] =>
  m.participants.map((p) => (p.id === id ? { ...p, ...change } : p));

const updateCommitment = (m: Meeting, id: string, change: Partial<Commitment>): readonly Commitment[] =>
  m.commitments.map((c) => (c.id === id ? { ...c, ...change } : c));

/** Records a turn in the open round, once per participant. */
const recordTurn = (m: Meeting, participantId: string, kind: 'spoke' | 'passed'): readonly Round[] =>
  m.rounds.map((r) =>
    r.status === 'open' && !r.turns.some((t) => t.participantId === participantId)
      ? { ...r, turns: [...r.turns, { participantId, kind }] }
      : r,
  );

const setRoundStatus = (m: Meeting, roundId: string, status: Round['status']): readonly Round[] =>
  m.rounds.map((r) => (r.id === roundId ? { ...r, status } : r));

/**
 * `m` with one person's view as `said` gives it, or without one when it gives no text. The client's
 * wish is the meeting's `clientWish`: it is set (or taken away) there, and their view keeps the rest.
 */
function withView(m: Meeting, participantId: string, said: PersonView): Meeting {
  const isClient = m.participants.some((p) => p.id === participantId && p.role === 'client');
  const view: Record<string, string> = {};
  for (const field of VIEW_FIELDS) {
    const text = said[field];
    if (text && !(isClient && field === 'wish')) view[field] = text;
  }
  const { [participantId]: _, ...others } = m.views;
  return {
    ...m,
    ...(isClient ? { clientWish: said.wish || undefined } : {}),
    views: Object.keys(view).length > 0 ? { ...others, [participantId]: view } : others,
  };
}

export function create(event: Extract<Event, { type: 'meeting.created' }>): Meeting {
  return {
    id: event.meetingId,
    version: 1,
    phase: 'invited',
    invitation: event.invitation,
    convenerId: event.by ?? event.participants[0]?.id ?? '',
    participants: event.participants,
    claims: [],
    rounds: [],
    spoken: [],
    hands: [],
    notes: [],
    views: {},
    commitments: [],
    ...(event.previousMeetingId ? { previousMeetingId: event.previousMeetingId } : {}),
    ...(event.preparation ? { preparation: event.preparation } : {}),
    review: [],
    muted: [],
    feedback: {},
    pollClosed: false,
    skipped: [],
    seq: { participant: event.participants.length, note: 0, commitment: 0, round: 0 },
  };
}

function apply(m: Meeting, e: Event): Meeting {
  switch (e.type) {
    case 'meeting.created':
      return create(e);
    case 'invitation.updated':
      return { ...m, invitation: e.invitation };
    case 'preparation.updated':
      return { ...m, preparation: e.preparation };
    case 'preparation.agreed':
      return { ...m, preparation: { ...m.preparation, consent: { at: e.at, by: e.by ?? '' } } };
    case 'invitee.added':
    case 'participant.joined':
      return {
        ...m,
        participants: [...m.participants, e.participant],
        // An account that is now someone's in the meeting can no longer become another's.
        claims: m.claims.filter((c) => c.chatUserId !== e.participant.chatUserId),
        seq: { ...m.seq, participant: m.seq.participant + 1 },
      };
    case 'invitee.removed':
      return {
        ...m,
        participants: m.participants.filter((p) => p.id !== e.participantId),
        claims: m.claims.filter((c) => c.participantId !== e.participantId),
      };
    case 'safe_adult.named':
      return {
        ...m,
        participants: m.participants.map((p) => {
          if (p.id === e.participantId) return { ...p, safeAdult: true as const };
          if (!p.safeAdult) return p;
          const { safeAdult: _, ...rest } = p;
          return rest;
        }),
      };
    case 'meeting.cancelled':
      return { ...m, phase: 'cancelled', cancelReason: e.reason };
    case 'attendance.marked':
      return {
        ...m,
        // Only someone present holds the floor or has a hand up: one marked present had neither.
        ...withoutFloorAndHand(m, e.participantId),
        participants: updateParticipant(m, e.participantId, { attendance: e.status }),
      };
    case 'participant.left':
      return {
        ...m,
        ...withoutFloorAndHand(m, e.participantId),
        participants: updateParticipant(m, e.participantId, { attendance: 'left' }),
      };
    case 'account.claimed':
      return {
        ...m,
        claims: [
          ...m.claims,
          {
            participantId: e.participantId,
            chatUserId: e.chatUserId,
            ...(e.displayName ? { displayName: e.displayName } : {}),
          },
        ],
      };
    case 'account.linked':
      return {
        ...m,
        participants: updateParticipant(m, e.participantId, { chatUserId: e.chatUserId }),
        // Settled for this person and this account alike: other claims on either are moot.
        claims: m.claims.filter((c) => c.participantId !== e.participantId && c.chatUserId !== e.chatUserId),
      };
    case 'account.claim_refused':
      return {
        ...m,
        claims: m.claims.filter((c) => c.participantId !== e.participantId || c.chatUserId !== e.chatUserId),
      };
    case 'meeting.started':
      return { ...m, startedAt: e.at, review: e.review ?? m.review };
    case 'chair.assigned':
      return { ...m, chairId: e.participantId };
    case 'notetaker.assigned':
      return { ...m, noteTakerId: e.participantId };
    case 'phase.changed':
      return {
        ...m,
        phase: e.to,
        ...FREE_FLOOR,
        // Only a phase of the meeting is ever skipped; the check is for the type.
        skipped:
          e.skipReason !== undefined && isMeetingPhase(e.from)
            ? [...m.skipped, { phase: e.from, reason: e.skipReason }]
            : m.skipped,
      };
    case 'round.started':
      return {
        ...m,
        rounds: [...m.rounds, { id: e.roundId, phase: e.phase, status: 'open', turns: [] }],
        seq: { ...m.seq, round: m.seq.round + 1 },
      };
    case 'round.closed':
      return { ...m, ...FREE_FLOOR, rounds: setRoundStatus(m, e.roundId, 'closed') };
    case 'round.abandoned':
      return { ...m, ...FREE_FLOOR, rounds: setRoundStatus(m, e.roundId, 'abandoned') };
    case 'floor.requested':
      return { ...m, hands: [...m.hands, e.participantId] };
    case 'floor.withdrawn':
      return { ...m, hands: m.hands.filter((h) => h !== e.participantId) };
    case 'floor.given':
      return {
        ...m,
        floor: e.participantId,
        floorOutOfTurn: e.outOfTurn,
        hands: m.hands.filter((h) => h !== e.participantId),
      };
    case 'turn.ended':
      return {
        ...m,
        ...FREE_FLOOR,
        // A reply out of the round's order is spoken, but it is not the speaker's turn in the round.
        rounds: m.floorOutOfTurn ? m.rounds : recordTurn(m, e.participantId, 'spoke'),
        spoken: m.spoken.includes(e.participantId) ? m.spoken : [...m.spoken, e.participantId],
      };
    case 'turn.passed':
      return {
        ...m,
        ...floorWithout(m, e.participantId),
        rounds: recordTurn(m, e.participantId, 'passed'),
      };
    case 'note.added':
      return {
        ...m,
        notes: [
          ...m.notes,
          {
            id: e.noteId,
            phase: e.phase,
            text: e.text,
            by: e.by ?? '',
            ...(e.topic ? { topic: e.topic } : {}),
          },
        ],
        seq: { ...m.seq, note: m.seq.note + 1 },
      };
    case 'note.edited':
      return { ...m, notes: m.notes.map((n) => (n.id === e.noteId ? { ...n, text: e.text } : n)) };
    case 'wish.recorded':
      return { ...m, clientWish: e.text };
    case 'view.recorded':
      return withView(m, e.participantId, e);
    case 'commitment.added':
      return {
        ...m,
        commitments: [
          ...m.commitments,
          {
            id: e.commitmentId,
            what: e.what,
            ownerId: e.ownerId,
            due: e.due,
            withParticipants: e.withParticipants,
            withOthers: e.withOthers,
            status: 'open',
          },
        ],
        seq: { ...m.seq, commitment: m.seq.commitment + 1 },
      };
    case 'commitment.edited': {
      const { what, ownerId, due, withParticipants, withOthers } = e;
      return {
        ...m,
        commitments: updateCommitment(m, e.commitmentId, {
          what,
          ownerId,
          due,
          withParticipants,
          withOthers,
          confirmation: undefined,
        }),
      };
    }
    case 'commitment.removed':
      return { ...m, commitments: m.commitments.filter((c) => c.id !== e.commitmentId) };
    case 'commitment.confirmed':
      return {
        ...m,
        commitments: updateCommitment(m, e.commitmentId, {
          confirmation: { at: e.at, ...(e.clientComment ? { clientComment: e.clientComment } : {}) },
        }),
      };
    case 'commitment.status_changed':
      return {
        ...m,
        commitments: updateCommitment(m, e.commitmentId, {
          status: e.status,
          due: e.due,
          statusNote: e.note,
        }),
      };
    case 'review.recorded':
      return {
        ...m,
        review: m.review.map((r) =>
          r.id === e.itemId ? { ...r, outcome: e.outcome, outcomeNote: e.note } : r,
        ),
      };
    case 'reminders.muted':
      return {
        ...m,
        muted: e.muted
          ? [...m.muted.filter((id) => id !== e.participantId), e.participantId]
          : m.muted.filter((id) => id !== e.participantId),
      };
    // A change to either means the client has to be asked again.
    case 'responsible.assigned':
      return { ...m, responsibleId: e.participantId, followUpConfirmation: undefined };
    case 'followup.agreed':
      return { ...m, followUp: e.followUp, followUpConfirmation: undefined };
    case 'followup.confirmed':
      return {
        ...m,
        followUpConfirmation: { at: e.at, ...(e.clientComment ? { clientComment: e.clientComment } : {}) },
      };
    case 'feedback.answered':
      return { ...m, feedback: { ...m.feedback, [e.participantId]: e.answer } };
    case 'participant.erased': {
      const gone = (id: string) => id === e.participantId;
      return {
        ...m,
        participants: m.participants.map((p) => {
          if (!gone(p.id)) return p;
          const { chatUserId: _, relation: __, organisation: ___, ...kept } = p;
          return { ...kept, erased: true as const };
        }),
        claims: m.claims.filter((c) => !gone(c.participantId)),
        ...(e.participantId ? withoutFloorAndHand(m, e.participantId) : {}),
        notes: m.notes.filter((n) => !e.noteIds.includes(n.id)),
        views: Object.fromEntries(Object.entries(m.views).filter(([id]) => !gone(id))),
        commitments: m.commitments
          .filter((c) => !e.commitmentIds.includes(c.id))
          .map((c) => ({ ...c, withParticipants: c.withParticipants.filter((id) => !gone(id)) })),
        review: m.review.filter((r) => !e.reviewItemIds.includes(r.id)),
        muted: m.muted.filter((id) => !gone(id)),
      };
    }
    case 'poll.closed':
      return { ...m, pollClosed: true };
    case 'meeting.closed':
      // It always comes right after the change to `closed`, at the same time: when it closed is set here.
      return {
        ...m,
        phase: 'closed',
        closedAt: e.at,
        ...FREE_FLOOR,
        hands: [],
        ...(e.memoReview ? { memoDraft: true as const } : {}),
      };
    case 'memo.approved':
      return {
        ...m,
        memoDraft: undefined,
        memoApproval: {
          at: e.at,
          by: e.by ?? '',
          withClient: e.withClient === true,
          ...(e.clientComment ? { clientComment: e.clientComment } : {}),
        },
      };
  }
}

/** Applies one event. Only `meeting.created` may start from no meeting. */
export function evolve(meeting: Meeting | undefined, event: Event): Meeting {
  if (!meeting) {
    if (event.type !== 'meeting.created') throw new Error(`cannot apply ${event.type} to no meeting`);
    return create(event);
  }
  return { ...apply(meeting, event), version: meeting.version + 1 };
}

/** Rebuilds a meeting from its event log. */
export const replay = (events: readonly Event[]): Meeting | undefined =>
  events.reduce<Meeting | undefined>(evolve, undefined);
