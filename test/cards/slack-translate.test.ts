import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { toSlackMessage, toSlackModal } from '../../src/cards/slack/translate.js';
import type { Block, Button, InputBlock } from '../../src/cards/slack/types.js';
import { noticeView } from '../../src/cards/view-models/notice.js';
import { reject } from '../../src/core/index.js';
import { TEST_NOW } from '../support/driver.js';
import { realisticMeeting } from '../support/realistic-meeting.js';
import { everyElementCard, execute, PEOPLE } from './slack-fixtures.js';
import { assertSlackBlocks, assertSlackModal } from './slack-support.js';
import { assertValidCard } from './support.js';

const TEXTS = { more: '…ja loput muistiossa', title: 'Toivo', close: 'Sulje' };
const cardOf = (body: unknown[], actions?: unknown[]) =>
  ({ type: 'AdaptiveCard', version: '1.5', body, ...(actions ? { actions } : {}) }) as const;
const blocksOf = (body: unknown[], actions?: unknown[]) =>
  toSlackMessage(cardOf(body, actions), TEXTS).blocks;
const inputs = (blocks: Block[]) => blocks.filter((b): b is InputBlock => b.type === 'input');
const buttons = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : ([] as Button[])));

describe('Slack translation', () => {
  it('shows a heading as a header, plain text as a section and quiet text as a small line', () => {
    const blocks = blocksOf([
      { type: 'TextBlock', text: '**Kokous** alkaa', style: 'heading' },
      { type: 'TextBlock', text: 'Tervetuloa' },
      { type: 'TextBlock', text: 'Päivitetty klo 9', isSubtle: true },
      { type: 'TextBlock', text: 'Pieni', size: 'Small' },
      { type: 'TextBlock', text: 'Iso', size: 'ExtraLarge' },
      { type: 'TextBlock', text: '   ' },
    ]);
    assert.deepEqual(blocks, [
      { type: 'header', text: { type: 'plain_text', text: 'Kokous alkaa' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Tervetuloa' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Päivitetty klo 9' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Pieni' }] },
      { type: 'header', text: { type: 'plain_text', text: 'Iso' } },
    ]);
  });

  it('reads the card’s Markdown as Slack mrkdwn and keeps people’s own <, > and & as text', () => {
    const [block] = blocksOf([
      {
        type: 'TextBlock',
        text: '**Sovittu** _tänään_ ja *huomenna*: [muistio](https://x.fi/m?a=1&b=2)\n- Aino <3 & Liisa\n- [paha](javascript:alert(1))',
      },
    ]);
    assert.deepEqual(block, {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Sovittu* _tänään_ ja _huomenna_: <https://x.fi/m?a=1&amp;b=2|muistio>\n• Aino &lt;3 &amp; Liisa\n• paha',
      },
    });
  });

  it('makes bold text bold and keeps long headings whole, in bold, instead of cutting them', () => {
    const long = 'Otsikko '.repeat(25).trim();
    const blocks = blocksOf([
      { type: 'TextBlock', text: long, style: 'heading' },
      {
        type: 'Container',
        items: [{ type: 'TextBlock', text: 'Tärkeää', weight: 'Bolder' }],
        separator: true,
      },
    ]);
    assert.deepEqual(blocks, [
      { type: 'section', text: { type: 'mrkdwn', text: `*${long}*` } },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: '*Tärkeää*' } },
    ]);
  });

  it('puts neighbouring paragraphs in one section while they fit, to save blocks', () => {
    const blocks = blocksOf([
      { type: 'TextBlock', text: 'Yksi' },
      { type: 'TextBlock', text: 'Kaksi' },
      { type: 'TextBlock', text: 'x'.repeat(2995) },
    ]);
    assert.deepEqual(
      blocks.map((b) => (b.type === 'section' ? b.text?.text.length : b.type)),
      [10, 2995],
    );
  });

  it('shows facts as two-column fields, ten to a section', () => {
    const facts = Array.from({ length: 12 }, (_, i) => ({ title: `Otsikko ${i}`, value: `arvo & ${i}` }));
    const blocks = blocksOf([{ type: 'FactSet', facts }]);
    assert.equal(blocks.length, 2);
    assert.equal(blocks[0]?.type === 'section' && blocks[0].fields?.length, 10);
    assert.deepEqual(blocks[1], {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Otsikko 10*\narvo &amp; 10' },
        { type: 'mrkdwn', text: '*Otsikko 11*\narvo &amp; 11' },
      ],
    });
  });

  it('puts a title and the facts under it in one section', () => {
    const blocks = blocksOf([
      { type: 'TextBlock', text: 'Muistiinpanot', weight: 'Bolder' },
      { type: 'FactSet', facts: [{ title: 'Koulu', value: 'Aamut helpommiksi' }] },
    ]);
    assert.deepEqual(blocks, [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Muistiinpanot*' },
        fields: [{ type: 'mrkdwn', text: '*Koulu*\nAamut helpommiksi' }],
      },
    ]);
  });

  it('shows a row of text columns side by side, and reads columns with inputs in order', () => {
    const text = (t: string) => ({ type: 'Column', items: [{ type: 'TextBlock', text: t }] });
    assert.deepEqual(blocksOf([{ type: 'ColumnSet', columns: [text('Vaihe'), text('Keskustelu')] }]), [
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: 'Vaihe' },
          { type: 'mrkdwn', text: 'Keskustelu' },
        ],
      },
    ]);
    const mixed = blocksOf([
      {
        type: 'ColumnSet',
        columns: [
          text('Kuka'),
          {
            type: 'Column',
            items: [{ type: 'Input.ChoiceSet', id: 'floorTo', label: 'Kenelle', choices: PEOPLE }],
          },
        ],
      },
    ]);
    assert.deepEqual(
      mixed.map((b) => b.type),
      ['section', 'input'],
    );
  });

  it('turns actions into buttons whose id says the verb and whose value holds the data, fallback left out', () => {
    const blocks = blocksOf(
      [
        {
          type: 'ActionSet',
          actions: [
            execute('turn.pass', 'Ohita vuoro', { meetingId: 'm1', version: 3 }, { style: 'destructive' }),
            { type: 'Action.OpenUrl', title: 'Muistio', url: 'https://x.fi/memo' },
          ],
        },
      ],
      [execute('phase.next', 'Seuraava vaihe', { meetingId: 'm1', version: 3 }, { style: 'positive' })],
    );
    assert.deepEqual(blocks, [
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Ohita vuoro' },
            action_id: 'turn.pass#1',
            value: '{"meetingId":"m1","version":3}',
            style: 'danger',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Muistio' },
            action_id: 'link#2',
            url: 'https://x.fi/memo',
          },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Seuraava vaihe' },
            action_id: 'phase.next#3',
            value: '{"meetingId":"m1","version":3}',
            style: 'primary',
          },
        ],
      },
    ]);
  });

  it('takes a Submit action’s verb from its data', () => {
    const [b] = buttons(
      blocksOf([], [{ type: 'Action.Submit', title: 'Peru', data: { verb: 'ui.refresh', meetingId: 'm1' } }]),
    );
    assert.equal(b?.action_id, 'ui.refresh#1');
    assert.equal(b?.value, '{"meetingId":"m1"}');
  });

  it('keeps each input’s id, label, initial value and whether it must be filled', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ title: `P${i}`, value: `p${i}` }));
    const got = inputs(
      blocksOf([
        {
          type: 'Input.Text',
          id: 'noteText',
          label: 'Muistiinpano',
          isMultiline: true,
          maxLength: 800,
          value: 'Alku',
          placeholder: 'Kirjoita',
          isRequired: true,
        },
        { type: 'Input.ChoiceSet', id: 'ownerId', label: 'Kuka', choices: PEOPLE, value: 'p-pekka' },
        {
          type: 'Input.ChoiceSet',
          id: 'withParticipants',
          label: 'Kenen kanssa',
          choices: PEOPLE,
          isMultiSelect: true,
          value: 'p-aino,p-hanna',
        },
        {
          type: 'Input.ChoiceSet',
          id: 'hopeful',
          label: 'Toiveikkaampi',
          choices: PEOPLE,
          style: 'expanded',
          value: 'p-aino',
        },
        {
          type: 'Input.ChoiceSet',
          id: 'presentIds',
          label: 'Paikalla',
          choices: PEOPLE,
          style: 'expanded',
          isMultiSelect: true,
        },
        { type: 'Input.ChoiceSet', id: 'floorTo', label: 'Kenelle', choices: many, style: 'expanded' },
        { type: 'Input.Date', id: 'due', label: 'Mihin mennessä', value: '2026-12-01' },
        { type: 'Input.Time', id: 'followupTime', label: 'Kello', value: '9:5' },
        { type: 'Input.ChoiceSet', id: 'onBehalfOf', label: 'Kenen puolesta', choices: [] },
      ]),
    );
    assert.deepEqual(got[0], {
      type: 'input',
      block_id: 'noteText',
      label: { type: 'plain_text', text: 'Muistiinpano' },
      element: {
        type: 'plain_text_input',
        action_id: 'noteText',
        multiline: true,
        max_length: 800,
        initial_value: 'Alku',
        placeholder: { type: 'plain_text', text: 'Kirjoita' },
      },
    });
    const opt = (p: { title: string; value: string } | undefined) =>
      p && { text: { type: 'plain_text', text: p.title }, value: p.value };
    assert.deepEqual(
      got.map((b) => [b.block_id, b.element.type, b.element.action_id, b.optional]),
      [
        ['noteText', 'plain_text_input', 'noteText', undefined],
        ['ownerId', 'static_select', 'ownerId', true],
        ['withParticipants', 'multi_static_select', 'withParticipants', true],
        ['hopeful', 'radio_buttons', 'hopeful', true],
        ['presentIds', 'checkboxes', 'presentIds', true],
        ['floorTo', 'static_select', 'floorTo', true],
        ['due', 'datepicker', 'due', true],
        ['followupTime', 'timepicker', 'followupTime', true],
      ],
    );
    const el = (i: number) => got[i]?.element as unknown as Record<string, unknown>;
    assert.deepEqual(el(1).initial_option, opt(PEOPLE[2]));
    assert.deepEqual(el(2).initial_options, [opt(PEOPLE[0]), opt(PEOPLE[3])]);
    assert.deepEqual(el(3).initial_option, opt(PEOPLE[0]));
    assert.equal(el(6).initial_date, '2026-12-01');
    assert.equal(el(7).initial_time, undefined, 'a time Slack cannot read is left for the person to choose');
  });

  it('throws on an element outside the portable subset: a template bug, not something to hide', () => {
    assert.throws(() => blocksOf([{ type: 'Image', url: 'https://x.fi/a.png' }]), /does not support Image/);
    assert.throws(
      () => blocksOf([], [{ type: 'Action.ShowCard', title: 'Lisää', card: cardOf([]) }]),
      /Action.ShowCard/,
    );
    assert.throws(() => blocksOf([{ type: 'Input.Toggle', id: 'x', title: 'x' }]), /Input.Toggle/);
  });

  it('throws for forms Slack could not take: inputs with nothing to submit them, or two inputs with one id', () => {
    const input = { type: 'Input.Text', id: 'noteText', label: 'Muistiinpano' };
    assert.throws(() => toSlackModal(cardOf([input]), TEXTS), /needs an action/);
    assert.throws(() => blocksOf([input, input]), /two inputs with the id noteText/);
  });

  it('leaves out what the card hides', () => {
    assert.deepEqual(blocksOf([{ type: 'TextBlock', text: 'Piilossa', isVisible: false }]), []);
  });

  it('makes a valid message and a valid modal from a card that uses every element', () => {
    const card = everyElementCard();
    assertValidCard(card, 'the test card');
    const message = toSlackMessage(card, TEXTS);
    assertSlackBlocks(message.blocks, 'message');
    assert.equal(message.text, 'Verkostokokous');
    assert.deepEqual(
      message.blocks.map((b) => b.type),
      [
        'header',
        'section',
        'context',
        'section',
        'section',
        'divider',
        ...Array(7).fill('input'),
        'section',
        'input',
        'actions',
        'actions',
      ],
    );
    const modal = toSlackModal(card, TEXTS);
    assertSlackModal(modal);
  });

  it('makes the card’s primary action the modal’s submit button and carries its verb and data', () => {
    const modal = toSlackModal(everyElementCard(), TEXTS);
    assert.equal(modal.callback_id, 'commitment.add');
    assert.deepEqual(modal.title, { type: 'plain_text', text: 'Toivo' });
    assert.deepEqual(modal.submit, { type: 'plain_text', text: 'Tallenna tehtävä' });
    assert.deepEqual(modal.close, { type: 'plain_text', text: 'Sulje' });
    assert.deepEqual(JSON.parse(modal.private_metadata ?? ''), {
      verb: 'commitment.add',
      data: { meetingId: 'm1', version: 3 },
    });
    const labels = buttons(modal.blocks).map((b) => b.text.text);
    assert.deepEqual(labels, ['Ohita vuoro', 'Avaa muistio', 'Peru'], 'the submit button is not shown twice');
  });

  it('shortens a modal’s title and buttons to what Slack allows', () => {
    const modal = toSlackModal(everyElementCard(), {
      ...TEXTS,
      title: 'Uusi sovittu tehtävä verkostolle',
      submit: 'Tallenna sovittu tehtävä nyt',
    });
    assert.ok(modal.title.text.length <= 24 && modal.title.text.endsWith('…'));
    assert.ok((modal.submit?.text.length ?? 0) <= 24);
    assertSlackModal(modal);
  });

  it('translates the real notice card in Finnish, Swedish and English', () => {
    const meeting = realisticMeeting('why').m;
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const card = renderCard(
        'notice',
        noticeView({ locale, meeting, now: TEST_NOW, rejection: reject('turn.not_your_turn_yet') }),
      );
      const message = toSlackMessage(card, TEXTS);
      assertSlackBlocks(message.blocks, 'message');
      assert.equal(message.blocks[0]?.type, 'header', locale);
      assert.ok(message.text.length > 0, `${locale}: a notification text`);
      const [refresh] = buttons(message.blocks);
      assert.equal(refresh?.action_id, 'ui.refresh#1');
      assert.deepEqual(JSON.parse(refresh?.value ?? ''), { meetingId: meeting.id });
      assertSlackModal(toSlackModal(card, TEXTS));
    }
  });
});
