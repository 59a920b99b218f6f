/**
 * A refused form in Slack keeps what was typed: a modal's submit is answered with errors under the
 * input the refusal is about, and the modal stays open as it was; a button in a form that is
 * refused draws the form again in place, as typed, saying why above the input. Only a form drawn
 * for a moment the meeting has left closes, with a notice. Through Bolt and a fake Slack.
 */
import assert from 'node:assert/strict';
import { describeRejection, type Params, t } from '../../../src/i18n/index.js';
import { MovableClock } from '../../support/movable-clock.js';
import {
  type Block,
  callMeeting,
  type Inputs,
  ownClose,
  ownSkip,
  ownStep,
  type Person,
  textOf,
  workspaceForSuite,
} from './workspace.js';

const T = (key: string, params?: Params): string => t('fi', key, params);
const [SANNA, AINO, LIISA, MATTI] = ['Sanna Korhonen', 'Aino Laine', 'Liisa Laine', 'Matti Laine'];
const say = (code: string, params?: Record<string, string | number>) =>
  describeRejection('fi', { rejected: true, code, ...(params ? { params } : {}) } as never);

/** The input block `id` of a modal, and the block right above it. */
function inputAt(blocks: readonly Block[], id: string): { input: Block; above: Block | undefined } {
  const i = blocks.findIndex((b) => b.type === 'input' && b.block_id === id);
  assert.ok(i >= 0, `no input ${id}`);
  return { input: blocks[i] as Block, above: blocks[i - 1] };
}

const chosen = (input: Block): string | undefined =>
  ((input.element as { initial_option?: { value: string } }).initial_option ?? undefined)?.value;

describe('Slack: a refused form keeps what was typed and says why at the input', function () {
  this.timeout(60_000);
  const clock = new MovableClock('2027-02-01T10:00:00+02:00');
  const suite = workspaceForSuite({ clock });
  let sanna: Person;
  let aino: Person;
  let liisa: Person;

  const step = (person: Person, button: string, inputs: Inputs = {}) =>
    ownStep(suite.ws, person, T('card.board.title'), button, inputs);

  before(async () => {
    [sanna, aino, liisa] = ['USANNA', 'UAINO', 'ULIISA'].map((id) => suite.ws.person(id)) as [
      Person,
      Person,
      Person,
    ];
    // Matti, Aino's grandfather, has no chat account: the chair answers the poll for him.
    await callMeeting(sanna, {
      date: '2027-02-01',
      time: '14:00',
      invitee1Name: LIISA,
      invitee1Role: 'close',
      invitee1Account: 'ULIISA',
      invitee2Name: MATTI,
      invitee2Role: 'close',
      invitee2Account: 'no',
    });
    await step(sanna, T('card.board.action.start'), { presentIds: [SANNA, AINO, LIISA, MATTI] });
    for (let i = 0; i < 4; i++) await ownSkip(suite.ws, sanna, T('card.board.title'), 'Lyhyt kokous');
  });

  it('the commitment form: a past date and too many others are said under their own inputs; the modal stays open', async () => {
    await step(sanna, T('card.commitments.add'));
    const form = sanna.modal;
    assert.equal(form.view.callback_id, 'commitment.add');
    const typed = { what: 'Kertoa opettajalle poissaoloista', ownerId: AINO };

    const past = await sanna.submit({ ...typed, due: '2027-01-25' });
    assert.deepEqual(JSON.parse(past.text), {
      response_action: 'errors',
      errors: { due: say('input.date_in_past', { field: 'due' }) },
    });
    const others = Array.from({ length: 11 }, (_, i) => `Opettaja ${i + 1}`).join(', ');
    const many = await sanna.submit({ ...typed, due: '2027-02-12', withOthers: others });
    assert.deepEqual(JSON.parse(many.text), {
      response_action: 'errors',
      errors: { withOthers: say('commitment.too_many_others', { max: 10 }) },
    });
    assert.equal(sanna.modal, form, 'the form is still open, as it was');
    assert.equal(suite.ws.api.callsOf('views.update').filter((c) => c.args.view_id === form.id).length, 0);

    await sanna.submit({ ...typed, due: '2027-02-12', withOthers: 'Opettaja' });
    assert.equal(sanna.modal.view.callback_id, 'toivo.my_view', 'sent, the form gives way to the own view');
  });

  /** On to the feedback, whatever the test before left undone: a commitment checked, no follow-up. */
  async function toFeedback(): Promise<void> {
    for (const p of [sanna, aino, liisa]) while (p.hasModal) p.close();
    const m = (await suite.ws.app.meetingsFor('slack:T1:USANNA'))[0];
    if (m?.phase !== 'summary') return;
    if (m.commitments.length === 0) {
      await step(sanna, T('card.commitments.add'));
      await sanna.submit({ what: 'Kertoa opettajalle poissaoloista', ownerId: AINO, due: '2027-02-12' });
    }
    await step(aino, T('card.commitments.suits_me'));
    await step(sanna, T('card.board.action.next_phase', { phase: T('phase.followup') }));
    await step(sanna, T('card.board.action.followup_form'));
    await sanna.submit({ responsibleId: SANNA });
    await sanna.submit({ noneReason: 'Tilanne on hyvä' });
    await step(aino, T('card.commitments.suits_me'));
    await step(sanna, T('card.board.action.next_phase', { phase: T('phase.feedback') }));
  }

  it('the feedback poll: an answer for someone else with nobody chosen comes back in place, as typed, saying why above the choice', async () => {
    await toFeedback();
    await step(sanna, T('card.board.action.answer_feedback'));
    const poll = sanna.modal;
    const notices = sanna.ephemerals.length;
    const comment = 'Mukava, että pääsin mukaan.';
    await sanna.press(poll, T('card.feedback-poll.behalf_send'), {
      hopeful: '5',
      trusting: '4',
      clearer: '3',
      comment,
    });
    assert.equal(sanna.modal, poll, 'the same modal, drawn again in place');
    const blocks = poll.view.blocks;
    const why = say('input.no_person', { field: 'onBehalfOf' });
    assert.ok(textOf([inputAt(blocks, 'onBehalfOf').above as Block]).includes(why), textOf(blocks));
    assert.deepEqual(
      ['hopeful', 'trusting', 'clearer'].map((id) => chosen(inputAt(blocks, id).input)),
      ['5', '4', '3'],
      'the scores chosen are still chosen',
    );
    assert.equal(
      (inputAt(blocks, 'comment').input.element as { initial_value?: string }).initial_value,
      comment,
    );
    assert.deepEqual(sanna.ephemerals.slice(notices), [], 'not told behind the modal');

    // Matti chosen, the same form sends his answer.
    await sanna.press(sanna.modal, T('card.feedback-poll.behalf_send'), { onBehalfOf: MATTI });
    assert.deepEqual(sanna.ephemerals.slice(notices), []);
  });

  it('the feedback poll: the same answer again is said under the first statement; the modal stays open', async () => {
    await toFeedback();
    await step(aino, T('card.board.action.answer_feedback'));
    await aino.submit({ hopeful: '4', trusting: '5', clearer: '4' });
    await step(aino, T('card.board.action.answer_feedback'));
    const res = await aino.submit({ hopeful: '4', trusting: '5', clearer: '4' });
    assert.deepEqual(JSON.parse(res.text), {
      response_action: 'errors',
      errors: { hopeful: say('feedback.unchanged') },
    });
    assert.equal(aino.modal.view.callback_id, 'feedback.answer');
  });

  it('the feedback poll closed under an open form: the form closes, and the notice says the meeting moved on', async () => {
    await toFeedback();
    await step(liisa, T('card.board.action.answer_feedback'));
    assert.equal(liisa.modal.view.callback_id, 'feedback.answer');
    await ownClose(suite.ws, sanna, T('card.board.title'));
    const notices = liisa.ephemerals.length;
    const res = await liisa.submit({ hopeful: '3', trusting: '3', clearer: '3' });
    assert.equal(res.text, '', 'no errors: the form closes');
    assert.ok(
      liisa.ephemerals.slice(notices).some((e) => textOf(e.blocks).includes(say('stale'))),
      'she is told why',
    );
  });
});
