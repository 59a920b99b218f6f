/**
 * Prints how fast the core and the default store are. Figures, not pass/fail: compare runs.
 * Run with `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MeetingService } from '../src/app/meeting-service.js';
import { buildMemo } from '../src/cards/memo-markdown.js';
import { type Event, replay } from '../src/core/index.js';
import { openEventStore } from '../src/store/open-store.js';
import { PEOPLE as P, realisticMeeting } from '../test/support/realistic-meeting.js';

const ms = (start: number) => performance.now() - start;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);

// A whole meeting through decide + evolve.
let start = performance.now();
const RUNS = 200;
let events = 0;
for (let i = 0; i < RUNS; i++) events += realisticMeeting('closed').events.length;
const whole = ms(start);
console.log(
  `whole meeting (decide+evolve): ${fmt(whole / RUNS)} ms per meeting, ${fmt((events / whole) * 1000)} events/s`,
);

// A long meeting: 2,000 notes, then replay and memo.
const d = realisticMeeting('discussion');
for (let i = 0; i < 2000; i++) d.do(P.nurse, { type: 'note.add', text: `Muistiinpano ${i} `.repeat(20) });
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
const N = 300;
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
