/**
 * The day before the follow-up meeting, to everyone invited: when and where, and that it opens by
 * going through what each one promised.
 */

import type { Meeting } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { dateAndTime, formatDate, shorten } from './card-format.js';
import { base, requireMeeting, type ViewContext } from './common.js';

/**
 * On the day by which the follow-up meeting's time is to be agreed, to the one who agrees it (or
 * to the responsible worker for them): whose task it is, by when, and what the meeting will do.
 */
function agreeByView(ctx: ViewContext, m: Meeting, f: { agreeBy: string; agreerId: string }) {
  const { locale } = ctx;
  const purpose = shorten(m.invitation.purpose, 200);
  const agreer = m.participants.find((p) => p.id === f.agreerId);
  const intro =
    ctx.viewerId === f.agreerId
      ? t(locale, 'card.followup-reminder.agree_intro_you', { purpose })
      : t(locale, 'card.followup-reminder.agree_intro', { purpose, name: shorten(agreer?.name ?? '?', 60) });
  const open = m.commitments.filter((c) => c.status !== 'done').length;
  return {
    ...base(locale),
    title: t(locale, 'card.followup-reminder.agree_title'),
    intro,
    facts: [{ title: t(locale, 'card.followup-form.agree_by'), value: formatDate(locale, f.agreeBy) }],
    review: t(locale, 'card.followup-reminder.review'),
    open: open > 0 ? t(locale, 'card.followup-reminder.open', { count: open }) : undefined,
    // No time yet: nothing to join and nothing for a calendar.
    link: undefined,
    calendar: undefined,
  };
}

export function followupReminderView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  // Drawn for the follow-up meeting itself before it is held, or else for the meeting that agreed it.
  const itself = m.phase === 'invited' && m.previousMeetingId !== undefined;
  if (!itself && m.followUp && 'agreeBy' in m.followUp) return agreeByView(ctx, m, m.followUp);
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
