/** The one command vocabulary every channel speaks. */
import type { Locale, ReviewItem, ReviewOutcome, Role } from './types.js';

/** A person as entered on the invitation form or at the door. */
export interface PersonInput {
  readonly name: string;
  readonly role: Role;
  readonly relation?: string;
  readonly organisation?: string;
  readonly chatUserId?: string;
  /** A close one named as the safe adult who sits beside a young client. */
  readonly safeAdult?: boolean;
}

export interface InvitationInput {
  readonly purpose: string;
  readonly topics: readonly string[];
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly place?: string;
  readonly onlineUrl?: string;
  readonly locale: Locale;
  readonly timeZone?: string;
}

/** The answers prepared with the client; `clientAgreed` records the client's consent (or takes it back). */
export interface PreparationInput {
  readonly help?: string;
  readonly who?: string;
  readonly goal?: string;
  readonly clientAgreed?: boolean;
}

/**
 * A commitment of the meeting before, as the app hands it to the follow-up meeting when it starts
 * (the app vouches for it, as for a chat account: no card field can set it).
 */
export type ReviewInput = Omit<ReviewItem, 'outcome' | 'outcomeNote'>;

export interface WithWhom {
  readonly participantIds?: readonly string[];
  readonly others?: readonly string[];
}

type C<T extends string, P = object> = { readonly type: T; readonly onBehalfOf?: string } & P;

export type Command =
  | C<
      'meeting.create',
      {
        invitation: InvitationInput;
        convener: PersonInput;
        invitees: readonly PersonInput[];
        /** Prepared with the client: the optional first step of the invitation. */
        preparation?: PreparationInput;
        /** Set by the app for a follow-up meeting: the meeting it follows up. */
        previousMeetingId?: string;
      }
    >
  | C<'invitation.update', { changes: Partial<InvitationInput> }>
  /** The convener changes what was prepared with the client; an empty text clears an answer. */
  | C<'preparation.update', { changes: PreparationInput }>
  /** The client agrees to the meeting themself, from their own invitation. */
  | C<'preparation.agree'>
  | C<'invitee.add', { person: PersonInput }>
  | C<'invitee.remove', { participantId: string }>
  /**
   * The convener names one of the close ones already invited as the client's safe adult, or
   * (without `participantId`) names nobody.
   */
  | C<'safe_adult.name', { participantId?: string }>
  | C<'meeting.cancel', { reason: string }>
  | C<'attendance.mark', { participantId: string; status: 'present' | 'absent' }>
  | C<'participant.join', { person: PersonInput }>
  | C<'participant.leave', { participantId: string }>
  | C<'account.claim', { participantId: string; chatUserId: string; displayName?: string }>
  | C<'account.confirm', { participantId: string; chatUserId: string }>
  | C<'account.refuse', { participantId: string; chatUserId: string }>
  | C<'meeting.start', { review?: readonly ReviewInput[] }>
  | C<'chair.assign', { participantId: string }>
  | C<'notetaker.assign', { participantId: string }>
  | C<'phase.next'>
  /**
   * `without`: whom the chair was told would be left unheard in the open round, and skips anyway.
   * Refused, naming them, while anyone unheard is not among them.
   */
  | C<'phase.skip', { reason: string; without?: readonly string[] }>
  | C<'round.start'>
  | C<'round.close'>
  | C<'floor.request'>
  | C<'floor.withdraw'>
  | C<'floor.give', { participantId: string }>
  | C<'floor.next'>
  | C<'turn.end'>
  | C<'turn.pass'>
  | C<'note.add', { text: string; topic?: string }>
  | C<'note.edit', { noteId: string; text: string }>
  | C<'wish.record', { text: string }>
  /**
   * The record keeper writes down one person's view; it replaces what was there, and with every
   * text left empty it is taken away. For the client, `wish` is the client's wish.
   */
  | C<'view.record', { participantId: string; wish?: string; worry?: string; possibility?: string }>
  | C<'commitment.add', { what: string; ownerId: string; due: string; withWhom?: WithWhom }>
  | C<
      'commitment.edit',
      { commitmentId: string; what?: string; ownerId?: string; due?: string; withWhom?: WithWhom }
    >
  | C<'commitment.remove', { commitmentId: string }>
  | C<'commitment.confirm', { commitmentId: string; clientComment?: string }>
  | C<
      'commitment.status',
      {
        commitmentId: string;
        status: 'open' | 'done' | 'needs_help' | 'postponed';
        newDue?: string;
        note?: string;
      }
    >
  | C<'review.record', { itemId: string; outcome: ReviewOutcome; note?: string }>
  | C<'reminders.mute', { muted: boolean }>
  | C<'responsible.assign', { participantId: string }>
  /**
   * One of: `at` (with `place` or `onlineUrl` and `hostId` when said); `agreeBy` a date and
   * `agreerId` who agrees the time by then; or `noneReason`.
   */
  | C<
      'followup.agree',
      {
        at?: string;
        place?: string;
        onlineUrl?: string;
        hostId?: string;
        agreeBy?: string;
        agreerId?: string;
        noneReason?: string;
      }
    >
  | C<'followup.confirm', { clientComment?: string }>
  | C<'feedback.answer', { hopeful: number; trusting: number; clearer: number; comment?: string }>
  /**
   * The memo drafted after closing, reviewed: by the client, or by the chair or note-taker with the
   * client. It then goes to the invitees; `clientComment`: what the client wished to add.
   */
  | C<'memo.approve', { clientComment?: string }>
  /**
   * `without`: whom the chair was told have not answered the feedback poll, and closes it anyway.
   * Refused, naming them, while anyone who has not answered is not among them.
   */
  | C<'meeting.close', { without?: readonly string[] }>;

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** What the app layer tells the core about a command besides the command itself. */
export interface Context {
  /** Now, as an ISO 8601 date-time. */
  readonly now: string;
  /**
   * The participant who sent the command. Undefined only for `meeting.create` (the convener is
   * in the command), and for a self-join or an account claim, where the app vouches for the
   * chat account in the command.
   */
  readonly actor?: string;
  /** Id for a new meeting; only read by `meeting.create`. */
  readonly meetingId?: string;
}
