/** What Slack could not take before Toivo stopped is delivered when Toivo starts again. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../../src/core/index.js';
import { t } from '../../../src/i18n/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import { CHANNEL, textOf, Workspace } from './workspace.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('Slack: deliveries that wait survive a restart', () => {
  let dir = '';
  let store: EventStore<Event>;
  let ws: Workspace;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-slack-restart-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    ws = await Workspace.start({ store, retryDelaysMs: [300] });
  });

  after(async () => {
    await ws.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a board update Slack refused is made by the next start of Toivo', async () => {
    const sanna = ws.person('USANNA');
    await sanna.command('');
    await sanna.submit({
      purpose: 'Ainon koulunkäynnin tukeminen',
      date: inDays(3),
      time: '14:00',
      place: 'Koulu',
      convenerName: 'Sanna Korhonen',
      clientName: 'Aino Laine',
      clientAccount: 'UAINO',
    });
    const board = () => ws.message(T('card.board.title'));
    await sanna.press(board(), T('card.board.action.my_view'));
    ws.api.failNext('chat.update', { error: 'internal_error' });
    ws.api.failNext('chat.update', { error: 'internal_error' });
    await sanna.press(sanna.modal, T('card.board.action.start'), {
      presentIds: ['Sanna Korhonen', 'Aino Laine'],
    });
    const started = T('card.board.part', { n: 1, total: 7, phase: T('phase.opening') });
    assert.ok(!textOf(board().blocks).includes(started), 'Slack refused the update');
    // Toivo stops before the retry is due, and starts again over the same store.
    ws.app.deliverer.stop();
    const next = await ws.addInstance(store, { retryDelaysMs: [300] });
    ws.use(next);
    await ws.api.waitFor(
      (calls) => calls.filter((c) => c.method === 'chat.update' && !c.error).length >= 2,
      3000,
    );
    ws.sync();
    assert.ok(textOf(board().blocks).includes(started), 'the board shows the start after the restart');
    assert.equal(ws.channel(CHANNEL).length, 2, 'no card was posted twice');
  });
});
