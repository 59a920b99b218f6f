/**
 * What one click asks of Redis and PostgreSQL, command by command: a Toivo subject (Teams, then
 * Slack) on each backend through a tracing proxy, a seeded meeting warmed up, then `CLICKS` clicks
 * one at a time (each waited for until done); every command sent is named (Redis: its name and
 * key; PostgreSQL: its statement) with the meeting's id and the people's accounts written
 * generically, and counted per click. The CPU per click is printed too (a few clicks: rough).
 *
 *   npx tsx scripts/bench/click-commands.ts [clicks] [teams|slack|teams-refresh] [redis|postgres]
 *
 * teams-refresh: the refresh Teams asks for when a card with a refresh is shown (each person's
 * own drawing of the board), not a click.
 */
import { randomUUID } from 'node:crypto';
import { POSTGRES_URL, REDIS_URL } from '../../test/store/services.js';
import { invokeActivity } from '../../test/support/fake-teams.js';
import { type Click, measure, Platforms, Subject } from './clicks.js';
import { postgresMessages, startPipeProxy } from './count-proxy.js';
import { NOTETAKER } from './long-meeting.js';
import { postgresBackend, redisBackend } from './reminder-tick.js';

interface Trace {
  readonly url: string;
  /** Each command's name: how many were sent, and their bytes (Redis only). */
  readonly seen: Map<string, { n: number; bytes: number }>;
  close(): Promise<void>;
}

/** Redis: each command an array of bulk strings. */
function redisParser(name: (args: string[]) => string) {
  let buffer: Buffer = Buffer.alloc(0);
  return (chunk: Buffer, out: (line: string, bytes?: number) => void) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const end = buffer.indexOf('\r\n', at);
      if (end < 0 || buffer[at] !== 0x2a) break;
      const n = Number(buffer.toString('latin1', at + 1, end));
      let next = end + 2;
      const args: string[] = [];
      for (let i = 0; i < n; i++) {
        const e = buffer.indexOf('\r\n', next);
        if (e < 0) break;
        const len = Number(buffer.toString('latin1', next + 1, e));
        if (e + 2 + len + 2 > buffer.length) break;
        args.push(buffer.toString('utf8', e + 2, e + 2 + len));
        next = e + 2 + len + 2;
      }
      if (args.length < n) break;
      out(name(args), next - at);
      at = next;
    }
    buffer = buffer.subarray(at);
  };
}

/** PostgreSQL: Parse names a statement's SQL, Bind picks it, Execute runs it; Q is a simple query. */
function postgresParser() {
  const statements = new Map<string, string>();
  let bound = '';
  let out: (line: string, bytes?: number) => void = () => undefined;
  const cstring = (bytes: Buffer, from: number): [string, number] => {
    const end = bytes.indexOf(0, from);
    return [bytes.toString('utf8', from, end), end + 1];
  };
  const split = postgresMessages((type, bytes) => {
    if (type === 'P') {
      const [name, after] = cstring(bytes, 5);
      statements.set(name, cstring(bytes, after)[0]);
    } else if (type === 'B') {
      const [, after] = cstring(bytes, 5);
      bound = cstring(bytes, after)[0];
    } else if (type === 'E') out(statements.get(bound) ?? '?');
    else if (type === 'Q') out(cstring(bytes, 5)[0]);
  });
  return (chunk: Buffer, note: (line: string, bytes?: number) => void) => {
    out = note;
    split(chunk);
  };
}

async function trace(url: string, generic: (text: string) => string): Promise<Trace> {
  const target = new URL(url);
  const redis = target.protocol.startsWith('redis');
  const seen = new Map<string, { n: number; bytes: number }>();
  const note = (line: string, bytes = 0) => {
    const key = generic(line);
    const was = seen.get(key) ?? { n: 0, bytes: 0 };
    seen.set(key, { n: was.n + 1, bytes: was.bytes + bytes });
  };
  const proxy = await startPipeProxy(url, () => {
    const parse = redis
      ? redisParser((args) => {
          const [cmd = '', ...rest] = args;
          const upper = cmd.toUpperCase();
          if (upper === 'EVALSHA' || upper === 'EVAL')
            return `${upper} ${(rest[0] ?? '').slice(0, 8)} keys=${rest.slice(2, 2 + Number(rest[1])).join(' ')}`;
          if (upper === 'MGET') return `MGET ${rest.length} keys: ${[...new Set(rest)].join(' ')}`;
          return `${upper} ${rest[0] ?? ''}`;
        })
      : postgresParser();
    return (chunk) => parse(chunk, note);
  });
  return { ...proxy, seen };
}

const clicks = Number(process.argv[2] ?? 20);
type Kind = 'teams' | 'slack' | 'teams-refresh';
const channels = (process.argv[3] ? [process.argv[3]] : ['teams', 'slack']) as Kind[];
const backendNames = (process.argv[4] ? [process.argv[4]] : ['redis', 'postgres']) as (
  | 'redis'
  | 'postgres'
)[];

const platforms = await Platforms.start();
/** The note-taker's own drawing of the board, as Teams asks for it. */
const refresh = (meetingId: string): Click => {
  const clickBody = platforms.teamsClick(meetingId, 0);
  const sent = JSON.parse(clickBody.body) as { serviceUrl: string; conversation: { id: string } };
  const activity = invokeActivity({
    serviceUrl: sent.serviceUrl,
    conversation: { id: sent.conversation.id, conversationType: 'groupChat' },
    from: NOTETAKER.teams,
    verb: 'ui.refresh',
    data: { meetingId, surface: 'board' },
    trigger: 'automatic',
  });
  return { ...clickBody, body: JSON.stringify(activity) };
};
try {
  for (const backend of backendNames)
    for (const channel of channels) {
      const namespace = `toivo-trace-${randomUUID()}`;
      const meeting = `m-trace-${randomUUID().slice(0, 8)}`;
      const generic = (text: string) =>
        text
          .replaceAll(namespace, '<ns>')
          .replaceAll(meeting, '<m>')
          .replace(/aad-[a-z]+/g, 'aad-<x>')
          .replace(/:U[A-Z]+\b/g, ':U<x>')
          .replace(/\s+/g, ' ')
          .slice(0, 160);
      const proxy = await trace(backend === 'redis' ? REDIS_URL : POSTGRES_URL, generic);
      const subject = await Subject.start({
        kind: channel === 'slack' ? 'toivo-slack' : 'toivo-teams',
        storeUrl: proxy.url,
        namespace,
        teams: platforms.teams,
        slack: platforms.slack,
      });
      try {
        const click = (m: string, n: number) =>
          channel === 'teams'
            ? platforms.teamsClick(m, n)
            : channel === 'slack'
              ? platforms.slackClick(m, n)
              : refresh(m);
        await subject.seed(meeting, 100, channel === 'slack' ? 'slack' : 'teams');
        await measure([subject], { clicks: 10, concurrency: 1, meetings: [meeting], click, untilDone: true });
        await subject.settled();
        proxy.seen.clear();
        const run = await measure([subject], {
          clicks,
          concurrency: 1,
          meetings: [meeting],
          click,
          untilDone: true,
        });
        await subject.settled();
        const all = [...proxy.seen.values()];
        const total = all.reduce((a, b) => a + b.n, 0);
        const bytes = all.reduce((a, b) => a + b.bytes, 0);
        console.log(
          `\n${channel} click on ${backend}: ${(total / clicks).toFixed(2)} commands per click` +
            (bytes ? ` (${(bytes / clicks).toFixed(0)} bytes)` : '') +
            `, CPU ${run.cpuMs.toFixed(2)} ms/click, p50 ${run.p50.toFixed(1)} ms${run.failed ? `, ${run.failed} FAILED` : ''}`,
        );
        for (const [line, { n, bytes: b }] of [...proxy.seen].sort((x, y) => y[1].n - x[1].n))
          console.log(
            `  ${(n / clicks).toFixed(2).padStart(6)}  ${b ? `${(b / clicks).toFixed(0).padStart(5)} B  ` : ''}${line}`,
          );
      } finally {
        await subject.stop();
        await proxy.close();
        await (backend === 'redis' ? redisBackend(REDIS_URL) : postgresBackend(POSTGRES_URL))
          .close(namespace)
          .catch(() => undefined);
      }
    }
} finally {
  await platforms.close();
}
