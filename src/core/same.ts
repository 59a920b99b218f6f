/**
 * Whether a change changes anything, field by field: comparing serialised JSON would depend on
 * the order keys happen to be written in, and call an unchanged record changed (or the reverse).
 */

type Value = string | number | boolean | undefined | readonly string[];

const sameValue = (a: Value, b: Value): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

/** Whether two records agree on every one of `keys`; lists are compared item by item, in order. */
export function sameFields<T extends object>(a: T, b: T, keys: readonly (keyof T)[]): boolean {
  return keys.every((k) => sameValue(a[k] as Value, b[k] as Value));
}
