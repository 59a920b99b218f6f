/** What Slack could not take before Toivo stopped is delivered when Toivo starts again. */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { CHANNEL, callMeeting, textOf, workspaceForSuite } from './workspace.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);

describe('Slack: deliveries that wait survive a restart', () => {
  const suite = workspaceForSuite({ retryDelaysMs: [300] });

  it('a board update Slack refused is made by the next start of Toivo', async () => {
    const { ws } = suite;
    const sanna = ws.person('USANNA');
    await callMeeting(sanna);
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
    await ws.app.deliverer.stop();
    const next = await ws.addInstance(suite.store, { retryDelaysMs: [300] });
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
