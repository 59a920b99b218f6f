import type { EncryptionKeys } from './encryption.js';
import type { EventStore } from './event-store.js';
import type { KeyvEventStore, ReencryptReport } from './keyv-event-store.js';
import { openPostgresStore } from './open-postgres.js';
import { openRedisStore } from './open-redis.js';
import { openSqliteStore } from './open-sqlite.js';

export const DEFAULT_SQLITE_PATH = 'data/toivo.sqlite';
export const DEFAULT_NAMESPACE = 'toivo';

export interface OpenStoreOptions {
  /** `sqlite://path`, `redis://…`, `rediss://…`, `postgres://…` or `postgresql://…`; unset for the default SQLite file. */
  readonly url?: string;
  /** Prefix of every key, so that tests (or several bots on one backend) do not see each other. */
  readonly namespace?: string;
  /**
   * Encryption at rest: every value written is sealed with `key`; values sealed with `previous`
   * keys are still read (a rotation under way). Unset: values are written plain, and a store whose
   * data is encrypted does not open.
   */
  readonly encryption?: EncryptionKeys;
  /**
   * How long a store call may take, and a click's locked load → decide → append in all, before it
   * fails with a StoreUnavailableError (DEFAULT_STORE_TIMEOUT_MS, 5 s); shorter in tests.
   */
  readonly timeoutMs?: number;
}

export type StoreTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'redis'; readonly url: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** Which backend a store URL names. The URL itself never appears in an error: it may hold a password. */
export function parseStoreUrl(url: string | undefined): StoreTarget {
  if (url === undefined || url.trim() === '') return { kind: 'sqlite', path: DEFAULT_SQLITE_PATH };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim())?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const path = url.trim().slice('sqlite://'.length);
      if (path === '') throw new Error('The store URL sqlite:// names no file: use sqlite://path/to/file');
      return { kind: 'sqlite', path };
    }
    case 'redis':
    case 'rediss':
      return { kind: 'redis', url };
    case 'postgres':
    case 'postgresql':
      return { kind: 'postgres', url };
    default:
      throw new Error(
        `The store URL has ${scheme ? `the unsupported scheme "${scheme}://"` : 'no scheme'}: ` +
          `use sqlite://path, redis://host:port or postgres://user@host/db, or leave it unset for ${DEFAULT_SQLITE_PATH}`,
      );
  }
}

/**
 * Opens the event store a URL names; connects at once, so a wrong URL fails at start-up, and so
 * does a key that does not open the store's data (or no key for encrypted data).
 */
export function openEventStore<E>(options: OpenStoreOptions = {}): Promise<EventStore<E>> {
  return openKeyvStore<E>(options);
}

function openKeyvStore<E>(options: OpenStoreOptions): Promise<KeyvEventStore<E>> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const target = parseStoreUrl(options.url);
  const backend = {
    ...(options.encryption ? { encryption: options.encryption } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  switch (target.kind) {
    case 'sqlite':
      return openSqliteStore<E>(target.path, namespace, backend);
    case 'redis':
      return openRedisStore<E>(target.url, namespace, backend);
    case 'postgres':
      return openPostgresStore<E>(target.url, namespace, backend);
  }
}

/**
 * Key rotation (`npm run store:rotate`): opens the store with the current key and the previous
 * ones, and writes every value again sealed with the current key (plain ones too: this is how
 * data written before encryption was turned on is encrypted at once). Safe while bot instances
 * run on the same keys: a value changed meanwhile is not overwritten. Afterwards the previous
 * keys are no longer needed.
 */
export async function reencryptStore(options: OpenStoreOptions): Promise<ReencryptReport> {
  if (!options.encryption) throw new Error('ENCRYPTION_KEY is not set: there is no key to encrypt with');
  const store = await openKeyvStore<unknown>(options);
  try {
    return await store.reencrypt();
  } finally {
    await store.close();
  }
}

/** Opens the event store named by the environment variable `STORE_URL` (unset: the default SQLite file). */
export function openEventStoreFromEnv<E>(env: NodeJS.ProcessEnv = process.env): Promise<EventStore<E>> {
  return openEventStore<E>({ url: env.STORE_URL });
}
