/**
 * What the convener and the client prepared together. The answers are between them: the convener,
 * the client and the acting chair see them; that the client agreed may be shown to all invitees.
 */
import { isActingChair, type Locale, type Meeting, PREPARATION_FIELDS } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { can } from './can.js';
import { actionData } from './common.js';

/** Whether the one looking is the client, who reads about herself as "you". */
const isClientOf = (m: Meeting, viewerId: string | undefined): boolean =>
  viewerId !== undefined && m.participants.some((x) => x.id === viewerId && x.role === 'client');

/** Whether `viewerId` may see the answers prepared with the client. */
export const seesPreparation = (m: Meeting, viewerId: string | undefined): boolean =>
  viewerId !== undefined &&
  (viewerId === m.convenerId ||
    isActingChair(m, viewerId) ||
    m.participants.some((p) => p.id === viewerId && p.role === 'client'));

/** The answers and the client's consent, for one who may see them; undefined for anyone else. */
export function preparationView(locale: Locale, m: Meeting, viewerId: string | undefined) {
  if (!seesPreparation(m, viewerId)) return undefined;
  const p = m.preparation ?? {};
  const facts = PREPARATION_FIELDS.flatMap((k) => {
    const answer = p[k];
    return answer ? [{ title: t(locale, `card.preparation.${k}`), value: answer }] : [];
  });
  // The client is asked on their own card; "ask the client first" is for the worker and the chair.
  const isClient = isClientOf(m, viewerId);
  return {
    heading: t(
      locale,
      facts.length === 0
        ? 'card.invitation-form.prep_title'
        : isClient
          ? 'card.preparation.heading_client'
          : 'card.preparation.heading',
    ),
    facts,
    consent: p.consent
      ? t(locale, isClient ? 'card.preparation.agreed_client' : 'card.preparation.agreed')
      : isClient
        ? undefined
        : t(locale, 'card.preparation.not_yet'),
    // A gentle nudge, not a block: the meeting goes on without the consent recorded.
    notYet: p.consent === undefined,
    private: t(locale, isClient ? 'card.preparation.private_client' : 'card.preparation.private'),
  };
}

/** The client's own invitation asks them to agree, while they have not and the meeting is still ahead. */
export function agreeView(locale: Locale, m: Meeting, now: string, viewerId: string | undefined) {
  if (!can(m, now, viewerId, { type: 'preparation.agree' })) return undefined;
  return {
    question: t(locale, 'card.preparation.ask_client'),
    label: t(locale, 'card.preparation.agree'),
    ...actionData(m),
  };
}

/** That the client agreed, for everyone on the invitation (the client reads it of herself); nothing while they have not. */
export const agreedLine = (locale: Locale, m: Meeting, viewerId?: string): string | undefined =>
  m.preparation?.consent
    ? t(locale, isClientOf(m, viewerId) ? 'card.preparation.agreed_client' : 'card.preparation.agreed')
    : undefined;
