/**
 * The form that calls a meeting together, or changes its invitation before the start: its own
 * fields, and whom it invites (an edit adds rows and removes invitees, as the core takes it).
 */
import { LIMITS, LOCALES, type Locale, type Meeting } from '../../core/index.js';
import { INTL_LOCALE, t } from '../../i18n/index.js';
import { choiceOf } from './board/text.js';
import { whoCan } from './can.js';
import { capitalise, firstItems, shorten, wallClock } from './card-format.js';
import { actionData, base, labels, type ViewContext } from './common.js';
import { describePerson, invitees } from './invitation.js';

/**
 * The optional first step, prepared with the client: three questions and the client's consent;
 * prefilled in the editor (only the convener opens it).
 */
function preparationPart(locale: Locale, m: Meeting | undefined) {
  const p = m?.preparation;
  return {
    ...labels(locale, {
      heading: 'card.invitation-form.prep_title',
      hint: 'card.invitation-form.prep_hint',
      help: 'card.invitation-form.prep_help',
      who: 'card.invitation-form.prep_who',
      goal: 'card.invitation-form.prep_goal',
      consent: 'card.invitation-form.prep_consent',
    }),
    max: LIMITS.preparation,
    consents: (['yes', 'no'] as const).map((value) => ({
      title: t(locale, `card.invitation-form.prep_consent_${value}`),
      value,
    })),
    values: {
      help: p?.help ?? '',
      who: p?.who ?? '',
      goal: p?.goal ?? '',
      consent: p?.consent ? 'yes' : 'no',
    },
  };
}

export const DURATIONS = [30, 45, 60, 90, 120, 180] as const;
const DEFAULT_DURATION = 90;
/** The rows the submission code reads: invitee1… invitee8. */
export const INVITEE_ROWS = 8;
/** An edit adds a few at a time: invitee1… invitee3. */
const EDIT_ROWS = 3;
/** The inputs that ask whether someone uses the chat ("clientAccount", "invitee3Account"); the row is group 1. */
export const ACCOUNT_FIELD = /^(client|invitee\d+)Account$/;
/** An edit lists the invitees as text; Slack reads a section of at most 3,000 characters. */
const MAX_LISTED = 20;

/** Each language by its own name ("Suomi", "Svenska", "English"), so everyone finds their own. */
const languageChoices = () =>
  LOCALES.map((l) => ({
    title: capitalise(l, new Intl.DisplayNames([INTL_LOCALE[l]], { type: 'language' }).of(l) ?? l),
    value: l,
  }));

function durationChoices(locale: Locale, current: number) {
  const minutes = DURATIONS.some((d) => d === current)
    ? DURATIONS
    : [...DURATIONS, current].sort((a, b) => a - b);
  return minutes.map((m) => ({ title: t(locale, 'memo.minutes', { minutes: m }), value: String(m) }));
}

const formLabels = (locale: Locale) => ({
  ...labels(locale, {
    purpose: 'card.invitation-form.purpose',
    purposePlaceholder: 'card.invitation-form.purpose_placeholder',
    topics: 'card.invitation-form.topics',
    date: 'card.invitation.date',
    dateError: 'card.invitation-form.date_error',
    time: 'card.invitation-form.time',
    timeError: 'card.invitation-form.time_error',
    duration: 'card.invitation-form.duration',
    whereHint: 'card.invitation-form.where_hint',
    place: 'memo.where',
    placePlaceholder: 'card.invitation-form.place_placeholder',
    locale: 'card.invitation-form.locale',
    people: 'card.invitation.invitees',
  }),
  purposeError: t(locale, 'rejection.input.empty', { field: t(locale, 'field.purpose') }),
  onlineUrl: capitalise(locale, t(locale, 'field.onlineUrl')),
});

/** The convener and the client, for a new meeting. */
function newMeetingPart(locale: Locale) {
  return {
    ...labels(locale, {
      convenerName: 'card.invitation-form.convener_name',
      convenerOrganisation: 'card.invitation-form.convener_organisation',
      clientName: 'card.invitation-form.client_name',
      nameError: 'card.invitation-form.name_error',
      others: 'card.invitation-form.others',
      othersHint: 'card.invitation-form.others_hint',
    }),
    account: t(locale, 'card.invitation-form.account'),
    defaultAccount: 'yes',
    accounts: accountChoices(locale),
  };
}

const accountChoices = (locale: Locale) =>
  (['yes', 'no'] as const).map((value) => ({
    title: t(locale, `card.invitation-form.account_${value}`),
    value,
  }));

/**
 * Empty rows for close ones and workers: eight for a new meeting, three to add on an edit. On an
 * edit the safe adult may also be one of the close ones already invited.
 */
function rowsPart(locale: Locale, count: number, m?: Meeting) {
  return {
    ...labels(locale, {
      name: 'card.invitation-form.name',
      role: 'card.invitation-form.role',
      relationPlaceholder: 'card.invitation-form.relation_placeholder',
      organisationPlaceholder: 'card.invitation-form.organisation_placeholder',
    }),
    relation: capitalise(locale, t(locale, 'field.relation')),
    organisation: capitalise(locale, t(locale, 'field.organisation')),
    account: t(locale, 'card.invitation-form.account'),
    defaultAccount: 'yes',
    accounts: accountChoices(locale),
    roles: (['close', 'worker'] as const).map((r) => ({
      title: capitalise(locale, t(locale, `role.${r}`)),
      value: r,
    })),
    // A row left at "close one" with no name is skipped; a visible default beats a silent one.
    defaultRole: 'close',
    rows: Array.from({ length: count }, (_, i) => ({
      n: i + 1,
      heading: t(locale, 'card.invitation-form.row', { n: i + 1 }),
    })),
    // New ones are chosen by row: their names are typed in the same form, so no list of them exists yet.
    safeAdult: {
      label: t(locale, 'card.invitation-form.safe_adult'),
      hint: t(
        locale,
        m ? 'card.invitation-form.safe_adult_hint_edit' : 'card.invitation-form.safe_adult_hint',
      ),
      value: m?.participants.find((p) => p.safeAdult)?.id ?? 'none',
      choices: [
        { title: t(locale, 'card.invitation-form.safe_adult_none'), value: 'none' },
        ...(m?.participants ?? [])
          .filter((p) => p.role === 'close')
          .map((p) => ({ title: shorten(p.name, 60), value: p.id })),
        ...Array.from({ length: count }, (_, i) => ({
          title: t(locale, 'card.invitation-form.row', { n: i + 1 }),
          value: `invitee${i + 1}`,
        })),
      ],
    },
  };
}

/** The invitees as they are, whom the convener may remove (as the core takes it), and rows to add more. */
function editPart(locale: Locale, m: Meeting, now: string, viewerId: string | undefined) {
  const people = firstItems(invitees(m), MAX_LISTED);
  const lines = people.shown.map((p) => `- ${shorten(p.name, 60)}: ${describePerson(locale, m, p)}`);
  if (people.rest > 0)
    lines.push(
      t(locale, 'card.invitation.more_people', { count: MAX_LISTED + people.rest, shown: MAX_LISTED }),
    );
  const removable = whoCan(m, now, viewerId ?? m.convenerId, m.participants, (p) => ({
    type: 'invitee.remove',
    participantId: p.id,
  }));
  return {
    list: lines.join('\n'),
    note: t(locale, 'card.invitation-form.people_edit_hint'),
    remove:
      removable.length > 0
        ? { label: t(locale, 'card.invitation-form.remove'), choices: removable.map(choiceOf) }
        : undefined,
  };
}

export function invitationFormView(ctx: ViewContext) {
  const { locale, meeting: m } = ctx;
  const inv = m?.invitation;
  const clock = m ? wallClock(m) : { date: '', time: '' };
  return {
    ...base(locale),
    t: formLabels(locale),
    limits: { purpose: LIMITS.purpose, place: LIMITS.place, url: LIMITS.url, name: LIMITS.name },
    title: t(locale, m ? 'card.invitation.edit' : 'card.invitation-form.title'),
    intro: m ? undefined : t(locale, 'card.invitation-form.intro'),
    preparation: preparationPart(locale, m),
    values: {
      purpose: inv?.purpose ?? '',
      topics: inv?.topics.join('\n') ?? '',
      date: clock.date,
      time: clock.time,
      durationMinutes: String(inv?.durationMinutes ?? DEFAULT_DURATION),
      place: inv?.place ?? '',
      onlineUrl: inv?.onlineUrl ?? '',
      meetingLocale: inv?.locale ?? locale,
    },
    durations: durationChoices(locale, inv?.durationMinutes ?? DEFAULT_DURATION),
    languages: languageChoices(),
    newMeeting: m ? undefined : newMeetingPart(locale),
    people: m ? editPart(locale, m, ctx.now, ctx.viewerId) : undefined,
    invitees: m ? rowsPart(locale, EDIT_ROWS, m) : rowsPart(locale, INVITEE_ROWS),
    create: m ? undefined : { label: t(locale, 'card.invitation-form.send') },
    update: m ? { label: t(locale, 'card.invitation-form.save'), ...actionData(m) } : undefined,
  };
}
