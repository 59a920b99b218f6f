/**
 * Every card the app can draw: each surface, in each language, at the stages of a realistic
 * meeting where the surface is used and at the moments between them that show other buttons
 * (MOMENTS), for the people who look at it.
 */
import type { Surface } from '../../src/cards/render.js';
import { SURFACES } from '../../src/cards/render.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { LOCALES, type Locale, reject } from '../../src/core/index.js';
import { claim } from '../support/accounts.js';
import { type MeetingDriver, TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, type Stage } from '../support/realistic-meeting.js';

/** A viewer that stands for a shared drawing where people outside the meeting read along. */
export const EXPOSED = 'exposed';

/** A link the channel made for the one who sees the card, where the card offers one. */
const CALENDAR = { calendarUrl: 'https://toivo.example/calendar/m1.ics?a=U-LIISA&s=abc' };
/** Where the meeting is joined online, when it is. */
const ONLINE = 'https://meet.example.org/aino-1';

/** The realistic meeting closed, and its memo approved by the chair with the client, who added a word. */
function memoSent(locale: Locale) {
  const d = realisticMeeting('closed', locale);
  d.do(P.youth, { type: 'memo.approve', clientComment: 'Muistio on hyvä, kiitos kaikille.' });
  return d;
}

/**
 * Moments between the realistic meeting's stages, which stop between turns with every commitment
 * checked: here someone holds the floor, a hand is up, the chair or the note-taker acts for the
 * grandfather (who has no chat account), a claim waits, commitments wait to be checked with the
 * client, an invitee was left unticked at the start, a calendar link is offered. Each shows
 * buttons the stages never do.
 */
export const MOMENTS = {
  'memo sent': { at: memoSent },
  /** Started without the grandfather ticked; the client has the floor, and the teacher's hand is up. */
  'client speaking, one unticked': {
    viewers: [P.social, P.client, P.teacher, P.grandfather, EXPOSED],
    at: (locale: Locale) => {
      const d = realisticMeeting('invited', locale);
      d.now = '2026-11-26T14:00:00+02:00';
      for (const name of Object.values(P).filter((n) => n !== P.grandfather))
        d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
      d.do(P.social, { type: 'meeting.start' });
      d.do(P.social, { type: 'floor.next' });
      d.do(P.teacher, { type: 'floor.request' });
      return d;
    },
  },
  /** Why we are here: the grandfather's turn, recorded by the chair or the note-taker for him. */
  'grandfather speaking': {
    viewers: [P.youth, P.nurse, P.client, P.grandfather],
    at: (locale: Locale) => {
      const d = realisticMeeting('roles', locale);
      d.do(P.youth, { type: 'phase.next' });
      for (const speaker of [P.client, P.mother]) {
        d.do(P.youth, { type: 'floor.next' });
        d.do(speaker, { type: 'turn.end' });
      }
      d.do(P.youth, { type: 'floor.next' });
      return d;
    },
  },
  /** The discussion: the client has spoken, the mother speaks, and the teacher's hand is up for a reply. */
  'hand up in the discussion': {
    viewers: [P.youth, P.nurse, P.teacher],
    at: (locale: Locale) => {
      const d = realisticMeeting('why', locale);
      d.do(P.youth, { type: 'phase.next' });
      d.do(P.teacher, { type: 'floor.request' });
      d.do(P.youth, { type: 'floor.next' });
      d.do(P.client, { type: 'turn.end' });
      d.do(P.youth, { type: 'floor.next' });
      return d;
    },
  },
  /** The discussion's first round closed: the chair may start another. */
  'between rounds': {
    viewers: [P.youth, P.social],
    at: (locale: Locale) => {
      const d = realisticMeeting('discussion', locale);
      d.do(P.youth, { type: 'round.close' });
      return d;
    },
  },
  /** Someone in the chat says they are the grandfather; the convener has not settled it yet. */
  'claim waiting': {
    viewers: [P.social, P.grandfather, EXPOSED],
    at: (locale: Locale) => {
      const d = realisticMeeting('invited', locale);
      d.do(undefined, claim(d.id(P.grandfather), 'U-MATTI', 'Matti L.'));
      return d;
    },
  },
  /** A commitment written down, not yet checked with the client. */
  'commitment unchecked': {
    viewers: [P.youth, P.nurse, P.client, P.mother],
    at: (locale: Locale) => {
      const d = realisticMeeting('discussion', locale);
      d.do(P.youth, { type: 'phase.next' });
      d.do(P.nurse, {
        type: 'commitment.add',
        what: 'Aamuherätys ja yhteinen aamupala arkisin',
        ownerId: d.id(P.mother),
        due: '2026-12-04',
        withWhom: { participantIds: [d.id(P.client)] },
      });
      return d;
    },
  },
  /** The note-taker's form opened on a commitment already written down, to change it. */
  'commitment edited': {
    at: (locale: Locale) => realisticMeeting('summary', locale),
    extra: { commitmentId: 'c1' },
  },
  /** The responsible worker and the follow-up agreed, not yet checked with the client. */
  'follow-up unchecked': {
    viewers: [P.youth, P.nurse, P.client],
    at: (locale: Locale) => {
      const d = realisticMeeting('summary', locale);
      d.do(P.youth, { type: 'phase.next' });
      d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.social) });
      d.do(P.youth, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' });
      return d;
    },
  },
  /** The feedback poll just opened: nobody has answered yet. */
  'poll open': {
    viewers: [P.youth, P.client, P.nurse, P.grandfather],
    at: (locale: Locale) => {
      const d = realisticMeeting('followup', locale);
      d.do(P.youth, { type: 'phase.next' });
      return d;
    },
  },
  /** After the meeting, the mother has turned her reminders off. */
  'reminders off': {
    at: (locale: Locale) => {
      const d = realisticMeeting('closed', locale);
      d.do(P.mother, { type: 'reminders.mute', muted: true });
      return d;
    },
  },
  /** The invitation with a link to join online, and one that puts the meeting in one's calendar. */
  'invited, online and calendar link': {
    at: (locale: Locale) => {
      const d = realisticMeeting('invited', locale);
      d.do(P.social, { type: 'invitation.update', changes: { onlineUrl: ONLINE } });
      return d;
    },
    extra: CALENDAR,
  },
  /** Cancelled: the link takes the meeting out of one's calendar. */
  'cancelled, calendar link': {
    viewers: [P.social, P.mother, EXPOSED],
    at: (locale: Locale) => {
      const d = realisticMeeting('invited', locale);
      d.do(P.social, { type: 'meeting.cancel', reason: 'Aino on sairaana.' });
      return d;
    },
    extra: CALENDAR,
  },
  /**
   * After the meeting, the follow-up reminder with the meeting's online link and a calendar link to
   * the follow-up. The link is set on the meeting as the invitation would have had it from the start.
   */
  'closed, online and calendar link': {
    at: (locale: Locale) => {
      const d = realisticMeeting('closed', locale);
      d.meeting = { ...d.m, invitation: { ...d.m.invitation, onlineUrl: ONLINE } };
      return d;
    },
    extra: CALENDAR,
  },
} satisfies Record<string, MomentOf>;

interface MomentOf {
  /** The meeting at that moment, in a language. */
  readonly at: (locale: Locale) => MeetingDriver;
  /** Those whose cards the moment changes; the rest see what they saw at the stage before. All when absent. */
  readonly viewers?: readonly string[];
  /** What the channel adds for the one who sees the card then. */
  readonly extra?: Partial<ViewContext>;
}
export type Moment = keyof typeof MOMENTS;
const momentOf = (stage: string): MomentOf | undefined =>
  (MOMENTS as Readonly<Record<string, MomentOf>>)[stage];

/** Where each surface is used, and who looks at it. */
export const USES: Record<
  Surface,
  {
    stages: readonly (Stage | 'none' | Moment)[];
    viewers: readonly string[];
    extra?: Partial<ViewContext>;
  }
> = {
  'invitation-form': { stages: ['none', 'invited'], viewers: [P.social] },
  invitation: {
    stages: ['invited', 'opening', 'closed', 'invited, online and calendar link', 'cancelled, calendar link'],
    viewers: [P.social, P.mother, P.grandfather, EXPOSED],
  },
  board: {
    stages: [
      'invited',
      'claim waiting',
      'client speaking, one unticked',
      'opening',
      'roles',
      'grandfather speaking',
      'why',
      'hand up in the discussion',
      'discussion',
      'between rounds',
      'commitment unchecked',
      'summary',
      'follow-up unchecked',
      'followup',
      'poll open',
      'feedback',
      'closed',
      'cancelled, calendar link',
    ],
    viewers: [P.youth, P.social, P.client, P.grandfather, P.nurse, P.teacher, EXPOSED],
  },
  'commitment-form': {
    stages: ['discussion', 'summary', 'commitment edited'],
    viewers: [P.nurse, P.teacher],
  },
  commitments: {
    stages: ['commitment unchecked', 'summary', 'followup', 'feedback', 'closed'],
    viewers: [P.youth, P.client, P.mother, P.grandfather],
  },
  'followup-form': { stages: ['follow-up unchecked', 'followup', 'feedback'], viewers: [P.youth, P.teacher] },
  'feedback-poll': {
    stages: ['poll open', 'feedback', 'closed'],
    viewers: [P.client, P.nurse, P.grandfather],
  },
  'feedback-results': { stages: ['poll open', 'feedback', 'closed'], viewers: [P.youth, P.client] },
  // Closed, the memo is a draft for its reviewers (the client, the chair, the note-taker); then sent to all.
  memo: {
    stages: ['closed', 'memo sent'],
    viewers: [P.mother, P.client, P.youth, P.nurse],
    extra: { memoUrl: 'https://toivo.example/m/1/memo.md' },
  },
  reminder: {
    stages: ['followup', 'closed', 'reminders off'],
    viewers: [P.mother],
    extra: { commitmentId: 'c1' },
  },
  'followup-reminder': {
    stages: ['feedback', 'closed', 'closed, online and calendar link'],
    viewers: [P.mother, P.client],
  },
  digest: { stages: ['summary', 'closed'], viewers: [P.social] },
  notice: {
    stages: ['none', 'why'],
    viewers: [P.teacher],
    extra: { rejection: reject('turn.client_first', { name: P.teacher, first: P.client }) },
  },
  export: {
    stages: ['closed'],
    viewers: [P.social, P.youth],
    extra: {
      exportUrls: {
        markdown: 'https://toivo.example/export/m1.md?t=abc',
        json: 'https://toivo.example/export/m1.json?t=abc',
      },
    },
  },
  'erase-form': { stages: ['closed', 'followup'], viewers: [P.social] },
  'confirm-form': { stages: ['why', 'feedback'], viewers: [P.youth] },
  // The client's view, prefilled with her wish; the chair and the note-taker write views down.
  'view-form': { stages: ['why', 'discussion'], viewers: [P.nurse, P.youth], extra: { personId: 'p2' } },
};

/**
 * Drawn again for the meeting prepared with the client, where the answers show: for whom, and
 * whether the client has agreed yet.
 */
export const PREPARED_USES: Partial<
  Record<Surface, { stages: readonly Stage[]; viewers: readonly string[]; prepared: 'not_yet' | 'agreed' }>
> = {
  'invitation-form': { stages: ['invited'], viewers: [P.social], prepared: 'agreed' },
  invitation: { stages: ['invited'], viewers: [P.social, P.client, P.mother, EXPOSED], prepared: 'not_yet' },
  board: {
    stages: ['invited', 'opening', 'why'],
    viewers: [P.social, P.youth, P.client, P.mother],
    prepared: 'not_yet',
  },
  memo: { stages: ['closed'], viewers: [P.mother], prepared: 'agreed' },
};

/** One drawing of a surface: what it is called in messages, and the context it is drawn in. */
export interface Drawing {
  readonly what: string;
  readonly surface: Surface;
  readonly locale: Locale;
  readonly ctx: ViewContext;
}

/** Every drawing of one surface, or of all of them. */
export function* drawings(only?: Surface): Generator<Drawing> {
  for (const surface of only ? [only] : SURFACES) {
    const { stages, viewers, extra } = USES[surface];
    for (const locale of LOCALES) {
      for (const stage of stages) {
        const moment = momentOf(stage);
        const d =
          stage === 'none'
            ? undefined
            : moment
              ? moment.at(locale)
              : realisticMeeting(stage as Stage, locale);
        const also = moment?.extra;
        for (const viewer of viewers.filter((v) => moment?.viewers?.includes(v) ?? true)) {
          const ctx: ViewContext = {
            locale,
            now: d?.now ?? TEST_NOW,
            ...(d ? { meeting: d.m, events: d.events } : {}),
            // Drawn for a conversation people outside the meeting read: for nobody in particular.
            ...(d && viewer === EXPOSED ? { exposed: true } : d ? { viewerId: d.id(viewer) } : {}),
            ...extra,
            ...also,
          };
          yield { what: `${surface} ${locale} ${stage} for ${viewer}`, surface, locale, ctx };
        }
      }
      const prepared = PREPARED_USES[surface];
      for (const stage of prepared?.stages ?? []) {
        if (!prepared) break;
        const d = realisticMeeting(stage, locale, prepared.prepared);
        for (const viewer of prepared.viewers) {
          const ctx: ViewContext = {
            locale,
            now: d.now,
            meeting: d.m,
            events: d.events,
            ...(viewer === EXPOSED ? { exposed: true } : { viewerId: d.id(viewer) }),
            ...extra,
          };
          yield { what: `${surface} ${locale} ${stage} prepared for ${viewer}`, surface, locale, ctx };
        }
      }
    }
  }
}
