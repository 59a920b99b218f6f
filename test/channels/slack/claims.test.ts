/**
 * Someone invited by name who turns out to use Slack: they say "this is me" on the invitation in
 * the channel, the convener confirms it in her own view, and from then on they take part in Slack.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { buttonsOf, callMeeting, textOf, workspaceForSuite } from './workspace.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const MATTI = 'Matti Laine';

describe('Slack: "this is me" for someone invited by name', () => {
  const suite = workspaceForSuite();

  it('is said in the channel, confirmed by the convener in her own view, and brings the invitation to his DMs', async () => {
    const { ws } = suite;
    const [sanna, matti] = [ws.person('USANNA'), ws.person('UMATTI')];
    await callMeeting(sanna, { invitee1Name: MATTI, invitee1Role: 'close', invitee1Relation: 'isoisä' });
    const invitation = ws.message(T('card.invitation.title'));
    await matti.press(invitation, T('card.invitation.claim_button'), { claimFor: MATTI });
    const said = matti.ephemerals.map((e) => `${e.text}\n${textOf(e.blocks)}`).join('\n');
    assert.ok(said.includes(T('card.notice.info.account_claimed')), 'he is told what happens next');
    assert.equal(matti.dms.length, 0, 'nothing of the meeting yet');

    await sanna.press(ws.message(T('card.board.title')), T('card.board.action.my_view'));
    assert.ok(textOf(sanna.modal.view.blocks).includes(MATTI), 'the claim waits in her own view');
    await sanna.press(sanna.modal, T('card.board.action.claim_confirm'));
    assert.equal(matti.dms.length, 1, 'the invitation comes to his direct messages');
    const answers = buttonsOf(matti.dms[0]?.blocks ?? []).map((b) => (b.text as { text: string }).text);
    assert.ok(answers.includes(T('card.invitation.coming')), 'and he can answer it there');
  });
});
