/**
 * A lock held in the shared backend (Redis, PostgreSQL), so that several bot instances
 * exclude each other. Always used inside the in-process `KeyedLock`, so one process
 * asks the backend for a given key at most once at a time.
 */
export interface BackendLock {
  /**
   * Runs `work` while holding the lock named `key`; throws (a `StoreUnavailableError`) when it
   * cannot be had in time: within its own wait, and by `deadline` (ms since the epoch) when given.
   */
  withLock<T>(key: string, work: () => Promise<T>, deadline?: number): Promise<T>;
}

/** How long a backend lock may be waited for before the operation fails (an infrastructure error). */
export const DEFAULT_LOCK_WAIT_MS = 15_000;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
