/**
 * Toivo's cards as Teams shows them. The conversation gets the card drawn for nobody in
 * particular (people outside the meeting may read it), with a `refresh` that has Teams ask Toivo
 * for each participant's own drawing of the same message (Universal Actions). Every action says
 * which card it is on, so a click is answered with that card as it is now.
 */
import { besideOwnBoard } from '../../app/index.js';
import { buildCard } from '../../cards/cards.js';
import type { AdaptiveCard, Surface } from '../../cards/render.js';
import { isRecord } from '../../cards/submission-fields.js';
import { VERBS } from '../../cards/verbs.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { ACCOUNT_FIELD } from '../../cards/view-models/invitation-form.js';

/** Teams refreshes a card for at most this many users; beyond them, "Open my view" serves. */
export const REFRESH_USERS = 60;

/**
 * Adds `surface` to the data of every action (and its fallback), wherever it is in the card. Only
 * what leads to an action is copied; the rest of the card is shared with the one given, as it is.
 */
function markActions(node: unknown, surface: Surface): unknown {
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const marked = markActions(node[i], surface);
      if (marked !== node[i]) {
        out ??= node.slice();
        out[i] = marked;
      }
    }
    return out ?? node;
  }
  if (!isRecord(node)) return node;
  let out: Record<string, unknown> | undefined;
  for (const k in node) {
    const v = node[k];
    if (typeof v !== 'object' || v === null) continue;
    const marked = markActions(v, surface);
    if (marked !== v) {
      out ??= { ...node };
      out[k] = marked;
    }
  }
  const data = (out ?? node).data;
  if ((node.type === 'Action.Execute' || node.type === 'Action.Submit') && isRecord(data)) {
    out ??= { ...node };
    out.data = { ...data, surface };
  }
  return out ?? node;
}

/** The directory Teams' people picker searches: the people of the conversation's organisation. */
export const PEOPLE_DATASET = 'graph.microsoft.com/users?scope=currentContext';

/**
 * Teams' people picker on the invitation form's "chat account" rows: a person found in the
 * organisation's directory is linked to the meeting at once. The row's own choices stay as the
 * plain fallback for clients without the picker.
 */
function withPeoplePickers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withPeoplePickers);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = withPeoplePickers(v);
  if (node.type === 'Input.ChoiceSet' && typeof node.id === 'string' && ACCOUNT_FIELD.test(node.id))
    out['choices.data'] = { type: 'Data.Query', dataset: PEOPLE_DATASET };
  return out;
}

/**
 * A refused invitation form's people pickers keep whom they had found: each picked person is one
 * of the row's choices, named as the row names them, so that the picker shows a name, not an id.
 */
export function keepPicked(card: AdaptiveCard, fields: Readonly<Record<string, string>>): AdaptiveCard {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    const row = typeof node.id === 'string' ? ACCOUNT_FIELD.exec(node.id)?.[1] : undefined;
    const picked = typeof node.value === 'string' ? node.value : '';
    const choices = Array.isArray(node.choices) ? (node.choices as { value?: unknown }[]) : [];
    if (row && out['choices.data'] && picked && !choices.some((c) => c.value === picked))
      out.choices = [...choices, { title: fields[`${row}Name`]?.trim() || picked, value: picked }];
    return out;
  };
  return walk(card) as AdaptiveCard;
}

/** The card of `surface` for Teams; with `refreshFor`, each of those users sees their own drawing. */
export function teamsCard(
  surface: Surface,
  view: ViewContext,
  refreshFor: readonly string[] = [],
): AdaptiveCard {
  const drawn = buildCard(surface, view);
  const picked = surface === 'invitation-form' ? withPeoplePickers(drawn) : drawn;
  const card = markActions(picked, surface) as AdaptiveCard;
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

/**
 * One person's own board: the board drawn for them, with the commitments and the feedback below
 * it once there are any, in one card. Where people outside the meeting read the conversation,
 * these are not posted there: each person sees them here, on the board's message, as their own.
 */
export function ownBoard(view: ViewContext, refreshFor: readonly string[] = []): AdaptiveCard {
  const m = view.meeting;
  const own: ViewContext = { ...view, exposed: false };
  const board = teamsCard('board', own, refreshFor);
  if (!m) return board;
  const parts = besideOwnBoard(m).map((surface) => {
    // Every step on it answers with the whole own board again.
    const card = markActions(buildCard(surface, own), 'board') as AdaptiveCard;
    const actions =
      Array.isArray(card.actions) && card.actions.length > 0
        ? [{ type: 'ActionSet', actions: card.actions }]
        : [];
    return {
      type: 'Container',
      separator: true,
      spacing: 'Large',
      items: [...(card.body as unknown[]), ...actions],
    };
  });
  return { ...board, body: [...(board.body as unknown[]), ...parts] };
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
