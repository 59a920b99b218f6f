import { createHash } from 'node:crypto';
import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { DEFAULT_STORE_TIMEOUT_MS } from './deadline.js';
import { RedisDueStores } from './due-redis.js';
import { type EncryptionKeys, ValueCipher } from './encryption.js';
import type { StoredStream } from './event-store.js';
import { KeyvEventStore } from './keyv-event-store.js';
import { ClockOffset, escapeGlob, type RawValues } from './raw-values.js';
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

/**
 * The append's write: applied only when the value is still the one read (compared by its SHA-1, so
 * that it is not sent twice) and Redis's own clock says the deadline has not passed. A command held
 * up on the way (a network that stalls, then delivers) writes nothing when it arrives too late.
 * ARGV: the deadline on Redis's clock (ms), the previous value's SHA-1 ('' for none), the value.
 * 1 written, 0 changed, -1 late.
 */
const WRITE_IF = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now >= tonumber(ARGV[1]) then return -1 end
local current = redis.call('GET', KEYS[1])
if ARGV[2] == '' then
  if current then return 0 end
elseif (not current) or redis.sha1hex(current) ~= ARGV[2] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3])
return 1`;

const NOW = `local t = redis.call('TIME') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Connection attempts at start before giving up, so a wrong STORE_URL fails fast. */
const FIRST_CONNECT_ATTEMPTS = 3;

export interface RedisStoreOptions {
  readonly encryption?: EncryptionKeys;
  /** A store call's deadline, and a click's (DEFAULT_STORE_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/** Says once in a while that the connection is lost (node-redis retries on its own); no data in it. */
function warner(): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    console.warn(`toivo store: the Redis connection failed: ${error.message}`);
  };
}

/** Redis shared by several bot instances: one client serves both keyv and the lock. */
export async function openRedisStore<E>(
  url: string,
  namespace: string,
  options: RedisStoreOptions = {},
): Promise<KeyvEventStore<E>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  let connectedOnce = false;
  const client = createClient({
    url,
    // While the connection is down, a command fails at once rather than waiting to be sent when
    // it is back: a click told it failed must not be applied a minute later.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: timeoutMs,
      // After the first connection, keep retrying forever: a restarted Redis should not need a restarted bot.
      reconnectStrategy: (retries, cause) =>
        !connectedOnce && retries >= FIRST_CONNECT_ATTEMPTS ? cause : Math.min(100 * 2 ** retries, 1_000),
    },
  });
  client.on('ready', () => {
    connectedOnce = true;
  });
  client.on('error', warner());
  const adapter = new KeyvRedis<StoredStream<E>>(client, { namespace, throwOnErrors: true });
  const clock = new ClockOffset(async () => Number(await client.eval(NOW, { keys: [], arguments: [] })));
  try {
    await client.connect();
    await clock.measure();
  } catch (error) {
    if (client.isOpen) await client.close().catch(() => undefined);
    throw new Error(`Cannot connect to the Redis store: ${(error as Error).message}`, { cause: error });
  }
  const keyv = new Keyv<StoredStream<E>>(adapter, { namespace, useKeyPrefix: false });
  const cipher = new ValueCipher(options.encryption);
  const due = new RedisDueStores(client, cipher);
  return new KeyvEventStore<E>(keyv, {
    cipher,
    timeoutMs,
    lock: new RedisLock(client),
    due: (kind) => due.store(kind),
    raw: redisRawValues(client, `${namespace}${adapter.keyPrefixSeparator}`, clock),
    resealDue: () => due.reseal(namespace),
    // One command that reads Redis's clock: an answer, and the clock's offset kept current.
    ping: () => clock.measure(1),
  }).opened();
}

const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** keyv's values are the strings under `prefix` (locks and the due index are other keys or types). */
function redisRawValues(client: Client, prefix: string, clock: ClockOffset): RawValues {
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
    writeIf: async (key, previous, next, deadline) => {
      const reply = Number(
        await client.eval(WRITE_IF, {
          keys: [key],
          arguments: [String(clock.toServer(deadline)), previous === undefined ? '' : sha1(previous), next],
        }),
      );
      return reply === 1 ? 'written' : reply === 0 ? 'changed' : 'late';
    },
    keyOf: (key) => `${prefix}${key}`,
  };
}
