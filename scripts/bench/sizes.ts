/**
 * How much `npm run bench` does: BENCH_SIZE=quick (the default, a few minutes), full (the figures
 * to quote, much longer) or tiny (only that every part runs: the bench's own test). A variable of
 * its own (BENCH_CLICKS, BENCH_REMINDERS, …) overrides one size.
 */
export interface Sizes {
  readonly name: string;
  /** Clicks measured one at a time, per server and backend. */
  readonly clicks: number;
  /** Clicks measured 16 at a time. */
  readonly clicks16: number;
  /** Clicks first, not measured, so that the code is compiled and the caches are warm. */
  readonly warmup: number;
  /** Events in the short meeting and in the long one. */
  readonly shortEvents: number;
  readonly longEvents: number;
  /** Clicks on each of the two, one at a time. */
  readonly lengthClicks: number;
  /** Clicks 16 at a time over one instance and over two. */
  readonly instanceClicks: number;
  /** Meetings in the playground for its memory and its meeting list. */
  readonly meetings: number;
  /** Starts of `npm start`, and imports of the frameworks alone. */
  readonly starts: number;
  /** Reminders pending for the reminder tick, and reminders in the Slack burst. */
  readonly reminders: number;
  readonly burst: number;
}

const SIZES: Readonly<Record<string, Omit<Sizes, 'name'>>> = {
  tiny: {
    clicks: 4,
    clicks16: 16,
    warmup: 2,
    shortEvents: 100,
    longEvents: 300,
    lengthClicks: 3,
    instanceClicks: 16,
    meetings: 3,
    starts: 1,
    reminders: 2_000,
    burst: 20,
  },
  quick: {
    clicks: 100,
    clicks16: 320,
    warmup: 40,
    shortEvents: 100,
    longEvents: 5_000,
    lengthClicks: 30,
    instanceClicks: 160,
    meetings: 1_000,
    starts: 3,
    reminders: 20_000,
    burst: 1_000,
  },
  full: {
    clicks: 1_000,
    clicks16: 3_200,
    warmup: 300,
    shortEvents: 100,
    longEvents: 5_000,
    lengthClicks: 200,
    instanceClicks: 1_600,
    meetings: 1_000,
    starts: 7,
    reminders: 1_000_000,
    burst: 10_000,
  },
};

const ENV: Readonly<Record<keyof Omit<Sizes, 'name'>, string>> = {
  clicks: 'BENCH_CLICKS',
  clicks16: 'BENCH_CLICKS16',
  warmup: 'BENCH_WARMUP',
  shortEvents: 'BENCH_SHORT_EVENTS',
  longEvents: 'BENCH_LONG_EVENTS',
  lengthClicks: 'BENCH_LENGTH_CLICKS',
  instanceClicks: 'BENCH_INSTANCE_CLICKS',
  meetings: 'BENCH_MEETINGS',
  starts: 'BENCH_STARTS',
  reminders: 'BENCH_REMINDERS',
  burst: 'BENCH_BURST',
};

export function sizesOf(env: NodeJS.ProcessEnv = process.env): Sizes {
  const name = env.BENCH_SIZE || 'quick';
  const base = SIZES[name];
  if (!base) throw new Error(`BENCH_SIZE is quick, full or tiny, not "${name}"`);
  const sizes: Record<string, number | string> = { name, ...base };
  for (const [key, variable] of Object.entries(ENV)) {
    const given = env[variable];
    if (given === undefined || given === '') continue;
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${variable} is a whole number, not "${given}"`);
    sizes[key] = n;
  }
  return sizes as unknown as Sizes;
}

/** One line of the report's end: `target <name>: <value>x (goal <= <goal>)`. */
export interface Target {
  readonly name: string;
  readonly value: number;
  /** The goal's bound, and whether the value is a ratio (printed with x) or a quantity. */
  readonly goal: number;
  readonly ratio: boolean;
  /** Goals that are exact ("goal 0") rather than bounds. */
  readonly exact?: boolean;
}

export function targetLine(t: Target): string {
  const value = Number.isFinite(t.value) ? t.value.toFixed(t.ratio ? 2 : 0) : 'n/a';
  return `target ${t.name}: ${value}${t.ratio ? 'x' : ''} (goal ${t.exact ? '' : '<= '}${t.goal})`;
}
