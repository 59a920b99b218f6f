/** A rejection said plainly, with what to do about it; or a word on what happens next. */
import { describeRejection, t } from '../../i18n/index.js';
import { shorten } from './card-format.js';
import { nameOf } from './commitment-facts.js';
import { base, type NoticeInfo, type ViewContext } from './common.js';

/** Notices of what was erased: no news of what happens next, and their title says so. */
const ERASED: ReadonlySet<NoticeInfo> = new Set(['meeting_erased', 'meeting_erased_by_you', 'person_erased']);

const titleOf = (ctx: ViewContext): string =>
  ctx.rejection
    ? 'card.notice.title'
    : ctx.info && ERASED.has(ctx.info)
      ? 'card.notice.erased_title'
      : 'card.notice.info_title';

export function noticeView(ctx: ViewContext) {
  const { locale, rejection, info, meeting } = ctx;
  if (!rejection && !info) throw new Error('a notice needs a rejection or an info');
  return {
    ...base(locale),
    title: t(locale, titleOf(ctx)),
    message: rejection
      ? describeRejection(locale, rejection)
      : t(locale, `card.notice.info.${info}`, info === 'help_asked' ? helpAsked(ctx) : {}),
    refresh: meeting
      ? { label: t(locale, 'card.action.refresh'), data: { meetingId: meeting.id } }
      : undefined,
  };
}

/** Who asked for help, with what, and what they added: for the responsible worker. */
function helpAsked(ctx: ViewContext) {
  const m = ctx.meeting;
  const c = m?.commitments.find((x) => x.id === ctx.commitmentId);
  if (!m || !c) throw new Error('a call for help needs its commitment');
  const note = c.statusNote
    ? ` ${t(ctx.locale, 'card.notice.help_note', { note: shorten(c.statusNote, 300) })}`
    : '';
  return { name: nameOf(m, c.ownerId), what: shorten(c.what, 300), note };
}
