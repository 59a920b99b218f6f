/** A card as the playground's page draws it: for Teams (the Adaptive Card) and for Slack (blocks as HTML). */
import type { Handled } from '../../app/index.js';
import { buildCard, slackOf } from '../../cards/cards.js';
import { drawnAfresh, refilled, withRefusal } from '../../cards/refill.js';
import type { AdaptiveCard, Surface } from '../../cards/render.js';
import { toSlackModal } from '../../cards/slack/translate.js';
import type { ModalView, SlackMessage } from '../../cards/slack/types.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { t } from '../../i18n/index.js';
import { blocksToHtml, type SlackChrome, type SlackErrors } from './slack-html.js';

type Rejection = NonNullable<Handled['rejection']>;

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
  // Built once: the Slack side is the same card translated.
  const teams = buildCard(surface, ctx);
  const slack = slackOf(surface, teams, ctx.locale);
  if ('type' in slack && slack.type === 'modal')
    return { surface, teams, slack: modalOf(slack as ModalView, chromeOf(ctx)) };
  return { surface, teams, slack: { html: blocksToHtml((slack as SlackMessage).blocks, chromeOf(ctx)) } };
}

const chromeOf = (ctx: ViewContext) => ({ optional: t(ctx.locale, 'playground.optional') });

function modalOf(modal: ModalView, chrome: SlackChrome, errors: SlackErrors = {}): Drawn['slack'] {
  return {
    html: blocksToHtml(modal.blocks, chrome, errors),
    modal: { privateMetadata: modal.private_metadata ?? '', submit: modal.submit?.text ?? '' },
  };
}

/**
 * A refused form drawn again as it was sent, saying why: on the Teams side above the input it is
 * about (or under the title), on the Slack side as Slack shows a modal's errors, under that input
 * (or the first one); a form drawn afresh (the card that asks first) as Teams draws it.
 */
export function drawRefused(
  surface: Surface,
  ctx: ViewContext,
  fields: Readonly<Record<string, string>>,
  rejection: Rejection,
): Drawn {
  const card = buildCard(surface, ctx);
  const teams = withRefusal(card, fields, rejection, ctx.locale);
  // A form drawn afresh is a new modal in Slack too, saying why on it (not an error on the old one).
  const afresh = drawnAfresh(surface);
  const modal = toSlackModal(afresh ? teams.card : refilled(card, fields), {
    more: t(ctx.locale, 'card.slack.more'),
    title: t(ctx.locale, 'app.name'),
    close: t(ctx.locale, 'card.slack.close'),
  });
  const at = afresh ? undefined : (teams.input ?? modal.blocks.find((b) => b.type === 'input')?.block_id);
  return {
    surface,
    teams: teams.card,
    slack: modalOf(modal, chromeOf(ctx), at ? { [at]: teams.message } : {}),
  };
}
