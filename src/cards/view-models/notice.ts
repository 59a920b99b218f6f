/** A rejection said plainly, with what to do about it; or a word on what happens next. */
import { describeRejection, t } from '../../i18n/index.js';
import { base, type ViewContext } from './common.js';

export function noticeView(ctx: ViewContext) {
  const { locale, rejection, info, meeting } = ctx;
  if (!rejection && !info) throw new Error('a notice needs a rejection or an info');
  return {
    ...base(locale),
    title: t(locale, rejection ? 'card.notice.title' : 'card.notice.info_title'),
    message: rejection ? describeRejection(locale, rejection) : t(locale, `card.notice.info.${info}`),
    refresh: meeting
      ? { label: t(locale, 'card.action.refresh'), data: { meetingId: meeting.id } }
      : undefined,
  };
}
