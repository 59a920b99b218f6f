/**
 * The playground page keeps one's place: a reload opens the same meeting as the same person (the
 * address says which), and the meeting list tells meetings apart by their time and client.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { board, invite, LIISA } from './meeting-steps.js';
import { launchChromium, PlaygroundPage } from './playground-page.js';

describe('the playground page after a reload', function () {
  this.timeout(60_000);
  let dir = '';
  let store: EventStore<Event> | undefined;
  let running: Running | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this);
    dir = mkdtempSync(join(tmpdir(), 'toivo-reload-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    const clock = new SimulatedClock();
    running = await startServer({ port: 0, host: '127.0.0.1' }, [
      playground(new App(store, { clock, log: () => undefined }), clock),
    ]);
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the same meeting as the same person, and lists it by its time and client', async () => {
    const p = await PlaygroundPage.newPage(browser as Browser, `${running?.url}`, errors);
    await invite(p, [{ name: LIISA, role: 'close', relation: 'äiti', account: 'yes' }]);
    await p.actAs(LIISA);
    const meeting = await p.page.locator('#meeting-select').inputValue();
    assert.ok(meeting, 'the meeting is chosen');
    await p.page.reload();
    await p.page.waitForFunction('Number(document.body.dataset.version || 0) > 0');
    assert.equal(await p.page.locator('#meeting-select').inputValue(), meeting, 'the same meeting');
    assert.match(
      await p.page.locator('#as-select option:checked').innerText(),
      new RegExp(`^${LIISA} \\(`),
      'acting as the same person',
    );
    assert.ok(await board(p).isVisible(), 'its board is shown');
    const title = await p.page.locator('#meeting-select option:checked').innerText();
    assert.match(title, /^Ainon koulunkäynnin tukeminen – \d{1,2}\.\d{1,2}\.\d{4} klo 14\.00, Aino$/);
    assert.equal(await p.card('invitation-form').count(), 0, 'not the empty invitation form');
    assert.deepEqual(errors, []);
    await p.page.close();
  });
});
