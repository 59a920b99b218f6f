/**
 * Due entries in Redis: a sorted set by due time, the values in a hash, each group's ids in a
 * set, done ids in a set, and each claimed entry's lease end in a hash. Each step is one Lua
 * script, so instances never see half of a change.
 *
 * A lease ends by the claimer's clock (`now`), as in SQLite and PostgreSQL, not by Redis's own
 * expiry: the backends agree, and an app on a moved clock (the playground, tests) sees leases run
 * out when its time says so.
 */
import type { DueEntry, DueInput, DueStore } from './due-store.js';
import { ValueCipher } from './encryption.js';
import { escapeGlob } from './raw-values.js';

/** The part of a node-redis client the due store uses. */
export interface RedisDueClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  zCard(key: string): Promise<number>;
  scan(
    cursor: string,
    options: { MATCH: string; TYPE: string; COUNT: number },
  ): Promise<{ cursor: string; keys: string[] }>;
  hGetAll(key: string): Promise<Record<string, string>>;
}

/** What the values hash holds per entry: the value sealed when encrypted, the rest in clear for the scripts. */
type Stored = { group: string; dueAt: number; value: unknown };

const REPLACE = `
local entries = cjson.decode(ARGV[1])
local keep = {}
for _, e in ipairs(entries) do keep[e.id] = true end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if not keep[id] then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    redis.call('SREM', KEYS[3], id)
    redis.call('HDEL', KEYS[5], id)
  end
end
for _, e in ipairs(entries) do
  if redis.call('SISMEMBER', KEYS[4], e.id) == 0 then
    redis.call('ZADD', KEYS[1], e.dueAt, e.id)
    redis.call('HSET', KEYS[2], e.id, e.json)
    redis.call('SADD', KEYS[3], e.id)
  end
end
return 1`;

// Pages on past entries others hold, so that many held ones never hide what is free behind them.
const CLAIM = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local page = limit * 4 + 16
local offset = 0
local out = {}
repeat
  local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', offset, page)
  for _, id in ipairs(ids) do
    if #out >= limit * 2 then break end
    if tonumber(redis.call('HGET', KEYS[3], id) or '0') <= now then
      redis.call('HSET', KEYS[3], id, ARGV[3])
      table.insert(out, id)
      table.insert(out, redis.call('HGET', KEYS[2], id))
    end
  end
  offset = offset + page
until #ids < page or #out >= limit * 2
return out`;

// A done id moves from its group's set to the group's done set, so that forgetting the group finds it.
const DONE = `
local v = redis.call('HGET', KEYS[2], ARGV[1])
if v then
  local g = cjson.decode(v).group
  redis.call('SREM', ARGV[2] .. g, ARGV[1])
  redis.call('SADD', ARGV[3] .. g, ARGV[1])
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1`;

// Done ids marked before group done sets were kept are in no group's done set, and stay done.
const FORGET = `
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[5], id)
end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[6])) do
  redis.call('SREM', KEYS[4], id)
end
redis.call('DEL', KEYS[3], KEYS[6])
return 1`;

const REPLACE_IF = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  return 1
end
return 0`;

export class RedisDueStores {
  constructor(
    private readonly client: RedisDueClient,
    private readonly cipher: ValueCipher = ValueCipher.none,
  ) {}

  store<T>(ns: string): DueStore<T> {
    const p = `toivo-due:${ns}`;
    const [time, values, done, leases] = [`${p}:time`, `${p}:values`, `${p}:done`, `${p}:leases`];
    const group = (g: string) => `${p}:group:${g}`;
    const groupDone = (g: string) => `${p}:group-done:${g}`;
    return {
      replace: async (g, entries: readonly DueInput<T>[]) => {
        const json = entries.map((e) => ({
          id: e.id,
          dueAt: e.dueAt,
          json: JSON.stringify({
            group: g,
            dueAt: e.dueAt,
            value: this.cipher.sealValue(e.value),
          } satisfies Stored),
        }));
        await this.client.eval(REPLACE, {
          keys: [time, values, group(g), done, leases],
          // cjson reads an empty Lua table as an object; "[]" is what an empty list must be.
          arguments: [json.length === 0 ? '[]' : JSON.stringify(json)],
        });
      },
      // Only the lease's end decides who may claim; the owner is not kept.
      claim: async (now, limit, _owner, leaseMs) => {
        const reply = (await this.client.eval(CLAIM, {
          keys: [time, values, leases],
          arguments: [String(now), String(limit), String(now + leaseMs)],
        })) as (string | null)[];
        const out: DueEntry<T>[] = [];
        for (let i = 0; i + 1 < reply.length; i += 2) {
          const id = reply[i];
          const raw = reply[i + 1];
          if (!id || !raw) continue;
          const stored = JSON.parse(raw) as Stored;
          out.push({
            id,
            group: stored.group,
            dueAt: stored.dueAt,
            value: this.cipher.openValue<T>(stored.value),
          });
        }
        return out;
      },
      done: async (id) => {
        await this.client.eval(DONE, {
          keys: [time, values, done, leases],
          arguments: [id, `${p}:group:`, `${p}:group-done:`],
        });
      },
      forget: async (g) => {
        await this.client.eval(FORGET, {
          keys: [time, values, group(g), done, leases, groupDone(g)],
          arguments: [],
        });
      },
      size: () => this.client.zCard(time),
    };
  }

  /**
   * Writes every value of the kinds under `namespace` again sealed with the current key, each only
   * if unchanged since read; says how many.
   */
  async reseal(namespace: string): Promise<number> {
    let count = 0;
    let cursor = '0';
    do {
      const reply = await this.client.scan(cursor, {
        MATCH: `toivo-due:${escapeGlob(namespace)}:*`,
        TYPE: 'hash',
        COUNT: 500,
      });
      cursor = String(reply.cursor);
      for (const key of reply.keys.filter((k) => k.endsWith(':values'))) {
        for (const [id, raw] of Object.entries(await this.client.hGetAll(key))) {
          const stored = JSON.parse(raw) as Stored;
          if (!this.cipher.isStaleValue(stored.value)) continue;
          const value = this.cipher.sealValue(this.cipher.openValue(stored.value));
          const next = JSON.stringify({ ...stored, value } satisfies Stored);
          count += Number(await this.client.eval(REPLACE_IF, { keys: [key], arguments: [id, raw, next] }));
        }
      }
    } while (cursor !== '0');
    return count;
  }
}
