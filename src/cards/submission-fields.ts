/**
 * Submitted data as flat string fields, the same way on every platform: numbers and booleans as
 * their text, lists as "a,b", nothing for null. Nested objects are platform extras (Teams'
 * `msteams`), not ours, and are left out.
 */

export type Fields = Record<string, string>;

export const isRecord = (x: unknown): x is Readonly<Record<string, unknown>> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const scalar = (x: unknown): string | undefined =>
  typeof x === 'string'
    ? x
    : typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))
      ? String(x)
      : undefined;

/** The data as fields, or undefined when it is not an object at all. */
export function stringFields(data: unknown): Fields | undefined {
  if (!isRecord(data)) return undefined;
  const fields: Fields = {};
  for (const [key, value] of Object.entries(data)) {
    const text = Array.isArray(value)
      ? value
          .map(scalar)
          .filter((v) => v !== undefined)
          .join(',')
      : scalar(value);
    if (text !== undefined) fields[key] = text;
  }
  return fields;
}

/** JSON text that should hold an object; undefined for anything else. Platform input is never trusted. */
export function parseObject(json: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof json !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined; // not JSON: someone else's payload or a tampered one, not a crash
  }
}
