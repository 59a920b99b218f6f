/** Every user-facing text comes from locales/{fi,sv,en}.json. Pure: the files are bundled as data. */
import en from '../../locales/en.json' with { type: 'json' };
import fi from '../../locales/fi.json' with { type: 'json' };
import sv from '../../locales/sv.json' with { type: 'json' };
import type { Rejection } from '../core/rejection.js';
import type { Locale } from '../core/types.js';

export type Messages = Readonly<Record<string, string>>;
export const MESSAGES: Readonly<Record<Locale, Messages>> = { fi, sv, en };

/** BCP 47 tags for dates and numbers; Swedish as written in Finland. */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export type Params = Readonly<Record<string, string | number>>;

/** Thrown only for a bug: a key that no locale file has. Tests make sure every key exists in all three. */
export class MissingMessageError extends Error {}

export function t(locale: Locale, key: string, params: Params = {}): string {
  const template = MESSAGES[locale][key];
  if (template === undefined) throw new MissingMessageError(`missing message ${locale}:${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** One plural rule set per language, made once. */
const PLURALS = new Map<Locale, Intl.PluralRules>();

/** Which form a text about `count` things takes in the language: `one` or `other` (the keys' endings). */
export function pluralForm(locale: Locale, count: number): 'one' | 'other' {
  let rules = PLURALS.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(INTL_LOCALE[locale]);
    PLURALS.set(locale, rules);
  }
  return rules.select(count) === 'one' ? 'one' : 'other';
}

/**
 * The rejection, said plainly in the meeting's language. Field and phase names are translated too.
 * A rejection about people or things counted (its `count`, else how many `names` it has) is said
 * in the form for one or for several, when its text has them (`rejection.<code>.one`, `.other`).
 */
export function describeRejection(locale: Locale, rejection: Rejection): string {
  const params = { ...rejection.params };
  if (typeof params.field === 'string') params.field = t(locale, `field.${params.field}`);
  if (typeof params.phase === 'string') params.phase = t(locale, `phase.${params.phase}`);
  const key = `rejection.${rejection.code}`;
  const { count, names } = params;
  const n = typeof count === 'number' ? count : Array.isArray(names) ? names.length : undefined;
  const counted = n !== undefined && MESSAGES[locale][`${key}.one`] !== undefined;
  return say(locale, counted ? `${key}.${pluralForm(locale, n)}` : key, params);
}

/** Says a prompt or any keyed text whose list params are joined by the language's rules. */
export function say(
  locale: Locale,
  key: string,
  params: Readonly<Record<string, string | number | readonly string[]>> = {},
): string {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params))
    flat[name] = typeof value === 'object' ? listNames(locale, value) : value;
  return t(locale, key, flat);
}

/** One list format per language, made once (making one costs more than using it). */
const LISTS = new Map<Locale, Intl.ListFormat>();

/** Lists names the way the language does: "A, B and C". */
export function listNames(locale: Locale, names: readonly string[]): string {
  let list = LISTS.get(locale);
  if (!list) {
    list = new Intl.ListFormat(INTL_LOCALE[locale], { style: 'long', type: 'conjunction' });
    LISTS.set(locale, list);
  }
  return list.format(names);
}
