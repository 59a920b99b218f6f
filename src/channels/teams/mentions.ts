/**
 * Mentions in a Teams message, as botbuilder reads them when it takes the bot's mention out of the
 * text: without looking (an entity that is no object, a mention of nobody, a text that is no text
 * throws). The route's door refuses an activity whose mentions are not so, and the handlers check
 * again before they ask botbuilder, so that the door is not all that stands before a failed turn.
 */
import { type Activity, TurnContext } from 'botbuilder';

/** Whether an entity is a mention (Teams writes "mention"; botbuilder compares without case). */
export const isMention = (e: unknown) => String((e as { type?: unknown }).type).toLowerCase() === 'mention';

/** An entity as botbuilder reads it: with a type; a mention with whom it mentions, and its text. */
export function entityWellFormed(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || typeof (e as { type?: unknown }).type !== 'string') return false;
  const { type, mentioned, text } = e as { type: string; mentioned?: unknown; text?: unknown };
  return (
    type.toLowerCase() !== 'mention' ||
    (typeof mentioned === 'object' &&
      mentioned !== null &&
      typeof (mentioned as { id?: unknown }).id === 'string' &&
      (text === undefined || typeof text === 'string'))
  );
}

/**
 * What a message says to the bot: its text without the bot's mention, taken out by botbuilder
 * when the entities and the recipient are as botbuilder reads them, or else the text as it is.
 * A text that is no text is no text ("").
 */
export function messageText(activity: Activity): string {
  const { text, entities, recipient } = activity as {
    text?: unknown;
    entities?: unknown;
    recipient?: unknown;
  };
  if (typeof text !== 'string') return '';
  const readable =
    (entities === undefined || (Array.isArray(entities) && entities.every(entityWellFormed))) &&
    typeof recipient === 'object' &&
    recipient !== null &&
    typeof (recipient as { id?: unknown }).id === 'string';
  return readable ? (TurnContext.removeRecipientMention(activity) ?? text) : text;
}
