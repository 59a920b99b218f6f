/** A rule the command broke: a value, never a thrown error. The app localizes it by code. */
export interface Rejection {
  readonly rejected: true;
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export const reject = (code: string, params?: Record<string, string | number>): Rejection =>
  params ? { rejected: true, code, params } : { rejected: true, code };

export const isRejection = (value: unknown): value is Rejection =>
  typeof value === 'object' && value !== null && (value as { rejected?: unknown }).rejected === true;
