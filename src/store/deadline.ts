/**
 * Deadlines on store calls. Every call to a backend, and every wait for a lock, ends by a deadline
 * (by default a few seconds after it starts; inside `withLock`, the lock's deadline, so that a
 * click's load → decide → append shares one): a store that does not answer is a clear
 * `StoreUnavailableError` in time, never a click that hangs for the whole outage.
 *
 * A deadline also bounds what is written: every write is checked against it right before it is
 * issued, and the append's write carries it to the backend, which refuses it when it arrives late
 * (see `StreamRows.commit`), so that nothing is applied after its caller was told it failed.
 *
 * Deadlines are milliseconds since the epoch on this machine's real clock (`storeNow`), not the
 * app's clock (the playground moves that one), and their timers are the real ones: both are taken
 * when this module loads, so that a clock a test fakes afterwards (sinon) moves no store deadline.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const realNow: () => number = Date.now;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** This machine's clock, in ms since the epoch: what every store deadline is measured on. */
export const storeNow = (): number => realNow();

/** `setTimeout` as it was when the store was loaded (never a test's fake one), unref'd. */
export function storeTimer(run: () => void, ms: number): NodeJS.Timeout {
  const timer = realSetTimeout(run, ms);
  timer.unref();
  return timer;
}

export const clearStoreTimer = (timer: NodeJS.Timeout | undefined): void => realClearTimeout(timer);

/** Waits `ms` on the real timers. */
export const storeSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => realSetTimeout(resolve, ms));

/** How long one store call (or one click's locked load → decide → append) may take. */
export const DEFAULT_STORE_TIMEOUT_MS = 5_000;

/**
 * The store did not answer in time, or answered that it cannot be reached: nothing was written
 * after the deadline, and the same step may be tried again in a moment. Its message names no data.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(
    message: string,
    options?: ErrorOptions & {
      /** The deadline came before an answer (rather than the store saying it cannot be reached). */
      readonly timedOut?: boolean;
    },
  ) {
    super(message, options);
    this.timedOut = options?.timedOut ?? false;
  }

  readonly timedOut: boolean;
}

/**
 * The deadlines the current work runs under, innermost first. A scope counts while its work runs:
 * what escapes it (a timer set inside, a promise left running) does not inherit a deadline that
 * was never meant for it.
 */
interface Scope {
  readonly deadline: number;
  active: boolean;
  readonly outer: Scope | undefined;
}
const ambient = new AsyncLocalStorage<Scope>();

/** The earliest deadline the current work runs under (set by `underDeadline`), if any. */
export function currentDeadline(): number | undefined {
  let earliest: number | undefined;
  for (let scope = ambient.getStore(); scope; scope = scope.outer)
    if (scope.active) earliest = Math.min(earliest ?? scope.deadline, scope.deadline);
  return earliest;
}

/** The earliest of: `ms` from now, `explicit`, and the deadline the caller already runs under. */
export function deadlineWithin(ms: number, explicit?: number): number {
  return Math.min(
    storeNow() + ms,
    explicit ?? Number.POSITIVE_INFINITY,
    currentDeadline() ?? Number.POSITIVE_INFINITY,
  );
}

/**
 * Runs `work` with `deadline` as the one every store call inside it keeps (an earlier one of the
 * caller's stays), until `work` settles: also when that is after the deadline, so that its later
 * steps find the deadline passed.
 */
export function underDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  const scope: Scope = { deadline, active: true, outer: ambient.getStore() };
  const running = ambient.run(scope, work);
  return running.finally(() => {
    scope.active = false;
  });
}

/** Milliseconds left until `deadline`, at least 0. */
export const remainingMs = (deadline: number): number => Math.max(0, deadline - storeNow());

/** Throws when `deadline` has passed: called right before a write is issued. */
export function beforeWrite(deadline: number, what: string): void {
  if (storeNow() >= deadline)
    throw new StoreUnavailableError(`${what} was not issued: the store's deadline had passed`, {
      timedOut: true,
    });
}

/**
 * `promise`, or a `StoreUnavailableError` when it has not settled by `deadline`. The call itself
 * cannot be taken back: `onLate` gets its value if it still arrives (a pooled connection to give
 * back, say). A failure that arrives late is dropped.
 */
export function bounded<T>(
  deadline: number,
  what: string,
  promise: Promise<T>,
  onLate?: (value: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    // Not unref'd: a call under way keeps the process up until it is answered or given up.
    const timer = realSetTimeout(
      () => {
        late = true;
        reject(new StoreUnavailableError(`${what}: no answer from the store in time`, { timedOut: true }));
      },
      Math.max(0, deadline - storeNow()),
    );
    promise.then(
      (value) => {
        if (late) onLate?.(value);
        else {
          realClearTimeout(timer);
          resolve(value);
        }
      },
      (error: unknown) => {
        if (late) return;
        realClearTimeout(timer);
        reject(error);
      },
    );
  });
}
