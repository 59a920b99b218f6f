/** A card as the playground's page draws it: for Teams (the Adaptive Card) and for Slack (blocks as HTML). */
import { buildCard, buildSlack } from '../../cards/cards.js';
import type { AdaptiveCard, Surface } from '../../cards/render.js';
import type { ModalView, SlackMessage } from '../../cards/slack/types.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { t } from '../../i18n/index.js';
import { blocksToHtml } from './slack-html.js';

export interface Drawn {
  readonly surface: Surface;
  readonly teams: AdaptiveCard;
  /** Slack's blocks, drawn as HTML; a form also carries the modal's private metadata. */
  readonly slack: {
    readonly html: string;
    readonly modal?: { readonly privateMetadata: string; readonly submit: string };
  };
}

export function draw(surface: Surface, ctx: ViewContext): Drawn {
  const slack = buildSlack(surface, ctx);
  const chrome = { optional: t(ctx.locale, 'playground.optional') };
  const teams = buildCard(surface, ctx);
  if ('type' in slack && slack.type === 'modal') {
    const modal = slack as ModalView;
    return {
      surface,
      teams,
      slack: {
        html: blocksToHtml(modal.blocks, chrome),
        modal: { privateMetadata: modal.private_metadata ?? '', submit: modal.submit?.text ?? '' },
      },
    };
  }
  return { surface, teams, slack: { html: blocksToHtml((slack as SlackMessage).blocks, chrome) } };
}
