/**
 * The memo as a card for the invitees: what was agreed, readable in chat. The full memo
 * (buildMemo in memo-markdown.ts) stays the record; the card links to it when the channel offers a link.
 */
import {
  keepsRecord,
  LIMITS,
  type Locale,
  type Meeting,
  type MemoContent,
  memoContentOf,
  recordedOnBehalf,
  replay,
} from '../../core/index.js';
import { listNames, t } from '../../i18n/index.js';
import { can } from './can.js';
import { dateAndTime, firstItems, plural, shorten } from './card-format.js';
import { actionData, base, type ViewContext } from './common.js';
import {
  approvalLines,
  commitmentLine,
  feedbackLines,
  followUpLines,
  memoTitle,
  reviewLine,
  reviewSummary,
  type Typed,
  viewFacts,
  viewHeading,
  wishHeading,
} from './memo-lines.js';

const MAX_COMMITMENTS = 10;
/** Views the card has room for; the full memo gives them all. */
const MAX_VIEWS = 8;
const MAX_NAMES = 30;
const WISH_CHARS = 600;
const WHAT_CHARS = 300;

/** A card shows text as it was typed, long texts cut; names are short enough already. */
const TYPED: Typed = { text: (text) => shorten(text, WHAT_CHARS), names: (names) => names };

function attendeeNames(locale: Locale, c: MemoContent): string {
  const { shown, rest } = firstItems(c.attended, MAX_NAMES);
  const names = shown.map((p) => (p.safeAdult ? `${p.name} (${t(locale, 'role.safe_adult')})` : p.name));
  if (rest > 0) names.push(plural(locale, 'card.feedback-results.more_names', rest));
  return listNames(locale, names);
}

/**
 * The meeting given, else the one its events rebuild. Without the events nothing counts as done on
 * someone's behalf, which is harmless: the card does not say it, only the full memo does.
 */
function contentOf(ctx: ViewContext): MemoContent {
  const events = ctx.events ?? [];
  const m = ctx.meeting ?? replay(events);
  if (!m) throw new Error('the memo card needs a meeting or its events');
  return memoContentOf(m, recordedOnBehalf(events));
}

/**
 * A draft, to one of its reviewers: what it is and what they do with it; the client approves it in
 * their own words, the chair or note-taker as done together with the client.
 */
function draftView(ctx: ViewContext, m: Meeting) {
  const { locale, viewerId } = ctx;
  const isClient = m.participants.some((p) => p.id === viewerId && p.role === 'client');
  const keeper = keepsRecord(m, viewerId);
  const approvable = viewerId !== undefined && can(m, ctx.now, viewerId, { type: 'memo.approve' });
  return {
    text: t(locale, 'memo.draft'),
    reminder: ctx.memoReminder ? t(locale, 'card.memo.draft_reminder') : undefined,
    intro: isClient
      ? t(locale, 'card.memo.draft_client')
      : keeper
        ? t(locale, 'card.memo.draft_keeper')
        : undefined,
    // The note-taker writes the notes on the board, and may still while the memo is a draft.
    notes:
      viewerId !== undefined && viewerId === m.noteTakerId ? t(locale, 'card.memo.draft_notes') : undefined,
    approve: approvable
      ? {
          button: t(locale, isClient ? 'card.memo.approve_client' : 'card.memo.approve_keeper'),
          commentLabel: t(locale, isClient ? 'card.memo.comment_client' : 'card.memo.comment_keeper'),
          maxComment: LIMITS.comment,
          data: actionData(m),
        }
      : undefined,
  };
}

export function memoView(ctx: ViewContext) {
  const { locale, memoUrl } = ctx;
  const c = contentOf(ctx);
  const commitments = firstItems(c.commitments, MAX_COMMITMENTS);
  const feedback = feedbackLines(locale, c.feedback);
  return {
    ...base(locale),
    title: memoTitle(locale, c),
    cancelled: c.cancelled ? t(locale, 'memo.cancelled', { reason: c.cancelled.reason }) : undefined,
    facts: [
      { title: t(locale, 'memo.when'), value: dateAndTime(c.meeting, locale, c.held) },
      { title: t(locale, 'memo.attendees'), value: attendeeNames(locale, c) },
      ...(c.meeting.preparation?.goal
        ? [{ title: t(locale, 'memo.preparation_goal'), value: shorten(c.meeting.preparation.goal, 500) }]
        : []),
    ],
    agreed: c.meeting.preparation?.consent ? t(locale, 'card.preparation.agreed') : undefined,
    review:
      c.review.length > 0
        ? {
            heading: t(locale, 'memo.review'),
            summary: reviewSummary(locale, c),
            items: firstItems(c.review, MAX_COMMITMENTS).shown.map((r, i) => ({
              text: `${i + 1}. ${reviewLine(locale, r, TYPED)}`,
            })),
          }
        : undefined,
    wish: c.clientWish
      ? { heading: wishHeading(locale, c, TYPED), text: shorten(c.clientWish, WISH_CHARS) }
      : undefined,
    views:
      c.views.length > 0
        ? {
            heading: t(locale, 'memo.views'),
            people: firstItems(c.views, MAX_VIEWS).shown.map((mv) => ({
              name: viewHeading(locale, mv, TYPED),
              facts: viewFacts(locale, mv, TYPED),
            })),
            more:
              c.views.length > MAX_VIEWS
                ? t(locale, 'card.memo.more_views', { shown: MAX_VIEWS, count: c.views.length })
                : undefined,
          }
        : undefined,
    commitmentsLabel: t(locale, 'memo.commitments'),
    commitments:
      c.commitments.length === 0
        ? [{ text: t(locale, 'memo.no_commitments') }]
        : commitments.shown.map((mc, i) => ({ text: `${i + 1}. ${commitmentLine(locale, mc, TYPED)}` })),
    moreCommitments:
      commitments.rest > 0
        ? t(locale, 'card.memo.more_commitments', { shown: MAX_COMMITMENTS, count: c.commitments.length })
        : undefined,
    followUpLabel: t(locale, 'memo.followup'),
    followUp: followUpLines(locale, c, TYPED).join('\n\n') || undefined,
    feedbackLabel: t(locale, 'memo.feedback'),
    feedback: [feedback.summary, ...feedback.statements].join('\n\n'),
    draft: c.draft ? draftView(ctx, c.meeting) : undefined,
    approved: approvalLines(locale, c, TYPED).join('\n\n') || undefined,
    sent: c.approval && c.approval.by.id === ctx.viewerId ? t(locale, 'card.memo.sent') : undefined,
    delivery: t(locale, 'memo.delivery'),
    link: memoUrl ? { label: t(locale, 'card.action.open_memo'), url: memoUrl } : undefined,
  };
}
