/** One's reminders about a meeting, off or on again: a button on what reminds, and on the closed meeting's board. */
import { findParticipant, type Locale, type Meeting } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { can } from './can.js';

export function muteView(locale: Locale, m: Meeting, now: string, viewerId: string | undefined) {
  const me = findParticipant(m, viewerId);
  // Without a chat account one gets no reminders: the responsible worker is reminded instead.
  if (me?.chatUserId === undefined) return undefined;
  const muted = m.muted.includes(me.id);
  if (!can(m, now, me.id, { type: 'reminders.mute', muted: !muted })) return undefined;
  return {
    status: t(locale, muted ? 'card.reminders.muted' : 'card.reminders.on'),
    label: t(locale, muted ? 'card.reminders.unmute' : 'card.reminders.mute'),
    meetingId: m.id,
    muted: String(!muted),
  };
}
