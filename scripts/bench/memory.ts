/**
 * Memory with many meetings, and the playground's meeting list: meetings called together and
 * started from one browser through the playground's API (as its page does), then the page's state
 * asked for, and the server's resident memory read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Page } from '../../test/app/store-faults-support.js';
import { Subject } from './clicks.js';
import type { Sizes, Target } from './sizes.js';

export async function memoryBench(sizes: Sizes): Promise<Target[]> {
  const dir = mkdtempSync(join(tmpdir(), 'toivo-bench-memory-'));
  const subject = await Subject.start({
    kind: 'playground',
    storeUrl: `sqlite://${join(dir, 'toivo.sqlite')}`,
  });
  try {
    const rssAtStart = (await subject.usage()).rss;
    const page = new Page(subject.url);
    let start = performance.now();
    for (let i = 0; i < sizes.meetings; i++) await page.startedMeeting();
    const making = (performance.now() - start) / sizes.meetings;
    await subject.settled();
    // The page's first look (no meeting open) lists every meeting of the browser; then one open.
    const timed = async (path: string) => {
      const all: number[] = [];
      for (let i = 0; i < 5; i++) {
        start = performance.now();
        const { status } = await page.get(path);
        if (status !== 200) throw new Error(`${path} answered ${status}`);
        all.push(performance.now() - start);
      }
      return all.sort((a, b) => a - b)[2] ?? Number.NaN;
    };
    const list = await timed('/api/state');
    const rss = (await subject.usage()).rss / 1048576;
    console.log(
      `playground, ${sizes.meetings} meetings called and started from one browser (${making.toFixed(1)} ms each): ` +
        `/api/state ${list.toFixed(1)} ms (median of 5); server RSS ${rss.toFixed(0)} MiB ` +
        `(${(rssAtStart / 1048576).toFixed(0)} MiB at start)`,
    );
    return [{ name: 'rss-1000-meetings-mb', value: rss, goal: 200, ratio: false }];
  } finally {
    await subject.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
