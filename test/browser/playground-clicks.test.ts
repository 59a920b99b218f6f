/**
 * The playground page's clicks in a real browser: each click and form goes with an id of its own
 * (what makes a click sent again apply once), and while the store does not answer, a press says so
 * in the page's language, the page keeping what one had filled in, so that pressing again once the
 * store is back does it. Over PostgreSQL behind a proxy that is cut.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import { type FaultProxy, startFaultProxy } from '../support/toivo-process.js';
import { AINO, board, invite, LIISA, SANNA, shows, T } from './meeting-steps.js';
import { launchChromium, PlaygroundPage } from './playground-page.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the playground page’s clicks', function () {
  this.timeout(60_000);
  const namespace = `toivo-clicks-${randomUUID()}`;
  let proxy: FaultProxy | undefined;
  let store: EventStore<Event> | undefined;
  let running: Running | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let p: PlaygroundPage;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this);
    await requireService(this, 'PostgreSQL', probePostgres);
    const target = new URL(POSTGRES_URL);
    proxy = await startFaultProxy(Number(target.port || 5432), target.hostname);
    const through = new URL(POSTGRES_URL);
    through.port = String(proxy.port);
    store = await openEventStore<Event>({ url: through.href, namespace, timeoutMs: 1_000 });
    const clock = new SimulatedClock();
    running = await startServer({ port: 0, host: '127.0.0.1' }, [
      playground(new App(store, { clock, log: () => undefined }), clock),
    ]);
  });

  beforeEach(async () => {
    p = await PlaygroundPage.newPage(browser as Browser, `${running?.url}`, errors);
    page = p.page;
  });

  afterEach(async () => {
    proxy?.restore();
    await page?.close();
    assert.deepEqual(errors.splice(0), [], 'the page threw');
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    if (store) {
      proxy?.restore();
      await store.ping().catch(() => undefined);
      for (const id of await store.streamIds()) await store.erase(id);
      await store.close();
    }
    await proxy?.close();
  });

  /** A meeting called together on the page: Sanna convenes it for Aino, with her mother Liisa. */
  const called = () => invite(p, [{ name: LIISA, role: 'close', relation: 'äiti', account: 'yes' }]);

  it('sends each click and form with an id of its own, on the Teams and the Slack side', async () => {
    const sent: Record<string, unknown>[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/(teams|slack)$/.test(request.url()))
        sent.push(request.postDataJSON() as Record<string, unknown>);
    });
    await called();
    await p.tick(board(p), T('card.board.input.present'), SANNA, AINO, LIISA);
    await p.press(board(p), T('card.board.action.start'));
    await p.actAs(LIISA);
    await p.press(board(p, 'slack'), T('card.board.action.request'));
    const ids = sent.map((body) => body.commandId);
    assert.equal(ids.length, 3, JSON.stringify(ids));
    for (const id of ids) assert.match(String(id), UUID);
    assert.equal(new Set(ids).size, ids.length, 'a fresh id each time');
  });

  it('while the store does not answer, a press says so in the page’s language and keeps what was filled in', async () => {
    await called();
    await p.tick(board(p), T('card.board.input.present'), SANNA, AINO, LIISA);
    proxy?.cut();
    await p.press(board(p), T('card.board.action.start'));
    assert.equal(await p.text(page.locator('#notice')), T('rejection.store.unavailable'));
    const present = board(p).getByRole('checkbox', { checked: true });
    assert.equal(await present.count(), 3, 'the ticks are still there');
    // The store is back: the same press does it.
    proxy?.restore();
    for (let i = 0; i < 40; i++)
      if (
        await (store as EventStore<Event>).ping().then(
          () => true,
          () => false,
        )
      )
        break;
    await p.press(board(p), T('card.board.action.start'));
    assert.equal(await p.text(page.locator('#notice')), '');
    shows(await p.text(board(p)), T('card.board.no_speaker'));
  });
});
