/** The meeting core: pure rules, no I/O. */
export type {
  Command,
  CommandOf,
  CommandType,
  Context,
  InvitationInput,
  PersonInput,
  PreparationInput,
  ReviewInput,
  WithWhom,
} from './commands.js';
export { decide } from './decide.js';
export { type ErasedParts, type ErasedPerson, erasePerson } from './erase-person.js';
export type { Event, EventOf, EventType } from './events.js';
export { evolve, replay } from './evolve.js';
export { type FeedbackResults, feedbackResults, MIN_ANSWERS, STATEMENTS } from './feedback-results.js';
export { followUpCommand, followUpConvener, followUpWhere, reviewInputOf } from './follow-up.js';
export {
  isKept,
  type MemoCommitment,
  type MemoContent,
  type MemoView,
  memoContent,
  memoContentOf,
  type PersonRef,
  recordedOnBehalf,
} from './memo.js';
export {
  closingConfirmed,
  notAnswered,
  notHeardOnceDone,
  skipConfirmed,
  tookPart,
  unconfirmed,
} from './missing.js';
export { exitBlocked, nextPhase, PHASES } from './phases.js';
export { callName, type Prompt, prompts } from './prompts.js';
export { isRejection, REJECTION_CODES, type Rejection, type RejectionCode, reject } from './rejection.js';
export {
  DEFAULT_REMINDER_POLICY,
  type Reminder,
  type ReminderKind,
  type ReminderPolicy,
  recipientFor,
  remindersOf,
  supersededAt,
} from './reminders.js';
export * from './selectors.js';
export * from './types.js';
export { LIMITS } from './validate.js';
