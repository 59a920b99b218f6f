/**
 * One person's view, written down by the chair or the note-taker: what they wish for, what worries
 * them, what they can do themself. Opened from the board for the one speaking or just heard, it
 * holds their view as it stands; saving replaces it, and saving it all empty takes it away.
 */
import {
  type Command,
  client,
  findParticipant,
  LIMITS,
  type Meeting,
  type RejectionCode,
  viewOf,
} from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { otherText, refusal } from './can.js';
import { shorten } from './card-format.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';

/** A save the core would take if the viewer may write down `personId`'s view now: a text that differs. */
export const viewTrial = (m: Meeting, personId: string): Command => ({
  type: 'view.record',
  participantId: personId,
  possibility: otherText(viewOf(m, personId)?.possibility ?? ''),
});

/** Why `viewerId` may not write down `personId`'s view now (the board offers the form only when they may). */
/** Whose view a click opens the form for: the person its button names, or the one chosen in the board's list. */
export const viewPersonOf = (fields: Readonly<Record<string, string>>): string | undefined =>
  fields.pick === 'true' ? fields.viewFor?.trim() : fields.participantId;

export const viewFormRefusal = (
  m: Meeting,
  now: string,
  viewerId: string,
  personId: string,
): RejectionCode | undefined => refusal(m, now, viewerId, viewTrial(m, personId))?.code;

export function viewFormView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const person = findParticipant(m, ctx.personId);
  if (!person) throw new Error(`no participant ${ctx.personId}`);
  const view = viewOf(m, person.id) ?? {};
  const name = shorten(person.name, 60);
  return {
    ...base(locale),
    action: actionData(m),
    participantId: person.id,
    title: t(locale, 'card.view-form.title', { name }),
    // The client's wish is one wish: the one they (or the note-taker) recorded, and the memo's own.
    clientNote: client(m)?.id === person.id ? t(locale, 'card.view-form.client_wish') : undefined,
    max: LIMITS.view,
    maxWish: client(m)?.id === person.id ? LIMITS.wish : LIMITS.view,
    values: { wish: view.wish ?? '', worry: view.worry ?? '', possibility: view.possibility ?? '' },
    t: labels(locale, {
      guide: 'card.view-form.guide',
      wish: 'card.view-form.wish',
      wishPlaceholder: 'card.view-form.wish_placeholder',
      worry: 'card.view-form.worry',
      worryPlaceholder: 'card.view-form.worry_placeholder',
      possibility: 'card.view-form.possibility',
      possibilityPlaceholder: 'card.view-form.possibility_placeholder',
      save: 'card.view-form.save',
    }),
  };
}
