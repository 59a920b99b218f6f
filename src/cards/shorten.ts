/** Cutting text to fit a card or a Slack block: visibly, never silently, never inside a character. */

export const ELLIPSIS = '…';

/** Cuts a text to `max` characters with a visible "…", never inside a surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}
