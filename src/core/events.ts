/** What happened. Every event says when, who did it and on whose behalf: the audit trail. */
import type {
  Attendance,
  CommitmentStatus,
  FeedbackAnswer,
  FollowUp,
  Invitation,
  MeetingPhase,
  Participant,
  Phase,
  Preparation,
  ReviewItem,
  ReviewOutcome,
} from './types.js';

interface Meta {
  readonly at: string;
  /** Participant id of whoever did it; absent only when the system did it. */
  readonly by?: string;
  /** Set when the chair or note-taker acted for someone without a chat account. */
  readonly onBehalfOf?: string;
}

/** What a commitment says: the same when it is added and when it is changed. */
interface CommitmentFields {
  readonly commitmentId: string;
  readonly what: string;
  readonly ownerId: string;
  readonly due: string;
  readonly withParticipants: readonly string[];
  readonly withOthers: readonly string[];
}

type E<T extends string, P = object> = { readonly type: T } & Meta & P;

export type Event =
  | E<
      'meeting.created',
      {
        meetingId: string;
        invitation: Invitation;
        participants: readonly Participant[];
        previousMeetingId?: string;
        preparation?: Preparation;
      }
    >
  | E<'invitation.updated', { invitation: Invitation }>
  | E<'preparation.updated', { preparation: Preparation }>
  /** The client agreed to the meeting themself. */
  | E<'preparation.agreed'>
  | E<'invitee.added', { participant: Participant }>
  | E<'invitee.removed', { participantId: string }>
  /** The safe adult beside the client is now this close one, or (without an id) nobody. */
  | E<'safe_adult.named', { participantId?: string }>
  | E<'meeting.cancelled', { reason: string }>
  | E<'attendance.marked', { participantId: string; status: Attendance }>
  | E<'participant.joined', { participant: Participant }>
  | E<'participant.left', { participantId: string }>
  | E<'account.claimed', { participantId: string; chatUserId: string; displayName?: string }>
  | E<'account.linked', { participantId: string; chatUserId: string }>
  | E<'account.claim_refused', { participantId: string; chatUserId: string }>
  | E<'meeting.started', { review?: readonly ReviewItem[] }>
  | E<'chair.assigned', { participantId: string }>
  | E<'notetaker.assigned', { participantId: string }>
  | E<'phase.changed', { from: Phase; to: Phase; skipReason?: string }>
  | E<'round.started', { roundId: string; phase: MeetingPhase }>
  | E<'round.closed', { roundId: string }>
  | E<'round.abandoned', { roundId: string }>
  | E<'floor.requested', { participantId: string }>
  | E<'floor.withdrawn', { participantId: string }>
  /** `outOfTurn`: a reply or a question to a raised hand in the discussion; it is not their turn in the round. */
  | E<'floor.given', { participantId: string; outOfTurn?: true }>
  | E<'turn.ended', { participantId: string }>
  | E<'turn.passed', { participantId: string }>
  | E<'note.added', { noteId: string; phase: Phase; topic?: string; text: string }>
  | E<'note.edited', { noteId: string; text: string }>
  | E<'wish.recorded', { text: string }>
  /** One person's view as it now stands; without any text it is taken away. */
  | E<'view.recorded', { participantId: string; wish?: string; worry?: string; possibility?: string }>
  | E<'commitment.added', CommitmentFields>
  | E<'commitment.edited', CommitmentFields>
  | E<'commitment.removed', { commitmentId: string }>
  | E<'commitment.confirmed', { commitmentId: string; clientComment?: string }>
  | E<
      'commitment.status_changed',
      { commitmentId: string; status: CommitmentStatus; due: string; note?: string }
    >
  | E<'review.recorded', { itemId: string; outcome: ReviewOutcome; note?: string }>
  | E<'reminders.muted', { participantId: string; muted: boolean }>
  | E<'responsible.assigned', { participantId: string }>
  | E<'followup.agreed', { followUp: FollowUp }>
  | E<'followup.confirmed', { clientComment?: string }>
  | E<'feedback.answered', { participantId: string; answer: FeedbackAnswer }>
  /**
   * Someone erased on their request: the events before have been rewritten without them; this
   * one takes out of the state what was theirs.
   */
  | E<
      'participant.erased',
      {
        participantId?: string;
        commitmentIds: readonly string[];
        noteIds: readonly string[];
        reviewItemIds: readonly string[];
      }
    >
  | E<'poll.closed'>
  /**
   * `memoReview`: the memo is a draft until it is reviewed (memo.approved). A meeting closed before
   * the review step existed has no marker: its memo went out as it closed.
   */
  | E<'meeting.closed', { memoReview?: true }>
  /** `withClient`: the chair or note-taker approved it together with the client, not the client themself. */
  | E<'memo.approved', { withClient?: true; clientComment?: string }>;

export type EventType = Event['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;
/** An event before the app stamps it: the core fills `at`, `by`, `onBehalfOf` itself. */
export type EventBody = Event extends infer X ? (X extends Event ? Omit<X, keyof Meta> : never) : never;
