/** What every view-model shares: the verbs, the labels in the viewer's language, the card's identity. */
import type { Event, Locale, Meeting, Rejection } from '../../core/index.js';
import { type Params, t } from '../../i18n/index.js';
import { VERBS } from '../verbs.js';

/** What a notice may tell besides a refusal: what happens next, or what was done. */
export type NoticeInfo =
  | 'account_claimed'
  | 'exposed_conversation'
  | 'help_asked'
  /** Where a shared card of an erased meeting was: nothing of it is kept. */
  | 'meeting_erased'
  /** To the one who erased a meeting: done, with its follow-up meetings. */
  | 'meeting_erased_by_you'
  /** One person erased, on their request, from the meeting and the meetings linked to it. */
  | 'person_erased';

/** Everything a card may be built from. Each surface reads what it needs. */
export interface ViewContext {
  readonly locale: Locale;
  /** Now, as an ISO date-time: date pickers start from today, on the app's clock, not the wall clock. */
  readonly now: string;
  readonly meeting?: Meeting;
  /** The meeting's event log, for surfaces rebuilt from it (the memo). */
  readonly events?: readonly Event[];
  /** The participant who will see the card: the chair sees the chair's actions, others their own. */
  readonly viewerId?: string;
  /** The commitment a reminder or an edit form is about. */
  readonly commitmentId?: string;
  /** The person whose view the view form writes down. */
  readonly personId?: string;
  /** What a notice says: why a click did nothing, or else what happens next. */
  readonly rejection?: Rejection;
  readonly info?: NoticeInfo;
  /**
   * The card is drawn for a conversation that people outside the meeting may read (a Slack
   * channel): it shows no care data, only where the meeting is, and a way to one's own view.
   */
  readonly exposed?: boolean;
  /** A reminder sent well after its time (Toivo was not running then): it says it comes late. */
  readonly late?: boolean;
  /** The memo's draft sent again to a reviewer, because it still waits for review. */
  readonly memoReminder?: boolean;
  /** Where the full memo can be fetched (Markdown), when the channel offers a link. */
  readonly memoUrl?: string;
  /**
   * Where the calendar file (.ics) of what the card is about can be fetched, made by the channel for
   * the one who sees it: the invitation's meeting, or a follow-up reminder's follow-up meeting.
   */
  readonly calendarUrl?: string;
  /**
   * Where the meeting's export for the client record can be fetched, made by the channel for the
   * one who asked: personal links that work for a limited time. Absent where the server has no
   * public address.
   */
  readonly exportUrls?: { readonly markdown: string; readonly json: string };
  /**
   * The meeting has been erased: a shared card of it is drawn again as a notice that says so,
   * and needs no meeting (there is none left).
   */
  readonly erased?: true;
}

/** Turns a context into the data its template is filled with. All text in it is already localized. */
export type ViewModel = (ctx: ViewContext) => object;

/** Looks up labels by key; a missing key throws, so tests catch it in every language. */
export const labels = (locale: Locale, keys: Readonly<Record<string, string>>, params: Params = {}) =>
  Object.fromEntries(Object.entries(keys).map(([name, key]) => [name, t(locale, key, params)]));

/** Sent back with every action: which meeting, and which version of it the person was looking at. */
export const actionData = (m: Meeting) => ({ meetingId: m.id, version: m.version });

export const base = (locale: Locale) => ({ verbs: VERBS, locale });

/** The meeting a surface needs, or a bug in the caller. */
export function requireMeeting(ctx: ViewContext): Meeting {
  if (!ctx.meeting) throw new Error('this card needs a meeting');
  return ctx.meeting;
}

/** "Add to calendar" where the channel gave a calendar link; for a cancelled meeting it takes the event out. */
export const calendarAction = (locale: Locale, m: Meeting, url: string | undefined) =>
  url
    ? {
        label: t(
          locale,
          m.phase === 'cancelled' ? 'card.action.remove_from_calendar' : 'card.action.add_to_calendar',
        ),
        url,
      }
    : undefined;
