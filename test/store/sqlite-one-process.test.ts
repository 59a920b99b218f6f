/**
 * One SQLite store, one process. Two processes on one file each took only their own in-process
 * lock and overwrote each other's appends (a quarter of the acknowledged notes were lost); now a
 * second Toivo on the same file does not start, says why in one line (no stack trace) and exits
 * with an error code, while the first runs on. A process that dies (SIGKILL) takes its hold with
 * it, so a restart is never refused. Within one process, stores of the same file share one lock:
 * their appends never overwrite each other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreInUseError } from '../../src/store/open-sqlite.js';
import { openEventStore } from '../../src/store/open-store.js';
import { notes, Page } from '../app/store-faults-support.js';
import { startToivo, type ToivoProcess, ToivoStartError } from '../support/toivo-process.js';
import { assertAllLanded, readAndAppend, type TestEvent } from './event-store-contract.js';

describe('one SQLite store, one process', function () {
  this.timeout(60_000);
  let dir = '';
  const running: ToivoProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-one-'));
  });
  afterEach(async () => {
    for (const toivo of running.splice(0)) await toivo.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second Toivo on the same file does not start and says why; the first runs on; after a kill, a restart starts', async () => {
    const file = join(dir, 'data', 'toivo.sqlite');
    const first = await startToivo({ STORE_URL: `sqlite://${file}` });
    running.push(first);
    const page = new Page(first.url);
    const meetingId = await page.startedMeeting();

    await assert.rejects(startToivo({ STORE_URL: `sqlite://${file}` }), (error: unknown) => {
      assert.ok(error instanceof ToivoStartError, String(error));
      assert.equal(error.code, 1, 'it exits with an error code');
      // One line for whoever started it: which file, what to do; no stack trace.
      const lines = error.stderr.trim().split('\n');
      assert.equal(lines.length, 1, error.stderr);
      assert.ok(lines[0]?.startsWith(`another Toivo is already using the data file ${file} `), error.stderr);
      assert.match(lines[0] ?? '', /stop that Toivo first .* STORE_URL=sqlite:\/\//);
      assert.ok(!error.stderr.includes('    at '), `no stack trace: ${error.stderr}`);
      return true;
    });
    // Nor does a store opened here, in a third process.
    await assert.rejects(openEventStore({ url: `sqlite://${file}` }), StoreInUseError);

    const text = notes('one');
    const answer = await page.invoke(meetingId, 'p1', 'note.add', { noteText: text(1) });
    assert.equal(answer.json.ok, true, 'the first one runs on');

    process.kill(first.pid, 'SIGKILL');
    await first.stop();
    const second = await startToivo({ STORE_URL: `sqlite://${file}` });
    running.push(second);
    const again = await new Page(second.url, page).invoke(meetingId, 'p1', 'note.add', { noteText: text(2) });
    assert.equal(again.json.ok, true, 'the restarted one has the meeting, and serves');
  });

  it('stores of one file in one process share its lock: no append overwrites another', async () => {
    const url = `sqlite://${join(dir, 'toivo.sqlite')}`;
    const [a, b] = [await openEventStore<TestEvent>({ url }), await openEventStore<TestEvent>({ url })];
    try {
      const tasks = [...Array(100).keys()].map((n) => readAndAppend(n % 2 ? a : b, 'm', n));
      assert.ok((await Promise.all(tasks)).every((r) => r.ok));
      assertAllLanded(await a.load('m'), 100);
    } finally {
      await a.close();
      await b.close();
    }
    // Closed, the file is free again: a store opens.
    const reopened = await openEventStore<TestEvent>({ url });
    assertAllLanded(await reopened.load('m'), 100);
    await reopened.close();
  });
});
