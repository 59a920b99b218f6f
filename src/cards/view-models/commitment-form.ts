/** The commitment form: who does what, by when, with whom. Given a commitmentId, it changes that one. */
import { keepsRecord, LIMITS } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { personChoices, today } from './commitment-facts.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';

export function commitmentFormView(ctx: ViewContext) {
  const { locale, viewerId } = ctx;
  const m = requireMeeting(ctx);
  const editing =
    ctx.commitmentId === undefined ? undefined : m.commitments.find((c) => c.id === ctx.commitmentId);
  if (ctx.commitmentId !== undefined && !editing) throw new Error(`no commitment ${ctx.commitmentId}`);
  // The core lets the chair and the note-taker write down anyone's commitment, others only their own:
  // offering only what will be accepted spares people a refusal after they have filled the form.
  const anyone = viewerId === undefined || keepsRecord(m, viewerId);
  const owners = anyone ? m.participants : m.participants.filter((p) => p.id === viewerId);
  const ownerChoices = personChoices(locale, owners);
  return {
    ...base(locale),
    action: actionData(m),
    editing: editing !== undefined,
    commitmentId: editing?.id ?? '',
    title: t(locale, editing ? 'card.commitment-form.title_edit' : 'card.commitment-form.title_add'),
    ownOnly: anyone ? undefined : t(locale, 'rejection.auth.own_commitments_only'),
    maxWhat: LIMITS.what,
    today: today(m, ctx.now),
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
