/**
 * The playground's clock outlives a restart: moved forward from the page, it goes on from there
 * when Toivo starts again on the same store (`npm start`, a real process), so the meetings' times
 * never go back and what the moved clock made due stays due.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaygroundClient, startToivo, type ToivoProcess } from '../support/toivo-process.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('the playground’s clock', function () {
  this.timeout(60_000);
  let dir = '';
  let toivo: ToivoProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-clock-'));
  });
  afterEach(async () => {
    await toivo?.stop();
    toivo = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Moves the clock of the Toivo at `url` forward; the time it says it is then. */
  async function forward(url: string, minutes: number): Promise<number> {
    const page = new PlaygroundClient(url);
    await page.get('/');
    const moved = await page.post('/api/clock', { minutes });
    assert.equal(moved.status, 200, JSON.stringify(moved.json));
    return Date.parse(moved.json.now as string);
  }

  it('goes on after a restart from where it was moved to', async () => {
    const env = { STORE_URL: `sqlite://${join(dir, 'toivo.sqlite')}` };
    toivo = await startToivo(env);
    const ahead = await forward(toivo.url, 7 * 24 * 60);
    assert.ok(ahead - Date.now() > 7 * DAY_MS - 60_000, 'a week ahead');
    await toivo.stop();
    toivo = await startToivo(env);
    const after = await forward(toivo.url, 1);
    assert.ok(
      after >= ahead + 60_000,
      `a week and a minute ahead, not back to today: ${new Date(after).toISOString()}`,
    );
  });
});
