/**
 * `npm run bench`'s machinery, run once at its tiny size: every target issue 14 asks for is
 * measured and printed as a number, and what it counts of a backend is counted right. Nothing here
 * is timed: the figures themselves are for people to compare between runs.
 */
import assert from 'node:assert/strict';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { type Backend, backends, clickBench } from '../../scripts/bench/click-bench.js';
import { startCountProxy } from '../../scripts/bench/count-proxy.js';
import { memoryBench } from '../../scripts/bench/memory.js';
import { sizesOf, targetLine } from '../../scripts/bench/sizes.js';
import { startBench } from '../../scripts/bench/start.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from '../store/services.js';

const TARGETS = [
  'click-vs-teams-floor-sqlite',
  'click-vs-teams-floor-redis',
  'click-vs-teams-floor-postgres',
  'click-vs-slack-floor-sqlite',
  'click-vs-slack-floor-redis',
  'click-vs-slack-floor-postgres',
  'click-vs-teams-io-floor-sqlite',
  'click-vs-teams-io-floor-redis',
  'click-vs-teams-io-floor-postgres',
  'click-vs-slack-io-floor-sqlite',
  'click-vs-slack-io-floor-redis',
  'click-vs-slack-io-floor-postgres',
  'teams-io-floor-vs-teams-floor',
  'slack-io-floor-vs-slack-floor',
  'click-5000-vs-100-events',
  'two-instances-cpu-per-click',
  'two-instances-sharing-vs-apart',
  'rss-1000-meetings-mb',
  'start-vs-framework-import',
];

describe('npm run bench', () => {
  it('prints a line with a number for every target of issue 14 (tiny size; a backend not reachable is n/a)', async function () {
    this.timeout(900_000);
    assert.ok(
      process.env.NODE_EXTRA_CA_CERTS?.endsWith('test/support/tls/ca.pem'),
      'run with NODE_EXTRA_CA_CERTS=test/support/tls/ca.pem (npm test sets it)',
    );
    const sizes = sizesOf({ BENCH_SIZE: 'tiny' });
    const all: Backend[] = await backends();
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(args.join(' '));
    let targets: Awaited<ReturnType<typeof clickBench>>;
    try {
      targets = [
        ...(await clickBench(sizes, all)),
        ...(await memoryBench(sizes)),
        ...(await startBench(sizes)),
      ];
    } finally {
      console.log = log;
    }
    const lines = targets.map(targetLine);
    for (const name of TARGETS) {
      const line = lines.find((l) => l.startsWith(`target ${name}: `));
      assert.ok(line, `no line for ${name} in:\n${lines.join('\n')}`);
      const skipped = all.find((b) => b.skipped && name.endsWith(`-${b.name}`));
      const pattern = skipped
        ? /: n\/a(x)? \(goal <= [\d.]+\)$/
        : name === 'rss-1000-meetings-mb'
          ? /: \d+ \(goal <= 200\)$/
          : /: \d+\.\d\dx \(goal <= [\d.]+\)$/;
      assert.match(line, pattern, line);
    }
    // Every click it measured was answered as asked: a failing click would make the figures lie.
    assert.deepEqual(
      printed.filter((l) => /FAILED|a click failed|clicks lost/.test(l) && !/ 0 clicks lost/.test(l)),
      [],
      printed.join('\n'),
    );
  });

  describe('the counting proxy counts what is asked of the backend', () => {
    it('Redis: one command each, also several in one write', async function () {
      await requireService(this, 'Redis', probeRedis);
      const proxy = await startCountProxy(REDIS_URL);
      const client = createClient({ url: proxy.url });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const before = proxy.counts().commands;
        await client.ping();
        await Promise.all([
          client.ping(),
          client.get('toivo-bench-count'),
          client.exists('toivo-bench-count'),
        ]);
        assert.equal(proxy.counts().commands - before, 4);
      } finally {
        await client.close();
        await proxy.close();
      }
    });

    it('PostgreSQL: one per simple query and one per prepared statement run', async function () {
      await requireService(this, 'PostgreSQL', probePostgres);
      const proxy = await startCountProxy(POSTGRES_URL);
      const client = new pg.Client({ connectionString: proxy.url });
      try {
        await client.connect();
        const before = proxy.counts().commands;
        await client.query('SELECT 1');
        await client.query('SELECT $1::int AS n', [2]);
        await client.query({ name: 'bench-count', text: 'SELECT $1::int AS n', values: [3] });
        assert.equal(proxy.counts().commands - before, 3);
        assert.ok(proxy.counts().bytes > 0);
      } finally {
        await client.end();
        await proxy.close();
      }
    });
  });
});
