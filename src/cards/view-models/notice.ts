/** A rejection or an error, said plainly, with what to do about it. */
import { describeRejection, t } from '../../i18n/index.js';
import { base, type ViewContext } from './common.js';

export function noticeView(ctx: ViewContext) {
  const { locale, rejection, meeting } = ctx;
  if (!rejection) throw new Error('a notice needs a rejection');
  return {
    ...base(locale),
    title: t(locale, 'card.notice.title'),
    message: describeRejection(locale, rejection),
    refresh: meeting
      ? { label: t(locale, 'card.action.refresh'), data: { meetingId: meeting.id } }
      : undefined,
  };
}
