/** The meeting's data model. Everything here is plain, serialisable data. */

export type Locale = 'fi' | 'sv' | 'en';
/** Where a meeting's dates are read when the invitation names no zone. */
export const DEFAULT_TIME_ZONE = 'Europe/Helsinki';
export const LOCALES: readonly Locale[] = ['fi', 'sv', 'en'];

/** Client first, then close ones, then workers: the order of every round. */
export type Role = 'client' | 'close' | 'worker';
export const ROLE_ORDER: readonly Role[] = ['client', 'close', 'worker'];

export type Attendance = 'unknown' | 'present' | 'absent' | 'left';

export interface Participant {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** How they relate to the client ("mother", "teacher"). */
  readonly relation?: string;
  /** A worker's organisation. */
  readonly organisation?: string;
  /** Platform user id; absent for someone without a chat account. */
  readonly chatUserId?: string;
  /** The guardian or other safe adult who sits beside a young client; at most one, a close one. */
  readonly safeAdult?: true;
  readonly invited: boolean;
  readonly attendance: Attendance;
  /** Erased on their request: they stand in the records under a neutral name, with nothing of their own. */
  readonly erased?: true;
}

/** What an invitation says, field by field: an edit that changes none of them changes nothing. */
export const INVITATION_FIELDS = [
  'purpose',
  'topics',
  'startsAt',
  'durationMinutes',
  'place',
  'onlineUrl',
  'locale',
  'timeZone',
] as const;

export interface Invitation {
  readonly purpose: string;
  readonly topics: readonly string[];
  /** ISO 8601 date-time with offset. */
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly place?: string;
  readonly onlineUrl?: string;
  readonly locale: Locale;
  /** IANA time zone the meeting's dates are read in. */
  readonly timeZone: string;
}

/** The worker's and the client's answers while they prepare the meeting together, field by field. */
export const PREPARATION_FIELDS = ['help', 'who', 'goal'] as const;

/**
 * Preparing with the client, before the invitation goes out: how a meeting could help, who should
 * be there from the close and the worker network, and the goal. The answers are between the worker
 * and the client: the convener, the client and the acting chair see them.
 */
export interface Preparation {
  readonly help?: string;
  readonly who?: string;
  readonly goal?: string;
  /** Set when the client agreed to the meeting: when, and who recorded it (the client, or the convener). */
  readonly consent?: { readonly at: string; readonly by: string };
}

export type Phase =
  | 'invited'
  | 'opening'
  | 'roles'
  | 'why'
  | 'discussion'
  | 'summary'
  | 'followup'
  | 'feedback'
  | 'closed'
  | 'cancelled';

/** The phases of a running meeting, in the seed's order. */
export const MEETING_PHASES = [
  'opening',
  'roles',
  'why',
  'discussion',
  'summary',
  'followup',
  'feedback',
] as const satisfies readonly Phase[];
export type MeetingPhase = (typeof MEETING_PHASES)[number];

export interface Turn {
  readonly participantId: string;
  readonly kind: 'spoke' | 'passed';
}

export interface Round {
  readonly id: string;
  readonly phase: MeetingPhase;
  readonly status: 'open' | 'closed' | 'abandoned';
  /** Turns taken in this round, in the order they ended. */
  readonly turns: readonly Turn[];
}

export interface Note {
  readonly id: string;
  readonly phase: Phase;
  readonly topic?: string;
  readonly text: string;
  readonly by: string;
}

/**
 * What one person said of their own part, as the record keeper wrote it down: what they wish for,
 * what worries them, and what they can do themself. Each is optional; a view has at least one.
 */
export interface PersonView {
  readonly wish?: string;
  readonly worry?: string;
  readonly possibility?: string;
}

/** The parts of a view, in the order the form and the memo give them. */
export const VIEW_FIELDS = ['wish', 'worry', 'possibility'] as const satisfies readonly (keyof PersonView)[];

export type CommitmentStatus = 'open' | 'done' | 'needs_help' | 'postponed';

export interface Commitment {
  readonly id: string;
  readonly what: string;
  readonly ownerId: string;
  /** Calendar date YYYY-MM-DD in the meeting's time zone. */
  readonly due: string;
  readonly withParticipants: readonly string[];
  readonly withOthers: readonly string[];
  readonly status: CommitmentStatus;
  readonly statusNote?: string;
  /** Set when the client was asked how they understood it; cleared by any edit. */
  readonly confirmation?: ClientConfirmation;
}

/**
 * The follow-up agreed: a meeting at a time (where, or at what link, and who hosts it, when said);
 * or a day by which its time is agreed, and who agrees it; or a stated reason for none.
 */
export type FollowUp =
  | {
      readonly at: string;
      readonly place?: string;
      readonly onlineUrl?: string;
      /** The participant who hosts the follow-up meeting, and calls it. */
      readonly hostId?: string;
    }
  | {
      /** Calendar date YYYY-MM-DD in the meeting's time zone. */
      readonly agreeBy: string;
      /** The participant who agrees the time with everyone, and is reminded on that day. */
      readonly agreerId: string;
    }
  | { readonly noneReason: string };

/** The client's word that the responsible worker and the follow-up suit them, as they stood then. */
export interface ClientConfirmation {
  readonly at: string;
  readonly clientComment?: string;
}

/** The memo reviewed: when, by whom, whether together with the client, and what the client added. */
export interface MemoApproval {
  readonly at: string;
  readonly by: string;
  readonly withClient: boolean;
  readonly clientComment?: string;
}

/** What became of a commitment of the meeting before, as told when the follow-up meeting reviews it. */
export type ReviewOutcome = 'done' | 'continues' | 'dropped';
export const REVIEW_OUTCOMES: readonly ReviewOutcome[] = ['done', 'continues', 'dropped'];

/**
 * A commitment of the meeting before, as the follow-up meeting opens by reviewing it: what it was,
 * whose, its status as last reported there, and what the meeting hears became of it.
 */
export interface ReviewItem {
  /** The commitment's id in the meeting before. */
  readonly id: string;
  readonly what: string;
  /** The owner among this meeting's participants; absent when they are not invited to it. */
  readonly ownerId?: string;
  /** The owner's name, as the meeting before knew them. */
  readonly ownerName: string;
  readonly due: string;
  readonly status: CommitmentStatus;
  readonly statusNote?: string;
  readonly outcome?: ReviewOutcome;
  /** What happened, in a few words. */
  readonly outcomeNote?: string;
}

export interface FeedbackAnswer {
  readonly hopeful: number;
  readonly trusting: number;
  readonly clearer: number;
  readonly comment?: string;
  readonly onBehalf: boolean;
}

/** Someone in the chat who says they are an invitee entered by name; the convener or chair decides. */
export interface AccountClaim {
  readonly participantId: string;
  readonly chatUserId: string;
  /** The name the platform shows for the account, to help the chair tell who asks. */
  readonly displayName?: string;
}

export interface Meeting {
  readonly id: string;
  /** Number of events applied. */
  readonly version: number;
  readonly phase: Phase;
  readonly invitation: Invitation;
  /** Prepared with the client; absent when the convener skipped that step. */
  readonly preparation?: Preparation;
  readonly convenerId: string;
  readonly chairId?: string;
  readonly noteTakerId?: string;
  readonly participants: readonly Participant[];
  /** "This is me" claims waiting for the convener or chair, oldest first. */
  readonly claims: readonly AccountClaim[];
  readonly rounds: readonly Round[];
  /** Who holds the floor now. */
  readonly floor?: string;
  /**
   * Set while the floor is held out of the round's order (a reply or a question to a raised hand
   * in the discussion): when it ends, it does not count as the speaker's turn in the round.
   */
  readonly floorOutOfTurn?: true;
  /** Who has spoken at least once in the meeting (passes do not count). */
  readonly spoken: readonly string[];
  /** Raised hands, oldest first. */
  readonly hands: readonly string[];
  readonly notes: readonly Note[];
  readonly clientWish?: string;
  /**
   * Each one's view by participant id, for those who have one. The client's wish is `clientWish`
   * (one wish, whether they recorded it or the record keeper did): their view here has no wish.
   */
  readonly views: Readonly<Record<string, PersonView>>;
  readonly commitments: readonly Commitment[];
  readonly responsibleId?: string;
  readonly followUp?: FollowUp;
  /** Set when the client confirmed the responsible worker and the follow-up; cleared by a change to either. */
  readonly followUpConfirmation?: ClientConfirmation;
  /** The meeting this one follows up: one network's history is a chain of meetings. */
  readonly previousMeetingId?: string;
  /** The commitments of the meeting before, reviewed as this one opens; empty for a first meeting. */
  readonly review: readonly ReviewItem[];
  /** Who asked for no more reminders about this meeting. */
  readonly muted: readonly string[];
  /** Answers by participant id. Never shown one by one: see feedback-results.ts. */
  readonly feedback: Readonly<Record<string, FeedbackAnswer>>;
  readonly pollClosed: boolean;
  readonly skipped: readonly { readonly phase: MeetingPhase; readonly reason: string }[];
  readonly cancelReason?: string;
  readonly startedAt?: string;
  readonly closedAt?: string;
  /** Set from closing until the memo is reviewed: a draft goes to its reviewers only. */
  readonly memoDraft?: true;
  /** Who reviewed the memo and let it go to the invitees. */
  readonly memoApproval?: MemoApproval;
  /** Counters for ids the core hands out (p1, c1, n1, r1). */
  readonly seq: {
    readonly participant: number;
    readonly note: number;
    readonly commitment: number;
    readonly round: number;
  };
}
