/**
 * Two instances of Toivo over one PostgreSQL, in one Slack workspace (Slack spreads requests over
 * them): a person's own view opened through one instance is kept up to date by the other.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { probePostgres, requireService, twoInstancesOnPostgres } from '../../store/services.js';
import { buttonsOf, callMeeting, Workspace } from './workspace.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const titles = (blocks: Parameters<typeof buttonsOf>[0]) =>
  buttonsOf(blocks).map((b) => (b.text as { text: string }).text);

describe('Slack: two instances of Toivo over one PostgreSQL', function () {
  this.timeout(30_000);
  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
  });

  it('a click handled by one instance draws the own view another instance opened', async () => {
    await twoInstancesOnPostgres(async (a, b) => {
      const ws = await Workspace.start({ store: a });
      try {
        await ws.addInstance(b);
        const [sanna, aino] = [ws.person('USANNA'), ws.person('UAINO')];
        const board = () => ws.message(T('card.board.title'));
        ws.use(0);
        await callMeeting(sanna);
        await sanna.press(board(), T('card.board.action.my_view'));
        await sanna.press(sanna.modal, T('card.board.action.start'), {
          presentIds: ['Sanna Korhonen', 'Aino Laine'],
        });
        ws.use(1);
        await aino.press(board(), T('card.board.action.my_view'));
        assert.ok(!titles(aino.modal.view.blocks).includes(T('card.board.action.done')), 'not her turn yet');
        ws.use(0);
        await sanna.press(sanna.modal, T('card.board.action.give_floor'), { floorTo: 'Aino Laine' });
        assert.ok(
          titles(aino.modal.view.blocks).includes(T('card.board.action.done')),
          'her own view shows that she has the floor',
        );
      } finally {
        await ws.close();
      }
    });
  });
});
