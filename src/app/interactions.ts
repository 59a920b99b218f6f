/**
 * What every channel does with a click or a form: route it to commands, run them through the
 * meeting service one by one, and say what to show next. Channels only translate payloads.
 */
import type { Surface } from '../cards/render.js';
import { route, type Submission } from '../cards/submit.js';
import { VERBS } from '../cards/verbs.js';
import { isRejection, type Locale, type Meeting, type Rejection } from '../core/index.js';
import type { MeetingService } from './meeting-service.js';

export interface Sender {
  /** The participant who clicked, when they are one of the meeting. */
  readonly participantId?: string;
  /** Their platform account. */
  readonly chatUserId?: string;
  /** Accounts of the people a new invitation names as using the chat, where the channel knows them. */
  readonly accountFor?: (row: string) => string | undefined;
}

export type Reply =
  | {
      readonly ok: true;
      readonly meeting?: Meeting;
      /** A form to open (Teams: a card of its own; Slack: a modal), with what it is about. */
      readonly form?: { readonly surface: Surface; readonly commitmentId?: string };
    }
  | { readonly ok: false; readonly rejection: Rejection; readonly meeting?: Meeting };

/** Which form a `ui.*` verb opens; the board for the rest (refresh). */
const FORM_OF: Readonly<Record<string, Surface>> = {
  [VERBS.openCommitmentForm]: 'commitment-form',
  [VERBS.openFollowupForm]: 'followup-form',
  [VERBS.openFeedbackPoll]: 'feedback-poll',
  [VERBS.openInvitationForm]: 'invitation-form',
};

export class Interactions {
  constructor(private readonly meetings: MeetingService) {}

  /**
   * Handles one submission about `meeting`, as the channel loaded it (undefined for a new one).
   * `commandId` is the platform's id of the click, so that a retried delivery applies nothing
   * twice; each command of a multi-command click gets its own suffix.
   */
  async handle(
    meeting: Meeting | undefined,
    submission: Submission,
    sender: Sender,
    options: { commandId?: string; locale?: Locale } = {},
  ): Promise<Reply> {
    const routed = route(submission, meeting, {
      ...(sender.participantId ? { actor: sender.participantId } : {}),
      ...(sender.chatUserId ? { chatUserId: sender.chatUserId } : {}),
      ...(sender.accountFor ? { accountFor: sender.accountFor } : {}),
    });
    if (isRejection(routed)) return { ok: false, rejection: routed, ...(meeting ? { meeting } : {}) };
    if (routed.kind === 'ui') {
      const surface = FORM_OF[routed.verb] ?? 'board';
      const commitmentId = routed.fields.commitmentId;
      return {
        ok: true,
        ...(meeting ? { meeting } : {}),
        form: { surface, ...(commitmentId ? { commitmentId } : {}) },
      };
    }
    let current = meeting;
    for (const [i, command] of routed.commands.entries()) {
      const commandId = options.commandId ? `${options.commandId}#${i}` : undefined;
      const opts = {
        actor: sender.participantId,
        ...(commandId ? { commandId } : {}),
        ...(options.locale ? { locale: options.locale } : {}),
      };
      const outcome =
        command.type === 'meeting.create'
          ? await this.meetings.create(command, opts)
          : await this.meetings.dispatch(current?.id ?? '', command, opts);
      if (!outcome.ok)
        return { ok: false, rejection: outcome.rejection, ...(current ? { meeting: current } : {}) };
      current = outcome.meeting;
    }
    return { ok: true, ...(current ? { meeting: current } : {}) };
  }
}
