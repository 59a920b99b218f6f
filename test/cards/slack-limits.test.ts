import assert from 'node:assert/strict';
import { fitBlocks, shortenMrkdwn, withinLimits } from '../../src/cards/slack/limits.js';
import { toSlackMessage, toSlackModal } from '../../src/cards/slack/translate.js';
import type { Block } from '../../src/cards/slack/types.js';
import { execute, hugeCard } from './slack-fixtures.js';
import { assertSlackBlocks, assertSlackModal } from './slack-support.js';
import { assertValidCard } from './support.js';

const MORE = '…ja loput muistiossa';
const TEXTS = { more: MORE, title: 'Muistio' };
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });
const actions = (n: number): Block => ({
  type: 'actions',
  elements: [{ type: 'button', text: { type: 'plain_text', text: 'Tee' }, action_id: `x#${n}`, value: '{}' }],
});

/** Every text a person reads in the blocks, with the limit it is held to. */
function texts(blocks: readonly Block[]): Array<[string, number]> {
  return blocks.flatMap((b): Array<[string, number]> => {
    switch (b.type) {
      case 'section':
        return [
          ...(b.text ? [[b.text.text, 3000] as [string, number]] : []),
          ...(b.fields ?? []).map((f): [string, number] => [f.text, 2000]),
        ];
      case 'header':
        return [[b.text.text, 150]];
      case 'context':
        return b.elements.map((e): [string, number] => [e.text, 3000]);
      case 'actions':
        return b.elements.map((e): [string, number] => [e.text.text, 75]);
      default:
        return [];
    }
  });
}

describe('Slack limits', () => {
  it('keeps a huge card’s buttons and says that the rest is in the memo, in a message and in a modal', () => {
    const card = hugeCard();
    assertValidCard(card, 'the huge card');
    const { blocks } = toSlackMessage(card, TEXTS);
    assertSlackBlocks(blocks, 'message');
    assert.equal(blocks.length, 50);
    assert.equal(blocks.at(-1)?.type, 'actions', 'the buttons at the end survive');
    assert.deepEqual(blocks.at(-2), { type: 'context', elements: [{ type: 'mrkdwn', text: MORE }] });
    const [next, refresh] =
      blocks.at(-1)?.type === 'actions'
        ? (blocks.at(-1) as { elements: { text: { text: string } }[] }).elements
        : [];
    assert.ok(
      next && next.text.text.length <= 75 && next.text.text.endsWith('…'),
      'a 200-character label is shortened visibly',
    );
    assert.equal(refresh?.text.text, 'Näytä nykyinen tilanne');

    for (const [text, max] of texts(blocks)) {
      assert.ok(text.length <= max, `${text.length} > ${max}`);
    }
    const shortened = texts(blocks).filter(([t]) => t.startsWith('1: ') || t.startsWith('0: '));
    assert.ok(shortened.length > 0 && shortened.every(([t]) => t.endsWith('…')), 'long paragraphs end in …');
    assert.ok(!texts(blocks).some(([t]) => /&[a-z]*…$|<[^>]*…$/.test(t)), 'never half an escape');

    const modal = toSlackModal(card, TEXTS);
    assertSlackModal(modal);
    assert.equal(modal.blocks.length, 100);
    assert.equal(modal.blocks.at(-1)?.type, 'actions', 'the other button is kept in the modal too');
    assert.ok(modal.blocks.some((b) => b.type === 'context' && b.elements[0]?.text === MORE));
  });

  it('lets no more than 25 buttons share a row and no more than 100 choices share a menu', () => {
    const many = Array.from({ length: 30 }, (_, i) => execute('turn.pass', `Nappi ${i}`, { n: i }));
    const choices = Array.from({ length: 130 }, (_, i) => ({
      title: `Henkilö ${i} ${'x'.repeat(100)}`,
      value: `p${i}`,
    }));
    const { blocks } = toSlackMessage(
      {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'ActionSet', actions: many },
          { type: 'Input.ChoiceSet', id: 'floorTo', label: 'Kenelle', choices, value: 'p120' },
        ],
      },
      TEXTS,
    );
    assertSlackBlocks(blocks, 'message');
    assert.deepEqual(
      blocks.map((b) => (b.type === 'actions' ? b.elements.length : b.type)),
      [25, 5, 'input'],
    );
    const menu = blocks[2]?.type === 'input' ? blocks[2].element : undefined;
    assert.ok(menu?.type === 'static_select');
    assert.equal(menu.options.length, 100);
    assert.equal(menu.initial_option, undefined, 'a choice that no longer fits is not preselected');
  });

  it('throws when a button’s data is too long to send back: that is a bug, not something to shorten', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [],
      actions: [execute('note.add', 'Tallenna', { blob: 'x'.repeat(2100) })],
    } as const;
    assert.throws(
      () => toSlackMessage(card, TEXTS),
      /button value of note\.add#1 is \d+ characters, over 2000/,
    );
  });

  it('drops lines before text, and text from the point where room runs out', () => {
    const blocks: Block[] = [
      section('a'),
      { type: 'divider' },
      section('b'),
      actions(1),
      section('c'),
      section('d'),
      actions(2),
    ];
    assert.deepEqual(fitBlocks(blocks, 6, MORE).length, 6);
    assert.ok(!fitBlocks(blocks, 6, MORE).some((b) => b.type === 'divider'));
    const tight = fitBlocks(blocks, 5, MORE);
    assert.deepEqual(
      tight.map((b) => (b.type === 'section' ? b.text?.text : b.type)),
      ['a', 'b', 'actions', 'context', 'actions'],
    );
  });

  it('never cuts an escape or a link in half when it shortens mrkdwn', () => {
    assert.equal(shortenMrkdwn(`${'a'.repeat(10)} &amp; b`, 13), `${'a'.repeat(10)}…`);
    assert.equal(shortenMrkdwn(`abc <https://x.fi/very/long|memo> tail`, 20), 'abc…');
    assert.equal(shortenMrkdwn('short', 20), 'short');
  });

  it('shortens long choice texts, labels and placeholders but never ids', () => {
    const [input] = withinLimits(
      [
        {
          type: 'input',
          block_id: 'noteText',
          label: { type: 'plain_text', text: 'L'.repeat(2500) },
          element: {
            type: 'plain_text_input',
            action_id: 'noteText',
            placeholder: { type: 'plain_text', text: 'p'.repeat(200) },
            initial_value: 'v'.repeat(4000),
          },
        },
      ],
      50,
      MORE,
    );
    assertSlackBlocks(input ? [input] : [], 'message');
    assert.throws(
      () =>
        withinLimits(
          [
            {
              type: 'input',
              block_id: 'i'.repeat(300),
              label: { type: 'plain_text', text: 'x' },
              element: { type: 'datepicker', action_id: 'd' },
            },
          ],
          50,
          MORE,
        ),
      /block_id is 300 characters/,
    );
  });
});
