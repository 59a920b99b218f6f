import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { RedisDueStores } from './due-redis.js';
import type { EventStore, StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';
import { RedisLock } from './redis-lock.js';

/** Connection attempts at start before giving up, so a wrong STORE_URL fails fast. */
const FIRST_CONNECT_ATTEMPTS = 3;

/** Redis shared by several bot instances: one client serves both keyv and the lock. */
export async function openRedisStore<E>(url: string, namespace: string): Promise<EventStore<E>> {
  let connectedOnce = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // After the first connection, keep retrying forever: a restarted Redis should not need a restarted bot.
      reconnectStrategy: (retries, cause) =>
        !connectedOnce && retries >= FIRST_CONNECT_ATTEMPTS ? cause : Math.min(100 * 2 ** retries, 2_000),
    },
  });
  client.on('ready', () => {
    connectedOnce = true;
  });
  const adapter = new KeyvRedis<StoredStream<E>>(client, { namespace, throwOnErrors: true });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to the Redis store: ${(error as Error).message}`, { cause: error });
  }
  const keyv = new Keyv<StoredStream<E>>(adapter, { namespace, useKeyPrefix: false });
  const due = new RedisDueStores(client);
  return new KeyvEventStore<E>(keyv, { lock: new RedisLock(client), due: (kind) => due.store(kind) });
}
