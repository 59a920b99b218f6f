/**
 * Toivo's cards as Teams shows them. The conversation gets the card drawn for nobody in
 * particular (people outside the meeting may read it), with a `refresh` that has Teams ask Toivo
 * for each participant's own drawing of the same message (Universal Actions). Every action says
 * which card it is on, so a click is answered with that card as it is now.
 */
import { buildCard } from '../../cards/cards.js';
import type { AdaptiveCard, Surface } from '../../cards/render.js';
import { isRecord } from '../../cards/submission-fields.js';
import { VERBS } from '../../cards/verbs.js';
import type { ViewContext } from '../../cards/view-models/common.js';

/** Teams refreshes a card for at most this many users; beyond them, "Open my view" serves. */
export const REFRESH_USERS = 60;

/** Adds `surface` to the data of every action (and its fallback), wherever it is in the card. */
function markActions(node: unknown, surface: Surface): unknown {
  if (Array.isArray(node)) return node.map((n) => markActions(n, surface));
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = markActions(v, surface);
  if ((node.type === 'Action.Execute' || node.type === 'Action.Submit') && isRecord(out.data))
    out.data = { ...out.data, surface };
  return out;
}

/** The card of `surface` for Teams; with `refreshFor`, each of those users sees their own drawing. */
export function teamsCard(
  surface: Surface,
  view: ViewContext,
  refreshFor: readonly string[] = [],
): AdaptiveCard {
  const card = markActions(buildCard(surface, view), surface) as AdaptiveCard;
  const meetingId = view.meeting?.id;
  if (!meetingId || refreshFor.length === 0) return card;
  return {
    ...card,
    refresh: {
      action: { type: 'Action.Execute', verb: VERBS.refresh, data: { meetingId, surface } },
      userIds: refreshFor.slice(0, REFRESH_USERS),
    },
  };
}

/** The answer to an `adaptiveCard/action` invoke that shows `card` to the one who clicked. */
export const cardAnswer = (card: AdaptiveCard) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card,
});

/** The answer that leaves the card as it is and tells the person why (a localized sentence). */
export const messageAnswer = (text: string) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: text,
});
