/**
 * How Toivo's cards look in Slack: messages for the conversation, modals for forms, and one's own
 * view of a meeting (the board drawn for one person, with the commitments and feedback).
 */
import { besideOwnBoard, type Handled, type Locale, type Meeting } from '../../app/index.js';
import { buildCard } from '../../cards/cards.js';
import { withRefusal } from '../../cards/refill.js';
import type { AdaptiveCard, Surface } from '../../cards/render.js';
import { shorten } from '../../cards/shorten.js';
import { LIMITS, withinLimits } from '../../cards/slack/limits.js';
import { escapeMrkdwn } from '../../cards/slack/mrkdwn.js';
import { toSlackMessage, toSlackModal } from '../../cards/slack/translate.js';
import { type Block, type ModalView, mrkdwn, plain, type SlackMessage } from '../../cards/slack/types.js';
import type { Fields } from '../../cards/submission-fields.js';
import { VERBS } from '../../cards/verbs.js';
import { meetingDay } from '../../cards/view-models/commitment-facts.js';
import type { ViewContext } from '../../cards/view-models/common.js';
import { ACCOUNT_FIELD } from '../../cards/view-models/invitation-form.js';
import { t } from '../../i18n/index.js';

/** Where a click came from: what Slack needs to answer it in place. */
export interface SlackContext {
  /** The channel the click or command came from. */
  readonly channelId?: string;
  /** Opens a modal within 3 seconds of the click. */
  readonly triggerId?: string;
  /** The modal the click was made in, if any: one's own view is updated in place, forms stack on it. */
  readonly view?: { readonly id: string; readonly own: boolean };
  /** The own view under the form clicked in, to draw again once the form has done its part. */
  readonly under?: string;
}

/** The modal that shows one person their own view of a meeting. */
export const OWN_VIEW = 'toivo.my_view';

/** What a form's modal carries besides its action: where the meeting lives, and the own view under it. */
export interface FormMetadata {
  readonly verb: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly channel?: string;
  /** The own view this form was opened over: drawn again once the form is sent. */
  readonly under?: string;
}

const more = (view: ViewContext) => t(view.locale, 'card.slack.more');

export const messageOf = (surface: Surface, view: ViewContext): SlackMessage =>
  toSlackMessage(buildCard(surface, view), { more: more(view) });

/** One's own view: the board drawn for them, then the commitments and feedback when there are any. */
export function ownView(view: ViewContext): ModalView {
  const m = view.meeting;
  if (!m) throw new Error('an own view needs a meeting');
  // Before the start, one's own view answers the invitation too (the convener edits or cancels it there).
  const parts: Surface[] = [
    ...(m.phase === 'invited' ? (['invitation'] as const) : []),
    'board',
    ...besideOwnBoard(m),
  ];
  // Drawn for the person, never the exposed drawing the channel gets.
  const own: ViewContext = { ...view, exposed: false };
  const cards: AdaptiveCard[] = parts.map((surface) => buildCard(surface, own));
  const blocks: Block[] = cards.flatMap((card, i) => [
    ...(i > 0 ? [{ type: 'divider' } as const] : []),
    ...toSlackMessage(card, { more: more(view) }).blocks,
  ]);
  const meta: FormMetadata = { verb: VERBS.openMyView, data: { meetingId: m.id } };
  return {
    type: 'modal',
    callback_id: OWN_VIEW,
    title: plain(t(view.locale, 'slack.my_view_title')),
    // Inputs in a modal need a submit button: here it draws the view again with the latest state.
    submit: plain(t(view.locale, 'card.action.refresh')),
    close: plain(t(view.locale, 'slack.close_view')),
    // Slack tells when it closes, so it is no longer drawn as the meeting moves.
    notify_on_close: true,
    private_metadata: JSON.stringify(meta),
    blocks: withinLimits(blocks, LIMITS.modalBlocks, more(view)),
  };
}

/** Invitees who use Slack are picked with Slack's own people picker; left empty, they take part through others. */
function withPeoplePickers(modal: ModalView, locale: Locale): ModalView {
  const blocks = modal.blocks.map((b): Block => {
    if (b.type !== 'input' || !ACCOUNT_FIELD.test(b.block_id)) return b;
    return {
      ...b,
      label: plain(t(locale, 'slack.pick_user')),
      optional: true,
      element: {
        type: 'users_select',
        action_id: b.element.action_id,
        placeholder: plain(t(locale, 'slack.pick_user_placeholder')),
      },
    };
  });
  return { ...modal, blocks };
}

/** A refused form's refusal, and what was sent with it: the form is drawn again as it was left. */
export interface FormRefusal {
  readonly fields: Fields;
  readonly rejection: NonNullable<Handled['rejection']>;
}

/**
 * A form as a modal; its metadata says where the meeting lives and which own view it covers.
 * With `refusal`, as it was sent, saying why it was refused.
 */
export function formOf(
  surface: Surface,
  view: ViewContext,
  context: SlackContext,
  refusal?: FormRefusal,
): ModalView {
  const card = () => {
    const drawn = buildCard(surface, view);
    return refusal ? withRefusal(drawn, refusal.fields, refusal.rejection, view.locale).card : drawn;
  };
  const drawn =
    surface === 'board'
      ? ownView(view)
      : toSlackModal(card(), {
          more: more(view),
          title: t(view.locale, 'app.name'),
          close: t(view.locale, 'card.slack.close'),
        });
  const modal = surface === 'invitation-form' ? withPeoplePickers(drawn, view.locale) : drawn;
  const intent = modal.private_metadata ? (JSON.parse(modal.private_metadata) as FormMetadata) : undefined;
  if (!intent) return modal;
  const meta: FormMetadata = {
    ...intent,
    ...(context.channelId ? { channel: context.channelId } : {}),
    ...(surface !== 'board' &&
      (context.view?.own ? { under: context.view.id } : context.under ? { under: context.under } : {})),
  };
  const text = JSON.stringify(meta);
  return text.length <= LIMITS.privateMetadata ? { ...modal, private_metadata: text } : modal;
}

/** What App Home shows one person: their meetings, and their own commitments with their buttons. */
export interface HomeContext {
  readonly locale: Locale;
  readonly now: string;
  /** The person's meetings, the one joined last first, each with who they are in it. */
  readonly meetings: readonly { readonly meeting: Meeting; readonly viewerId: string }[];
}

/** How many meetings the overview lists; older ones are in their own conversations. */
const HOME_MEETINGS = 10;
/** Inputs of one commitment's card carry its id, as a home shows several such cards at once. */
export const HOME_SEPARATOR = '~';

/** A commitment's card in App Home: its inputs' block ids made its own, so two cards never share one. */
function ownBlocks(blocks: readonly Block[], commitmentId: string): Block[] {
  return blocks.map((b) =>
    b.type === 'input' ? { ...b, block_id: `${b.block_id}${HOME_SEPARATOR}${commitmentId}` } : b,
  );
}

export function homeView(home: HomeContext): { type: 'home'; blocks: Block[] } {
  const { locale, now } = home;
  const say = (key: string, params?: Readonly<Record<string, string | number>>) => t(locale, key, params);
  const blocks: Block[] = [{ type: 'header', text: plain(say('slack.home.meetings')) }];
  const listed = home.meetings.filter(({ meeting }) => meeting.phase !== 'cancelled').slice(0, HOME_MEETINGS);
  if (listed.length === 0) blocks.push({ type: 'section', text: mrkdwn(say('slack.home.no_meetings')) });
  for (const { meeting: m } of listed) {
    const line = say('slack.home.meeting', {
      purpose: escapeMrkdwn(shorten(m.invitation.purpose, 200)),
      day: meetingDay(locale, m),
      phase: say(`phase.${m.phase}`),
    });
    blocks.push({ type: 'section', text: mrkdwn(line) });
  }
  blocks.push({ type: 'divider' }, { type: 'header', text: plain(say('slack.home.commitments')) });
  const mine = listed.flatMap(({ meeting, viewerId }) =>
    meeting.commitments
      .filter((c) => c.ownerId === viewerId && c.status !== 'done')
      .map((c) => ({ meeting, viewerId, commitmentId: c.id })),
  );
  if (mine.length === 0) blocks.push({ type: 'section', text: mrkdwn(say('slack.home.no_commitments')) });
  for (const [i, { meeting, viewerId, commitmentId }] of mine.entries()) {
    const view: ViewContext = { locale: meeting.invitation.locale, now, meeting, viewerId, commitmentId };
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...ownBlocks(messageOf('reminder', view).blocks, commitmentId));
  }
  return { type: 'home', blocks: withinLimits(blocks, LIMITS.modalBlocks, say('card.slack.more')) };
}
