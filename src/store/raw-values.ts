/**
 * The keyv values of one namespace as the backend stores them (serialized, and sealed when
 * encrypted), for re-encrypting them all in place. Each backend gives its own: keyv has no
 * compare-and-set, and a value the bot changes meanwhile must not be overwritten with an old one.
 */
export interface RawValues {
  /** Every key of the namespace, as the backend names it. */
  keys(): Promise<readonly string[]>;
  /** The stored text of a key, undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Writes `next` when the stored text is still `previous` (its time to live kept); false when it had changed. */
  replaceIf(key: string, previous: string, next: string): Promise<boolean>;
  /** The backend's name of a keyv key (with the namespace). */
  keyOf(key: string): string;
}

/** `text` with SQL LIKE's wildcards escaped by a backslash (use with `ESCAPE '\'`). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** `text` with Redis glob's special characters escaped. */
export const escapeGlob = (text: string): string => text.replace(/[\\*?[\]^-]/g, '\\$&');
