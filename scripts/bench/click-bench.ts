/**
 * Issue 14's click figures, measured in one run: a Toivo click through Teams and through Slack on
 * each backend beside the framework floors (botbuilder's CloudAdapter with its JWT check, Bolt's
 * HTTPReceiver with its signature check and an ack-only handler, and bare node:http), one at a time
 * and 16 at once, and beside the same floors with I/O (each also redrawing the shared card with the
 * bytes Toivo sent, through its own framework: what any click that changes the card must pay); a click on a long meeting against one on a short one; and two instances sharing
 * Redis or PostgreSQL against one, with what each click asks of the backend.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL } from '../../test/store/services.js';
import { measure, Platforms, type Run, Subject, subjectTimes, together } from './clicks.js';
import { type CountProxy, startCountProxy } from './count-proxy.js';
import { postgresBackend, redisBackend } from './reminder-tick.js';
import type { Sizes, Target } from './sizes.js';

export interface Backend {
  readonly name: 'sqlite' | 'redis' | 'postgres';
  readonly label: string;
  /** Why it is left out (not reachable), or undefined when it is measured. */
  readonly skipped?: string;
}

const LABEL = { sqlite: 'SQLite', redis: 'Redis', postgres: 'PostgreSQL' } as const;
/** The length and scale-out figures are measured in this many turns, each side by turns. */
const LENGTH_ROUNDS = 3;

/** The backends, each probed: one not reachable is left out, and the reason said. */
export async function backends(): Promise<Backend[]> {
  const probe = async (name: 'redis' | 'postgres', check: () => Promise<void>): Promise<Backend> =>
    check().then(
      () => ({ name, label: LABEL[name] }),
      (error: Error) => ({ name, label: LABEL[name], skipped: `not reachable (${error.message})` }),
    );
  return [
    { name: 'sqlite', label: 'SQLite' },
    await probe('redis', probeRedis),
    await probe('postgres', probePostgres),
  ];
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0) : 'n/a');
const ratio = (a: number, b: number) => a / b;
const times = (a: number, b: number) => `${ratio(a, b).toFixed(2)}x`;

/** Where a Toivo subject keeps its meetings: a fresh SQLite file, or a namespace of its own. */
class Place {
  private readonly dir = mkdtempSync(join(tmpdir(), 'toivo-bench-clicks-'));
  private readonly namespaces = new Set<{ name: Backend['name']; namespace: string }>();

  store(backend: Backend['name'], through?: CountProxy): { storeUrl: string; namespace?: string } {
    if (backend === 'sqlite') return { storeUrl: `sqlite://${join(this.dir, `${randomUUID()}.sqlite`)}` };
    const namespace = `toivo-bench-${randomUUID()}`;
    this.namespaces.add({ name: backend, namespace });
    return { storeUrl: through?.url ?? (backend === 'redis' ? REDIS_URL : POSTGRES_URL), namespace };
  }

  /** Shares a namespace (two instances over one backend). */
  again(backend: Backend['name'], namespace: string, through?: CountProxy) {
    return { storeUrl: through?.url ?? (backend === 'redis' ? REDIS_URL : POSTGRES_URL), namespace };
  }

  async clear(): Promise<void> {
    for (const { name, namespace } of this.namespaces)
      await (name === 'redis' ? redisBackend(REDIS_URL) : postgresBackend(POSTGRES_URL))
        .close(namespace)
        .catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

type Channel = 'teams' | 'slack';
interface Pair {
  readonly one: Run;
  readonly sixteen: Run;
}

const describe = (run: Run, floor?: Run) =>
  `CPU ${fmt(run.cpuMs)} ms/click${floor ? ` (${times(run.cpuMs, floor.cpuMs)})` : ''}, ` +
  `p50 ${fmt(run.p50)} ms${floor ? ` (${times(run.p50, floor.p50)})` : ''}, ` +
  `p99 ${fmt(run.p99)} ms${floor ? ` (${times(run.p99, floor.p99)})` : ''}` +
  (run.failed ? `, ${run.failed} of ${run.clicks} FAILED` : '');

/** The worst of a pair's six ratios to its floor: CPU, p50 and p99, at 1 and at 16. */
const worst = (pair: Pair, floor: Pair) =>
  Math.max(
    ...(['one', 'sixteen'] as const).flatMap((c) =>
      (['cpuMs', 'p50', 'p99'] as const).map((k) => ratio(pair[c][k], floor[c][k])),
    ),
  );

export async function clickBench(sizes: Sizes, all: readonly Backend[]): Promise<Target[]> {
  const platforms = await Platforms.start();
  const place = new Place();
  const clickOf = (channel: Channel) =>
    channel === 'teams'
      ? (m: string, n: number) => platforms.teamsClick(m, n)
      : (m: string, n: number) => platforms.slackClick(m, n);
  const measured = all.filter((b) => !b.skipped);
  for (const b of all) if (b.skipped) console.log(`clicks on ${b.label}: skipped, ${b.skipped}`);
  const targets: Target[] = [];
  /** What Toivo sent to redraw the shared card, once per channel: the floors with I/O send the same. */
  const redraws: Partial<Record<Channel, string>> = {};
  try {
    /** Warm-up, then `clicks` one at a time on one meeting and `clicks16` sixteen at a time on sixteen. */
    const pair = async (
      subject: Subject,
      channel: Channel,
      seeded: boolean,
      label: string,
    ): Promise<Pair> => {
      const click = clickOf(channel);
      const id = randomUUID().slice(0, 8);
      const meetings = (label: string, n: number) =>
        Array.from({ length: n }, (_, i) => `m-${label}-${id}-${i}`);
      const [warm] = meetings('warm', 1);
      const one = meetings('one', 1);
      const sixteen = meetings('sixteen', 16);
      if (seeded)
        for (const m of [warm as string, ...one, ...sixteen])
          await subject.seed(m, sizes.shortEvents, channel);
      await measure([subject], { clicks: sizes.warmup, concurrency: 1, meetings: [warm as string], click });
      platforms.reset();
      // Slack is answered first and the click is done after: one at a time, each is timed until done.
      const r1 = await measure([subject], {
        clicks: sizes.clicks,
        concurrency: 1,
        meetings: one,
        click,
        label: `${label}-1`,
        untilDone: channel === 'slack',
      });
      redraws[channel] ??= platforms.lastRedraw(channel);
      platforms.reset();
      const r16 = await measure([subject], {
        clicks: sizes.clicks16,
        concurrency: 16,
        meetings: sixteen,
        click,
        label: `${label}-16`,
      });
      platforms.reset();
      return { one: r1, sixteen: r16 };
    };

    // Toivo's clicks, each channel on each backend.
    const toivo = new Map<string, Pair>();
    let answer = '{}';
    for (const channel of ['teams', 'slack'] as const)
      for (const b of measured) {
        const subject = await Subject.start({
          kind: channel === 'teams' ? 'toivo-teams' : 'toivo-slack',
          ...place.store(b.name),
          teams: platforms.teams,
          slack: platforms.slack,
        });
        try {
          const p = await pair(subject, channel, true, `toivo-${channel}-${b.name}`);
          toivo.set(`${channel}-${b.name}`, p);
          if (channel === 'teams' && answer === '{}') answer = p.one.lastBody || answer;
          const failures = (await subject.usage()).log.filter((l) => /fail/i.test(l));
          if (failures.length)
            console.log(`  Toivo logged ${failures.length} failures, first: ${failures[0]}`);
        } finally {
          await subject.stop();
        }
      }

    // The floors, given the same requests; botbuilder and bare node:http answer with Toivo's card.
    const floors = new Map<string, Pair>();
    // The floors with I/O also redraw the shared card as Toivo did, as their frameworks do it.
    for (const [kind, channel] of [
      ['bare', 'teams'],
      ['teams-floor', 'teams'],
      ['slack-floor', 'slack'],
      ['teams-io-floor', 'teams'],
      ['slack-io-floor', 'slack'],
    ] as const) {
      const update = redraws[channel];
      if (kind.endsWith('-io-floor') && !update) continue;
      const subject = await Subject.start({
        kind,
        answer,
        ...(update ? { update } : {}),
        teams: platforms.teams,
        slack: platforms.slack,
      });
      try {
        floors.set(kind, await pair(subject, channel, false, kind));
      } finally {
        await subject.stop();
      }
    }
    const bare = floors.get('bare') as Pair;
    const teamsFloor = floors.get('teams-floor') as Pair;
    const slackFloor = floors.get('slack-floor') as Pair;
    console.log(
      `click floors (the same request bytes; ${Buffer.byteLength(answer)} bytes answered by Teams' two):`,
    );
    const floorLine = (label: string, p: Pair, under?: Pair) => {
      console.log(`  ${label}, 1 at a time: ${describe(p.one, under?.one)}`);
      console.log(`  ${label}, 16 at once: ${describe(p.sixteen, under?.sixteen)}`);
    };
    floorLine('node:http (bare)', bare);
    floorLine('botbuilder CloudAdapter + JWT (vs bare)', teamsFloor, bare);
    floorLine('Bolt HTTPReceiver + signature, ack only (vs bare)', slackFloor, bare);
    const ioFloors = {
      teams: floors.get('teams-io-floor'),
      slack: floors.get('slack-io-floor'),
    };
    if (ioFloors.teams)
      floorLine(
        `botbuilder, the same + updateActivity of Toivo's ${Buffer.byteLength(redraws.teams ?? '')} bytes (vs its floor)`,
        ioFloors.teams,
        teamsFloor,
      );
    if (ioFloors.slack)
      floorLine(
        `Bolt, the same + chat.update of Toivo's ${Buffer.byteLength(redraws.slack ?? '')} bytes (vs its floor)`,
        ioFloors.slack,
        slackFloor,
      );
    for (const channel of ['teams', 'slack'] as const) {
      const floor = channel === 'teams' ? teamsFloor : slackFloor;
      const name = channel === 'teams' ? 'Teams' : 'Slack';
      const ioFloor = ioFloors[channel];
      // Any click that redraws the shared card pays its floor with I/O: beyond that, Toivo's own cost.
      if (ioFloor)
        targets.push({
          name: `${channel}-io-floor-vs-${channel}-floor`,
          value: worst(ioFloor, floor),
          goal: 1.5,
          ratio: true,
        });
      for (const b of all) {
        const p = toivo.get(`${channel}-${b.name}`);
        if (p) {
          console.log(
            `Toivo ${name} click, ${b.label}, 1 at a time (vs the ${name} floor): ${describe(p.one, floor.one)}`,
          );
          console.log(
            `Toivo ${name} click, ${b.label}, 16 at once (vs the ${name} floor): ${describe(p.sixteen, floor.sixteen)}`,
          );
          console.log(`  CPU vs bare node:http: ${times(p.one.cpuMs, bare.one.cpuMs)} one at a time`);
          if (ioFloor)
            console.log(
              `  vs the ${name} floor with I/O: CPU ${times(p.one.cpuMs, ioFloor.one.cpuMs)} one at a time, ` +
                `${times(p.sixteen.cpuMs, ioFloor.sixteen.cpuMs)} 16 at once`,
            );
        }
        targets.push({
          name: `click-vs-${channel}-floor-${b.name}`,
          value: p ? worst(p, floor) : Number.NaN,
          goal: 1.5,
          ratio: true,
        });
        targets.push({
          name: `click-vs-${channel}-io-floor-${b.name}`,
          value: p && ioFloor ? worst(p, ioFloor) : Number.NaN,
          goal: 1.5,
          ratio: true,
        });
      }
    }
    if (toivo.has('slack-sqlite'))
      console.log(
        '  (Slack: Toivo acknowledges first; one at a time, a click is timed until Toivo has done it, 16 at once until it is acknowledged; the CPU is all of it)',
      );

    // Flat with length: the same click on a long meeting and on a short one, one at a time.
    let flat = Number.NaN;
    for (const b of measured) {
      const proxy =
        b.name === 'sqlite'
          ? undefined
          : await startCountProxy(b.name === 'redis' ? REDIS_URL : POSTGRES_URL);
      const subject = await Subject.start({
        kind: 'toivo-teams',
        ...place.store(b.name, proxy),
        teams: platforms.teams,
      });
      try {
        const click = clickOf('teams');
        const id = randomUUID().slice(0, 8);
        const short = `m-short-${id}`;
        const long = `m-long-${id}`;
        await subject.seed(short, sizes.shortEvents, 'teams');
        await subject.seed(long, sizes.longEvents, 'teams');
        await subject.seed(`m-warm-${id}`, sizes.shortEvents, 'teams');
        await measure([subject], { clicks: sizes.warmup, concurrency: 1, meetings: [`m-warm-${id}`], click });
        // Each meeting clicked once first: a long meeting is read whole once a process, not once a click.
        for (const m of [short, long])
          await measure([subject], { clicks: 1, concurrency: 1, meetings: [m], click });
        platforms.reset();
        const counted = async (meeting: string, clicks: number) => {
          const before = proxy?.counts();
          const run = await measure([subject], { clicks, concurrency: 1, meetings: [meeting], click });
          const after = proxy?.counts();
          platforms.reset();
          return {
            run,
            bytes: (after?.bytes ?? 0) - (before?.bytes ?? 0),
            commands: (after?.commands ?? 0) - (before?.commands ?? 0),
          };
        };
        // In turns, a few clicks on each at a time: what the machine does meanwhile falls on both alike.
        const rounds = Math.min(LENGTH_ROUNDS, sizes.lengthClicks);
        const runs = {
          short: [] as Awaited<ReturnType<typeof counted>>[],
          long: [] as Awaited<ReturnType<typeof counted>>[],
        };
        for (let i = 0; i < rounds; i++) {
          const clicks = Math.ceil(sizes.lengthClicks / rounds);
          runs.short.push(await counted(short, clicks));
          runs.long.push(await counted(long, clicks));
        }
        const sum = (xs: Awaited<ReturnType<typeof counted>>[]) => {
          const run = together(xs.map((x) => x.run));
          const per = (k: 'bytes' | 'commands') =>
            proxy ? xs.reduce((n, x) => n + x[k], 0) / run.clicks : Number.NaN;
          return { run, bytes: per('bytes'), commands: per('commands') };
        };
        const s = sum(runs.short);
        const l = sum(runs.long);
        const r = Math.max(ratio(l.run.cpuMs, s.run.cpuMs), ratio(l.run.p50, s.run.p50));
        flat = Number.isNaN(flat) ? r : Math.max(flat, r);
        const written = (x: typeof s) =>
          Number.isFinite(x.bytes)
            ? `, ${fmt(x.bytes / 1024)} KiB and ${fmt(x.commands)} commands sent to ${b.label} per click`
            : '';
        console.log(`click on ${sizes.shortEvents} events, ${b.label}: ${describe(s.run)}${written(s)}`);
        console.log(
          `click on ${sizes.longEvents} events, ${b.label}: ${describe(l.run)}${written(l)} ` +
            `(CPU ${times(l.run.cpuMs, s.run.cpuMs)}, p50 ${times(l.run.p50, s.run.p50)} the short one's)`,
        );
        if (b.name === 'sqlite') console.log('  (SQLite: bytes written are not counted: no proxy sees them)');
      } finally {
        await subject.stop();
        await proxy?.close();
      }
    }
    targets.push({ name: 'click-5000-vs-100-events', value: flat, goal: 1.2, ratio: true });

    // Two instances sharing Redis or PostgreSQL against one: CPU and backend commands per click.
    let scale = Number.NaN;
    let sharing = Number.NaN;
    for (const b of measured.filter((x) => x.name !== 'sqlite')) {
      const proxy = await startCountProxy(b.name === 'redis' ? REDIS_URL : POSTGRES_URL);
      try {
        const shared = place.store(b.name, proxy);
        const namespace = shared.namespace as string;
        const instances = [
          await Subject.start({ kind: 'toivo-teams', ...shared, teams: platforms.teams }),
          await Subject.start({
            kind: 'toivo-teams',
            ...place.again(b.name, namespace, proxy),
            teams: platforms.teams,
          }),
          // A second instance on a namespace of its own: two processes that share nothing, so that
          // what two processes cost on this machine is told apart from what sharing costs.
          await Subject.start({ kind: 'toivo-teams', ...place.store(b.name, proxy), teams: platforms.teams }),
        ];
        const [first, second, apart] = instances as [Subject, Subject, Subject];
        try {
          const click = clickOf('teams');
          /**
           * Four meetings, four clickers each, half of them sent to each instance; the same four in
           * every turn of a side (each instance has met them after the first), kept in each of `homes`.
           */
          const meetingsOf = new Map<string, string[]>();
          const round = async (
            subjects: Subject[],
            label: string,
            clicks: number,
            warm: boolean,
            homes: Subject[] = [first],
          ) => {
            const meetings =
              meetingsOf.get(label) ??
              Array.from({ length: 4 }, (_, i) => `m-${label}-${randomUUID().slice(0, 8)}-${i}`);
            const fresh = !meetingsOf.has(label);
            meetingsOf.set(label, meetings);
            const versions = new Map<string, number>();
            for (const [h, home] of homes.entries())
              for (const m of meetings)
                if (fresh) {
                  await home.seed(m, sizes.shortEvents, 'teams');
                  versions.set(`${h}:${m}`, sizes.shortEvents);
                } else versions.set(`${h}:${m}`, await home.version(m));
            for (const [i, s] of subjects.entries()) {
              if (!warm) break;
              const warmUp = `m-warm-${label}-${i}-${randomUUID().slice(0, 8)}`;
              await s.seed(warmUp, sizes.shortEvents, 'teams');
              await measure([s], { clicks: sizes.warmup, concurrency: 1, meetings: [warmUp], click });
            }
            const before = proxy.counts();
            const run = await measure(subjects, {
              clicks,
              concurrency: 16,
              meetings,
              click,
              route: (w) => w,
            });
            const after = proxy.counts();
            platforms.reset();
            let saved = 0;
            for (const [h, home] of homes.entries())
              for (const m of meetings) saved += (await home.version(m)) - (versions.get(`${h}:${m}`) ?? 0);
            return {
              run,
              commands: after.commands - before.commands,
              bytes: after.bytes - before.bytes,
              lost: clicks - run.failed - saved,
            };
          };
          // In turns, one instance then two: what the machine does meanwhile falls on both alike.
          const turns = {
            one: [] as Awaited<ReturnType<typeof round>>[],
            two: [] as Awaited<ReturnType<typeof round>>[],
            apart: [] as Awaited<ReturnType<typeof round>>[],
          };
          const rounds = Math.max(1, Math.min(LENGTH_ROUNDS, Math.floor(sizes.instanceClicks / 16)));
          for (let i = 0; i < rounds; i++) {
            const clicks = Math.ceil(sizes.instanceClicks / rounds);
            turns.one.push(await round([first], 'one', clicks, i === 0));
            turns.two.push(await round([first, second], 'two', clicks, i === 0));
            turns.apart.push(await round([first, apart], 'apart', clicks, i === 0, [first, apart]));
          }
          const sum = (xs: Awaited<ReturnType<typeof round>>[]) => {
            const run = together(xs.map((x) => x.run));
            return {
              run,
              commands: xs.reduce((n, x) => n + x.commands, 0) / run.clicks,
              bytes: xs.reduce((n, x) => n + x.bytes, 0) / run.clicks,
              lost: xs.reduce((n, x) => n + x.lost, 0),
            };
          };
          const one = sum(turns.one);
          const two = sum(turns.two);
          const twoApart = sum(turns.apart);
          const r = ratio(two.run.cpuMs, one.run.cpuMs);
          scale = Number.isNaN(scale) ? r : Math.max(scale, r);
          const s = ratio(two.run.cpuMs, twoApart.run.cpuMs);
          sharing = Number.isNaN(sharing) ? s : Math.max(sharing, s);
          const say = (x: typeof one) =>
            `${describe(x.run)}; ${fmt(x.commands)} ${b.label} commands and ${fmt(x.bytes / 1024)} KiB per click; ${x.lost} clicks lost`;
          console.log(`${b.label}, 1 instance, 16 clicks at once over 4 meetings: ${say(one)}`);
          console.log(
            `${b.label}, 2 instances sharing it, the same: ${say(two)} (CPU ${times(two.run.cpuMs, one.run.cpuMs)})`,
          );
          console.log(
            `${b.label}, 2 instances sharing nothing (a namespace each), the same: ${say(twoApart)} ` +
              `(CPU ${times(twoApart.run.cpuMs, one.run.cpuMs)} one instance's: two processes on this machine; ` +
              `sharing ${times(two.run.cpuMs, twoApart.run.cpuMs)} that)`,
          );
        } finally {
          for (const s of instances) await s.stop();
        }
      } finally {
        await proxy.close();
      }
    }
    targets.push({ name: 'two-instances-cpu-per-click', value: scale, goal: 1.1, ratio: true });
    // What sharing the backend costs, apart from what a second process costs on this machine.
    targets.push({ name: 'two-instances-sharing-vs-apart', value: sharing, goal: 1.1, ratio: true });
    console.log(
      `${subjectTimes.starts} servers under measure started in ${fmt(subjectTimes.startMs / 1000)} s in all ` +
        `(plain JavaScript, brought up to date in ${fmt(subjectTimes.transpileMs / 1000)} s first)`,
    );
    return targets;
  } finally {
    await platforms.close();
    await place.clear();
  }
}
