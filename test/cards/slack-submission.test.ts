import assert from 'node:assert/strict';
import { buildCard, buildSlack } from '../../src/cards/cards.js';
import { fromBlockActions, fromViewSubmission } from '../../src/cards/slack/submission.js';
import { toSlackMessage, toSlackModal } from '../../src/cards/slack/translate.js';
import type { Button, ModalView } from '../../src/cards/slack/types.js';
import { commandsOf, type Submission } from '../../src/cards/submit.js';
import { fromTeamsInvoke, fromTeamsSubmit } from '../../src/cards/teams/submission.js';
import { reject } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { roundTripCard } from './slack-fixtures.js';
import { blockActions, viewSubmission } from './slack-payloads.js';
import { assertValidCard, elementsIn } from './support.js';

const TEXTS = { more: '…ja loput muistiossa', title: 'Sovittu tehtävä' };

const CHOSEN = {
  what: 'Soittaa koululle & kysyä <tukiopetuksesta>',
  ownerId: 'p-liisa',
  due: '2026-12-01',
  withParticipants: ['p-aino', 'p-hanna'],
  followupTime: '14:30',
  hopeful: '4',
};
const EXPECTED: Submission = {
  verb: 'commitment.add',
  fields: {
    meetingId: 'm1',
    version: '7',
    what: 'Soittaa koululle & kysyä <tukiopetuksesta>',
    ownerId: 'p-liisa',
    due: '2026-12-01',
    withParticipants: 'p-aino,p-hanna',
    followupTime: '14:30',
    hopeful: '4',
  },
};

describe('one submission shape from Teams and Slack', () => {
  it('gives the same verb and fields, and so the same command, whichever way the same choices were sent', () => {
    const card = roundTripCard();
    assertValidCard(card, 'the round-trip card');
    const inputs = { ...CHOSEN, withParticipants: 'p-aino,p-hanna' };
    const data = { meetingId: 'm1', version: 7 };
    const teamsInvoke = {
      action: { type: 'Action.Execute', id: 'save', verb: 'commitment.add', data: { ...data, ...inputs } },
      trigger: 'manual',
    };
    const teamsSubmit = { verb: 'commitment.add', ...data, ...inputs };

    const { blocks } = toSlackMessage(card, TEXTS);
    const save = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0];
    assert.ok(save);
    const modal = toSlackModal(card, TEXTS);

    const got = {
      teamsInvoke: fromTeamsInvoke(teamsInvoke),
      teamsSubmit: fromTeamsSubmit(teamsSubmit),
      slackMessage: fromBlockActions(blockActions(blocks, save, CHOSEN)),
      slackModal: fromViewSubmission(viewSubmission(modal, CHOSEN)),
    };
    for (const [how, sub] of Object.entries(got)) assert.deepEqual(sub, EXPECTED, how);
    const commands = Object.values(got).map((sub) => commandsOf(sub as Submission, undefined));
    for (const c of commands) assert.deepEqual(c, commands[0]);
  });

  it('sends empty inputs as empty fields on both platforms', () => {
    const card = roundTripCard();
    const { blocks } = toSlackMessage(card, TEXTS);
    const save = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0] as Button;
    const empty = { what: '', ownerId: '', due: '', withParticipants: '', followupTime: '', hopeful: '' };
    const expected = { verb: 'commitment.add', fields: { meetingId: 'm1', version: '7', ...empty } };
    assert.deepEqual(fromBlockActions(blockActions(blocks, save, {})), expected);
    assert.deepEqual(fromViewSubmission(viewSubmission(toSlackModal(card, TEXTS), {})), expected);
    assert.deepEqual(
      fromTeamsInvoke({
        action: {
          type: 'Action.Execute',
          verb: 'commitment.add',
          data: { meetingId: 'm1', version: 7, ...empty },
        },
      }),
      expected,
    );
  });
});

describe('the erase form’s submission', () => {
  it('reads the same from a Slack modal and from Teams, with what was chosen to erase', () => {
    const d = realisticMeeting('closed', 'en');
    const ctx = { locale: 'en' as const, now: d.now, meeting: d.m, viewerId: d.id(P.social) };
    const card = buildCard('erase-form', ctx);
    const submit = elementsIn(card).find((n) => n.type === 'Action.Execute');
    assert.ok(submit);
    const fallback = submit.fallback as Record<string, unknown>;
    const mother = d.id(P.mother);
    for (const eraseWhat of ['meeting', mother]) {
      const expected: Submission = {
        verb: 'meeting.erase',
        fields: { meetingId: d.m.id, version: String(d.m.version), eraseWhat },
      };
      const modal = buildSlack('erase-form', ctx) as ModalView;
      const got: Record<string, Submission | undefined> = {
        slackModal: fromViewSubmission(viewSubmission(modal, { eraseWhat })),
        // Teams merges the inputs into the action's data.
        teamsInvoke: fromTeamsInvoke({
          action: {
            type: 'Action.Execute',
            verb: submit.verb,
            data: { ...(submit.data as object), eraseWhat },
          },
          trigger: 'manual',
        }),
        teamsSubmit: fromTeamsSubmit({ ...(fallback.data as object), eraseWhat }),
      };
      for (const [how, sub] of Object.entries(got)) assert.deepEqual(sub, expected, `${how} ${eraseWhat}`);
      // The app erases before commandsOf: to the core it is no command.
      for (const sub of Object.values(got))
        assert.deepEqual(commandsOf(sub as Submission, d.m), reject('command.unknown'));
    }
  });
});

describe('Slack submissions', () => {
  const card = roundTripCard();
  const { blocks } = toSlackMessage(card, TEXTS);
  const save = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0] as Button;
  const good = () => blockActions(blocks, save, CHOSEN);

  it('reads a button pressed inside a modal, whose inputs come in the view’s state', () => {
    const { state, ...rest } = good();
    const payload = {
      ...rest,
      container: { type: 'view', view_id: 'V0FORM' },
      view: { id: 'V0FORM', type: 'modal', state },
    };
    assert.deepEqual(fromBlockActions(payload), EXPECTED);
  });

  it('does nothing for a link button, and ignores elements it did not make', () => {
    const link = {
      type: 'button',
      text: { type: 'plain_text', text: 'Muistio' },
      action_id: 'link#4',
      url: 'https://x.fi',
    };
    assert.equal(fromBlockActions(blockActions(blocks, link as Button, CHOSEN)), undefined);
    const payload = good();
    const values = payload.state.values as Record<string, Record<string, unknown>>;
    values.someone_elses = { pick: { type: 'conversations_select', selected_conversation: 'C1' } };
    assert.deepEqual(fromBlockActions(payload), EXPECTED);
  });

  it('gives nothing for malformed payloads instead of throwing', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'block_actions',
      [],
      { ...good(), type: 'view_submission' },
      { ...good(), actions: undefined },
      { ...good(), actions: [] },
      { ...good(), actions: [{ ...good().actions[0], value: '{not json' }] },
      { ...good(), actions: [{ ...good().actions[0], value: '[1,2]' }] },
      { ...good(), actions: [{ ...good().actions[0], value: undefined }] },
      { ...good(), actions: [{ ...good().actions[0], action_id: 'no-verb-here' }] },
      { ...good(), actions: [{ ...good().actions[0], action_id: 42 }] },
      { ...good(), actions: [{ ...good().actions[0], type: 'static_select' }] },
      { ...good(), state: { values: 'x' } },
      { ...good(), state: { values: { what: { what: { type: 'plain_text_input', value: 5 } } } } },
      {
        ...good(),
        state: { values: { o: { ownerId: { type: 'static_select', selected_option: { value: 3 } } } } },
      },
      {
        ...good(),
        state: { values: { w: { withParticipants: { type: 'checkboxes', selected_options: 'p-aino' } } } },
      },
      { ...good(), state: { values: { d: { due: { type: 'datepicker', selected_date: 20261201 } } } } },
      { ...good(), state: { values: { d: 'x' } } },
    ];
    for (const payload of bad)
      assert.equal(fromBlockActions(payload), undefined, JSON.stringify(payload)?.slice(0, 200));

    const modal = viewSubmission(toSlackModal(card, TEXTS), CHOSEN);
    const badViews: unknown[] = [
      { ...modal, type: 'block_actions' },
      { ...modal, view: 'V0FORM' },
      { ...modal, view: { ...modal.view, private_metadata: '' } },
      { ...modal, view: { ...modal.view, private_metadata: '{"verb":7,"data":{}}' } },
      { ...modal, view: { ...modal.view, private_metadata: '{"verb":"commitment.add","data":"x"}' } },
      { ...modal, view: { ...modal.view, state: undefined } },
      {
        ...modal,
        view: {
          ...modal.view,
          state: { values: { t: { followupTime: { type: 'timepicker', selected_time: ['14:30'] } } } },
        },
      },
    ];
    for (const payload of badViews)
      assert.equal(fromViewSubmission(payload), undefined, JSON.stringify(payload).slice(0, 200));
  });
});
