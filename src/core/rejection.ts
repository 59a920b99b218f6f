/** A rule the command broke: a value, never a thrown error. The app localizes it by code. */
export interface Rejection {
  readonly rejected: true;
  readonly code: string;
  /** Lists (of names) are joined by the language's own rules when the rejection is said. */
  readonly params?: Readonly<Record<string, RejectionParam>>;
}

export type RejectionParam = string | number | readonly string[];

export const reject = (code: string, params?: Record<string, RejectionParam>): Rejection =>
  params ? { rejected: true, code, params } : { rejected: true, code };

export const isRejection = (value: unknown): value is Rejection =>
  typeof value === 'object' && value !== null && (value as { rejected?: unknown }).rejected === true;
