/** In a Teams channel a meeting lives in the thread where it was called: its cards go there. */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { actionsOf, answered, cardOf, inputsOf, invitationBy, TeamsBot, textOf } from './teams-bot.js';

const T = (key: string) => t('fi', key);
const THREAD = {
  id: '19:team_general@thread.tacv2;messageid=1700000000001',
  conversationType: 'channel' as const,
};
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000c001', name: 'Sanna Korhonen' };

describe('Teams: a meeting called in a channel', function () {
  this.timeout(30_000);
  const bot = new TeamsBot(THREAD);
  before(() => bot.start());
  after(() => bot.stop());

  it('posts the form, the invitation and the board in the thread it was called in', async () => {
    await bot.say(SANNA, 'new');
    const [formMessage] = bot.connector.activities();
    assert.equal(formMessage?.conversationId, THREAD.id, 'the form is in the thread');
    const form = cardOf(formMessage);
    const send = actionsOf(form).find((a) => a.verb === 'meeting.create');
    assert.ok(send);
    const data = {
      ...send.data,
      ...inputsOf(form, invitationBy(SANNA.name, { clientAccount: 'no' }) as Record<string, string>),
    };
    const formId = String((formMessage?.result as { id?: string } | undefined)?.id);
    answered(await bot.click(SANNA, send.verb, data, formId));
    const cards = bot.connector.activities().slice(1);
    assert.ok(cards.length >= 2, 'the invitation and the board');
    for (const call of cards)
      assert.equal(call.conversationId, THREAD.id, `${call.method} ${call.path} in the thread`);
    assert.ok(cards.some((c) => textOf(cardOf(c)).includes(T('card.board.title'))));
  });
});
