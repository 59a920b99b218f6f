import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { RedisDueStores } from './due-redis.js';
import { type EncryptionKeys, ValueCipher } from './encryption.js';
import type { StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';
import { escapeGlob, type RawValues } from './raw-values.js';
import { RedisLock } from './redis-lock.js';

/** The part of a node-redis client the raw values use. */
interface Client {
  scan(
    cursor: string,
    options: { MATCH: string; TYPE: string; COUNT: number },
  ): Promise<{ cursor: string; keys: string[] }>;
  get(key: string): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// Keeps the key's time to live (a record kept for a while).
const REPLACE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0`;

/** Connection attempts at start before giving up, so a wrong STORE_URL fails fast. */
const FIRST_CONNECT_ATTEMPTS = 3;

/** Redis shared by several bot instances: one client serves both keyv and the lock. */
export async function openRedisStore<E>(
  url: string,
  namespace: string,
  encryption?: EncryptionKeys,
): Promise<KeyvEventStore<E>> {
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
  const cipher = new ValueCipher(encryption);
  const due = new RedisDueStores(client, cipher);
  return new KeyvEventStore<E>(keyv, {
    cipher,
    lock: new RedisLock(client),
    due: (kind) => due.store(kind),
    raw: redisRawValues(client, `${namespace}${adapter.keyPrefixSeparator}`),
    resealDue: () => due.reseal(namespace),
  }).opened();
}

/** keyv's values are the strings under `prefix` (locks and the due index are other keys or types). */
function redisRawValues(client: Client, prefix: string): RawValues {
  return {
    keys: async () => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const reply = await client.scan(cursor, {
          MATCH: `${escapeGlob(prefix)}*`,
          TYPE: 'string',
          COUNT: 500,
        });
        cursor = String(reply.cursor);
        keys.push(...reply.keys);
      } while (cursor !== '0');
      return [...new Set(keys)];
    },
    get: async (key) => (await client.get(key)) ?? undefined,
    replaceIf: async (key, previous, next) =>
      Number(await client.eval(REPLACE_IF, { keys: [key], arguments: [previous, next] })) === 1,
    keyOf: (key) => `${prefix}${key}`,
  };
}
