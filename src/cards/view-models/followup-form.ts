/** The client's responsible worker and the follow-up meeting, agreed by the chair in the follow-up phase. */
import { client, isActingChair, LIMITS, type Meeting, presentParticipants } from '../../core/index.js';
import { localDate } from '../../core/validate.js';
import { say, t } from '../../i18n/index.js';
import { dateAndTime } from './card-format.js';
import { nameOf, personChoices, today } from './commitment-facts.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';

/** HH:mm in the meeting's time zone, as Input.Time wants it. */
const clockTime = (m: Meeting, iso: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: m.invitation.timeZone,
  }).format(new Date(iso));

/** What is already agreed, said as the memo says it. */
function agreed(ctx: ViewContext, m: Meeting): string[] {
  const { locale } = ctx;
  const lines: string[] = [];
  if (m.responsibleId) lines.push(t(locale, 'memo.responsible', { name: nameOf(m, m.responsibleId) }));
  if (m.followUp && 'at' in m.followUp)
    lines.push(t(locale, 'memo.followup_at', { when: dateAndTime(m, locale, m.followUp.at) }));
  if (m.followUp && 'noneReason' in m.followUp)
    lines.push(t(locale, 'memo.followup_none', { reason: m.followUp.noneReason }));
  return lines;
}

export function followupFormView(ctx: ViewContext) {
  const { locale, viewerId } = ctx;
  const m = requireMeeting(ctx);
  // The core accepts only a worker who is present as the responsible worker.
  const workers = presentParticipants(m).filter((p) => p.role === 'worker');
  const at = m.followUp && 'at' in m.followUp ? m.followUp.at : undefined;
  const mayAgree = viewerId === undefined || isActingChair(m, viewerId);
  return {
    ...base(locale),
    action: actionData(m),
    title: t(locale, 'phase.followup'),
    guide: say(locale, 'prompt.followup', { client: client(m)?.name ?? '' }),
    agreed: agreed(ctx, m).map((text) => ({ text })),
    mayAgree,
    chairOnly: mayAgree ? undefined : t(locale, 'rejection.auth.chair_only'),
    noWorkers: mayAgree && workers.length === 0 ? t(locale, 'card.followup-form.no_workers') : undefined,
    mayAssign: mayAgree && workers.length > 0,
    workers: personChoices(locale, workers, false),
    today: today(m, ctx.now),
    maxReason: LIMITS.reason,
    values: {
      responsibleId: m.responsibleId ?? '',
      followupDate: at ? localDate(at, m.invitation.timeZone) : '',
      followupTime: at ? clockTime(m, at) : '',
      noneReason: m.followUp && 'noneReason' in m.followUp ? m.followUp.noneReason : '',
    },
    t: labels(locale, {
      responsible: 'card.followup-form.responsible',
      responsibleHint: 'card.followup-form.responsible_hint',
      saveResponsible: 'card.followup-form.save_responsible',
      followup: 'card.followup-form.followup',
      either: 'card.followup-form.either',
      date: 'card.followup-form.date',
      time: 'card.followup-form.time',
      noneReason: 'card.followup-form.none_reason',
      saveFollowup: 'card.followup-form.save_followup',
    }),
  };
}
