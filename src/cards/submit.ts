/**
 * A submitted card, from Teams or Slack, as one shape: the verb and flat string fields (the
 * action's data and the card's inputs). Here it becomes core commands; the core judges them.
 */
import {
  type Command,
  DEFAULT_TIME_ZONE,
  INVITATION_FIELDS,
  type InvitationInput,
  LIMITS,
  type Locale,
  type Meeting,
  type PersonInput,
  PREPARATION_FIELDS,
  type PreparationInput,
  type Rejection,
  reject,
} from '../core/index.js';
import { localToIso } from '../core/local-time.js';
import { sameFields } from '../core/same.js';
import { shorten } from './shorten.js';
import { isUiVerb, isVerb, type UiVerb, VERBS } from './verbs.js';
import { INVITEE_ROWS } from './view-models/invitation-form.js';

export interface Submission {
  readonly verb: string;
  readonly fields: Readonly<Record<string, string>>;
}

export type Routed =
  | { readonly kind: 'commands'; readonly commands: readonly Command[] }
  | { readonly kind: 'ui'; readonly verb: UiVerb; readonly fields: Readonly<Record<string, string>> }
  | Rejection;

/** Who clicked: their platform account, as the channel authenticated it. */
export interface Who {
  /** The platform account ("slack:T1:U2", "teams:29:…"): what links a person to a participant. */
  readonly account: string;
  /** The name the platform shows for the account, when it tells. */
  readonly displayName?: string;
  /**
   * The account of someone entered on the invitation form as using the chat ('client',
   * 'invitee3'), where the channel can tell; otherwise they link their account when they first act.
   */
  readonly accountFor?: (row: string) => string | undefined;
}

const list = (value: string | undefined, separator: RegExp): string[] =>
  (value ?? '')
    .split(separator)
    .map((x) => x.trim())
    .filter(Boolean);

const opt = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/**
 * The input in which a button's card chooses the person it acts on. Left empty, the click is
 * refused as "choose a person first", not as someone who is not in the meeting.
 */
const PERSON_CHOSEN_IN: Readonly<Partial<Record<string, string>>> = {
  [VERBS.floorGive]: 'floorTo',
  [VERBS.chairAssign]: 'newChairId',
  [VERBS.notetakerAssign]: 'newNoteTakerId',
  [VERBS.responsibleAssign]: 'responsibleId',
  [VERBS.commitmentAdd]: 'ownerId',
  [VERBS.commitmentEdit]: 'ownerId',
  [VERBS.accountClaim]: 'claimFor',
};

/** The input of a person's choice left empty, if the click needs one. */
function unchosen(verb: string, f: Readonly<Record<string, string>>): string | undefined {
  // A button made for acting on someone's behalf must name them; else it would count as one's own.
  if (f.behalf === 'true' && !opt(f.onBehalfOf)) return 'onBehalfOf';
  // The chair's "mark present" names the invitee in a choice of its own.
  if (verb === VERBS.attendanceMark && f.markPresent === 'true' && !opt(f.presentId)) return 'presentId';
  // A raised hand's own button names them; the choice of a person is then not needed.
  if (verb === VERBS.floorGive && opt(f.handId)) return undefined;
  const field = PERSON_CHOSEN_IN[verb];
  return field && !opt(f[field]) ? field : undefined;
}

/** Whom a confirmed step goes on without, as the card that asked named them. */
const without = (f: Readonly<Record<string, string>>) => {
  const ids = list(f.without, /,/);
  return ids.length > 0 ? { without: ids } : {};
};

/** The card was drawn from an older state than the meeting is in: say so instead of acting. */
function stale(m: Meeting, f: Readonly<Record<string, string>>): boolean {
  if (f.phase !== undefined && f.phase !== m.phase) return true;
  if (f.speakerId !== undefined && f.speakerId !== (m.floor ?? '')) return true;
  const round = m.rounds.find((r) => r.status === 'open');
  return f.roundId !== undefined && f.roundId !== (round?.id ?? '');
}

function invitation(f: Readonly<Record<string, string>>, timeZone: string) {
  const startsAt =
    localToIso(f.date ?? '', f.time ?? '', timeZone) ?? `${f.date ?? ''} ${f.time ?? ''}`.trim();
  return {
    purpose: f.purpose ?? '',
    topics: list(f.topics, /\r?\n/),
    startsAt,
    durationMinutes: Number(f.durationMinutes),
    ...(opt(f.place) ? { place: opt(f.place) } : {}),
    ...(opt(f.onlineUrl) ? { onlineUrl: opt(f.onlineUrl) } : {}),
    locale: (f.meetingLocale ?? '') as Locale,
    timeZone,
  };
}

/**
 * The first step of the invitation form, prepared with the client: its answers and whether the
 * client agreed; undefined when the form had no such step (its consent choice always sends a value).
 */
function preparation(f: Readonly<Record<string, string>>): PreparationInput | undefined {
  if (f.prepConsent === undefined) return undefined;
  return {
    help: f.prepHelp ?? '',
    who: f.prepWho ?? '',
    goal: f.prepGoal ?? '',
    clientAgreed: f.prepConsent === 'yes',
  };
}

/** Whether the form's preparation says what the meeting's already does (the core trims as it checks). */
function samePreparation(input: PreparationInput, m: Meeting): boolean {
  const now = m.preparation ?? {};
  return (
    PREPARATION_FIELDS.every((k) => (input[k]?.trim() || undefined) === now[k]) &&
    input.clientAgreed === (now.consent !== undefined)
  );
}

/** A new meeting's preparation, when the convener filled anything in. */
function prepared(f: Readonly<Record<string, string>>): PreparationInput | undefined {
  const p = preparation(f);
  return p && (p.clientAgreed || PREPARATION_FIELDS.some((k) => p[k]?.trim())) ? p : undefined;
}

/** The client and the rows filled in on the invitation form (an edit has only rows). */
function invitees(
  f: Readonly<Record<string, string>>,
  who: Who | undefined,
  withClient = true,
): PersonInput[] {
  const account = (row: string) => {
    const id = f[`${row}Account`] === 'no' ? undefined : who?.accountFor?.(row);
    return id ? { chatUserId: id } : {};
  };
  const people: PersonInput[] = withClient
    ? [{ name: f.clientName ?? '', role: 'client', ...account('client') }]
    : [];
  for (let i = 1; i <= INVITEE_ROWS; i++) {
    const name = opt(f[`invitee${i}Name`]);
    if (!name) continue;
    const relation = opt(f[`invitee${i}Relation`]);
    const organisation = opt(f[`invitee${i}Organisation`]);
    people.push({
      name,
      role: (f[`invitee${i}Role`] || 'close') as PersonInput['role'],
      ...(relation ? { relation } : {}),
      ...(organisation ? { organisation } : {}),
      ...account(`invitee${i}`),
      ...(f.safeAdult === `invitee${i}` ? { safeAdult: true } : {}),
    });
  }
  return people;
}

/** A new invitee's row chosen as the safe adult but left without a name: said, not dropped. */
function unnamedSafeAdult(f: Readonly<Record<string, string>>): Rejection | undefined {
  const row = /^invitee(\d+)$/.exec(f.safeAdult ?? '');
  return row && !opt(f[`invitee${row[1]}Name`])
    ? reject('invitation.safe_adult_unnamed', { n: Number(row[1]) })
    : undefined;
}

/**
 * The editor's safe adult: nobody, a close one already invited (by id), or a new row (named on
 * the row's own `invitee.add`). Naming nobody, or a new one, first clears whoever it was.
 */
function safeAdultEdit(
  f: Readonly<Record<string, string>>,
  meeting: Meeting | undefined,
  removed: readonly string[],
): { readonly before: Command[]; readonly after: Command[] } {
  const chosen = f.safeAdult;
  const now = meeting?.participants.find((p) => p.safeAdult && !removed.includes(p.id))?.id;
  if (chosen === undefined || chosen === now) return { before: [], after: [] };
  if (chosen === 'none' || chosen === '' || /^invitee\d+$/.test(chosen))
    return { before: now ? [{ type: 'safe_adult.name' }] : [], after: [] };
  return { before: [], after: [{ type: 'safe_adult.name', participantId: chosen }] };
}

/**
 * The invitation editor's save: invitees removed, then those added, then the invitation's own
 * fields. When people change and the fields do not, the fields are not sent as a change.
 */
function invitationEdit(
  f: Readonly<Record<string, string>>,
  meeting: Meeting | undefined,
  who: Who | undefined,
  timeZone: string,
): Command[] {
  const changes = invitation(f, timeZone);
  // Only the editor's own save carries invitee rows to add (a creation form's rows are its invitees).
  const edits = f.editsInvitees === 'true';
  const removed = list(f.removeIds, /,/);
  const safe = safeAdultEdit(f, meeting, removed);
  const people: Command[] = edits
    ? [
        ...removed.map((participantId): Command => ({ type: 'invitee.remove', participantId })),
        ...safe.before,
        ...invitees(f, who, false).map((person): Command => ({ type: 'invitee.add', person })),
        ...safe.after,
      ]
    : [];
  const unchanged =
    meeting !== undefined && sameFields<InvitationInput>(changes, meeting.invitation, INVITATION_FIELDS);
  const update: Command = { type: 'invitation.update', changes };
  const prepared = preparation(f);
  const prep: Command[] =
    prepared && !(meeting && samePreparation(prepared, meeting))
      ? [{ type: 'preparation.update', changes: prepared }]
      : [];
  // Nothing changed at all: the invitation's update is sent to be refused as unchanged.
  return (people.length > 0 || prep.length > 0) && unchanged
    ? [...people, ...prep]
    : [...people, update, ...prep];
}

/**
 * Turns a submission into the commands it stands for, or a `ui.*` step, or a rejection. `meeting`
 * is the meeting as it is now, under its lock: a card drawn for another meeting, or for an
 * earlier state of this one (a double click), is refused as stale.
 */
/** The id of the client's comment box at one commitment, on the card that lists them. */
export const clientCommentId = (commitmentId: string): string => `clientComment-${commitmentId}`;

export function commandsOf(sub: Submission, meeting: Meeting | undefined, who?: Who, actor?: string): Routed {
  const { verb, fields: f } = sub;
  if (!isVerb(verb)) return reject('command.unknown');
  // The meeting a click acts on is the one its card was drawn for.
  if (meeting && f.meetingId !== meeting.id) return reject('stale');
  // The view form opened from the list of those who were there names its person in the list.
  if (verb === VERBS.openViewForm && f.pick === 'true' && !opt(f.viewFor))
    return reject('input.no_person', { field: 'viewFor' });
  if (isUiVerb(verb)) return { kind: 'ui', verb, fields: f };
  if (meeting && stale(meeting, f)) return reject('stale');
  const empty = unchosen(verb, f);
  if (empty) return reject('input.no_person', { field: empty });
  const behalf = f.behalf === 'true' ? { onBehalfOf: f.onBehalfOf as string } : {};
  const one = (command: Command): Routed => ({ kind: 'commands', commands: [command] });
  const timeZone = meeting?.invitation.timeZone ?? DEFAULT_TIME_ZONE;
  switch (verb) {
    case VERBS.meetingCreate:
      return (
        unnamedSafeAdult(f) ??
        one({
          type: 'meeting.create',
          invitation: invitation(f, timeZone),
          convener: {
            name: f.convenerName ?? '',
            role: 'worker',
            ...(opt(f.convenerOrganisation) ? { organisation: opt(f.convenerOrganisation) } : {}),
            ...(who ? { chatUserId: who.account } : {}),
          },
          invitees: invitees(f, who),
          ...(prepared(f) ? { preparation: prepared(f) } : {}),
        })
      );
    case VERBS.preparationAgree:
      return one({ type: 'preparation.agree' });
    case VERBS.invitationUpdate:
      return (
        (f.editsInvitees === 'true' ? unnamedSafeAdult(f) : undefined) ?? {
          kind: 'commands',
          commands: invitationEdit(f, meeting, who, timeZone),
        }
      );
    case VERBS.meetingCancel:
      return one({ type: 'meeting.cancel', reason: f.cancelReason ?? '' });
    case VERBS.attendanceMark:
      return one({
        type: 'attendance.mark',
        participantId: (f.markPresent === 'true' ? f.presentId : f.participantId) || actor || '',
        status: f.status as 'present' | 'absent',
        ...behalf,
      });
    case VERBS.meetingStart: {
      const present = new Set(
        meeting?.participants.filter((p) => p.attendance === 'present').map((p) => p.id),
      );
      const marks = list(f.presentIds, /,/)
        .filter((id) => !present.has(id))
        .map((participantId): Command => ({ type: 'attendance.mark', participantId, status: 'present' }));
      return { kind: 'commands', commands: [...marks, { type: 'meeting.start' }] };
    }
    case VERBS.accountClaim:
      // The account is the one the channel authenticated, never one named in the card.
      return who
        ? one({
            type: 'account.claim',
            participantId: f.claimFor ?? '',
            chatUserId: who.account,
            // A platform's name may be longer than a typed one may be: cut, not refused.
            ...(who.displayName ? { displayName: shorten(who.displayName, LIMITS.name) } : {}),
          })
        : reject('auth.not_participant');
    case VERBS.accountConfirm:
    case VERBS.accountRefuse:
      return one({ type: verb, participantId: f.participantId ?? '', chatUserId: f.chatUserId ?? '' });
    case VERBS.participantJoin:
      return one({
        type: 'participant.join',
        person: {
          name: f.joinName ?? '',
          role: (f.joinRole || 'close') as PersonInput['role'],
          ...(opt(f.joinRelation) ? { relation: opt(f.joinRelation) } : {}),
        },
      });
    case VERBS.participantLeave:
      return one({ type: 'participant.leave', participantId: f.leaverId || actor || '', ...behalf });
    case VERBS.chairAssign:
      return one({ type: 'chair.assign', participantId: f.newChairId ?? '' });
    case VERBS.notetakerAssign:
      return one({ type: 'notetaker.assign', participantId: f.newNoteTakerId ?? '' });
    case VERBS.responsibleAssign:
      return one({ type: 'responsible.assign', participantId: f.responsibleId ?? '' });
    case VERBS.floorGive:
      return one({ type: 'floor.give', participantId: opt(f.handId) ?? f.floorTo ?? '' });
    case VERBS.phaseSkip:
      return one({ type: 'phase.skip', reason: f.skipReason ?? '', ...without(f) });
    case VERBS.meetingClose:
      return one({ type: 'meeting.close', ...without(f) });
    case VERBS.floorRequest:
    case VERBS.floorWithdraw:
    case VERBS.turnEnd:
    case VERBS.turnPass:
      return one({ type: verb, ...behalf });
    case VERBS.phaseNext:
    case VERBS.roundStart:
    case VERBS.roundClose:
    case VERBS.floorNext:
      return one({ type: verb });
    case VERBS.noteAdd:
      return one({
        type: 'note.add',
        text: f.noteText ?? '',
        ...(opt(f.noteTopic) ? { topic: opt(f.noteTopic) } : {}),
      });
    case VERBS.wishRecord:
      return one({ type: 'wish.record', text: f.wishText ?? '', ...behalf });
    case VERBS.viewRecord:
      // An input left empty is a part not said: the view saved is the form as it stands.
      return one({
        type: 'view.record',
        participantId: f.participantId ?? '',
        wish: f.viewWish ?? '',
        worry: f.viewWorry ?? '',
        possibility: f.viewPossibility ?? '',
      });
    case VERBS.commitmentAdd:
    case VERBS.commitmentEdit: {
      const fields = {
        what: f.what ?? '',
        ownerId: f.ownerId ?? '',
        due: f.due ?? '',
        withWhom: { participantIds: list(f.withParticipants, /,/), others: list(f.withOthers, /,/) },
      };
      return verb === VERBS.commitmentAdd
        ? one({ type: 'commitment.add', ...fields })
        : one({ type: 'commitment.edit', commitmentId: f.commitmentId ?? '', ...fields });
    }
    case VERBS.commitmentRemove:
      return one({ type: 'commitment.remove', commitmentId: f.commitmentId ?? '' });
    case VERBS.commitmentConfirm: {
      // Each commitment has a comment box of its own; what was typed in another's is not this one's.
      const comment = opt(f[clientCommentId(f.commitmentId ?? '')]);
      return one({
        type: 'commitment.confirm',
        commitmentId: f.commitmentId ?? '',
        ...(comment ? { clientComment: comment } : {}),
      });
    }
    case VERBS.commitmentStatus:
      return one({
        type: 'commitment.status',
        commitmentId: f.commitmentId ?? '',
        status: f.status as 'done',
        ...(f.status === 'postponed' ? { newDue: f.newDue ?? '' } : {}),
        ...(opt(f.statusNote) ? { note: opt(f.statusNote) } : {}),
        ...behalf,
      });
    case VERBS.reviewRecord:
      return one({
        type: 'review.record',
        itemId: f.itemId ?? '',
        outcome: f.outcome as 'done',
        ...(opt(f.reviewNote) ? { note: opt(f.reviewNote) } : {}),
      });
    case VERBS.remindersMute:
      return one({ type: 'reminders.mute', muted: f.muted !== 'false' });
    case VERBS.followupAgree: {
      const date = opt(f.followupDate);
      const at = date
        ? (localToIso(date, f.followupTime ?? '', timeZone) ?? `${date} ${f.followupTime ?? ''}`)
        : undefined;
      const given = (key: string, value: string | undefined) => (value ? { [key]: value } : {});
      return one({
        type: 'followup.agree',
        ...(at ? { at } : {}),
        ...given('place', opt(f.followupPlace)),
        ...given('onlineUrl', opt(f.followupUrl)),
        ...given('hostId', opt(f.hostId)),
        ...given('agreeBy', opt(f.agreeBy)),
        ...given('agreerId', opt(f.agreerId)),
        ...given('noneReason', opt(f.noneReason)),
      });
    }
    case VERBS.followupConfirm: {
      const comment = opt(f.followupComment);
      return one({ type: 'followup.confirm', ...(comment ? { clientComment: comment } : {}) });
    }
    case VERBS.memoApprove: {
      const comment = opt(f.memoComment);
      return one({ type: 'memo.approve', ...(comment ? { clientComment: comment } : {}) });
    }
    case VERBS.feedbackAnswer:
      return one({
        type: 'feedback.answer',
        hopeful: Number(f.hopeful),
        trusting: Number(f.trusting),
        clearer: Number(f.clearer),
        ...(opt(f.comment) ? { comment: opt(f.comment) } : {}),
        ...behalf,
      });
    case VERBS.meetingErase:
      // Erasing is the app's (app.erasure), which takes the erase form's submission before it gets
      // here: it undoes the history the core keeps, so it is no command of the core's.
      return reject('command.unknown');
    default:
      return reject('command.unknown');
  }
}
