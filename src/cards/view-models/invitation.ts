/**
 * The invitation as posted to the conversation: what, when, where, who, and why everyone's presence
 * matters. Invitees answer whether they come; the convener can change or cancel it before the start.
 */
import { type Locale, type Meeting, type Participant, roleRank } from '../../core/index.js';
import { t } from '../../i18n/index.js';
import { firstItems, longDate, shorten, timeSpan } from './card-format.js';
import { actionData, base, calendarAction, requireMeeting, type ViewContext } from './common.js';
import { agreedLine, agreeView, preparationView } from './preparation.js';

/** A card lists this many invitees; a meeting may have up to 100. */
const MAX_PEOPLE = 30;
const RSVP: Readonly<Record<Participant['attendance'], string>> = {
  unknown: 'card.invitation.rsvp_unknown',
  present: 'card.invitation.rsvp_present',
  absent: 'card.invitation.rsvp_absent',
  left: 'attendance.left',
};

/** Invitees in speaking order: the client, close ones, workers. */
export const invitees = (m: Meeting): readonly Participant[] =>
  [...m.participants].filter((p) => p.invited).sort((a, b) => roleRank(a.role) - roleRank(b.role));

/** "läheinen, isoisä, ei Teams- tai Slack-tunnusta": who someone is to the meeting, in words. */
export function describePerson(locale: Locale, m: Meeting, p: Participant): string {
  return [
    t(locale, `role.${p.role}`),
    p.relation,
    p.safeAdult ? t(locale, 'role.safe_adult') : undefined,
    p.organisation,
    p.id === m.convenerId ? t(locale, 'role.convener') : undefined,
    p.chatUserId === undefined ? t(locale, 'memo.no_account') : undefined,
  ]
    .filter((x): x is string => Boolean(x))
    .join(', ');
}

function convenerActions(locale: Locale, m: Meeting) {
  return {
    heading: t(locale, 'card.invitation.for_convener'),
    edit: { label: t(locale, 'card.invitation.edit') },
    reasonLabel: t(locale, 'card.invitation.cancel_reason'),
    reasonError: t(locale, 'card.invitation.cancel_reason_error'),
    cancelLabel: t(locale, 'card.invitation.cancel'),
    ...actionData(m),
  };
}

/**
 * "This is me": for someone in the chat whom Toivo does not know yet, the people invited by name
 * whose place they could take, once the convener or the chair confirms it.
 */
function claimPart(locale: Locale, m: Meeting, viewerId: string | undefined) {
  const open = m.phase !== 'closed' && m.phase !== 'cancelled';
  const unlinked = invitees(m).filter((p) => p.chatUserId === undefined);
  if (!open || viewerId !== undefined || unlinked.length === 0) return undefined;
  return {
    question: t(locale, 'card.invitation.claim_question'),
    hint: t(locale, 'card.invitation.claim_hint'),
    label: t(locale, 'card.invitation.claim_label'),
    error: t(locale, 'card.invitation.claim_error'),
    button: t(locale, 'card.invitation.claim_button'),
    choices: unlinked.slice(0, MAX_PEOPLE).map((p) => ({ title: shorten(p.name, 60), value: p.id })),
    ...actionData(m),
  };
}

/**
 * What was prepared with the client: the answers to the convener, the client and the chair; to
 * everyone else only that the client agreed. Nothing of it where people outside the meeting read.
 */
function preparationPart(ctx: ViewContext, m: Meeting) {
  if (ctx.exposed) return {};
  const prepared = preparationView(ctx.locale, m, ctx.viewerId);
  return {
    preparation: prepared,
    agreed: prepared ? undefined : agreedLine(ctx.locale, m, ctx.viewerId),
    agree: agreeView(ctx.locale, m, ctx.now, ctx.viewerId),
  };
}

export function invitationView(ctx: ViewContext) {
  const { locale } = ctx;
  const m = requireMeeting(ctx);
  const inv = m.invitation;
  const span = timeSpan(m, locale);
  const people = firstItems(invitees(m), MAX_PEOPLE);
  const convener = m.participants.find((p) => p.id === m.convenerId);
  const invited = m.phase === 'invited';
  return {
    ...base(locale),
    title: t(locale, 'card.invitation.title'),
    purposeLabel: t(locale, 'memo.purpose'),
    purpose: inv.purpose,
    topicsLabel: inv.topics.length > 0 ? t(locale, 'memo.topics') : undefined,
    topics: inv.topics.map((topic) => `- ${topic}`).join('\n'),
    facts: [
      { title: t(locale, 'card.invitation.date'), value: longDate(m, locale, inv.startsAt) },
      {
        title: t(locale, 'memo.when'),
        value: t(
          locale,
          span.overnight ? 'card.invitation.time_span_overnight' : 'card.invitation.time_span',
          {
            time: span.text,
            minutes: inv.durationMinutes,
          },
        ),
      },
      ...(inv.place ? [{ title: t(locale, 'memo.where'), value: inv.place }] : []),
      ...(inv.onlineUrl ? [{ title: t(locale, 'memo.online'), value: shorten(inv.onlineUrl, 200) }] : []),
    ],
    online: inv.onlineUrl
      ? { label: t(locale, 'card.invitation.join_online'), url: inv.onlineUrl }
      : undefined,
    calendar: calendarAction(locale, m, ctx.calendarUrl),
    inviteesLabel: t(locale, 'card.invitation.invitees'),
    invitees: people.shown.map((p) => ({
      title: p.name,
      value: [describePerson(locale, m, p), ...(invited ? [t(locale, RSVP[p.attendance])] : [])].join(' · '),
    })),
    morePeople:
      people.rest > 0
        ? t(locale, 'card.invitation.more_people', {
            count: people.shown.length + people.rest,
            shown: people.shown.length,
          })
        : undefined,
    convener: t(locale, 'memo.convener', {
      name: convener?.organisation ? `${convener.name} (${convener.organisation})` : (convener?.name ?? ''),
    }),
    why: t(
      locale,
      m.participants.some((p) => p.id === ctx.viewerId && p.role === 'client')
        ? 'card.invitation.why_everyone_client'
        : 'card.invitation.why_everyone',
    ),
    cancelled:
      m.phase === 'cancelled' ? t(locale, 'memo.cancelled', { reason: m.cancelReason ?? '' }) : undefined,
    // Where people outside the meeting read along, each invited person answers in their own messages.
    answerInDm: invited && ctx.exposed ? t(locale, 'card.invitation.answer_in_dm') : undefined,
    rsvp:
      invited && !ctx.exposed
        ? {
            question: t(locale, 'card.invitation.answer'),
            coming: t(locale, 'card.invitation.coming'),
            notComing: t(locale, 'card.invitation.not_coming'),
            ...actionData(m),
          }
        : undefined,
    convenerActions: invited && ctx.viewerId === m.convenerId ? convenerActions(locale, m) : undefined,
    claim: claimPart(locale, m, ctx.viewerId),
    ...preparationPart(ctx, m),
  };
}
