/**
 * A follow-up meeting opens by going through what the meeting before agreed: each commitment,
 * whose it was, how it was last reported, and what the meeting hears became of it. Its owner or
 * the chair and note-taker write down the outcome; the others see it.
 */
import {
  type Locale,
  type Meeting,
  type Participant,
  REVIEW_OUTCOMES,
  type ReviewItem,
} from '../../../core/index.js';
import { t } from '../../../i18n/index.js';
import { can } from '../can.js';
import { capitalise, formatDate, shorten } from '../card-format.js';
import { inShort, NAME_MAX } from './text.js';

const WHAT_MAX = 300;

function facts(locale: Locale, r: ReviewItem) {
  const reported = t(locale, `commitment.status.${r.status}`);
  const out = [
    {
      title: capitalise(locale, t(locale, 'card.board.review.owner')),
      value: shorten(r.ownerName, NAME_MAX),
    },
    { title: t(locale, 'card.board.review.due'), value: formatDate(locale, r.due) },
    {
      title: t(locale, 'card.board.review.reported'),
      value: r.statusNote ? `${reported}: ${inShort(r.statusNote, 200)}` : reported,
    },
  ];
  if (r.outcome) {
    const outcome = t(locale, `review.outcome.${r.outcome}`);
    out.push({
      title: t(locale, 'card.board.review.outcome'),
      value: r.outcomeNote ? `${outcome}: ${inShort(r.outcomeNote, 200)}` : outcome,
    });
  }
  return out;
}

/** The review while the meeting opens; undefined for a first meeting, or once the meeting has moved on. */
export function reviewView(locale: Locale, m: Meeting, now: string, me: Participant | undefined) {
  if (m.review.length === 0 || m.phase !== 'opening') return undefined;
  const items = m.review.map((r) => ({
    heading: inShort(r.what, WHAT_MAX),
    facts: facts(locale, r),
    // The outcomes the core would take from the viewer now: none for those who only listen.
    actions: me
      ? REVIEW_OUTCOMES.filter((outcome) =>
          can(m, now, me.id, { type: 'review.record', itemId: r.id, outcome, note: '-' }),
        ).map((outcome) => ({ title: t(locale, `card.board.review.mark.${outcome}`), itemId: r.id, outcome }))
      : [],
  }));
  const open = m.review.filter((r) => r.status !== 'done' && !r.outcome).length;
  const writes = items.some((i) => i.actions.length > 0);
  return {
    heading: t(locale, 'memo.review'),
    status:
      open > 0
        ? t(locale, 'card.board.review.open', { count: open })
        : t(locale, 'card.board.review.all_heard'),
    hint: writes ? t(locale, 'card.board.review.hint') : undefined,
    writes,
    items,
  };
}
