/** The playground's picture of a Slack message: faithful, and never a way to run what people typed. */
import assert from 'node:assert/strict';
import { blocksToHtml, mrkdwnToHtml } from '../../src/channels/playground/slack-html.js';

describe('Block Kit as HTML', () => {
  it('draws mrkdwn as Slack does: bold, italic, links and line breaks', () => {
    assert.equal(
      mrkdwnToHtml('*Aino* puhuu _nyt_\n<https://example.org/a?b=1&amp;c=2|muistio>'),
      '<b>Aino</b> puhuu <i>nyt</i><br><a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener">muistio</a>',
    );
  });

  it('shows typed markup as text', () => {
    const html = blocksToHtml(
      [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '&lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)>',
          },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: '"><b>x' },
              action_id: 'a',
              value: '{"q":"\\"<"}',
            },
          ],
        },
      ],
      { optional: '(vapaaehtoinen)' },
    );
    assert.ok(!html.includes('<script>') && !html.includes('<img'), html);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('"><b>x'));
  });

  it('draws every block and input the translator makes', () => {
    const html = blocksToHtml(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Taulu' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'vaihe 3/7' }] },
        { type: 'divider' },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'x' },
          fields: [{ type: 'mrkdwn', text: '*Kuka*\nAino' }],
        },
        {
          type: 'input',
          block_id: 'due',
          label: { type: 'plain_text', text: 'Mihin mennessä' },
          element: { type: 'datepicker', action_id: 'due', initial_date: '2026-12-01' },
        },
        {
          type: 'input',
          block_id: 't',
          label: { type: 'plain_text', text: 'Klo' },
          element: { type: 'timepicker', action_id: 't' },
        },
        {
          type: 'input',
          block_id: 'o',
          label: { type: 'plain_text', text: 'Kuka' },
          element: {
            type: 'static_select',
            action_id: 'o',
            options: [{ text: { type: 'plain_text', text: 'Aino' }, value: 'p2' }],
            initial_option: { text: { type: 'plain_text', text: 'Aino' }, value: 'p2' },
          },
        },
        {
          type: 'input',
          block_id: 'h',
          optional: true,
          label: { type: 'plain_text', text: 'Toiveikkaampi' },
          element: {
            type: 'radio_buttons',
            action_id: 'h',
            options: [{ text: { type: 'plain_text', text: '4' }, value: '4' }],
          },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              style: 'primary',
              text: { type: 'plain_text', text: 'Tallenna' },
              action_id: 'commitment.add#0',
              value: '{}',
            },
          ],
        },
      ],
      { optional: '(vapaaehtoinen)' },
    );
    for (const part of [
      '<h3 class="sk-header">Taulu</h3>',
      'sk-context',
      '<hr',
      '<b>Kuka</b><br>Aino',
      'type="date"',
      'value="2026-12-01"',
      'type="time"',
      '<option value="p2" selected>Aino</option>',
      'type="radio"',
      '(vapaaehtoinen)',
      'class="sk-button primary"',
      'data-action-id="commitment.add#0"',
    ]) {
      assert.ok(html.includes(part), `missing ${part}`);
    }
  });
});
