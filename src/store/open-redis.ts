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
import type { StoredRow, StreamRows } from './stream-rows.js';

/** The part of a node-redis client the raw values use. */
interface Client {
  scan(
    cursor: string,
    options: { MATCH: string; TYPE: string; COUNT: number },
  ): Promise<{ cursor: string; keys: string[] }>;
  get(key: string): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(keys: string[]): Promise<unknown>;
  lRange(key: string, start: number, stop: number): Promise<string[]>;
}

// Keeps the key's time to live (a record kept for a while).
const REPLACE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0`;

/**
 * A stream's write (see stream-rows.ts): the head replaced when it is still the one read (by its
 * SHA-1, '' for none) and Redis's clock says the deadline has not passed; the list's entries from
 * row `seq` on popped, and the row pushed. KEYS: the head, the list. ARGV: the deadline on Redis's
 * clock (ms), the previous head's SHA-1, the head, seq, the row's entry. 1 written, 0 changed, -1 late.
 */
const COMMIT = `
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
local seq = tonumber(ARGV[4])
while true do
  local last = redis.call('LINDEX', KEYS[2], -1)
  if not last then break end
  local at = tonumber(string.match(last, '^(%d+),'))
  if at == nil or at < seq then break end
  redis.call('RPOP', KEYS[2])
end
redis.call('RPUSH', KEYS[2], ARGV[5])
redis.call('SET', KEYS[1], ARGV[3])
return 1`;

/**
 * A stream's head and list entries as of one moment: the last ARGV[1] of them (0: no limit), from
 * index ARGV[2] on (entry i is row i: a commit pops the entries from its row on before it pushes).
 */
const READ = `
local n = tonumber(ARGV[1])
local start = tonumber(ARGV[2])
if n > 0 then start = -n end
return {redis.call('GET', KEYS[1]) or '', redis.call('EXISTS', KEYS[1]), redis.call('LRANGE', KEYS[2], start, -1)}`;

/** One list entry written again when it is still the one read. KEYS: the list. ARGV: index, previous, next. */
const REPLACE_ENTRY = `
if redis.call('LINDEX', KEYS[1], tonumber(ARGV[1])) == ARGV[2] then
  redis.call('LSET', KEYS[1], tonumber(ARGV[1]), ARGV[3])
  return 1
end
return 0`;

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
    raw: redisRawValues(client, `${namespace}${adapter.keyPrefixSeparator}`),
    rows: redisRows(client, `${namespace}${adapter.keyPrefixSeparator}`, clock),
    resealDue: () => due.reseal(namespace),
    // One command that reads Redis's clock: an answer, and the clock's offset kept current.
    ping: () => clock.measure(1),
  }).opened();
}

const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

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

/**
 * The streams' rows in a Redis list per stream beside the head (`<ns>:toivo-store:events:<id>`, a
 * name no record can have): one entry per append ("<seq>,<row>"), pushed in the same script that
 * replaces the head; a segment pops the entries it merges and is pushed in their place.
 */
function redisRows(client: Client, prefix: string, clock: ClockOffset): StreamRows {
  const head = (streamId: string) => `${prefix}meeting:${streamId}`;
  const list = (streamId: string) => `${prefix}toivo-store:events:${streamId}`;
  const entry = (text: string): StoredRow => {
    const comma = text.indexOf(',');
    return { seq: Number(text.slice(0, comma)), body: text.slice(comma + 1) };
  };
  return {
    read: async (streamId, fromSeq = 0, lastRows) => {
      const [text, exists, entries] = (await client.eval(READ, {
        keys: [head(streamId), list(streamId)],
        arguments: [String(lastRows ?? 0), String(fromSeq)],
      })) as [string, number, string[]];
      return {
        head: Number(exists) === 1 ? text : undefined,
        rows: entries.map(entry).filter((row) => row.seq >= fromSeq),
      };
    },
    commit: async (streamId, previous, next, seq, body, deadline) => {
      const reply = Number(
        await client.eval(COMMIT, {
          keys: [head(streamId), list(streamId)],
          arguments: [
            String(clock.toServer(deadline)),
            previous === undefined ? '' : sha1(previous),
            next,
            String(seq),
            `${seq},${body}`,
          ],
        }),
      );
      return reply === 1 ? 'written' : reply === 0 ? 'changed' : 'late';
    },
    erase: async (streamId) => {
      await client.del([head(streamId), list(streamId)]);
    },
    reseal: async (reseal) => {
      const lists: string[] = [];
      let cursor = '0';
      do {
        const reply = await client.scan(cursor, {
          MATCH: `${escapeGlob(`${prefix}toivo-store:events:`)}*`,
          TYPE: 'list',
          COUNT: 500,
        });
        cursor = String(reply.cursor);
        lists.push(...reply.keys);
      } while (cursor !== '0');
      let written = 0;
      for (const key of new Set(lists)) {
        const entries = await client.lRange(key, 0, -1);
        for (const [index, text] of entries.entries()) {
          const { seq, body } = entry(text);
          const next = reseal(body);
          if (next === undefined) continue;
          const replaced = await client.eval(REPLACE_ENTRY, {
            keys: [key],
            arguments: [String(index), text, `${seq},${next}`],
          });
          written += Number(replaced);
        }
      }
      return written;
    },
  };
}
