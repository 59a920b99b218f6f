/**
 * The meeting's records once it is over: its export for the client record, and erasing it (or one
 * person in it). Only those who answer for the record see the buttons; the app checks again.
 */
import { findParticipant, type Locale, type Meeting } from '../../core/index.js';
import { t } from '../../i18n/index.js';

/** The viewer, when they have a chat account and are one of `roles`' people. */
function oneOf(m: Meeting, viewerId: string | undefined, roles: readonly (string | undefined)[]): boolean {
  const me = findParticipant(m, viewerId);
  return me?.chatUserId !== undefined && roles.includes(me.id);
}

/** The convener, the chair and the responsible worker export a meeting for the client record. */
export const mayExport = (m: Meeting, viewerId: string | undefined): boolean =>
  oneOf(m, viewerId, [m.convenerId, m.chairId, m.responsibleId]);

/** The convener and the responsible worker erase a meeting, or one person in it on their request. */
export const mayErase = (m: Meeting, viewerId: string | undefined): boolean =>
  oneOf(m, viewerId, [m.convenerId, m.responsibleId]);

/** The closed or cancelled board's records section for the viewer; none for anyone else. */
export function recordsView(locale: Locale, m: Meeting, viewerId: string | undefined) {
  if (!mayExport(m, viewerId)) return undefined;
  return {
    hint: t(locale, 'card.records.hint'),
    export: t(locale, 'card.records.export'),
    erase: mayErase(m, viewerId) ? t(locale, 'card.records.erase') : undefined,
  };
}
