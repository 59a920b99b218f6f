/**
 * How deeply a JSON text nests, read before it is parsed and without recursion. No request Toivo
 * takes nests deeper than a card (some tens of levels); a body nested thousands deep parses, but
 * then overflows the stack of whatever walks it (Bolt, botbuilder, a String() of an array), so
 * each channel refuses it at its door.
 */

/** Deeper than any real request: Slack's views and Teams' cards nest some tens of levels at most. */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` nests its arrays and objects deeper than `max` (what is inside strings aside). */
export function tooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: what follows is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
