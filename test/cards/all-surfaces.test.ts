/**
 * Every surface × every language × a realistic meeting at the phases where the surface is used,
 * for the people who see it: a valid Adaptive Card 1.5 for Teams, and Block Kit within Slack's limits.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack, FORMS, VIEW_MODELS } from '../../src/cards/cards.js';
import { SURFACES, templateOf } from '../../src/cards/render.js';
import type { ModalView, SlackMessage } from '../../src/cards/slack/types.js';
import { isVerb } from '../../src/cards/verbs.js';
import { drawings } from './every-card.js';
import { assertSlackBlocks, assertSlackModal } from './slack-support.js';
import {
  assertValidCard,
  bytes,
  elementsIn,
  literalTexts,
  PORTABLE,
  TEAMS_CARD_BYTES,
  typesIn,
} from './support.js';

/** Inputs without a label: a screen reader could not say what they ask. */
const unlabelledInputs = (card: unknown): string[] =>
  elementsIn(card)
    .filter((n) => String(n.type).startsWith('Input.') && !(typeof n.label === 'string' && n.label.trim()))
    .map((n) => String(n.id));

/** Every verb a card's actions carry. */
const verbsIn = (card: unknown): string[] =>
  elementsIn(card)
    .map((n) => n.verb)
    .filter((v): v is string => typeof v === 'string');

describe('every card, in every language, for Teams and for Slack', () => {
  it('every surface has a template and a view-model', () => {
    assert.deepEqual(Object.keys(VIEW_MODELS).sort(), [...SURFACES].sort());
  });

  for (const surface of SURFACES) {
    it(`${surface}: the template keeps to the portable subset and holds no text of its own`, () => {
      const template = templateOf(surface);
      const outside = [...typesIn(template)].filter((t) => !PORTABLE.has(t));
      assert.deepEqual(outside, [], `${surface} uses elements Slack cannot show`);
      assert.deepEqual(literalTexts(template), [], `${surface} has text outside the locale files`);
    });

    it(`${surface}: valid Adaptive Card 1.5 and Block Kit within limits, fi/sv/en, for each viewer`, () => {
      let rendered = 0;
      for (const { what, ctx } of drawings(surface)) {
        const card = buildCard(surface, ctx);
        assertValidCard(card, what);
        const json = JSON.stringify(card);
        assert.ok(!json.includes('${'), `${what}: an unfilled binding`);
        assert.ok(
          [...typesIn(card)].every((t) => PORTABLE.has(t)),
          what,
        );
        assert.ok(bytes(card) < TEAMS_CARD_BYTES, `${what}: ${bytes(card)} bytes`);
        for (const verb of verbsIn(card)) assert.ok(isVerb(verb), `${what}: unknown verb ${verb}`);
        assert.deepEqual(unlabelledInputs(card), [], `${what}: every input says what it asks`);
        for (const action of elementsIn(card).filter((n) => n.type === 'Action.Execute')) {
          const fallback = action.fallback as { type?: string; data?: { verb?: string } } | undefined;
          assert.equal(
            fallback?.type,
            'Action.Submit',
            `${what}: ${action.verb} has no Action.Submit fallback`,
          );
          assert.equal(
            fallback?.data?.verb,
            action.verb,
            `${what}: the fallback of ${action.verb} says another verb`,
          );
        }
        const slack = buildSlack(surface, ctx);
        if (FORMS.has(surface)) assertSlackModal(slack as ModalView);
        else assertSlackBlocks((slack as SlackMessage).blocks, 'message');
        rendered++;
      }
      assert.ok(rendered >= 3);
    });
  }
});
