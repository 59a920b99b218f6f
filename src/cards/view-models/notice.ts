/** A rejection said plainly, with what to do about it; or a word on what happens next. */
import { describeRejection, t } from '../../i18n/index.js';
import { shorten } from './card-format.js';
import { nameOf } from './commitment-facts.js';
import { base, type ViewContext } from './common.js';

export function noticeView(ctx: ViewContext) {
  const { locale, rejection, info, meeting } = ctx;
  if (!rejection && !info) throw new Error('a notice needs a rejection or an info');
  return {
    ...base(locale),
    title: t(locale, rejection ? 'card.notice.title' : 'card.notice.info_title'),
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
