/** The client's responsible worker and the follow-up meeting, agreed by the chair in the follow-up phase. */
import { type Command, client, LIMITS, type Meeting, type Participant } from '../../core/index.js';
import { addDays } from '../../core/local-time.js';
import { localDate } from '../../core/validate.js';
import { describeRejection, say, t } from '../../i18n/index.js';
import { can, forEveryone, refusal, TRIAL_TEXT, whoCan } from './can.js';
import { dateFormat } from './card-format.js';
import { nameOf, personChoices, today } from './commitment-facts.js';
import { actionData, base, labels, requireMeeting, type ViewContext } from './common.js';
import { followUpConfirmed, followUpSaid } from './followup-check.js';

/** HH:mm in the meeting's time zone, as Input.Time wants it. */
const clockTime = (m: Meeting, iso: string): string =>
  dateFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: m.invitation.timeZone,
  }).format(new Date(iso));

/** What is already agreed, said as the memo says it; and whether the client has confirmed it. */
function agreed(ctx: ViewContext, m: Meeting): string[] {
  const { locale } = ctx;
  const lines: string[] = [];
  if (m.responsibleId) lines.push(t(locale, 'memo.responsible', { name: nameOf(m, m.responsibleId) }));
  lines.push(...followUpSaid(locale, m, LIMITS.reason));
  if (m.responsibleId && m.followUp)
    lines.push(followUpConfirmed(locale, m, LIMITS.comment) ?? t(locale, 'memo.followup_unconfirmed'));
  return lines;
}

/** A follow-up the core would take: a stated reason for none needs no date, so it tries only who may agree. */
const agreeTrial: Command = { type: 'followup.agree', noneReason: TRIAL_TEXT };
const assignTrial = (p: Participant): Command => ({ type: 'responsible.assign', participantId: p.id });

/**
 * Who may be chosen as the responsible worker: those the core would accept now, and the one
 * already chosen (it refuses choosing them again, but they stay the form's answer).
 */
function responsibleChoices(m: Meeting, now: string, viewerId: string | undefined): readonly Participant[] {
  const found: Participant[] = [];
  for (const p of m.participants) {
    const refused = refusal(m, now, viewerId, assignTrial(p));
    if (refused === undefined || refused.code === 'responsible.already') found.push(p);
    else if (forEveryone(refused)) break;
  }
  return found;
}

/** Whether the form would let the viewer agree anything now: the board's button to open it asks this. */
export const mayUseFollowupForm = (m: Meeting, now: string, viewerId: string): boolean =>
  can(m, now, viewerId, agreeTrial) || whoCan(m, now, viewerId, m.participants, assignTrial).length > 0;

export function followupFormView(ctx: ViewContext) {
  const { locale, viewerId, now } = ctx;
  const m = requireMeeting(ctx);
  const workers = responsibleChoices(m, now, viewerId);
  const f = m.followUp;
  const at = f && 'at' in f ? f : undefined;
  const later = f && 'agreeBy' in f ? f : undefined;
  const today_ = today(m, ctx.now);
  const refused = refusal(m, now, viewerId, agreeTrial);
  const mayAgree = refused === undefined;
  // Choosing again the one already chosen would change nothing: no button for that alone.
  const mayAssign = workers.some((p) => p.id !== m.responsibleId);
  return {
    ...base(locale),
    action: actionData(m),
    title: t(locale, 'phase.followup'),
    guide: say(locale, 'prompt.followup', { client: client(m)?.name ?? '' }),
    agreed: agreed(ctx, m).map((text) => ({ text })),
    mayAgree,
    // Why not, in the core's own words: the phase may be the reason as well as who the viewer is.
    chairOnly: refused ? describeRejection(locale, refused) : undefined,
    noWorkers: mayAgree && workers.length === 0 ? t(locale, 'card.followup-form.no_workers') : undefined,
    mayAssign,
    workers: personChoices(locale, workers, false),
    today: today_,
    // The time is agreed later than today, or it would be agreed now.
    tomorrow: addDays(today_, 1),
    people: personChoices(
      locale,
      m.participants.filter((p) => !p.erased),
      false,
    ),
    maxReason: LIMITS.reason,
    maxPlace: LIMITS.place,
    maxUrl: LIMITS.url,
    values: {
      responsibleId: m.responsibleId ?? '',
      followupDate: at ? localDate(at.at, m.invitation.timeZone) : '',
      followupTime: at ? clockTime(m, at.at) : '',
      followupPlace: at?.place ?? '',
      followupUrl: at?.onlineUrl ?? '',
      hostId: at?.hostId ?? '',
      agreeBy: later?.agreeBy ?? '',
      agreerId: later?.agreerId ?? '',
      noneReason: f && 'noneReason' in f ? f.noneReason : '',
    },
    t: labels(locale, {
      responsible: 'card.followup-form.responsible',
      responsibleHint: 'card.followup-form.responsible_hint',
      saveResponsible: 'card.followup-form.save_responsible',
      followup: 'card.followup-form.followup',
      oneOf: 'card.followup-form.one_of',
      place: 'card.followup-form.place',
      onlineUrl: 'card.followup-form.online_url',
      host: 'card.followup-form.host',
      whereDefault: 'card.followup-form.where_default',
      later: 'card.followup-form.later',
      agreeBy: 'card.followup-form.agree_by',
      agreer: 'card.followup-form.agreer',
      date: 'card.followup-form.date',
      time: 'card.followup-form.time',
      noneReason: 'card.followup-form.none_reason',
      saveFollowup: 'card.followup-form.save_followup',
    }),
  };
}
