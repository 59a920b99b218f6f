/**
 * Every action a card can carry. A verb is the command type it becomes, or a `ui.*` step that
 * opens a form. Templates get this map as `${$root.verbs.x}`; the routers read verbs back with it.
 */
export const VERBS = {
  meetingCreate: 'meeting.create',
  invitationUpdate: 'invitation.update',
  /** The client agrees to the meeting from their own invitation. */
  preparationAgree: 'preparation.agree',
  meetingCancel: 'meeting.cancel',
  attendanceMark: 'attendance.mark',
  participantJoin: 'participant.join',
  participantLeave: 'participant.leave',
  meetingStart: 'meeting.start',
  accountClaim: 'account.claim',
  accountConfirm: 'account.confirm',
  accountRefuse: 'account.refuse',
  chairAssign: 'chair.assign',
  notetakerAssign: 'notetaker.assign',
  phaseNext: 'phase.next',
  phaseSkip: 'phase.skip',
  roundStart: 'round.start',
  roundClose: 'round.close',
  floorRequest: 'floor.request',
  floorWithdraw: 'floor.withdraw',
  floorGive: 'floor.give',
  floorNext: 'floor.next',
  turnEnd: 'turn.end',
  turnPass: 'turn.pass',
  noteAdd: 'note.add',
  wishRecord: 'wish.record',
  viewRecord: 'view.record',
  commitmentAdd: 'commitment.add',
  commitmentEdit: 'commitment.edit',
  commitmentRemove: 'commitment.remove',
  commitmentConfirm: 'commitment.confirm',
  commitmentStatus: 'commitment.status',
  reviewRecord: 'review.record',
  remindersMute: 'reminders.mute',
  responsibleAssign: 'responsible.assign',
  followupAgree: 'followup.agree',
  followupConfirm: 'followup.confirm',
  feedbackAnswer: 'feedback.answer',
  memoApprove: 'memo.approve',
  meetingClose: 'meeting.close',
  /**
   * The erase form's submit: the whole meeting (eraseWhat "meeting") or one person (a participant
   * id). Not a core command: the app erases, before anything reaches commandsOf.
   */
  meetingErase: 'meeting.erase',
  /** Open a form as its own card (Teams) or modal (Slack). */
  openCommitmentForm: 'ui.commitment_form',
  openFollowupForm: 'ui.followup_form',
  /** The form of one person's view (`participantId` in the button's data), for the record keeper. */
  openViewForm: 'ui.view_form',
  openFeedbackPoll: 'ui.feedback_poll',
  openInvitationForm: 'ui.invitation_form',
  /** One's own view of the meeting, privately, where the shared board keeps care data out of sight. */
  openMyView: 'ui.my_view',
  /** The meeting's export for the client record, as download links in a direct message to the one who asks. */
  openExport: 'ui.export',
  openEraseForm: 'ui.erase_form',
  /**
   * Closing the meeting or skipping a phase when it would leave people out: first a card that
   * asks, naming them (the phase tells which of the two).
   */
  openConfirmForm: 'ui.confirm_form',
  /** Show the current card again (after a stale click, or to see the latest state). */
  refresh: 'ui.refresh',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
/** A step that only opens or shows a card; it changes nothing. */
export type UiVerb = Extract<Verb, `ui.${string}`>;
const ALL: ReadonlySet<string> = new Set(Object.values(VERBS));
export const isVerb = (value: unknown): value is Verb => typeof value === 'string' && ALL.has(value);
export const isUiVerb = (verb: Verb): verb is UiVerb => verb.startsWith('ui.');
