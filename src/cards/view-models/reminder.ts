/** Sent to a commitment's owner before and on its due date: what they agreed, and how it is going. */
import { findParticipant, LIMITS, type Meeting } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { clientCheck, commitmentFacts, meetingDay, today } from './commitment-facts.js';
import { earliestNewDue, statusActions } from './commitments.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';
import { muteView } from './mute.js';

/** The responsible worker as someone to call: their name and where they work. */
function contact(ctx: ViewContext, m: Meeting, ownerId: string): string | undefined {
  const worker = findParticipant(m, m.responsibleId);
  if (!worker || worker.id === ownerId) return undefined;
  const name = worker.organisation ? `${worker.name} (${worker.organisation})` : worker.name;
  return t(ctx.locale, 'card.reminder.contact', { name });
}

export function reminderView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const c = m.commitments.find((x) => x.id === ctx.commitmentId);
  if (!c) throw new Error(`a reminder needs a commitment of the meeting, not ${ctx.commitmentId}`);
  // Someone else's commitment in one's reminders would be a leak as well as a bug.
  if (ctx.viewerId !== undefined && ctx.viewerId !== c.ownerId)
    throw new Error('a reminder goes to the commitment’s owner');
  const owner = findParticipant(m, c.ownerId);
  // The owner's buttons, as the core would take them from the owner.
  const day = today(m, ctx.now);
  const { done, needsHelp } = statusActions(m, ctx.now, day, ctx.viewerId ?? c.ownerId, c);
  return {
    ...base(locale),
    action: actionData(m),
    commitmentId: c.id,
    // Someone without a chat account is reminded through the responsible worker, whose clicks are theirs.
    behalf: owner && owner.chatUserId === undefined ? 'true' : 'false',
    onBehalfOf: owner && owner.chatUserId === undefined ? owner.id : '',
    title: t(locale, 'card.reminder.title'),
    // The worker reminded for someone without an account is told whose task it is, and what they may do.
    greeting:
      owner && owner.chatUserId === undefined
        ? t(locale, 'card.reminder.greeting_for', { name: owner.name })
        : t(locale, 'card.reminder.greeting', { name: owner?.name ?? '' }),
    late: ctx.late ? t(locale, 'card.reminder.late') : undefined,
    mute: owner?.chatUserId !== undefined ? muteView(locale, m, ctx.now, owner.id) : undefined,
    agreed: t(locale, 'card.reminder.agreed', { date: meetingDay(locale, m) }),
    what: c.what,
    facts: commitmentFacts(locale, m, c, { owner: false, today: day }),
    // What the client understood and added matters to the one who does it.
    check: clientCheck(locale, c),
    contact: contact(ctx, m, c.ownerId),
    doneAlready: c.status === 'done' ? t(locale, 'card.reminder.done_already') : undefined,
    done,
    needsHelp,
    // The date picker starts from the earliest new date the core takes for a postponement.
    newDueMin: earliestNewDue(c, day),
    maxNote: LIMITS.comment,
    t: labels(locale, {
      ask: 'card.reminder.ask',
      newDue: 'card.commitments.new_due',
      statusNote: 'card.commitments.status_note',
      done: 'card.commitments.mark_done',
      needsHelp: 'card.reminder.need_help',
      postpone: 'card.commitments.mark_postponed',
    }),
  };
}
