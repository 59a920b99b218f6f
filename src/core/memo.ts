/** The memo's content, rebuilt from the event log as plain data; cards/ says it in words. */
import type { Event } from './events.js';
import { replay } from './evolve.js';
import { type FeedbackResults, feedbackResults } from './feedback-results.js';
import { client, findParticipant, isMemoDraft, roleRank } from './selectors.js';
import type {
  ClientConfirmation,
  Commitment,
  FollowUp,
  Meeting,
  MeetingPhase,
  Note,
  Participant,
  PersonView,
  ReviewItem,
} from './types.js';

/**
 * Someone the meeting names by id. `person` is missing when they are no longer on the list
 * (an invitee removed after being named), so the memo can still say that someone was named.
 */
export interface PersonRef {
  readonly id: string;
  readonly person?: Participant;
}

export interface MemoCommitment {
  readonly commitment: Commitment;
  readonly owner: PersonRef;
  /** The participants it is done with, in the order given; `commitment.withOthers` are the rest. */
  readonly withParticipants: readonly PersonRef[];
}

export interface MemoView {
  readonly person: Participant;
  readonly view: PersonView;
}

export interface MemoContent {
  readonly meeting: Meeting;
  /** When it was held: when it started, or the invitation's start if it never did. */
  readonly held: string;
  /** Set when the meeting was cancelled, with the reason given (empty if none). */
  readonly cancelled?: { readonly reason: string };
  /** Who was there, even if they left early: client, close ones, workers, each in list order. */
  readonly attended: readonly Participant[];
  /** Who was invited but not there (or never marked), in list order. */
  readonly absent: readonly Participant[];
  readonly convener: PersonRef;
  readonly chair?: PersonRef;
  readonly noteTaker?: PersonRef;
  readonly client?: Participant;
  readonly clientWish?: string;
  /**
   * Each one's view, of those who have one, in the round's order: the client, close ones, workers.
   * The client's wish is `clientWish` alone: their view here gives their worry and possibility.
   */
  readonly views: readonly MemoView[];
  /** In the order written, each with its phase and topic. */
  readonly notes: readonly Note[];
  readonly commitments: readonly MemoCommitment[];
  readonly responsible?: PersonRef;
  readonly followUp?: FollowUp;
  /** Who hosts the follow-up meeting at its time, or who agrees its time by a day, when named. */
  readonly followUpPerson?: PersonRef;
  /** The client's word that the responsible worker and the follow-up suit them. */
  readonly followUpConfirmation?: ClientConfirmation;
  /** For a follow-up meeting: the meeting before, and what became of what it agreed. */
  readonly previousMeetingId?: string;
  readonly review: readonly ReviewItem[];
  /** Of the reviewed commitments, how many were kept (done). */
  readonly kept: number;
  readonly feedback: FeedbackResults;
  readonly skipped: readonly { readonly phase: MeetingPhase; readonly reason: string }[];
  /** Whether the chair or note-taker recorded anything on someone's behalf. */
  readonly onBehalf: boolean;
  /** Closed, and not yet reviewed: a draft for its reviewers, not yet sent to the invitees. */
  readonly draft: boolean;
  /** Who reviewed it before it went, whether together with the client, and what the client added. */
  readonly approval?: {
    readonly by: PersonRef;
    readonly withClient: boolean;
    readonly clientComment?: string;
  };
}

const ref = (m: Meeting, id: string): PersonRef => {
  const person = findParticipant(m, id);
  return person ? { id, person } : { id };
};

const optionalRef = (m: Meeting, id: string | undefined): PersonRef | undefined =>
  id === undefined ? undefined : ref(m, id);

/** A commitment of the meeting before was kept when it was reported done or the follow-up heard it was. */
export const isKept = (r: ReviewItem): boolean =>
  r.outcome === 'done' || (r.outcome === undefined && r.status === 'done');

/** Only the log tells whether anything was recorded on someone's behalf: the meeting keeps no trace of it. */
export const recordedOnBehalf = (events: readonly Event[]): boolean =>
  events.some((e) => e.onBehalfOf !== undefined);

/** The content of a meeting already replayed; `onBehalf` comes from its log (see recordedOnBehalf). */
export function memoContentOf(m: Meeting, onBehalf: boolean): MemoContent {
  const chair = optionalRef(m, m.chairId);
  const noteTaker = optionalRef(m, m.noteTakerId);
  const responsible = optionalRef(m, m.responsibleId);
  const clientPerson = client(m);
  const f = m.followUp;
  const followUpPerson = optionalRef(
    m,
    f && 'hostId' in f ? f.hostId : f && 'agreerId' in f ? f.agreerId : undefined,
  );
  return {
    meeting: m,
    held: m.startedAt ?? m.invitation.startsAt,
    ...(m.phase === 'cancelled' ? { cancelled: { reason: m.cancelReason ?? '' } } : {}),
    attended: m.participants
      .filter((p) => p.attendance === 'present' || p.attendance === 'left')
      .sort((a, b) => roleRank(a.role) - roleRank(b.role)),
    absent: m.participants.filter(
      (p) => p.invited && (p.attendance === 'absent' || p.attendance === 'unknown'),
    ),
    convener: ref(m, m.convenerId),
    ...(chair ? { chair } : {}),
    ...(noteTaker ? { noteTaker } : {}),
    ...(clientPerson ? { client: clientPerson } : {}),
    ...(m.clientWish ? { clientWish: m.clientWish } : {}),
    views: m.participants
      .filter((p) => m.views[p.id] !== undefined)
      .sort((a, b) => roleRank(a.role) - roleRank(b.role))
      .map((p) => ({ person: p, view: m.views[p.id] ?? {} })),
    notes: m.notes,
    commitments: m.commitments.map((c) => ({
      commitment: c,
      owner: ref(m, c.ownerId),
      withParticipants: c.withParticipants.map((id) => ref(m, id)),
    })),
    ...(responsible ? { responsible } : {}),
    ...(m.followUp ? { followUp: m.followUp } : {}),
    ...(followUpPerson ? { followUpPerson } : {}),
    ...(m.followUpConfirmation ? { followUpConfirmation: m.followUpConfirmation } : {}),
    ...(m.previousMeetingId ? { previousMeetingId: m.previousMeetingId } : {}),
    review: m.review,
    kept: m.review.filter(isKept).length,
    feedback: feedbackResults(m),
    skipped: m.skipped,
    onBehalf,
    draft: isMemoDraft(m),
    ...(m.memoApproval
      ? {
          approval: {
            by: ref(m, m.memoApproval.by),
            withClient: m.memoApproval.withClient,
            ...(m.memoApproval.clientComment ? { clientComment: m.memoApproval.clientComment } : {}),
          },
        }
      : {}),
  };
}

/** The memo's content from the events alone; undefined when there is no meeting yet. */
export function memoContent(events: readonly Event[]): MemoContent | undefined {
  const m = replay(events);
  return m && memoContentOf(m, recordedOnBehalf(events));
}
