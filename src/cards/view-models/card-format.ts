/** Formatting the summary cards share: long texts and lists cut visibly, plural forms, times in the meeting's zone. */
import type { Locale, Meeting } from '../../core/index.js';
import { INTL_LOCALE, type Params, pluralForm, t } from '../../i18n/index.js';

export { shorten } from '../shorten.js';

/** The first `max` items, and how many were left out. */
export const firstItems = <T>(items: readonly T[], max: number): { shown: readonly T[]; rest: number } => ({
  shown: items.slice(0, max),
  rest: Math.max(0, items.length - max),
});

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date formatter for a language tag and options, made once: making one costs far more than
 * using it, and every board shows times and is drawn for each viewer on every click.
 */
export function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options);
    // Time zones are the meetings' own: a few in practice; bounded all the same.
    if (dateFormats.size >= 500) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

/** `key.one` or `key.other` by the language's plural rules, with `count` filled in. */
export function plural(locale: Locale, key: string, count: number, params: Params = {}): string {
  return t(locale, `${key}.${pluralForm(locale, count)}`, { ...params, count });
}

/** A lower-case term ("läheinen") as a label or a choice ("Läheinen"). */
export const capitalise = (locale: Locale, text: string): string =>
  text.charAt(0).toLocaleUpperCase(INTL_LOCALE[locale]) + text.slice(1);

/** An average on the 1–5 scale as the language writes it: "4,1" or "4.1". */
export const formatAverage = (locale: Locale, value: number): string =>
  value.toLocaleString(INTL_LOCALE[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A calendar date (YYYY-MM-DD) as the language writes it; read at noon UTC so no zone moves the day. */
export const formatDate = (locale: Locale, date: string): string =>
  dateFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );

/** Date and time options, always read in the meeting's own time zone. */
const inZone = (m: Meeting, options: Intl.DateTimeFormatOptions, locale: Locale) =>
  dateFormat(INTL_LOCALE[locale], { ...options, timeZone: m.invitation.timeZone });

/** "torstai 26. marraskuuta 2026", or without the weekday when `style` is 'long'. */
export const longDate = (m: Meeting, locale: Locale, iso: string, style: 'full' | 'long' = 'full'): string =>
  inZone(m, { dateStyle: style }, locale).format(new Date(iso));

/** "26. marraskuuta 2026 klo 14.00" */
export const dateAndTime = (m: Meeting, locale: Locale, iso: string): string =>
  inZone(m, { dateStyle: 'long', timeStyle: 'short' }, locale).format(new Date(iso));

/**
 * "14.00–15.30": the meeting's start and end; `overnight` when it ends on another day, in which
 * case the span names both dates ("26.11.2026 klo 23.00–27.11.2026 klo 0.30").
 */
export function timeSpan(m: Meeting, locale: Locale): { text: string; overnight: boolean } {
  const start = new Date(m.invitation.startsAt);
  const end = new Date(start.getTime() + m.invitation.durationMinutes * 60_000);
  const day = inZone(m, { dateStyle: 'short' }, locale);
  return {
    text: inZone(m, { timeStyle: 'short' }, locale).formatRange(start, end),
    overnight: day.format(start) !== day.format(end),
  };
}

/** The start as the form's inputs hold it: "2026-11-26" and "14:00" on the meeting's wall clock. */
export function wallClock(m: Meeting): { date: string; time: string } {
  const parts = Object.fromEntries(
    dateFormat('en-CA', {
      timeZone: m.invitation.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(m.invitation.startsAt))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
