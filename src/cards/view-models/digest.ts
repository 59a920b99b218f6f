/**
 * The responsible worker's digest: every commitment of the meeting, who, by when and how it is
 * going (done, open, overdue, needs help), so that nothing agreed is forgotten between meetings.
 */
import { isOverdue } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { firstItems, formatDate, shorten } from './card-format.js';
import { nameOf, today } from './commitment-facts.js';
import { base, requireMeeting, type ViewContext } from './common.js';
import { muteView } from './mute.js';

/** Commitments listed; a meeting has at most some tens, and Slack reads 3,000 characters a section. */
const MAX_ITEMS = 20;

export function digestView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const day = today(m, ctx.now);
  const stateOf = (c: (typeof m.commitments)[number]) =>
    isOverdue(c, day) && c.status !== 'needs_help' ? 'overdue' : c.status;
  const count = (state: string) => m.commitments.filter((c) => stateOf(c) === state).length;
  const { shown, rest } = firstItems(m.commitments, MAX_ITEMS);
  return {
    ...base(locale),
    title: t(locale, 'card.digest.title'),
    intro: t(locale, 'card.digest.intro', { purpose: shorten(m.invitation.purpose, 200) }),
    counts: t(locale, 'card.digest.counts', {
      done: count('done'),
      open: count('open') + count('postponed'),
      overdue: count('overdue'),
      help: count('needs_help'),
    }),
    items: shown.map((c, i) => ({
      title: `${i + 1}. ${shorten(c.what, 120)}`,
      value: [
        shorten(nameOf(m, c.ownerId), 60),
        formatDate(locale, c.due),
        stateOf(c) === 'overdue'
          ? t(locale, 'commitment.overdue')
          : t(locale, `commitment.status.${c.status}`),
      ].join(' · '),
    })),
    more: rest > 0 ? t(locale, 'card.board.and_more', { count: rest }) : undefined,
    mute: muteView(locale, m, ctx.now, ctx.viewerId),
  };
}
