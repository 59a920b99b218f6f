/**
 * A filled Adaptive Card as a Slack message or modal. The translator has no words of its own:
 * whatever it must add (the "more in the memo" line, a modal's title) comes in the options.
 */

import type { AdaptiveCard } from '../render.js';
import { isRecord } from '../submission-fields.js';
import { ButtonMaker, intentOf, visibleActions } from './actions.js';
import { actionsBlock, blocksOf, mergeSections } from './body.js';
import { LIMITS, requireWithin, shorten, shortenMrkdwn, withinLimits } from './limits.js';
import { toMrkdwn } from './mrkdwn.js';
import type { Block, ModalView, SlackMessage } from './types.js';
import { plain } from './types.js';

type Node = Readonly<Record<string, unknown>>;

export interface MessageTexts {
  /** Shown where blocks had to be left out, e.g. "…and the rest in the memo". */
  readonly more: string;
}

export interface ModalTexts extends MessageTexts {
  readonly title: string;
  /** The submit button; the primary action's own title when not given. */
  readonly submit?: string;
  readonly close?: string;
  /** Defaults to the primary action's verb. */
  readonly callbackId?: string;
}

/** Every node under a card's body, depth first, in reading order. */
function* walk(items: unknown): Generator<Node> {
  if (!Array.isArray(items)) return;
  for (const n of items.filter(isRecord)) {
    yield n;
    yield* walk(n.items);
    yield* walk(n.columns);
  }
}

/** What notifications show: the card's own fallback text, else its first words. */
function notificationText(card: AdaptiveCard): string {
  const first = [...walk(card.body)].find(
    (n) => n.type === 'TextBlock' && typeof n.text === 'string' && n.text.trim(),
  );
  const text =
    typeof card.fallbackText === 'string' && card.fallbackText.trim() ? card.fallbackText : first?.text;
  return shortenMrkdwn(toMrkdwn(typeof text === 'string' ? text : ''), LIMITS.messageText);
}

function blocksFor(card: AdaptiveCard, skip?: Node): Block[] {
  const ctx = { buttons: new ButtonMaker(), ...(skip ? { skip } : {}) };
  return mergeSections([...blocksOf(card.body, ctx), ...actionsBlock(card.actions, ctx)]);
}

export function toSlackMessage(card: AdaptiveCard, texts: MessageTexts): SlackMessage {
  return {
    text: notificationText(card),
    blocks: withinLimits(blocksFor(card), LIMITS.messageBlocks, texts.more),
  };
}

/** The action a form is for: the first positive one, else the first that does something. */
export function primaryAction(card: AdaptiveCard): Node | undefined {
  const sets = [...walk(card.body)]
    .filter((n) => n.type === 'ActionSet')
    .flatMap((n) => visibleActions(n.actions));
  const acting = [...visibleActions(card.actions), ...sets].filter((a) => a.type !== 'Action.OpenUrl');
  return acting.find((a) => a.style === 'positive') ?? acting[0];
}

/** The card as a modal whose submit button is the card's primary action (its verb and data ride in private_metadata). */
export function toSlackModal(card: AdaptiveCard, texts: ModalTexts): ModalView {
  const primary = primaryAction(card);
  const intent = primary && intentOf(primary);
  const blocks = withinLimits(blocksFor(card, primary), LIMITS.modalBlocks, texts.more);
  if (!intent && blocks.some((b) => b.type === 'input'))
    throw new Error('a modal with inputs needs an action to submit them');
  const short = (text: string) => plain(shorten(text, LIMITS.modalTexts));
  const submit = texts.submit ?? (typeof primary?.title === 'string' ? primary.title : '');
  if (intent && !submit.trim()) throw new Error(`the modal's submit (${intent.verb}) has no title`);
  return {
    type: 'modal',
    callback_id: requireWithin(texts.callbackId ?? intent?.verb ?? 'card', LIMITS.id, 'callback_id'),
    title: short(texts.title),
    ...(intent
      ? {
          submit: short(submit),
          private_metadata: requireWithin(JSON.stringify(intent), LIMITS.privateMetadata, 'private_metadata'),
        }
      : {}),
    ...(texts.close ? { close: short(texts.close) } : {}),
    blocks,
  };
}
