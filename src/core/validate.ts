/** Checks of what people type. Each returns the clean value or a rejection. */
import { type Rejection, reject } from './rejection.js';

export const LIMITS = {
  name: 100,
  relation: 100,
  organisation: 100,
  purpose: 1000,
  topic: 200,
  topics: 12,
  place: 200,
  url: 500,
  note: 5000,
  wish: 2000,
  /** Each text of a person's view: their wish, their worry, their own possibility. */
  view: 2000,
  what: 500,
  other: 100,
  others: 10,
  reason: 500,
  comment: 1000,
  preparation: 1000,
  participants: 100,
  commitments: 300,
  minDuration: 15,
  maxDuration: 480,
} as const;

/** Trims a required text and checks its length. */
export function text(value: unknown, field: string, max: number): string | Rejection {
  if (typeof value !== 'string' || value.trim() === '') return reject('input.empty', { field });
  const clean = value.trim();
  return clean.length > max ? reject('input.too_long', { field, max }) : clean;
}

/** Like text(), but empty or missing is fine and gives undefined. */
export function optionalText(value: unknown, field: string, max: number): string | undefined | Rejection {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return undefined;
  return text(value, field, max);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 date-time with an offset, on a day that exists; returns its instant in ms. */
export function dateTime(value: unknown, field: string): number | Rejection {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return reject('input.invalid_time', { field });
  // Date.parse rolls 2026-02-30 over to 2 March instead of refusing it.
  if (typeof calendarDate(value.slice(0, 10), field) !== 'string')
    return reject('input.invalid_time', { field });
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? reject('input.invalid_time', { field }) : ms;
}

/** A calendar date YYYY-MM-DD that exists. */
export function calendarDate(value: unknown, field: string): string | Rejection {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return reject('input.invalid_date', { field });
  const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  const real = probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
  return real ? (value as string) : reject('input.invalid_date', { field });
}

/** One formatter per time zone: making one costs far more than using it, and cards ask many times a draw. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date in a time zone, as YYYY-MM-DD. */
export function localDate(nowIso: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(nowIso));
}

export const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false; // RangeError: an unknown zone is bad input, not a bug
  }
};

export function httpUrl(value: unknown, field: string): string | undefined | Rejection {
  const clean = optionalText(value, field, LIMITS.url);
  if (clean === undefined || typeof clean !== 'string') return clean;
  return /^https?:\/\/[^\s]+$/i.test(clean) ? clean : reject('input.invalid_url', { field });
}

export function score(value: unknown, field: string): number | Rejection {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5
    ? (value as number)
    : reject('feedback.invalid_score', { field });
}
