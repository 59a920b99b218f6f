/** Reads a calendar file (.ics) as a calendar program does: folded lines joined, each property by name. */
import assert from 'node:assert/strict';

export interface ReadCalendar {
  /** The lines, unfolded, without their line ends. */
  readonly lines: readonly string[];
  /** The value of the first property `name` (parameters dropped), undefined when there is none. */
  get(name: string): string | undefined;
}

export function readCalendar(text: string): ReadCalendar {
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\n'), 'a calendar file, lines ended with CRLF');
  assert.ok(text.endsWith('END:VCALENDAR\r\n'), 'the file is whole');
  // RFC 5545 §3.1: a line break followed by a space or a tab continues the line before.
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '');
  return {
    lines,
    get: (name) => {
      const line = lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
      return line?.slice(line.indexOf(':') + 1);
    },
  };
}

/** A property's text as iCalendar escapes it (RFC 5545 §3.3.11), read back. */
export const unescaped = (value: string | undefined): string | undefined =>
  value?.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, '\n');
