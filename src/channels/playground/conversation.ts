/** What the playground's chat shows one participant: the meeting's cards, each drawn for Teams and for Slack. */
import { buildCard, buildSlack } from '../../cards/cards.js';
import type { AdaptiveCard, Surface } from '../../cards/render.js';
import type { ModalView, SlackMessage } from '../../cards/slack/types.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import type { Event, Locale, Meeting } from '../../core/index.js';
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
  if ('type' in slack && slack.type === 'modal') {
    const modal = slack as ModalView;
    return {
      surface,
      teams: buildCard(surface, ctx),
      slack: {
        html: blocksToHtml(modal.blocks, chrome),
        modal: { privateMetadata: modal.private_metadata ?? '', submit: modal.submit?.text ?? '' },
      },
    };
  }
  return {
    surface,
    teams: buildCard(surface, ctx),
    slack: { html: blocksToHtml((slack as SlackMessage).blocks, chrome) },
  };
}

/** The cards posted in the meeting's conversation, in the order they appear. */
export function surfacesOf(m: Meeting): Surface[] {
  const shown: Surface[] = ['invitation', 'board'];
  if (m.commitments.length > 0 || ['summary', 'followup', 'feedback', 'closed'].includes(m.phase))
    shown.push('commitments');
  if (m.phase === 'feedback' || m.phase === 'closed') shown.push('feedback-results');
  if (m.phase === 'closed') shown.push('memo');
  return shown;
}

export function conversation(
  m: Meeting,
  events: readonly Event[],
  viewerId: string | undefined,
  locale: Locale,
  memoUrl: string,
): Drawn[] {
  const ctx: ViewContext = { locale, meeting: m, events, ...(viewerId ? { viewerId } : {}), memoUrl };
  return surfacesOf(m).map((surface) => draw(surface, ctx));
}
