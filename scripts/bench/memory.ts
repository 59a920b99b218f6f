/**
 * Memory with many meetings, and the playground's meeting list: Toivo as `npm start` runs it
 * (scripts/start.mjs: the playground, from the build in dist/, on a fresh SQLite file), meetings
 * called together and started from one browser through the playground's API (as its page does),
 * then the page's state asked for, and the server's resident memory read (`ps`). The process is
 * Toivo's own: it loads neither platform's SDK, as the playground does not.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Page } from '../../test/app/store-faults-support.js';
import type { Sizes, Target } from './sizes.js';
import { cleanEnv, runningAt } from './start.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Resident memory of process `pid`, in MiB. */
const rssOf = (pid: number): number =>
  Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;

export async function memoryBench(sizes: Sizes): Promise<Target[]> {
  const dir = mkdtempSync(join(tmpdir(), 'toivo-bench-memory-'));
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: dir,
    env: { ...cleanEnv(), PORT: '0', HOST: '127.0.0.1', STORE_URL: `sqlite://${join(dir, 'toivo.sqlite')}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await runningAt(child, 'Toivo');
    const pid = child.pid as number;
    const rssAtStart = rssOf(pid);
    const page = new Page(url);
    let start = performance.now();
    for (let i = 0; i < sizes.meetings; i++) await page.startedMeeting();
    const making = (performance.now() - start) / sizes.meetings;
    // What the clicks set going in the background (deliveries, the upkeep at start) ends first.
    await new Promise((done) => setTimeout(done, 1_000));
    // The page's first look (no meeting open) lists every meeting of the browser.
    const all: number[] = [];
    for (let i = 0; i < 5; i++) {
      start = performance.now();
      const { status } = await page.get('/api/state');
      if (status !== 200) throw new Error(`/api/state answered ${status}`);
      all.push(performance.now() - start);
    }
    const list = all.sort((a, b) => a - b)[2] ?? Number.NaN;
    const rss = rssOf(pid);
    console.log(
      `playground (npm start's process), ${sizes.meetings} meetings called and started from one browser ` +
        `(${making.toFixed(1)} ms each): /api/state ${list.toFixed(1)} ms (median of 5); ` +
        `server RSS ${rss.toFixed(0)} MiB (${rssAtStart.toFixed(0)} MiB at start)`,
    );
    return [{ name: 'rss-1000-meetings-mb', value: rss, goal: 200, ratio: false }];
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
