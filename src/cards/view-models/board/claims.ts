/** "This is me" claims, for the convener and the chair to confirm or refuse: only they know who is who. */
import { findParticipant, type Locale, type Meeting } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { can } from '../can.js';
import { shorten } from '../card-format.js';
import { NAME_MAX } from './text.js';

/** The oldest claims first; more wait their turn, so the card stays within Slack's blocks. */
const CLAIMS_SHOWN = 5;

export function claimsView(locale: Locale, m: Meeting, now: string, viewerId: string | undefined) {
  const viewer = findParticipant(m, viewerId);
  const { claims } = m;
  const [oldest] = claims;
  // Whoever the core lets settle the oldest claim settles them all; without an account, nobody can press.
  const settles =
    oldest !== undefined &&
    viewer?.chatUserId !== undefined &&
    can(m, now, viewer.id, {
      type: 'account.confirm',
      participantId: oldest.participantId,
      chatUserId: oldest.chatUserId,
    });
  if (!settles) return undefined;
  const rest = claims.length - CLAIMS_SHOWN;
  return {
    heading: t(locale, 'card.board.claims_heading'),
    hint: t(locale, 'card.board.claims_hint'),
    confirm: t(locale, 'card.board.action.claim_confirm'),
    refuse: t(locale, 'card.board.action.claim_refuse'),
    items: claims.slice(0, CLAIMS_SHOWN).map((c) => ({
      text: t(locale, 'card.board.claim', {
        account: shorten(c.displayName ?? t(locale, 'card.board.claim_unnamed'), NAME_MAX),
        name: shorten(findParticipant(m, c.participantId)?.name ?? '?', NAME_MAX),
      }),
      participantId: c.participantId,
      chatUserId: c.chatUserId,
    })),
    more: rest > 0 ? t(locale, 'card.board.claims_more', { count: rest }) : undefined,
  };
}
