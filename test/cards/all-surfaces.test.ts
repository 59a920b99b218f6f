/**
 * Every surface × every language × a realistic meeting at the phases where the surface is used,
 * for the people who see it: a valid Adaptive Card 1.5 for Teams, and Block Kit within Slack's limits.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack, FORMS, VIEW_MODELS } from '../../src/cards/cards.js';
import { SURFACES, type Surface, templateOf } from '../../src/cards/render.js';
import type { ModalView, SlackMessage } from '../../src/cards/slack/types.js';
import { isVerb } from '../../src/cards/verbs.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { LOCALES, reject } from '../../src/core/index.js';
import { TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, type Stage } from '../support/realistic-meeting.js';
import { assertSlackBlocks, assertSlackModal } from './slack-support.js';
import {
  assertValidCard,
  bytes,
  elementsIn,
  literalTexts,
  PORTABLE,
  TEAMS_CARD_BYTES,
  typesIn,
} from './support.js';

/** A viewer that stands for a shared drawing where people outside the meeting read along. */
const EXPOSED = 'exposed';
/** Where each surface is used, and who looks at it. */
const USES: Record<
  Surface,
  { stages: readonly (Stage | 'none')[]; viewers: readonly string[]; extra?: Partial<ViewContext> }
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
  memo: { stages: ['closed'], viewers: [P.mother], extra: { memoUrl: 'https://toivo.example/m/1/memo.md' } },
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
};

/** Inputs without a label: a screen reader could not say what they ask. */
const unlabelledInputs = (card: unknown): string[] =>
  elementsIn(card)
    .filter((n) => String(n.type).startsWith('Input.') && !(typeof n.label === 'string' && n.label.trim()))
    .map((n) => String(n.id));

/** Every verb a card's actions carry. */
const verbsIn = (card: unknown): string[] =>
  elementsIn(card)
    .map((n) => n.verb)
    .filter((v): v is string => typeof v === 'string');

describe('every card, in every language, for Teams and for Slack', () => {
  it('every surface has a template and a view-model', () => {
    assert.deepEqual(Object.keys(VIEW_MODELS).sort(), [...SURFACES].sort());
  });

  for (const surface of SURFACES) {
    it(`${surface}: the template keeps to the portable subset and holds no text of its own`, () => {
      const template = templateOf(surface);
      const outside = [...typesIn(template)].filter((t) => !PORTABLE.has(t));
      assert.deepEqual(outside, [], `${surface} uses elements Slack cannot show`);
      assert.deepEqual(literalTexts(template), [], `${surface} has text outside the locale files`);
    });

    it(`${surface}: valid Adaptive Card 1.5 and Block Kit within limits, fi/sv/en, for each viewer`, () => {
      const { stages, viewers, extra } = USES[surface];
      let rendered = 0;
      for (const locale of LOCALES) {
        for (const stage of stages) {
          const d = stage === 'none' ? undefined : realisticMeeting(stage, locale);
          for (const viewer of viewers) {
            const ctx: ViewContext = {
              locale,
              now: d?.now ?? TEST_NOW,
              ...(d ? { meeting: d.m, events: d.events } : {}),
              // Drawn for a conversation people outside the meeting read: for nobody in particular.
              ...(d && viewer === EXPOSED ? { exposed: true } : d ? { viewerId: d.id(viewer) } : {}),
              ...extra,
            };
            const what = `${surface} ${locale} ${stage} for ${viewer}`;
            const card = buildCard(surface, ctx);
            assertValidCard(card, what);
            const json = JSON.stringify(card);
            assert.ok(!json.includes('${'), `${what}: an unfilled binding`);
            assert.ok(
              [...typesIn(card)].every((t) => PORTABLE.has(t)),
              what,
            );
            assert.ok(bytes(card) < TEAMS_CARD_BYTES, `${what}: ${bytes(card)} bytes`);
            for (const verb of verbsIn(card)) assert.ok(isVerb(verb), `${what}: unknown verb ${verb}`);
            assert.deepEqual(unlabelledInputs(card), [], `${what}: every input says what it asks`);
            for (const action of elementsIn(card).filter((n) => n.type === 'Action.Execute')) {
              const fallback = action.fallback as { type?: string; data?: { verb?: string } } | undefined;
              assert.equal(
                fallback?.type,
                'Action.Submit',
                `${what}: ${action.verb} has no Action.Submit fallback`,
              );
              assert.equal(
                fallback?.data?.verb,
                action.verb,
                `${what}: the fallback of ${action.verb} says another verb`,
              );
            }
            const slack = buildSlack(surface, ctx);
            if (FORMS.has(surface)) assertSlackModal(slack as ModalView);
            else assertSlackBlocks((slack as SlackMessage).blocks, 'message');
            rendered++;
          }
        }
      }
      assert.ok(rendered >= 3);
    });
  }
});
