/**
 * What to send after a click, as plain data: which cards the meeting's conversation shows and
 * which of them changed, and what goes privately to one person (a form, a notice, a direct
 * message). Nothing but this module decides who sees what; channels only carry it out.
 */
import type { Surface } from '../cards/render.js';
import type { UiVerb, Verb } from '../cards/verbs.js';
import { VERBS } from '../cards/verbs.js';
import type { NoticeInfo, ViewContext } from '../cards/view-models/common.js';
import { mayConfirm } from '../cards/view-models/confirm-form.js';
import { mayErase, mayExport } from '../cards/view-models/records.js';
import { viewPersonOf } from '../cards/view-models/view-form.js';
import {
  type Event,
  type EventType,
  isMemoDraft,
  type Locale,
  type Meeting,
  memoReviewers,
  type Rejection,
  recipientFor,
} from '../core/index.js';

export type ChannelName = 'playground' | 'teams' | 'slack';

/** Where a meeting lives: the conversation it was called in, and what the platform needs to post there later. */
export interface Conversation {
  readonly channel: ChannelName;
  readonly id: string;
  /** What the platform needs to post there later (a Teams conversation reference), as plain JSON. */
  readonly reference?: unknown;
  /**
   * People who were not invited may read it (a Slack channel): its cards keep care data out
   * (the wish, notes, commitments, feedback) and each person opens their own view privately.
   */
  readonly exposed?: boolean;
}

/** One person, by their platform account and, once they are in the meeting, their participant id. */
export interface Recipient {
  readonly account: string;
  readonly participantId?: string;
}

/** The cards a meeting's conversation shows, one message each, updated in place. */
export const SHARED_SURFACES = ['invitation', 'board', 'commitments', 'feedback-results'] as const;
export type SharedSurface = (typeof SHARED_SURFACES)[number];
/** What opens for one person only: a form, or their own view of the board (beside an exposed one). */
export type FormSurface =
  | 'invitation-form'
  | 'commitment-form'
  | 'followup-form'
  | 'feedback-poll'
  | 'erase-form'
  | 'confirm-form'
  | 'view-form'
  | 'board';

export type Delivery =
  /** A card that appears in the meeting's conversation for the first time. */
  | {
      readonly kind: 'post';
      readonly conversation: Conversation;
      readonly surface: SharedSurface;
      readonly view: ViewContext;
    }
  /** A card of the conversation drawn again, in place, from a newer state of the meeting. */
  | {
      readonly kind: 'update';
      readonly conversation: Conversation;
      readonly surface: SharedSurface;
      readonly view: ViewContext;
    }
  /** A form opened for the person who asked for it. */
  | {
      readonly kind: 'form';
      readonly to: Recipient;
      readonly surface: FormSurface;
      readonly view: ViewContext;
    }
  /** Why something was not done, or what happens next, for one person only. */
  | {
      readonly kind: 'notice';
      readonly to: Recipient;
      readonly surface: 'notice';
      readonly view: ViewContext;
    }
  /** A card sent to one person's direct messages: their invitation, the memo. */
  | {
      readonly kind: 'direct';
      readonly to: Recipient;
      readonly surface: Surface;
      readonly view: ViewContext;
    };

export type DeliveryKind = Delivery['kind'];

/**
 * The cards the meeting's conversation shows at this state, in the order they appear. Where people
 * outside the meeting read along, commitments and feedback are only in each person's own view.
 */
export function sharedSurfaces(m: Meeting, conversation?: Conversation): SharedSurface[] {
  const shown: SharedSurface[] = ['invitation', 'board'];
  if (conversation?.exposed) return shown;
  if (m.commitments.length > 0 || ['summary', 'followup', 'feedback', 'closed'].includes(m.phase))
    shown.push('commitments');
  if (m.phase === 'feedback' || m.phase === 'closed') shown.push('feedback-results');
  return shown;
}

/**
 * What one's own view shows below the board where the conversation keeps care data out: the
 * commitments once there are any, and the feedback once it is asked.
 */
export function besideOwnBoard(m: Meeting): ('commitments' | 'feedback-results')[] {
  return [
    ...(m.commitments.length > 0 ? (['commitments'] as const) : []),
    ...(m.phase === 'feedback' || m.phase === 'closed' ? (['feedback-results'] as const) : []),
  ];
}

/**
 * Whose reminder card of a commitment the person with `account` is shown: its owner's, when they
 * are the one it is sent to (the owner, or for someone without a chat account the responsible
 * worker); undefined for anyone else.
 */
export function reminderViewer(
  m: Meeting,
  commitmentId: string | undefined,
  account: string,
): string | undefined {
  const c = m.commitments.find((x) => x.id === commitmentId);
  const owner = m.participants.find((p) => p.id === c?.ownerId);
  const to = m.participants.find((p) => p.id === recipientFor(m, owner)?.to);
  return owner && to?.chatUserId === account ? owner.id : undefined;
}

const INVITATION_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'invitation.updated',
  'preparation.updated',
  'preparation.agreed',
  'invitee.added',
  'invitee.removed',
  'meeting.cancelled',
  'attendance.marked',
  'meeting.started',
  'account.claimed',
  'account.linked',
  'account.claim_refused',
]);
const FEEDBACK_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'feedback.answered',
  'poll.closed',
  'meeting.closed',
  'phase.changed',
]);
/** Who may do what on the list depends on roles and phases as well as on the commitments. */
const COMMITMENT_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'phase.changed',
  'responsible.assigned',
  'chair.assigned',
  'notetaker.assigned',
  'participant.joined',
  'participant.left',
  'account.linked',
  'meeting.closed',
]);

/** Whether events change what a shared card shows (the board shows everything). */
function changes(surface: SharedSurface, events: readonly Event[]): boolean {
  switch (surface) {
    case 'board':
      return events.length > 0;
    case 'invitation':
      return events.some((e) => INVITATION_EVENTS.has(e.type));
    case 'commitments':
      return events.some((e) => e.type.startsWith('commitment.') || COMMITMENT_EVENTS.has(e.type));
    case 'feedback-results':
      return events.some((e) => FEEDBACK_EVENTS.has(e.type));
  }
}

/** Which form a `ui.*` verb opens; undefined for a refresh, and for the export (a direct message). */
const FORM_OF: Readonly<Record<UiVerb, FormSurface | undefined>> = {
  [VERBS.openCommitmentForm]: 'commitment-form',
  [VERBS.openFollowupForm]: 'followup-form',
  [VERBS.openFeedbackPoll]: 'feedback-poll',
  [VERBS.openInvitationForm]: 'invitation-form',
  [VERBS.openMyView]: 'board',
  [VERBS.openEraseForm]: 'erase-form',
  [VERBS.openConfirmForm]: 'confirm-form',
  [VERBS.openViewForm]: 'view-form',
  [VERBS.openExport]: undefined,
  [VERBS.refresh]: undefined,
};

/**
 * What only some may open, and who: the same rule the board's buttons are drawn by. To anyone
 * else nothing opens (a crafted click); the app refuses the export and the erasure itself too.
 */
const ONLY_FOR: Partial<Readonly<Record<UiVerb, (m: Meeting, viewerId: string | undefined) => boolean>>> = {
  [VERBS.openEraseForm]: mayErase,
  [VERBS.openExport]: mayExport,
  [VERBS.openConfirmForm]: mayConfirm,
};

/**
 * A form with more than one thing to save stays open after each, drawn again with what is agreed
 * so far: the follow-up form agrees the responsible worker and the follow-up meeting apart.
 */
const REDRAWN: Partial<Readonly<Record<Verb, FormSurface>>> = {
  [VERBS.responsibleAssign]: 'followup-form',
  [VERBS.followupAgree]: 'followup-form',
};

/** One click, decided: everything the deliveries are worked out from. */
export interface Decided {
  readonly verb: Verb;
  readonly fields: Readonly<Record<string, string>>;
  readonly who: Recipient;
  /** Where the meeting lives; unknown only for a meeting from before conversations were kept. */
  readonly conversation?: Conversation;
  /** The meeting before and after the click, as decided under the lock. */
  readonly before: Meeting | undefined;
  readonly after: Meeting;
  readonly events: readonly Event[];
  /** Now, as an ISO date-time, for date pickers. */
  readonly now: string;
}

/** What a person sees, in the meeting's language. */
const viewFor = (
  m: Meeting,
  now: string,
  viewerId?: string,
  more: Partial<ViewContext> = {},
): ViewContext => ({
  locale: m.invitation.locale,
  meeting: m,
  now,
  ...(viewerId ? { viewerId } : {}),
  ...more,
});

/** People with a chat account, as recipients of a direct message. */
const withAccounts = (m: Meeting, keep: (id: string) => boolean = () => true): Recipient[] =>
  m.participants.flatMap((p) =>
    p.chatUserId !== undefined && keep(p.id) ? [{ account: p.chatUserId, participantId: p.id }] : [],
  );

/** The conversation's cards: new ones posted, changed ones drawn again in place. */
function sharedDeliveries(d: Decided, refresh: boolean): Delivery[] {
  const { conversation } = d;
  if (!conversation) return [];
  const before = new Set(d.before ? sharedSurfaces(d.before, conversation) : []);
  return sharedSurfaces(d.after, conversation).flatMap((surface): Delivery[] => {
    const view = viewFor(d.after, d.now, undefined, conversation.exposed ? { exposed: true } : {});
    if (!before.has(surface)) return [{ kind: 'post', conversation, surface, view }];
    return refresh || changes(surface, d.events) ? [{ kind: 'update', conversation, surface, view }] : [];
  });
}

/** Direct messages: the invitation to those it names, changes to it, the memo to the meeting's own people. */
function directDeliveries(d: Decided): Delivery[] {
  const m = d.after;
  const direct = (to: Recipient, surface: Surface, more: Partial<ViewContext> = {}): Delivery => ({
    kind: 'direct',
    to,
    surface,
    view: viewFor(m, d.now, to.participantId, more),
  });
  const types = new Set(d.events.map((e) => e.type));
  const out: Delivery[] = [];
  if (types.has('meeting.created') || types.has('invitation.updated') || types.has('meeting.cancelled')) {
    // The one who sent or changed it sees it in the conversation already.
    const invitees = withAccounts(
      m,
      (id) => id !== d.who.participantId && m.participants.some((p) => p.id === id && p.invited),
    );
    out.push(...invitees.map((to) => direct(to, 'invitation')));
  }
  // Someone added to the invitation gets it too (everyone does, when the invitation itself changed).
  for (const e of d.events)
    if (e.type === 'invitee.added' && !types.has('invitation.updated') && e.participant.chatUserId)
      out.push(direct({ account: e.participant.chatUserId, participantId: e.participant.id }, 'invitation'));
  for (const e of d.events) {
    if (e.type !== 'account.linked') continue;
    const linked = m.participants.find((p) => p.id === e.participantId);
    if (linked?.chatUserId)
      out.push(direct({ account: linked.chatUserId, participantId: linked.id }, 'invitation'));
  }
  // A call for help reaches the responsible worker at once, and nobody else.
  for (const e of d.events) {
    if (e.type !== 'commitment.status_changed' || e.status !== 'needs_help') continue;
    const worker = m.participants.find((p) => p.id === m.responsibleId);
    if (worker?.chatUserId && worker.id !== d.who.participantId)
      out.push(helpAsked(m, { account: worker.chatUserId, participantId: worker.id }, e.commitmentId, d.now));
  }
  // Rule 7: the memo goes to the meeting's own people, never to the whole conversation; first, as
  // a draft, only to those who review it with the client, and to everyone once it is approved.
  if (types.has('meeting.closed') && isMemoDraft(m)) {
    const reviewers = new Set(memoReviewers(m).map((p) => p.id));
    out.push(...withAccounts(m, (id) => reviewers.has(id)).map((to) => direct(to, 'memo')));
  } else if (types.has('meeting.closed') || types.has('memo.approved'))
    out.push(...withAccounts(m).map((to) => direct(to, 'memo')));
  return out;
}

/** Everything a decided click sends, and to whom. */
export function deliveriesFor(d: Decided): Delivery[] {
  const ui = d.verb.startsWith('ui.') ? (d.verb as UiVerb) : undefined;
  const allowed = ui === undefined || (ONLY_FOR[ui]?.(d.after, d.who.participantId) ?? true);
  const form = ui ? (allowed ? FORM_OF[ui] : undefined) : REDRAWN[d.verb];
  const commitmentId = d.fields.commitmentId;
  // Whose view the view form writes down: the app let it open only for someone in the meeting.
  const personId = viewPersonOf(d.fields);
  const own: Delivery[] = [];
  // The export's download links, privately to the one who asked; the channel adds the links.
  if (ui === VERBS.openExport && allowed)
    own.push({
      kind: 'direct',
      to: d.who,
      surface: 'export',
      view: viewFor(d.after, d.now, d.who.participantId),
    });
  if (form) {
    own.push({
      kind: 'form',
      to: d.who,
      surface: form,
      view: viewFor(d.after, d.now, d.who.participantId, {
        ...(commitmentId && form === 'commitment-form' ? { commitmentId } : {}),
        ...(personId && form === 'view-form' ? { personId } : {}),
      }),
    });
  }
  if (d.events.some((e) => e.type === 'account.claimed'))
    own.push(noticeTo(d.who, d.after, d.now, { info: 'account_claimed' }));
  // The convener learns why the board in the conversation keeps care data out of sight.
  if (d.conversation?.exposed && d.events.some((e) => e.type === 'meeting.created'))
    own.push(noticeTo(d.who, d.after, d.now, { info: 'exposed_conversation' }));
  return [...sharedDeliveries(d, ui === VERBS.refresh), ...own, ...directDeliveries(d)];
}

/** Tells `to` privately who asked for help with which commitment of `m`, and what they added. */
export const helpAsked = (m: Meeting, to: Recipient, commitmentId: string, now: string): Delivery => ({
  kind: 'direct',
  to,
  surface: 'notice',
  view: viewFor(m, now, to.participantId, { info: 'help_asked', commitmentId }),
});

/** A notice for one person: why their click did nothing, or what happens next. */
export function noticeTo(
  to: Recipient,
  m: Meeting | undefined,
  now: string,
  what: { readonly rejection?: Rejection; readonly info?: NoticeInfo },
  locale?: Locale,
): Delivery {
  const view: ViewContext = m
    ? viewFor(m, now, to.participantId, { ...what, ...(locale ? { locale } : {}) })
    : { locale: locale ?? 'fi', now, ...what };
  return { kind: 'notice', to, surface: 'notice', view };
}
