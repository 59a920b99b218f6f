/**
 * A submitted card, from Teams or Slack, as one shape: the verb and flat string fields (the
 * action's data and the card's inputs). Here it becomes core commands; the core judges them.
 */
import type { Command, Locale, Meeting, PersonInput } from '../core/index.js';
import { type Rejection, reject } from '../core/index.js';
import { localToIso } from './local-time.js';
import { isVerb, VERBS } from './verbs.js';
import { INVITEE_ROWS } from './view-models/invitation-form.js';

export interface Submission {
  readonly verb: string;
  readonly fields: Readonly<Record<string, string>>;
}

export type Routed =
  | { readonly kind: 'commands'; readonly commands: readonly Command[] }
  | { readonly kind: 'ui'; readonly verb: string; readonly fields: Readonly<Record<string, string>> }
  | Rejection;

export interface Sender {
  /** The participant who submitted, when they are one. */
  readonly actor?: string;
  /** Their platform account, and the name the platform knows them by (the convener of a new meeting). */
  readonly chatUserId?: string;
  /**
   * The account of someone entered on the invitation form as using the chat ('client',
   * 'invitee3'), where the channel can tell; otherwise they link their account when they first act.
   */
  readonly accountFor?: (row: string) => string | undefined;
}

const DEFAULT_TIME_ZONE = 'Europe/Helsinki';

const list = (value: string | undefined, separator: RegExp): string[] =>
  (value ?? '')
    .split(separator)
    .map((x) => x.trim())
    .filter(Boolean);

const opt = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** The card was drawn from an older state than the meeting is in: say so instead of acting. */
function stale(m: Meeting | undefined, f: Readonly<Record<string, string>>): boolean {
  if (!m) return false;
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

function invitees(f: Readonly<Record<string, string>>, sender: Sender): PersonInput[] {
  const account = (row: string) => {
    const id = f[`${row}Account`] === 'no' ? undefined : sender.accountFor?.(row);
    return id ? { chatUserId: id } : {};
  };
  const people: PersonInput[] = [{ name: f.clientName ?? '', role: 'client', ...account('client') }];
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
    });
  }
  return people;
}

/** Turns a submission into the commands it stands for, or a `ui.*` step, or a rejection. */
export function route(sub: Submission, meeting: Meeting | undefined, sender: Sender = {}): Routed {
  const { verb, fields: f } = sub;
  if (!isVerb(verb)) return reject('command.unknown');
  if (verb.startsWith('ui.')) return { kind: 'ui', verb, fields: f };
  if (stale(meeting, f)) return reject('stale');
  // A button made for acting on someone's behalf must name them; else it would count as one's own.
  if (f.behalf === 'true' && !opt(f.onBehalfOf)) return reject('input.empty', { field: 'onBehalfOf' });
  const behalf = f.behalf === 'true' ? { onBehalfOf: f.onBehalfOf as string } : {};
  const one = (command: Command): Routed => ({ kind: 'commands', commands: [command] });
  const timeZone = meeting?.invitation.timeZone ?? DEFAULT_TIME_ZONE;
  switch (verb) {
    case VERBS.meetingCreate:
      return one({
        type: 'meeting.create',
        invitation: invitation(f, timeZone),
        convener: {
          name: f.convenerName ?? '',
          role: 'worker',
          ...(opt(f.convenerOrganisation) ? { organisation: opt(f.convenerOrganisation) } : {}),
          ...(sender.chatUserId ? { chatUserId: sender.chatUserId } : {}),
        },
        invitees: invitees(f, sender),
      });
    case VERBS.invitationUpdate:
      return one({ type: 'invitation.update', changes: invitation(f, timeZone) });
    case VERBS.meetingCancel:
      return one({ type: 'meeting.cancel', reason: f.cancelReason ?? '' });
    case VERBS.attendanceMark:
      return one({
        type: 'attendance.mark',
        participantId: f.participantId || sender.actor || '',
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
      return one({ type: 'participant.leave', participantId: f.leaverId || sender.actor || '', ...behalf });
    case VERBS.chairAssign:
      return one({ type: 'chair.assign', participantId: f.newChairId ?? '' });
    case VERBS.notetakerAssign:
      return one({ type: 'notetaker.assign', participantId: f.newNoteTakerId ?? '' });
    case VERBS.responsibleAssign:
      return one({ type: 'responsible.assign', participantId: f.responsibleId ?? '' });
    case VERBS.floorGive:
      return one({ type: 'floor.give', participantId: f.floorTo ?? '' });
    case VERBS.phaseSkip:
      return one({ type: 'phase.skip', reason: f.skipReason ?? '' });
    case VERBS.floorRequest:
    case VERBS.floorWithdraw:
    case VERBS.turnEnd:
    case VERBS.turnPass:
      return one({ type: verb, ...behalf });
    case VERBS.phaseNext:
    case VERBS.roundStart:
    case VERBS.roundClose:
    case VERBS.floorNext:
    case VERBS.meetingClose:
      return one({ type: verb });
    case VERBS.noteAdd:
      return one({
        type: 'note.add',
        text: f.noteText ?? '',
        ...(opt(f.noteTopic) ? { topic: opt(f.noteTopic) } : {}),
      });
    case VERBS.wishRecord:
      return one({ type: 'wish.record', text: f.wishText ?? '', ...behalf });
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
    case VERBS.commitmentConfirm:
      return one({
        type: 'commitment.confirm',
        commitmentId: f.commitmentId ?? '',
        ...(opt(f.clientComment) ? { clientComment: opt(f.clientComment) } : {}),
      });
    case VERBS.commitmentStatus:
      return one({
        type: 'commitment.status',
        commitmentId: f.commitmentId ?? '',
        status: f.status as 'done',
        ...(f.status === 'postponed' ? { newDue: f.newDue ?? '' } : {}),
        ...(opt(f.statusNote) ? { note: opt(f.statusNote) } : {}),
        ...behalf,
      });
    case VERBS.followupAgree: {
      const date = opt(f.followupDate);
      const at = date
        ? (localToIso(date, f.followupTime ?? '', timeZone) ?? `${date} ${f.followupTime ?? ''}`)
        : undefined;
      return one({
        type: 'followup.agree',
        ...(at ? { at } : {}),
        ...(opt(f.noneReason) ? { noneReason: opt(f.noneReason) } : {}),
      });
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
    default:
      return reject('command.unknown');
  }
}
