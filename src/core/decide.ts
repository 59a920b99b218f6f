/** decide(meeting, command, context) → events | rejection. Pure: the clock and ids come in the context. */
import type { Command, CommandOf, CommandType, Context } from './commands.js';
import * as accounts from './decide/accounts.js';
import * as attendance from './decide/attendance.js';
import * as commitments from './decide/commitments.js';
import type { Decision, Env } from './decide/env.js';
import * as followup from './decide/followup.js';
import * as invitation from './decide/invitation.js';
import * as memo from './decide/memo.js';
import * as notes from './decide/notes.js';
import * as phases from './decide/phases.js';
import * as preparation from './decide/preparation.js';
import * as review from './decide/review.js';
import * as rounds from './decide/rounds.js';
import * as views from './decide/views.js';
import type { Event } from './events.js';
import { isRejection, type Rejection, reject } from './rejection.js';
import { findParticipant, isMemoDraft, keepsRecord } from './selectors.js';
import type { Meeting } from './types.js';
import { dateTime } from './validate.js';

/** Steps a participant takes that the chair or note-taker may take for someone without a chat account. */
const ON_BEHALF: ReadonlySet<CommandType> = new Set<CommandType>([
  'attendance.mark',
  'participant.leave',
  'floor.request',
  'floor.withdraw',
  'turn.end',
  'turn.pass',
  'wish.record',
  'commitment.add',
  'commitment.edit',
  'commitment.confirm',
  'followup.confirm',
  'commitment.status',
  'review.record',
  'feedback.answer',
]);

/** What may still be done once the meeting has closed: aftercare. */
const AFTER_CLOSING: ReadonlySet<CommandType> = new Set<CommandType>([
  'commitment.status',
  'reminders.mute',
  'memo.approve',
]);

/** What the record keeper may still do after closing while the memo is a draft, and not once it has been sent. */
export const MEMO_DRAFTING: ReadonlySet<CommandType> = new Set<CommandType>([
  'note.add',
  'note.edit',
  'view.record',
]);

/** Hands a command on an existing meeting to the rules of its kind. */
function byType(env: Env, cmd: Exclude<Command, CommandOf<'meeting.create'>>): Decision {
  switch (cmd.type) {
    case 'invitation.update':
      return invitation.update(env, cmd);
    case 'preparation.update':
      return preparation.update(env, cmd);
    case 'preparation.agree':
      return preparation.agree(env, cmd);
    case 'invitee.add':
      return invitation.addInvitee(env, cmd);
    case 'invitee.remove':
      return invitation.removeInvitee(env, cmd);
    case 'safe_adult.name':
      return invitation.nameSafeAdult(env, cmd);
    case 'meeting.cancel':
      return invitation.cancel(env, cmd);
    case 'attendance.mark':
      return attendance.mark(env, cmd);
    case 'participant.join':
      return attendance.join(env, cmd, env.actor === undefined);
    case 'participant.leave':
      return attendance.leave(env, cmd);
    case 'account.claim':
      return accounts.claim(env, cmd);
    case 'account.confirm':
    case 'account.refuse':
      return accounts.settle(env, cmd);
    case 'meeting.start':
      return attendance.start(env, cmd);
    case 'chair.assign':
      return attendance.assignChair(env, cmd);
    case 'notetaker.assign':
      return attendance.assignNoteTaker(env, cmd);
    case 'phase.next':
      return phases.next(env);
    case 'phase.skip':
      return phases.skip(env, cmd);
    case 'meeting.close':
      return phases.close(env, cmd);
    case 'round.start':
      return rounds.startRound(env);
    case 'round.close':
      return rounds.closeRound(env);
    case 'floor.request':
      return rounds.request(env);
    case 'floor.withdraw':
      return rounds.withdraw(env);
    case 'floor.give':
      return rounds.giveFloor(env, cmd);
    case 'floor.next':
      return rounds.nextSpeaker(env);
    case 'turn.end':
      return rounds.endTurn(env);
    case 'turn.pass':
      return rounds.pass(env);
    case 'note.add':
      return notes.add(env, cmd);
    case 'note.edit':
      return notes.edit(env, cmd);
    case 'wish.record':
      return notes.recordWish(env, cmd);
    case 'view.record':
      return views.record(env, cmd);
    case 'commitment.add':
      return commitments.add(env, cmd);
    case 'commitment.edit':
      return commitments.edit(env, cmd);
    case 'commitment.remove':
      return commitments.remove(env, cmd);
    case 'commitment.confirm':
      return commitments.confirm(env, cmd);
    case 'commitment.status':
      return commitments.setStatus(env, cmd);
    case 'review.record':
      return review.record(env, cmd);
    case 'reminders.mute':
      return review.mute(env, cmd);
    case 'responsible.assign':
      return followup.assignResponsible(env, cmd);
    case 'followup.agree':
      return followup.agreeFollowUp(env, cmd);
    case 'followup.confirm':
      return followup.confirmFollowUp(env, cmd);
    case 'feedback.answer':
      return followup.answer(env, cmd);
    case 'memo.approve':
      return memo.approve(env, cmd);
    default:
      return reject('command.unknown');
  }
}

/** Who acts, and for whom; or why they may not. */
function resolveActor(m: Meeting, cmd: Command, ctx: Context): Env | Rejection {
  // Someone not yet in the meeting may join it or claim an invitee's place, from their own account.
  const newcomer =
    (cmd.type === 'participant.join' || cmd.type === 'account.claim') && ctx.actor === undefined;
  if (!newcomer && !findParticipant(m, ctx.actor)) return reject('auth.not_participant');
  if (cmd.onBehalfOf === undefined) {
    return { m, actor: ctx.actor, subject: ctx.actor, onBehalf: false, now: ctx.now };
  }
  const target = findParticipant(m, cmd.onBehalfOf);
  if (!target) return reject('participant.unknown');
  // The responsible worker, reminded for someone without a chat account, marks their progress too.
  const remindedFor = cmd.type === 'commitment.status' && ctx.actor === m.responsibleId;
  if (!ON_BEHALF.has(cmd.type) || !(keepsRecord(m, ctx.actor) || remindedFor))
    return reject('onbehalf.not_allowed');
  if (target.chatUserId !== undefined) return reject('onbehalf.has_account', { name: target.name });
  return { m, actor: ctx.actor, subject: target.id, onBehalf: true, now: ctx.now };
}

/** The last clock found good: a card asks the rules many times on one drawing, all at the same now. */
let goodNow: string | undefined;

/** Whether `now` is an ISO date-time: checked once for each new value. */
function validNow(now: unknown): boolean {
  if (typeof now === 'string' && now === goodNow) return true;
  if (isRejection(dateTime(now, 'now'))) return false;
  goodNow = now as string;
  return true;
}

/** Decides what a command does to a meeting: the events to record, or why not. */
export function decide(
  meeting: Meeting | undefined,
  cmd: Command,
  ctx: Context,
): readonly Event[] | Rejection {
  if (typeof cmd?.type !== 'string') return reject('command.unknown');
  if (!validNow(ctx.now)) throw new Error('decide: context.now must be an ISO date-time');
  if (cmd.type === 'meeting.create') {
    if (meeting) return reject('meeting.exists');
    const created = invitation.create(cmd, ctx);
    // The convener is the first participant and the author of the invitation.
    return isRejection(created) ? created : created.map((e) => ({ ...e, at: ctx.now, by: 'p1' }) as Event);
  }
  if (!meeting) return reject('meeting.not_found');
  if (meeting.phase === 'cancelled') return reject('meeting.cancelled');
  if (meeting.phase === 'closed' && !AFTER_CLOSING.has(cmd.type)) {
    if (!MEMO_DRAFTING.has(cmd.type)) return reject('meeting.closed');
    if (!isMemoDraft(meeting)) return reject('memo.already_sent');
  }
  const env = resolveActor(meeting, cmd, ctx);
  if (isRejection(env)) return env;
  const decision = byType(env, cmd);
  if (isRejection(decision)) return decision;
  // A self-join is done by the person who joins.
  const by = env.actor ?? decision.find((e) => e.type === 'participant.joined')?.participant.id;
  const meta = {
    at: ctx.now,
    ...(by ? { by } : {}),
    ...(env.onBehalf ? { onBehalfOf: env.subject } : {}),
  };
  return decision.map((e) => ({ ...e, ...meta }) as Event);
}
