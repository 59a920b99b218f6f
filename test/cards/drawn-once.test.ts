/**
 * The playground draws each card for Teams and for Slack side by side. The card is built once and
 * the Slack side is that card translated: each side is exactly what the channel itself would show
 * (the Slack message or modal as buildSlack gives it, the Adaptive Card as buildCard gives it), and
 * translating the card for Slack leaves the Teams card as it was.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack, FORMS } from '../../src/cards/cards.js';
import { SURFACES } from '../../src/cards/render.js';
import type { ModalView, SlackMessage } from '../../src/cards/slack/types.js';
import { draw } from '../../src/channels/playground/conversation.js';
import { blocksToHtml } from '../../src/channels/playground/slack-html.js';
import { t } from '../../src/i18n/index.js';
import { drawings } from './every-card.js';

describe('a card drawn for both channels at once', () => {
  for (const surface of SURFACES) {
    it(`${surface}: each side is what its channel shows, from one card`, () => {
      for (const { what, ctx } of drawings(surface)) {
        const drawn = draw(surface, ctx);
        assert.deepEqual(drawn.teams, buildCard(surface, ctx), `${what}: the Teams side`);
        const slack = buildSlack(surface, ctx);
        const chrome = { optional: t(ctx.locale, 'playground.optional') };
        assert.equal(
          drawn.slack.html,
          blocksToHtml((slack as SlackMessage | ModalView).blocks, chrome),
          `${what}: the Slack side`,
        );
        if (FORMS.has(surface))
          assert.equal(drawn.slack.modal?.privateMetadata, (slack as ModalView).private_metadata ?? '', what);
      }
    });
  }
});
