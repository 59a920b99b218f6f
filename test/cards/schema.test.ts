/** The schema check itself: it must refuse what Teams would refuse. */
import assert from 'node:assert/strict';
import { assertValidCard } from './support.js';

describe('the Adaptive Card 1.5 schema check', () => {
  const card = (body: unknown[], actions: unknown[] = []) => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    actions,
  });

  it('accepts a plain card', () => {
    assertValidCard(card([{ type: 'TextBlock', text: 'Hei', wrap: true }]));
  });

  it('refuses a text block without text, an unknown element and an action without a verb’s type', () => {
    assert.throws(() => assertValidCard(card([{ type: 'TextBlock' }])));
    assert.throws(() => assertValidCard(card([{ type: 'Carousel', pages: [] }])));
    assert.throws(() => assertValidCard(card([], [{ title: 'Ohita' }])));
    assert.throws(() => assertValidCard(card([{ type: 'Input.Text' }])), 'an input needs an id');
  });
});
