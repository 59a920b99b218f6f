/**
 * Preparing with the client, in Slack: the convener fills the invitation form's first step, the
 * client reads the answers in her own invitation and agrees there; the other invitees never see the
 * answers, and the channel (which people outside the meeting may read) nothing of it.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { buttonsOf, callMeeting, textOf, workspaceForSuite } from './workspace.js';

const T = (key: string) => t('fi', key);
const HELP = 'Kaikki samaan pöytään, ettei Ainon tarvitse kertoa samaa monta kertaa';
const WHO = 'Äiti ja luokanvalvoja Pekka';
const GOAL = 'Aino jaksaa käydä koulua';
const titles = (blocks: Parameters<typeof buttonsOf>[0]) =>
  buttonsOf(blocks).map((b) => (b.text as { text: string }).text);

describe('Slack: preparing the meeting with the client', () => {
  const suite = workspaceForSuite();

  it('the form’s first step reaches the client’s own invitation, she agrees there, and the channel hears none of it', async () => {
    const { ws } = suite;
    const [sanna, aino, pekka] = [ws.person('USANNA'), ws.person('UAINO'), ws.person('UPEKKA')];
    await sanna.command();
    const form = textOf(sanna.modal.view.blocks);
    assert.ok(
      form.indexOf(T('card.invitation-form.prep_title')) < form.indexOf(T('card.invitation-form.purpose')),
      'the form asks it first',
    );
    await callMeeting(sanna, {
      prepHelp: HELP,
      prepWho: WHO,
      prepGoal: GOAL,
      prepConsent: T('card.invitation-form.prep_consent_no'),
      invitee1Name: 'Pekka Virtanen',
      invitee1Role: 'worker',
      invitee1Account: 'UPEKKA',
    });

    const own = aino.dms.find((m) => textOf(m.blocks).includes(T('card.invitation.title')));
    assert.ok(own, 'Aino gets her invitation');
    for (const answer of [HELP, WHO, GOAL]) assert.ok(textOf(own.blocks).includes(answer), answer);
    const teacher = pekka.dms.map((m) => textOf(m.blocks)).join('\n');
    const channel = textOf(ws.message(T('card.invitation.title')).blocks);
    for (const text of [teacher, channel])
      for (const answer of [HELP, WHO, GOAL])
        assert.ok(!text.includes(answer), `"${answer}" kept between them`);
    assert.ok(!channel.includes(T('card.preparation.agreed')), 'she has not agreed yet');

    await aino.press(own, T('card.preparation.agree'));
    assert.deepEqual(
      aino.ephemerals.map((e) => e.text),
      [],
      'her agreeing is taken',
    );
    const redrawn = aino.dms.find((m) => textOf(m.blocks).includes(T('card.invitation.title')));
    assert.ok(redrawn && !titles(redrawn.blocks).includes(T('card.preparation.agree')), 'asked only once');
    assert.ok(
      textOf(redrawn.blocks).includes(T('card.preparation.agreed_client')),
      'her invitation says she agreed, to her as "you"',
    );
    // A Slack channel may be read by people outside the meeting: not even that she agreed is told there.
    assert.ok(!textOf(ws.message(T('card.invitation.title')).blocks).includes(T('card.preparation.agreed')));
  });
});
