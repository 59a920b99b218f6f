/**
 * The form that calls a meeting together, or changes its invitation before the start. Invitees
 * are entered only when the meeting is created; an edit changes the invitation's own fields.
 */
import { LIMITS, LOCALES, type Locale, type Meeting } from '../../core/index.js';
import { INTL_LOCALE, t } from '../../i18n/index.js';
import { capitalise, firstItems, shorten, wallClock } from './card-format.js';
import { actionData, base, labels, type ViewContext } from './common.js';
import { describePerson, invitees } from './invitation.js';

export const DURATIONS = [30, 45, 60, 90, 120, 180] as const;
const DEFAULT_DURATION = 90;
/** The rows the submission code reads: invitee1… invitee8. */
export const INVITEE_ROWS = 8;
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

/** The convener, the client and eight empty rows for everyone else. */
function newMeetingPart(locale: Locale) {
  return {
    ...labels(locale, {
      convenerName: 'card.invitation-form.convener_name',
      convenerOrganisation: 'card.invitation-form.convener_organisation',
      clientName: 'card.invitation-form.client_name',
      nameError: 'card.invitation-form.name_error',
      others: 'card.invitation-form.others',
      othersHint: 'card.invitation-form.others_hint',
      name: 'card.invitation-form.name',
      role: 'card.invitation-form.role',
      relationPlaceholder: 'card.invitation-form.relation_placeholder',
      organisationPlaceholder: 'card.invitation-form.organisation_placeholder',
    }),
    relation: capitalise(locale, t(locale, 'field.relation')),
    organisation: capitalise(locale, t(locale, 'field.organisation')),
    account: t(locale, 'card.invitation-form.account'),
    defaultAccount: 'yes',
    accounts: (['yes', 'no'] as const).map((value) => ({
      title: t(locale, `card.invitation-form.account_${value}`),
      value,
    })),
    roles: (['close', 'worker'] as const).map((r) => ({
      title: capitalise(locale, t(locale, `role.${r}`)),
      value: r,
    })),
    // A row left at "close one" with no name is skipped; a visible default beats a silent one.
    defaultRole: 'close',
    rows: Array.from({ length: INVITEE_ROWS }, (_, i) => ({
      n: i + 1,
      heading: t(locale, 'card.invitation-form.row', { n: i + 1 }),
    })),
  };
}

function editPart(locale: Locale, m: Meeting) {
  const people = firstItems(invitees(m), MAX_LISTED);
  const lines = people.shown.map((p) => `- ${shorten(p.name, 60)}: ${describePerson(locale, m, p)}`);
  if (people.rest > 0)
    lines.push(
      t(locale, 'card.invitation.more_people', { count: MAX_LISTED + people.rest, shown: MAX_LISTED }),
    );
  return { list: lines.join('\n'), note: t(locale, 'card.invitation-form.people_unchanged') };
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
    people: m ? editPart(locale, m) : undefined,
    create: m ? undefined : { label: t(locale, 'card.invitation-form.send') },
    update: m ? { label: t(locale, 'card.invitation-form.save'), ...actionData(m) } : undefined,
  };
}
