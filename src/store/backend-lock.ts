/**
 * A lock held in the shared backend (Redis, PostgreSQL), so that several bot instances
 * exclude each other. Always used inside the in-process `KeyedLock`, so one process
 * asks the backend for a given key at most once at a time.
 */
export interface BackendLock {
  /** Runs `work` while holding the lock named `key`; throws when it cannot be had in time. */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** How long a backend lock may be waited for before the operation fails (an infrastructure error). */
export const DEFAULT_LOCK_WAIT_MS = 15_000;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
