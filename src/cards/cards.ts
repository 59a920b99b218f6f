/** One way to every card: the surface's view-model, its template, and the Slack form of it. */
import type { Locale } from '../core/index.js';
import { t } from '../i18n/index.js';
import { type AdaptiveCard, renderCard, type Surface } from './render.js';
import { toSlackMessage, toSlackModal } from './slack/translate.js';
import type { ModalView, SlackMessage } from './slack/types.js';
import { boardView } from './view-models/board.js';
import { commitmentFormView } from './view-models/commitment-form.js';
import { commitmentsView } from './view-models/commitments.js';
import type { ViewContext, ViewModel } from './view-models/common.js';
import { confirmFormView } from './view-models/confirm-form.js';
import { digestView } from './view-models/digest.js';
import { eraseFormView } from './view-models/erase-form.js';
import { exportView } from './view-models/export.js';
import { feedbackPollView } from './view-models/feedback-poll.js';
import { feedbackResultsView } from './view-models/feedback-results.js';
import { followupFormView } from './view-models/followup-form.js';
import { followupReminderView } from './view-models/followup-reminder.js';
import { invitationView } from './view-models/invitation.js';
import { invitationFormView } from './view-models/invitation-form.js';
import { memoView } from './view-models/memo.js';
import { noticeView } from './view-models/notice.js';
import { reminderView } from './view-models/reminder.js';
import { viewFormView } from './view-models/view-form.js';

export const VIEW_MODELS: Readonly<Record<Surface, ViewModel>> = {
  'invitation-form': invitationFormView,
  invitation: invitationView,
  board: boardView,
  'commitment-form': commitmentFormView,
  commitments: commitmentsView,
  'followup-form': followupFormView,
  'feedback-poll': feedbackPollView,
  'feedback-results': feedbackResultsView,
  memo: memoView,
  reminder: reminderView,
  'followup-reminder': followupReminderView,
  digest: digestView,
  notice: noticeView,
  export: exportView,
  'erase-form': eraseFormView,
  'confirm-form': confirmFormView,
  'view-form': viewFormView,
};

/** Forms open as their own card in Teams and as a modal in Slack. */
export const FORMS: ReadonlySet<Surface> = new Set([
  'invitation-form',
  'commitment-form',
  'followup-form',
  'feedback-poll',
  'erase-form',
  'confirm-form',
  'view-form',
]);

/** The cards a meeting's conversation shows (the app's SHARED_SURFACES): drawn again once it is erased. */
export const SHARED: ReadonlySet<Surface> = new Set([
  'invitation',
  'board',
  'commitments',
  'feedback-results',
]);

/**
 * A shared card of an erased meeting says only that: the meeting is gone, and so is everything
 * the card showed. It needs no meeting, and gets none even if one is given.
 */
const erasedNotice = (ctx: ViewContext): ViewContext => ({
  locale: ctx.locale,
  now: ctx.now,
  info: 'meeting_erased',
});

export function buildCard(surface: Surface, ctx: ViewContext): AdaptiveCard {
  if (ctx.erased && SHARED.has(surface)) return renderCard('notice', noticeView(erasedNotice(ctx)));
  return renderCard(surface, VIEW_MODELS[surface](ctx));
}

/**
 * A card already built, as Slack shows it: a modal for forms, a message for everything else. Who
 * draws a card for both channels builds it once and hands it here.
 */
export function slackOf(surface: Surface, card: AdaptiveCard, locale: Locale): SlackMessage | ModalView {
  const more = t(locale, 'card.slack.more');
  return FORMS.has(surface)
    ? toSlackModal(card, { more, title: t(locale, 'app.name'), close: t(locale, 'card.slack.close') })
    : toSlackMessage(card, { more });
}

/** The card as Slack shows it: a modal for forms, a message for everything else. */
export const buildSlack = (surface: Surface, ctx: ViewContext): SlackMessage | ModalView =>
  slackOf(surface, buildCard(surface, ctx), ctx.locale);
