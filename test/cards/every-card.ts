/**
 * Every card the app can draw: each surface, in each language, at the stages of a realistic
 * meeting where the surface is used, for the people who look at it.
 */
import type { Surface } from '../../src/cards/render.js';
import { SURFACES } from '../../src/cards/render.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { LOCALES, type Locale, reject } from '../../src/core/index.js';
import { TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, type Stage } from '../support/realistic-meeting.js';

/** A viewer that stands for a shared drawing where people outside the meeting read along. */
export const EXPOSED = 'exposed';

/** Where each surface is used, and who looks at it. */
export const USES: Record<
  Surface,
  {
    stages: readonly (Stage | 'none' | 'memo sent')[];
    viewers: readonly string[];
    extra?: Partial<ViewContext>;
  }
> = {
  'invitation-form': { stages: ['none', 'invited'], viewers: [P.social] },
  invitation: {
    stages: ['invited', 'opening', 'closed'],
    viewers: [P.social, P.mother, P.grandfather, EXPOSED],
  },
  board: {
    stages: ['invited', 'opening', 'roles', 'why', 'discussion', 'summary', 'followup', 'feedback', 'closed'],
    viewers: [P.youth, P.social, P.client, P.grandfather, P.nurse, P.teacher, EXPOSED],
  },
  'commitment-form': { stages: ['discussion', 'summary'], viewers: [P.nurse, P.teacher] },
  commitments: {
    stages: ['summary', 'followup', 'feedback', 'closed'],
    viewers: [P.youth, P.client, P.mother, P.grandfather],
  },
  'followup-form': { stages: ['followup', 'feedback'], viewers: [P.youth, P.teacher] },
  'feedback-poll': { stages: ['feedback', 'closed'], viewers: [P.client, P.nurse, P.grandfather] },
  'feedback-results': { stages: ['feedback', 'closed'], viewers: [P.youth, P.client] },
  // Closed, the memo is a draft for its reviewers (the client, the chair, the note-taker); then sent to all.
  memo: {
    stages: ['closed', 'memo sent'],
    viewers: [P.mother, P.client, P.youth, P.nurse],
    extra: { memoUrl: 'https://toivo.example/m/1/memo.md' },
  },
  reminder: { stages: ['followup', 'closed'], viewers: [P.mother], extra: { commitmentId: 'c1' } },
  'followup-reminder': { stages: ['feedback', 'closed'], viewers: [P.mother, P.client] },
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

/** The realistic meeting closed, and its memo approved by the chair with the client, who added a word. */
function memoSent(locale: Locale) {
  const d = realisticMeeting('closed', locale);
  d.do(P.youth, { type: 'memo.approve', clientComment: 'Muistio on hyvä, kiitos kaikille.' });
  return d;
}

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
        const d =
          stage === 'none'
            ? undefined
            : stage === 'memo sent'
              ? memoSent(locale)
              : realisticMeeting(stage, locale);
        for (const viewer of viewers) {
          const ctx: ViewContext = {
            locale,
            now: d?.now ?? TEST_NOW,
            ...(d ? { meeting: d.m, events: d.events } : {}),
            // Drawn for a conversation people outside the meeting read: for nobody in particular.
            ...(d && viewer === EXPOSED ? { exposed: true } : d ? { viewerId: d.id(viewer) } : {}),
            ...extra,
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
