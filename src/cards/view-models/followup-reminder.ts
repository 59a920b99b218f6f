/**
 * The day before the follow-up meeting, to everyone invited: when and where, and that it opens by
 * going through what each one promised.
 */
import { t } from '../../i18n/index.js';
import { dateAndTime, shorten } from './card-format.js';
import { base, requireMeeting, type ViewContext } from './common.js';

export function followupReminderView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  // Drawn for the follow-up meeting itself before it is held, or else for the meeting that agreed it.
  const itself = m.phase === 'invited' && m.previousMeetingId !== undefined;
  const at = itself ? m.invitation.startsAt : m.followUp && 'at' in m.followUp ? m.followUp.at : undefined;
  if (!at) throw new Error('a follow-up reminder needs a follow-up meeting');
  const when = dateAndTime(m, locale, at);
  // The first meeting knows what is still open; the follow-up learns it as it starts.
  const open = itself ? 0 : m.commitments.filter((c) => c.status !== 'done').length;
  const facts = [
    { title: t(locale, 'memo.when'), value: when },
    ...(m.invitation.place
      ? [{ title: t(locale, 'memo.where'), value: shorten(m.invitation.place, 300) }]
      : []),
  ];
  return {
    ...base(locale),
    title: t(locale, 'card.followup-reminder.title'),
    intro: t(locale, 'card.followup-reminder.intro', { purpose: shorten(m.invitation.purpose, 200) }),
    facts,
    review: t(locale, 'card.followup-reminder.review'),
    open: open > 0 ? t(locale, 'card.followup-reminder.open', { count: open }) : undefined,
    link: m.invitation.onlineUrl
      ? { label: t(locale, 'card.followup-reminder.join'), url: m.invitation.onlineUrl }
      : undefined,
    calendar: ctx.calendarUrl
      ? { label: t(locale, 'card.action.add_to_calendar'), url: ctx.calendarUrl }
      : undefined,
  };
}
