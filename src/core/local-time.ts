/**
 * Calendar dates and wall-clock times in a meeting's time zone as instants: forms give a date and
 * a time, reminders are sent at a local hour. Daylight saving is taken into account.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::\d{2})?$/;

/** One formatter per zone: making one costs far more than using it, and reminders ask often. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC, in minutes, at an instant. */
export function offsetMinutes(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT" alone: the zone is at UTC
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3]));
}

const pad = (n: number): string => String(Math.abs(n)).padStart(2, '0');

/**
 * "2027-01-14" + "14:00" in Europe/Helsinki → "2027-01-14T14:00:00+02:00". Returns undefined for
 * text that is not a date and a time; the core then says what is wrong.
 */
export function localToIso(date: string, time: string, timeZone: string): string | undefined {
  const d = DATE.exec(date.trim());
  const t = TIME.exec(time.trim());
  if (!d || !t) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // The offset at the wall time read as UTC is right except across a DST change; a second look settles it.
  let offset = offsetMinutes(wall - offsetMinutes(wall, timeZone) * 60_000, timeZone);
  offset = offsetMinutes(wall - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** The weekday (0 Sunday … 6 Saturday) of a calendar date "YYYY-MM-DD". */
export function weekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** The calendar date `days` after (before, if negative) "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
