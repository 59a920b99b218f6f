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

/** The part of a node-redis client the due store uses. */
export interface RedisDueClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  zCard(key: string): Promise<number>;
}

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

const DONE = `
local v = redis.call('HGET', KEYS[2], ARGV[1])
if v then redis.call('SREM', ARGV[2] .. cjson.decode(v).group, ARGV[1]) end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1`;

export class RedisDueStores {
  constructor(private readonly client: RedisDueClient) {}

  store<T>(ns: string): DueStore<T> {
    const p = `toivo-due:${ns}`;
    const [time, values, done, leases] = [`${p}:time`, `${p}:values`, `${p}:done`, `${p}:leases`];
    const group = (g: string) => `${p}:group:${g}`;
    return {
      replace: async (g, entries: readonly DueInput<T>[]) => {
        const json = entries.map((e) => ({
          id: e.id,
          dueAt: e.dueAt,
          json: JSON.stringify({ group: g, dueAt: e.dueAt, value: e.value }),
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
          const stored = JSON.parse(raw) as { group: string; dueAt: number; value: T };
          out.push({ id, group: stored.group, dueAt: stored.dueAt, value: stored.value });
        }
        return out;
      },
      done: async (id) => {
        await this.client.eval(DONE, { keys: [time, values, done, leases], arguments: [id, `${p}:group:`] });
      },
      size: () => this.client.zCard(time),
    };
  }
}
