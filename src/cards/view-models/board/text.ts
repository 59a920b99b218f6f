/** Keeping a card within Teams' and Slack's limits: long texts and lists are cut visibly, never silently. */
import type { Locale } from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { shorten } from '../card-format.js';

/** How many people or items a list on the board shows before "and N more". */
export const LIST_MAX = 20;
/** Slack shows at most 75 characters of an option or a button; a name leaves room for the rest. */
export const NAME_MAX = 60;

/** A note "in short": one line, cut to `max`. */
export const inShort = (text: string, max: number): string => shorten(text.replace(/\s+/g, ' ').trim(), max);

/** The first LIST_MAX names and, when there are more, "N more" as the last item of the list. */
export function capNames(locale: Locale, names: readonly string[], max = LIST_MAX): string[] {
  const shown = names.slice(0, max).map((n) => shorten(n, NAME_MAX));
  return names.length > max ? [...shown, t(locale, 'card.board.more', { count: names.length - max })] : shown;
}

/** A prompt's or a rejection's params made to fit: lists capped, names cut. */
export function capParams<T extends string | number | readonly string[]>(
  locale: Locale,
  params: Readonly<Record<string, T>> = {},
): Record<string, string | number | readonly string[]> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'object' ? capNames(locale, v) : typeof v === 'string' ? shorten(v, NAME_MAX) : v,
    ]),
  );
}

/** A person as a choice in a ChoiceSet: the name (cut to fit Slack's options) and the id. */
export const choiceOf = (p: { readonly id: string; readonly name: string }) => ({
  title: shorten(p.name, NAME_MAX),
  value: p.id,
});
