/**
 * Prints how fast Toivo is: the core and the default store, reminders, and issue 14's clicks beside
 * the frameworks, length, scale-out, memory and start. Figures, not pass/fail: compare runs. Run
 * with `npm run bench` (BENCH_SIZE=quick, the default, takes a few minutes; full for figures to
 * quote; see scripts/bench/sizes.ts). It ends with one `target <name>: <value> (goal …)` line each.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MeetingService } from '../src/app/meeting-service.js';
import { buildMemo } from '../src/cards/memo-markdown.js';
import { type Event, replay } from '../src/core/index.js';
import { openEventStore } from '../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL } from '../test/store/services.js';
import { PEOPLE as P, realisticMeeting } from '../test/support/realistic-meeting.js';
import { backends, clickBench } from './bench/click-bench.js';
import { memoryBench } from './bench/memory.js';
import { type Burst, reminderBurst } from './bench/reminder-burst.js';
import {
  postgresBackend,
  redisBackend,
  sqliteBackend,
  type TickBackend,
  type TickCost,
  tickCost,
} from './bench/reminder-tick.js';
import { sizesOf, type Target, targetLine } from './bench/sizes.js';
import { startBench } from './bench/start.js';
import { growthTargets, storeGrowth } from './bench/store-growth.js';

const sizes = sizesOf();
const targets: Target[] = [];
const began = performance.now();
console.log(`BENCH_SIZE=${sizes.name}`);

const ms = (start: number) => performance.now() - start;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);

// A whole meeting through decide + evolve.
let start = performance.now();
const RUNS = sizes.name === 'tiny' ? 5 : 200;
let events = 0;
for (let i = 0; i < RUNS; i++) events += realisticMeeting('closed').events.length;
const whole = ms(start);
console.log(
  `whole meeting (decide+evolve): ${fmt(whole / RUNS)} ms per meeting, ${fmt((events / whole) * 1000)} events/s`,
);

// A long meeting: 2,000 notes, then replay and memo.
const d = realisticMeeting('discussion');
for (let i = 0; i < (sizes.name === 'tiny' ? 100 : 2000); i++)
  d.do(P.nurse, { type: 'note.add', text: `Muistiinpano ${i} `.repeat(20) });
start = performance.now();
for (let i = 0; i < 20; i++) replay(d.events);
console.log(`replay of ${d.events.length} events: ${fmt(ms(start) / 20)} ms`);
start = performance.now();
const memo = buildMemo(d.events);
console.log(`memo of ${d.events.length} events: ${fmt(ms(start))} ms, ${Math.round(memo.length / 1024)} KiB`);

// The default store: sequential and concurrent commands on one meeting.
const dir = mkdtempSync(join(tmpdir(), 'toivo-bench-'));
const store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'bench.sqlite')}` });
const seed = realisticMeeting('why');
seed.do(P.youth, { type: 'phase.next' });
await store.append('m1', 0, seed.events);
const service = new MeetingService(store, { now: () => new Date('2026-11-26T15:00:00+02:00') });
const N = sizes.name === 'tiny' ? 10 : 300;
start = performance.now();
for (let i = 0; i < N; i++)
  await service.dispatch('m1', { type: 'note.add', text: `n${i}` }, { actor: seed.id(P.nurse) });
console.log(`SQLite, one at a time: ${fmt(ms(start) / N)} ms per command`);
start = performance.now();
await Promise.all(
  Array.from({ length: N }, (_, i) =>
    service.dispatch('m1', { type: 'note.add', text: `c${i}` }, { actor: seed.id(P.nurse) }),
  ),
);
console.log(`SQLite, ${N} at once: ${fmt(ms(start))} ms in all, ${fmt(ms(start) / N)} ms per command`);
const heap = process.memoryUsage();
console.log(
  `memory: heap ${Math.round(heap.heapUsed / 1048576)} MiB, rss ${Math.round(heap.rss / 1048576)} MiB`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });

// Reminders: a tick's cost with 1,000 and with BENCH_REMINDERS pending, on each backend here.
const count = (n: number) => n.toLocaleString('en-US');
const pending = sizes.reminders;
const reachable = async (name: string, probe: () => Promise<void>) =>
  probe().then(
    () => true,
    (error: Error) => {
      console.log(`reminder tick, ${name}: skipped, not reachable (${error.message})`);
      return false;
    },
  );
const withPostgres = await reachable('PostgreSQL', probePostgres);
const tickBackends: TickBackend[] = [
  sqliteBackend(),
  ...(withPostgres ? [postgresBackend(POSTGRES_URL)] : []),
  ...((await reachable('Redis', probeRedis)) ? [redisBackend(REDIS_URL)] : []),
];
const costs: TickCost[] = [];
for (const backend of tickBackends) {
  const cost = await tickCost(backend, 1_000, pending);
  costs.push(cost);
  console.log(
    `reminder tick, ${cost.name}: ${cost.due} due; ${count(1_000)} pending ${fmt(cost.few)} ms, ` +
      `${count(pending)} pending ${fmt(cost.many)} ms (${(cost.many / cost.few).toFixed(2)}x; filled in ${fmt(cost.fillSeconds)} s)`,
  );
}
const worst = costs.reduce((a, b) => (b.many / b.few > a.many / a.few ? b : a));
console.log(
  `reminder tick: the target is the worst of ${costs.map((c) => c.name).join(', ')}: ${worst.name}`,
);
targets.push({ name: 'reminder-tick-1m-vs-1k', value: worst.many / worst.few, goal: 1.2, ratio: true });

// A burst of BENCH_BURST due reminders through the Slack channel, against a fake Slack that
// enforces its limit: by one instance on SQLite; with BENCH_BURST_INSTANCES=3, also by three at once
// on PostgreSQL (their pacers do not know of each other: Slack refuses some, and they wait as it asks).
const burstSize = sizes.burst;
const burstInstances = Number(process.env.BENCH_BURST_INSTANCES ?? 1);
const bursts: Burst[] = [];
const burstLine = (where: string, burst: Burst) =>
  console.log(
    `reminder burst through Slack (1 message/s per channel enforced), ${where}: ` +
      `${count(burst.reminders)} reminders to ${count(burst.people)} people in ${fmt(burst.seconds)} s, ` +
      `${fmt(burst.reminders / burst.seconds)}/s; ${burst.refused} refused with 429, ${burst.retried} tried again later, ` +
      `${burst.doubled} doubled, ${burst.waiting} still waiting for a retry`,
  );
const single = await reminderBurst(burstSize);
bursts.push(single);
burstLine('1 instance, SQLite', single);
if (burstInstances > 1 && withPostgres) {
  const namespace = `toivo-bench-${randomUUID()}`;
  const burst = await reminderBurst(burstSize, { instances: burstInstances, url: POSTGRES_URL, namespace });
  await postgresBackend(POSTGRES_URL).close(namespace);
  bursts.push(burst);
  burstLine(`${burstInstances} instances, PostgreSQL`, burst);
}
targets.push({
  name: 'reminder-burst-lost',
  value: bursts.reduce((n, b) => n + b.lost, 0),
  goal: 0,
  ratio: false,
  exact: true,
});

// Issue 14: clicks beside the frameworks, length, two instances; memory; start.
const clickBackends = await backends();
targets.push(...(await clickBench(sizes, clickBackends)));
// Bytes written per append: flat with the meeting's length, on each backend reachable.
const growthBackends = clickBackends.filter((b) => !b.skipped).map((b) => b.name);
targets.push(...growthTargets(await storeGrowth(growthBackends)));
targets.push(...(await memoryBench(sizes)));
targets.push(...(await startBench(sizes)));

console.log(`bench took ${((performance.now() - began) / 1000).toFixed(0)} s`);
for (const target of targets) console.log(targetLine(target));
