/** Who does what: every commitment of the meeting, with the actions this viewer may take on each. */
import { type Commitment, client, LIMITS, type Meeting } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { clientCommentId } from '../submit.js';
import { can, dayAfter, laterOf } from './can.js';
import { shorten } from './card-format.js';
import { commitmentFacts, meetingDay, today } from './commitment-facts.js';
import { addTrial, editTrial } from './commitment-form.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';
import { clientCheckWords } from './followup-check.js';

/** At most this many commitments on one card; the memo has them all. */
export const MAX_SHOWN = 25;
/**
 * The same card goes to Teams (40 KB) and Slack (50 blocks a message), so the list stops at
 * whichever runs out first. The card's own title, inputs and buttons take up to 11 blocks and
 * 4 KB; the rest is for the commitments.
 */
const ITEM_BLOCKS = 37;
const ITEM_BYTES = 32 * 1024;
/** Roughly what the template adds around an item and around each of its buttons. */
const ITEM_OVERHEAD_BYTES = 150;
const ACTION_OVERHEAD_BYTES = 400;
/** Free text is cut on the list; the memo and the commitment's own form show it whole. */
const MAX_TEXT = 200;

/** The earliest new due date the core takes for a postponed commitment: after the current one, and not past. */
export const earliestNewDue = (c: Commitment, today: string): string => laterOf(dayAfter(c.due), today);

/**
 * How a commitment is going, as the viewer may say it now: each button offered only when the core
 * would take it (it refuses "done" twice, for one). Postponing is tried with the earliest date it takes.
 */
export function statusActions(
  m: Meeting,
  now: string,
  today: string,
  viewerId: string | undefined,
  c: Commitment,
) {
  const status = (status: 'done' | 'needs_help') =>
    can(m, now, viewerId, { type: 'commitment.status', commitmentId: c.id, status });
  return {
    done: status('done'),
    needsHelp: status('needs_help'),
    postpone: can(m, now, viewerId, {
      type: 'commitment.status',
      commitmentId: c.id,
      status: 'postponed',
      newDue: earliestNewDue(c, today),
    }),
  };
}

/** Each button asks the core. The list stops after MAX_SHOWN + 1 commitments, so it asks about no more. */
function actionsFor(m: Meeting, now: string, today: string, c: Commitment, viewerId: string | undefined) {
  return {
    confirm: can(m, now, viewerId, { type: 'commitment.confirm', commitmentId: c.id }),
    ...statusActions(m, now, today, viewerId, c),
    edit: can(m, now, viewerId, editTrial(c, today)),
  };
}

function itemOf(ctx: ViewContext, m: Meeting, day: string, c: Commitment, n: number) {
  const { locale } = ctx;
  const actions = actionsFor(m, ctx.now, day, c, ctx.viewerId);
  const buttons = Object.values(actions).filter(Boolean).length;
  const item = {
    id: c.id,
    heading: `${n}. ${shorten(c.what, MAX_TEXT)}`,
    facts: commitmentFacts(locale, m, c, {
      max: MAX_TEXT,
      check: true,
      forClient: ctx.viewerId !== undefined && ctx.viewerId === client(m)?.id,
      today: day,
    }),
    // Each commitment the viewer can mark as checked has a comment box of its own.
    commentId: actions.confirm ? clientCommentId(c.id) : undefined,
    ...actions,
    hasActions: buttons > 0,
  };
  const blocks = 2 + (item.commentId ? 1 : 0) + (buttons > 0 ? 1 : 0);
  const bytes =
    Buffer.byteLength(JSON.stringify(item)) + ITEM_OVERHEAD_BYTES + buttons * ACTION_OVERHEAD_BYTES;
  return { item, blocks, bytes };
}

type Item = ReturnType<typeof itemOf>['item'];

/** The viewer's own commitments first, then the open ones, then the rest; memo numbers kept. */
function listed(ctx: ViewContext, m: Meeting, day: string): { items: Item[]; hidden: number } {
  const rank = (c: Commitment) => (c.ownerId === ctx.viewerId ? 0 : c.status !== 'done' ? 1 : 2);
  const ordered = m.commitments.map((c, i) => ({ c, n: i + 1 })).sort((a, b) => rank(a.c) - rank(b.c));
  const items: Item[] = [];
  let blocks = 0;
  let bytes = 0;
  for (const { c, n } of ordered) {
    const next = itemOf(ctx, m, day, c, n);
    blocks += next.blocks;
    bytes += next.bytes;
    if (items.length >= MAX_SHOWN || blocks > ITEM_BLOCKS || bytes > ITEM_BYTES) break;
    items.push(next.item);
  }
  return { items, hidden: m.commitments.length - items.length };
}

export function commitmentsView(ctx: ViewContext) {
  const { locale, viewerId } = ctx;
  const m = requireMeeting(ctx);
  // Today in the meeting's time zone, worked out once: the trials of every item need it.
  const day = today(m, ctx.now);
  const { items, hidden } = listed(ctx, m, day);
  // The client checking their own commitments is spoken to as "you"; anyone else checks with them by name.
  const check = clientCheckWords(locale, m, viewerId);
  const byClient = check.byClient;
  return {
    ...base(locale),
    action: actionData(m),
    title: t(locale, 'memo.commitments'),
    subtitle: t(locale, 'card.commitments.subtitle', { date: meetingDay(locale, m) }),
    none: m.commitments.length === 0 ? t(locale, 'card.commitments.none') : undefined,
    items,
    more: hidden > 0 ? t(locale, 'card.commitments.more', { count: hidden }) : undefined,
    // Each input once: ids must be unique on a card, and every button sends all the card's inputs.
    confirmInputs: items.some((i) => i.confirm),
    confirmHeading: check.heading,
    confirmAsk: t(locale, byClient ? 'prompt.client_check_client' : 'prompt.client_check', {
      client: check.name,
    }),
    commentLabel: check.commentLabel,
    confirmTitle: t(locale, byClient ? 'card.commitments.suits_me' : 'card.commitments.confirm'),
    statusInputs: items.some((i) => i.done || i.needsHelp || i.postpone),
    // The form opens on the viewer's own commitment; the chair and the note-taker choose anyone's in it.
    mayAdd: viewerId !== undefined && can(m, ctx.now, viewerId, addTrial(viewerId, day)),
    memoUrl: ctx.memoUrl,
    today: day,
    maxComment: LIMITS.comment,
    t: labels(locale, {
      edit: 'card.commitments.edit',
      add: 'card.commitments.add',
      statusHeading: 'card.commitments.status_heading',
      statusHint: 'card.commitments.status_hint',
      newDue: 'card.commitments.new_due',
      statusNote: 'card.commitments.status_note',
      done: 'card.commitments.mark_done',
      needsHelp: 'card.commitments.mark_needs_help',
      postpone: 'card.commitments.mark_postponed',
      openMemo: 'card.action.open_memo',
    }),
  };
}
