/**
 * The card that asks first, refused because someone else is missing now: the chair asked to skip a
 * part while some were unheard, then someone arrived, and "Skip anyway" names the card's people
 * only. Teams answers the press with the card drawn again from the meeting as it is now, naming
 * the newcomer, the reason kept, and why; its button then skips. A skip pressed on the board is
 * answered as before. Through Toivo's server, botbuilder's real authentication and a fake Bot Connector.
 */
import assert from 'node:assert/strict';
import { describeRejection, t } from '../../../src/i18n/index.js';
import {
  actionsOf,
  answered,
  defaultsOf,
  invitationBy,
  type Json,
  pressing,
  TeamsBot,
  textOf,
} from './teams-bot.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000c001', name: 'Sanna Korhonen' };
const LIISA = 'Liisa Laine';
const EEVA = 'Eeva Salo';
const REASON = 'Aika loppuu kesken';

describe('Teams: the card that asks first is drawn again when someone else is missing now', function () {
  this.timeout(30_000);

  /** A meeting of Sanna's with Aino, Liisa and Eeva invited (none in Teams), started without Eeva. */
  async function started(chat: string) {
    const bot = new TeamsBot({ id: chat, conversationType: 'groupChat' });
    await bot.start();
    const { meetingId } = await bot.callMeeting(
      SANNA,
      invitationBy(SANNA.name, {
        clientAccount: 'no',
        invitee1Name: LIISA,
        invitee1Role: 'close',
        invitee1Account: 'no',
        invitee2Name: EEVA,
        invitee2Role: 'close',
        invitee2Account: 'no',
      }),
    );
    const board = async () => answered(await bot.click(SANNA, 'ui.refresh', { meetingId, surface: 'board' }));
    /** Presses `title` on `card` (Sanna's board unless given): the card Sanna then sees. */
    const press = async (title: string, inputs: Json = {}, on?: Json) => {
      const { verb, data } = pressing(on ?? (await board()), title, inputs);
      return bot.click(SANNA, verb, data);
    };
    answered(await press(T('card.board.action.start'), { presentIds: [SANNA.name, 'Aino Laine', LIISA] }));
    /** The round goes on until everyone here has been heard (it stays open until the chair closes it). */
    const hearEveryone = async () => {
      const titled = async (title: string) => actionsOf(await board()).some((a) => a.title === title);
      for (let i = 0; i < 10; i++) {
        const next = [
          T('card.board.action.end_turn'),
          T('card.board.action.done'),
          T('card.board.action.next_speaker'),
        ];
        const title = (await Promise.all(next.map(titled))).findIndex(Boolean);
        if (title < 0) break;
        answered(await press(next[title] ?? ''));
      }
    };
    return { bot, board, press, hearEveryone };
  }

  it('names the newcomer after a skip was asked; its button then skips the part', async () => {
    const { bot, press } = await started('19:confirm_form@thread.v2');
    try {
      const asked = answered(await press(T('card.board.action.skip')));
      assert.ok(textOf(asked).includes(T('card.confirm.skip_anyway')), 'the card that asks first');
      assert.ok(textOf(asked).includes(LIISA) && !textOf(asked).includes(EEVA), textOf(asked));
      // Eeva arrives, and is asked in the round under way.
      answered(await press(T('card.board.action.mark_present'), { presentId: EEVA }));

      const back = answered(await press(T('card.confirm.skip_anyway'), { skipReason: REASON }, asked));
      const text = textOf(back);
      assert.ok(text.includes(T('card.confirm.skip_anyway')), `the card that asks, again: ${text}`);
      const why = describeRejection('fi', {
        rejected: true,
        code: 'phase.skip_unheard',
        params: { names: [EEVA] },
      });
      assert.equal((back.body as Json[])[1]?.text, why, 'why, in words, under the title');
      const everyone = `Aino Laine, ${LIISA}, ${EEVA} ja ${SANNA.name}`;
      assert.ok(text.includes(T('card.confirm.not_heard', { names: everyone })), `Eeva named too: ${text}`);
      assert.equal(defaultsOf(back).skipReason, REASON, 'the reason as typed');

      const skipped = answered(await press(T('card.confirm.skip_anyway'), {}, back));
      const after = textOf(skipped);
      assert.ok(after.includes(T('card.board.title')), `the board, once skipped: ${after.slice(0, 300)}`);
      const phase = T('phase.opening');
      assert.ok(
        after.includes(T('card.board.skipped_phase', { phase, reason: REASON })),
        after.slice(0, 600),
      );
      assert.ok(after.includes(T('phase.roles')), 'and the meeting has moved on');
    } finally {
      await bot.stop();
    }
  });

  it('with nobody missing any more, the card that asked skips the part', async () => {
    const { bot, press, hearEveryone } = await started('19:confirm_heard@thread.v2');
    try {
      const asked = answered(await press(T('card.board.action.skip')));
      await hearEveryone();
      const skipped = answered(await press(T('card.confirm.skip_anyway'), { skipReason: REASON }, asked));
      const after = textOf(skipped);
      assert.ok(after.includes(T('card.board.title')), `the board, once skipped: ${after.slice(0, 300)}`);
      assert.ok(after.includes(T('phase.roles')), 'and the meeting has moved on');
    } finally {
      await bot.stop();
    }
  });

  it('a skip pressed on the board and refused is answered in words, as before', async () => {
    const { bot, board, press, hearEveryone } = await started('19:confirm_board@thread.v2');
    try {
      // Everyone here is heard: the board skips at once, with the reason typed there.
      await hearEveryone();
      const drawn = await board();
      assert.equal(pressing(drawn, T('card.board.action.skip')).verb, 'phase.skip', 'skips at once');
      answered(await press(T('card.board.action.mark_present'), { presentId: EEVA }));

      const res = await press(T('card.board.action.skip'), { skipReason: REASON }, drawn);
      const why = describeRejection('fi', {
        rejected: true,
        code: 'phase.skip_unheard',
        params: { names: [EEVA] },
      });
      const body = res.body as Json;
      assert.equal(body.type, 'application/vnd.microsoft.activity.message', 'words, not a card');
      assert.equal(body.value, why);
    } finally {
      await bot.stop();
    }
  });
});
