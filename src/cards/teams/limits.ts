/**
 * How much of a one-line label Teams shows where columns share a row. Teams sets no length of its
 * own: it cuts what does not fit the width ("Käyttää Teamsia tai Sla…"). A card in a Teams chat is
 * about 400 px wide on a desktop, some 48 characters of its 14 px text; columns side by side share
 * that, and a dropdown keeps some of its column for its arrow. A label alone on its row has the
 * card's whole width, and the same label is held to Slack's limits (slack/limits.ts) there.
 */

/** Characters of 14 px text across a card in a Teams chat, on a desktop. */
export const TEAMS_LINE = 48;
/** What a dropdown's arrow takes of its column, in characters. */
const DROPDOWN_ARROW = 3;

/** The characters a dropdown's choice or a text box's placeholder shows in one of `columns` columns side by side. */
export function teamsRoom(what: 'choice' | 'placeholder', columns: number): number {
  const room = Math.floor(TEAMS_LINE / Math.max(1, columns));
  return what === 'choice' ? room - DROPDOWN_ARROW : room;
}
