/**
 * The modal that asks first, refused because someone else is missing now: the chair asked to skip
 * a part while some were unheard, then someone arrived, and "Skip anyway" names the modal's people
 * only. Slack's submit is answered with the modal drawn again from the meeting as it is now, naming
 * the newcomer, the reason kept, and why; sent again, it skips. The close modal, which has no
 * input and used to just close, likewise stays open naming who came in. Through Bolt and a fake Slack.
 */
import assert from 'node:assert/strict';
import { describeRejection, type Params, t } from '../../../src/i18n/index.js';
import { MovableClock } from '../../support/movable-clock.js';
import {
  type Block,
  buttonsOf,
  callMeeting,
  ownSkip,
  ownStep,
  ownView,
  textOf,
  workspaceForSuite,
} from './workspace.js';

const T = (key: string, params?: Params): string => t('fi', key, params);
const [SANNA, AINO, LIISA, EEVA] = ['Sanna Korhonen', 'Aino Laine', 'Liisa Laine', 'Eeva Salo'];
const REASON = 'Aika loppuu kesken';

describe('Slack: the modal that asks first is drawn again when someone else is missing now', function () {
  this.timeout(60_000);
  const suite = workspaceForSuite({ clock: new MovableClock('2027-02-01T10:00:00+02:00') });

  it('names the newcomer after a skip was asked; sent again, it skips the part', async () => {
    const sanna = suite.ws.person('USANNA');
    const board = T('card.board.title');
    await callMeeting(sanna, {
      date: '2027-02-01',
      time: '14:00',
      invitee1Name: LIISA,
      invitee1Role: 'close',
      invitee1Account: 'ULIISA',
      invitee2Name: EEVA,
      invitee2Role: 'close',
      invitee2Account: 'no',
    });
    await ownStep(suite.ws, sanna, board, T('card.board.action.start'), { presentIds: [SANNA, AINO, LIISA] });
    await ownStep(suite.ws, sanna, board, T('card.board.action.skip'));
    const asked = sanna.modal;
    assert.equal(asked.view.callback_id, 'phase.skip', 'a modal asks first');
    assert.ok(textOf(asked.view.blocks).includes(LIISA) && !textOf(asked.view.blocks).includes(EEVA));

    // Eeva arrives, and the chair marks her present (on another device, say): she is asked in the
    // round under way. The modal that asked is still open where it was.
    await ownStep(suite.ws, sanna, board, T('card.board.action.mark_present'), { presentId: EEVA });
    while (sanna.hasModal) sanna.close();
    suite.ws.stack('USANNA').push(asked.id);

    const res = await sanna.submit({ skipReason: REASON });
    assert.equal((JSON.parse(res.text) as { response_action?: string }).response_action, 'update');
    const blocks = sanna.modal.view.blocks;
    const text = textOf(blocks);
    const why = describeRejection('fi', {
      rejected: true,
      code: 'phase.skip_unheard',
      params: { names: [EEVA] },
    });
    assert.ok(textOf(blocks.slice(0, 2)).includes(why), `why, under the title: ${text}`);
    const everyone = `${AINO}, ${LIISA}, ${EEVA} ja ${SANNA}`;
    assert.ok(text.includes(T('card.confirm.not_heard', { names: everyone })), `Eeva named too: ${text}`);
    const reason = blocks.find((b) => b.type === 'input' && b.block_id === 'skipReason') as Block;
    assert.equal((reason.element as { initial_value?: string }).initial_value, REASON, 'the reason as typed');

    const again = await sanna.submit();
    assert.equal(again.text, '', 'sent again, the modal closes');
    const own = textOf((await ownView(suite.ws, sanna, board)).view.blocks);
    assert.ok(
      own.includes(T('card.board.skipped_phase', { phase: T('phase.opening'), reason: REASON })),
      own,
    );
    assert.ok(own.includes(T('phase.roles')), 'and the meeting has moved on');
  });

  // The meeting of the test before goes on.
  it('the close modal, refused because someone came in since, stays open naming them; sent again, it closes the meeting', async () => {
    const sanna = suite.ws.person('USANNA');
    const board = T('card.board.title');
    const close = T('card.board.action.close_meeting');
    const onward = T('card.board.action.next_phase', { phase: '' });
    // On to the feedback: each part moved on from, or skipped.
    for (let i = 0; i < 8; i++) {
      const titles = buttonsOf((await ownView(suite.ws, sanna, board)).view.blocks).map(
        (b) => (b.text as { text?: string }).text ?? '',
      );
      const next = titles.find((title) => title.startsWith(onward));
      if (titles.includes(close)) break;
      if (next) await ownStep(suite.ws, sanna, board, next);
      else if (titles.includes(T('card.board.action.followup_form'))) {
        // The follow-up agreed, and the client says it suits her.
        await ownStep(suite.ws, sanna, board, T('card.board.action.followup_form'));
        await sanna.submit({ responsibleId: SANNA });
        await sanna.submit({ noneReason: 'Tilanne on hyvä' });
        await ownStep(suite.ws, suite.ws.person('UAINO'), board, T('card.commitments.suits_me'));
      } else await ownSkip(suite.ws, sanna, board, REASON);
    }
    await ownStep(suite.ws, sanna, board, T('card.board.action.close_meeting'));
    const asked = sanna.modal;
    assert.equal(asked.view.callback_id, 'meeting.close', 'a modal asks first');
    await ownStep(suite.ws, sanna, board, T('card.board.action.arrived'), {
      joinName: 'Olli Opettaja',
      joinRole: 'worker',
    });
    while (sanna.hasModal) sanna.close();
    suite.ws.stack('USANNA').push(asked.id);
    const res = await sanna.submit();
    assert.equal((JSON.parse(res.text) as { response_action?: string }).response_action, 'update');
    const blocks = sanna.modal.view.blocks;
    const why = describeRejection('fi', {
      rejected: true,
      code: 'feedback.not_everyone_answered',
      params: { names: ['Olli Opettaja'], count: 1 },
    });
    assert.ok(textOf(blocks.slice(0, 2)).includes(why), `why, under the title: ${textOf(blocks)}`);
    assert.ok(textOf(blocks).includes(`${EEVA} ja Olli Opettaja.`), 'Olli named with the others');

    const again = await sanna.submit();
    assert.equal(again.text, '', 'sent again, the modal closes');
    const [meeting] = await suite.ws.app.meetingsFor('slack:T1:USANNA');
    assert.equal(meeting?.phase, 'closed', 'and the meeting is closed');
  });
});
