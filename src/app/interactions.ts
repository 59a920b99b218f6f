/**
 * The whole job of a click, the same for every channel: load the meeting under its lock, check
 * that the card was drawn for this meeting and state, decide the click as one step, save once,
 * and say what to deliver. Channels only decode payloads and carry out the deliveries.
 */
import { commandsOf, type Submission, type Who } from '../cards/submit.js';
import { isVerb, VERBS, type Verb } from '../cards/verbs.js';
import { viewFormRefusal, viewPersonOf } from '../cards/view-models/view-form.js';
import {
  type Event,
  isRejection,
  type Locale,
  type Meeting,
  type Rejection,
  type RejectionCode,
  reject,
} from '../core/index.js';
import type { Conversations } from './conversations.js';
import {
  type Conversation,
  type Delivery,
  deliveriesFor,
  helpAsked,
  noticeTo,
  sharedSurfaces,
} from './deliveries.js';
import type { Erasure } from './erasure.js';
import { mayExport } from './export.js';
import { type FollowUps, followUpIdOf } from './followups.js';
import type { MeetingService, Plan } from './meeting-service.js';
import type { Upkeep } from './upkeep.js';

export type { Who } from '../cards/submit.js';

/**
 * Whether `actor` may open what a `ui.*` verb opens in `m`: the export is for those who hold the
 * meeting's records (its convener, chair, responsible worker), erasing for its convener and
 * responsible worker once it is over. A refusal's code, or undefined.
 */
function mayOpen(
  m: Meeting,
  actor: string,
  verb: string,
  fields: Readonly<Record<string, string>>,
  now: string,
): RejectionCode | undefined {
  const over = m.phase === 'closed' || m.phase === 'cancelled';
  const account = m.participants.find((p) => p.id === actor)?.chatUserId;
  if (verb === VERBS.openExport)
    return account && mayExport(m, account) ? undefined : 'auth.record_holders_only';
  // The view form of someone the record keeper may write down a view of now.
  if (verb === VERBS.openViewForm) return viewFormRefusal(m, now, actor, viewPersonOf(fields) ?? '');
  if (verb === VERBS.openEraseForm) {
    if (actor !== m.convenerId && actor !== m.responsibleId) return 'auth.convener_or_responsible_only';
    return over ? undefined : 'erase.not_over';
  }
  return undefined;
}

/**
 * What someone in the conversation who is not (yet) in the meeting may do: say which invitee they
 * are, and have a card drawn for them (Teams refreshes each card per viewer).
 */
const OUTSIDERS_MAY: ReadonlySet<string> = new Set([VERBS.accountClaim, VERBS.refresh]);

export interface HandleOptions {
  /** The platform's id of the click: a retried delivery of it applies nothing twice. */
  readonly commandId?: string;
  /** The clicker's language, where the channel knows it; else the meeting's. */
  readonly locale?: Locale;
  /** The conversation the click came from: where a new meeting will live. */
  readonly conversation?: Conversation;
}

export interface Handled {
  readonly ok: boolean;
  /** The meeting the click was about (a new one's id once it is created). */
  readonly meetingId?: string;
  readonly rejection?: Rejection;
  /** The click had been applied before (a platform retry): nothing new happened, nothing is sent. */
  readonly duplicate?: boolean;
  readonly deliveries: readonly Delivery[];
}

export class Interactions {
  constructor(
    private readonly meetings: MeetingService,
    private readonly conversations: Conversations,
    private readonly upkeep: Upkeep,
    private readonly followUps?: FollowUps,
    private readonly erasure?: Erasure,
  ) {}

  private now(): string {
    return this.meetings.clock.now().toISOString();
  }

  /** Handles one click or form about `meetingId` (undefined: a meeting still to be called together). */
  async handle(
    meetingId: string | undefined,
    submission: Submission,
    who: Who,
    options: HandleOptions = {},
  ): Promise<Handled> {
    if (!isVerb(submission.verb)) return this.refused(who, undefined, reject('command.unknown'), options);
    if (meetingId === undefined) return this.beforeMeeting(submission, who, options);
    if (submission.verb === VERBS.meetingErase) return this.erase(meetingId, submission, who, options);
    // A follow-up meeting starts by reviewing the first one's commitments, as they stand now: the app vouches for them.
    const review =
      submission.verb === VERBS.meetingStart ? await this.followUps?.reviewFor(meetingId) : undefined;
    let actor: string | undefined;
    const plan: Plan = (m) => {
      if (!m) return reject('meeting.not_found');
      actor = m.participants.find((p) => p.chatUserId === who.account)?.id;
      // Someone who is not in the meeting learns nothing of it, not even that it exists: the same
      // answer as for a meeting that is not there, before anything about it is looked at.
      if (!actor && !OUTSIDERS_MAY.has(submission.verb)) return reject('meeting.not_found');
      const routed = commandsOf(submission, m, who, actor);
      if (isRejection(routed)) return routed;
      // Forms show the meeting's people: only its own participants open them.
      if (routed.kind === 'ui') {
        if (!actor) return routed.verb === VERBS.refresh ? { commands: [] } : reject('auth.not_participant');
        const refused = mayOpen(m, actor, routed.verb, routed.fields, this.now());
        return refused ? reject(refused) : { actor, commands: [] };
      }
      const commands = routed.commands.map((c) =>
        c.type === 'meeting.start' && review ? { ...c, review } : c,
      );
      return { ...(actor ? { actor } : {}), commands };
    };
    const outcome = await this.meetings.apply(meetingId, plan, {
      ...(options.commandId ? { commandId: options.commandId } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    });
    if (!outcome.ok) return this.refused({ ...who, actor }, outcome.meeting, outcome.rejection, options);
    if (outcome.duplicate) return { ok: true, meetingId, duplicate: true, deliveries: [] };
    // Saved: from here on nothing may answer that it failed. Cards the store keeps us from drawing
    // now are drawn again once it answers.
    const conversation = await this.conversationOf(meetingId, options.conversation).catch(
      (error: unknown) => {
        this.upkeep.redrawLater(meetingId, error);
        return undefined;
      },
    );
    return this.decided(submission, who, actor, conversation, outcome);
  }

  /**
   * The erase form's submit: the whole meeting (and its follow-ups), or one person on their request
   * from the meeting and those linked to it. Not a command of the core: what is erased is no longer
   * a meeting's history, so the app does it, after the same checks a command gets.
   */
  private async erase(
    meetingId: string,
    submission: Submission,
    who: Who,
    options: HandleOptions,
  ): Promise<Handled> {
    const m = await this.meetings.get(meetingId);
    const actor = m?.participants.find((p) => p.chatUserId === who.account)?.id;
    if (!m || !actor || !this.erasure)
      return this.refused(who, undefined, reject('meeting.not_found'), options);
    const refuse = (rejection: Rejection) => this.refused({ ...who, actor }, m, rejection, options);
    const refused = mayOpen(m, actor, VERBS.openEraseForm, submission.fields, this.now());
    if (refused) return refuse(reject(refused));
    const what = submission.fields.eraseWhat ?? '';
    const to = { account: who.account, participantId: actor };
    const locale = options.locale ?? m.invitation.locale;
    if (what === 'meeting') {
      await this.erasure.meeting(meetingId);
      // The meeting is gone: the word to the one who erased it names nothing of it.
      return {
        ok: true,
        meetingId,
        deliveries: [
          noticeTo(
            { account: who.account },
            undefined,
            this.now(),
            { info: 'meeting_erased_by_you' },
            locale,
          ),
        ],
      };
    }
    if (what === actor) return refuse(reject('erase.self'));
    if (!m.participants.some((p) => p.id === what)) return refuse(reject('erase.choose'));
    const changed = await this.erasure.person(meetingId, what, actor);
    const now = this.now();
    const redrawn = await Promise.all(
      changed.map(async (after): Promise<Delivery[]> => {
        const conversation = (await this.conversations.get(after.id))?.conversation;
        if (!conversation) return [];
        const exposed = conversation.exposed ? { exposed: true as const } : {};
        return sharedSurfaces(after, conversation).map((surface) => ({
          kind: 'update',
          conversation,
          surface,
          view: { locale: after.invitation.locale, meeting: after, now, ...exposed },
        }));
      }),
    );
    const after = changed.find((x) => x.id === meetingId) ?? m;
    return {
      ok: true,
      meetingId,
      deliveries: [...redrawn.flat(), noticeTo(to, after, now, { info: 'person_erased' }, locale)],
    };
  }

  /** The invitation form, and the meeting it calls together. */
  private async beforeMeeting(submission: Submission, who: Who, options: HandleOptions): Promise<Handled> {
    const locale = options.locale ?? 'fi';
    if (submission.verb === VERBS.openInvitationForm)
      return {
        ok: true,
        deliveries: [
          {
            kind: 'form',
            to: { account: who.account },
            surface: 'invitation-form',
            view: { locale, now: this.now() },
          },
        ],
      };
    if (submission.verb !== VERBS.meetingCreate || !options.conversation)
      return this.refused(who, undefined, reject('meeting.not_found'), options);
    const meetingId = await this.meetings.newMeetingId(options.commandId);
    // Where it lives is kept before the meeting is made: a saved meeting always has its place, even
    // when the store stops answering right after (the same place for a retry of the click).
    const conversation = await this.conversations.settle(meetingId, options.conversation);
    const plan: Plan = (m) => {
      const routed = commandsOf(submission, m, who);
      if (isRejection(routed)) return routed;
      return routed.kind === 'commands' ? { commands: routed.commands } : reject('command.unknown');
    };
    const outcome = await this.meetings.apply(meetingId, plan, options);
    if (!outcome.ok) {
      // Refused: the place kept for it goes again, unless the meeting is there after all (made by an
      // earlier try of the same click). If the store fails this, the place names nothing and harms nothing.
      if (!outcome.meeting) await this.conversations.erase(meetingId).catch(() => undefined);
      return this.refused(who, undefined, outcome.rejection, options);
    }
    if (outcome.duplicate) return { ok: true, meetingId, duplicate: true, deliveries: [] };
    return this.decided(submission, who, outcome.meeting.convenerId, conversation, outcome);
  }

  private async decided(
    submission: Submission,
    who: Who,
    actor: string | undefined,
    conversation: Conversation | undefined,
    outcome: { before: Meeting | undefined; meeting: Meeting; events: readonly Event[] },
  ): Promise<Handled> {
    await this.upkeep.after(outcome.before, outcome.meeting, outcome.events);
    const to = { account: who.account, ...(actor ? { participantId: actor } : {}) };
    const deliveries = deliveriesFor({
      verb: submission.verb as Verb,
      fields: submission.fields,
      who: to,
      ...(conversation ? { conversation } : {}),
      before: outcome.before,
      after: outcome.meeting,
      events: outcome.events,
      now: this.now(),
    });
    return {
      ok: true,
      meetingId: outcome.meeting.id,
      deliveries: [...deliveries, ...(await this.helpAhead(outcome))],
    };
  }

  /**
   * A call for help after the meeting reaches, besides the responsible worker, whoever will run the
   * follow-up meeting (its chair, or until one is chosen its convener), when that is someone else.
   */
  private async helpAhead(outcome: { meeting: Meeting; events: readonly Event[] }): Promise<Delivery[]> {
    const m = outcome.meeting;
    const asked = outcome.events.flatMap((e) =>
      e.type === 'commitment.status_changed' && e.status === 'needs_help' ? [e] : [],
    );
    if (asked.length === 0 || !m.followUp || !('at' in m.followUp)) return [];
    // The change is saved whatever this finds: without the store, the responsible worker alone is told.
    const next = await this.meetings.get(followUpIdOf(m.id)).catch(() => undefined);
    const account = next?.participants.find((p) => p.id === (next.chairId ?? next.convenerId))?.chatUserId;
    // Not twice to the responsible worker, and not to the one who asked.
    const already = [m.responsibleId, ...asked.map((e) => e.by)].map(
      (id) => m.participants.find((p) => p.id === id)?.chatUserId,
    );
    if (!account || already.includes(account)) return [];
    const here = m.participants.find((p) => p.chatUserId === account);
    const to = { account, ...(here ? { participantId: here.id } : {}) };
    return asked.map((e) => helpAsked(m, to, e.commitmentId, this.now()));
  }

  private refused(
    who: Who & { actor?: string },
    meeting: Meeting | undefined,
    rejection: Rejection,
    options: HandleOptions,
  ): Handled {
    const to = { account: who.account, ...(who.actor ? { participantId: who.actor } : {}) };
    // A refusal names the meeting (its purpose, its time) only to someone in it.
    const shown = who.actor ? meeting : undefined;
    return {
      ok: false,
      ...(meeting ? { meetingId: meeting.id } : {}),
      rejection,
      deliveries: [noticeTo(to, shown, this.now(), { rejection }, options.locale)],
    };
  }

  /** Where the meeting lives; a meeting from before conversations were kept settles in the click's. */
  private async conversationOf(meetingId: string, fallback: Conversation | undefined) {
    const known = await this.conversations.place(meetingId);
    if (known) return known;
    return fallback ? this.conversations.settle(meetingId, fallback) : undefined;
  }

  /**
   * Everything the conversation shows now, as first posts: for a channel that lost what it had
   * drawn (the playground after a restart) or a conversation whose cards were deleted.
   */
  async catchUp(meetingId: string): Promise<readonly Delivery[]> {
    const meeting = await this.meetings.get(meetingId);
    const conversation = (await this.conversations.get(meetingId))?.conversation;
    if (!meeting || !conversation) return [];
    const now = this.now();
    const exposed = conversation.exposed ? { exposed: true } : {};
    return sharedSurfaces(meeting, conversation).map((surface) => ({
      kind: 'post',
      conversation,
      surface,
      view: { locale: meeting.invitation.locale, meeting, now, ...exposed },
    }));
  }
}
