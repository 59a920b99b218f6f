/** The commitment form: who does what, by when, with whom. Given a commitmentId, it changes that one. */
import { type Command, type Commitment, LIMITS, type Rejection } from '../../core/index.js';
import { describeRejection, t } from '../../i18n/index.js';
import { forEveryone, laterOf, otherText, refusal, TRIAL_TEXT } from './can.js';
import { personChoices, today } from './commitment-facts.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';

/**
 * A new commitment of `ownerId` as the core would take it: due `today` (the view's, in the
 * meeting's time zone), the earliest day it accepts.
 */
export const addTrial = (ownerId: string, today: string): Command => ({
  type: 'commitment.add',
  what: TRIAL_TEXT,
  ownerId,
  due: today,
});

/**
 * A change to `c` as the form could send it: another text (the core refuses a change that changes
 * nothing), and a due date not in the past, as the form's date picker allows no earlier day.
 */
export const editTrial = (c: Commitment, today: string, ownerId = c.ownerId): Command => ({
  type: 'commitment.edit',
  commitmentId: c.id,
  what: otherText(c.what),
  ownerId,
  due: laterOf(c.due, today),
});

export function commitmentFormView(ctx: ViewContext) {
  const { locale, viewerId, now } = ctx;
  const m = requireMeeting(ctx);
  const editing =
    ctx.commitmentId === undefined ? undefined : m.commitments.find((c) => c.id === ctx.commitmentId);
  if (ctx.commitmentId !== undefined && !editing) throw new Error(`no commitment ${ctx.commitmentId}`);
  // Offering only the owners the core will accept spares people a refusal after they have filled
  // the form: the chair and the note-taker write down anyone's commitment, others only their own.
  const day = today(m, now);
  // Once the core refuses for everyone (the phase, say), it need not be asked about each person.
  let forAll: Rejection | undefined;
  const refusals = m.participants.map((p) => {
    const refused =
      forAll ?? refusal(m, now, viewerId, editing ? editTrial(editing, day, p.id) : addTrial(p.id, day));
    if (forEveryone(refused)) forAll = refused;
    return { p, refused };
  });
  const owners = refusals.filter((r) => r.refused === undefined).map((r) => r.p);
  const ownerChoices = personChoices(locale, owners);
  // Why someone cannot be chosen (only one's own; or no one, and why not), said as the core says it.
  const leftOut = refusals.find((r) => r.refused !== undefined)?.refused;
  return {
    ...base(locale),
    action: actionData(m),
    editing: editing !== undefined,
    commitmentId: editing?.id ?? '',
    title: t(locale, editing ? 'card.commitment-form.title_edit' : 'card.commitment-form.title_add'),
    ownOnly: leftOut ? describeRejection(locale, leftOut) : undefined,
    maxWhat: LIMITS.what,
    today: day,
    ownerChoices,
    withChoices: personChoices(locale, m.participants),
    values: {
      what: editing?.what ?? '',
      ownerId: editing?.ownerId ?? (ownerChoices.length === 1 ? ownerChoices[0]?.value : '') ?? '',
      due: editing?.due ?? '',
      withParticipants: editing?.withParticipants.join(',') ?? '',
      withOthers: editing?.withOthers.join(', ') ?? '',
    },
    t: labels(locale, {
      guide: 'card.commitment-form.guide',
      editNote: 'card.commitment-form.edit_note',
      what: 'card.commitment-form.what',
      whatPlaceholder: 'card.commitment-form.what_placeholder',
      whatError: 'card.commitment-form.what_error',
      owner: 'card.commitment-form.owner',
      ownerError: 'card.commitment-form.owner_error',
      due: 'card.commitments.due',
      dueError: 'card.commitment-form.due_error',
      with: 'card.commitment-form.with',
      others: 'card.commitment-form.others',
      othersPlaceholder: 'card.commitment-form.others_placeholder',
      saveAdd: 'card.commitment-form.save_add',
      saveEdit: 'card.commitment-form.save_edit',
    }),
  };
}
