/**
 * The board and the invitation drawn for a conversation that people outside the meeting read (a
 * Slack channel): where the meeting is and whose turn it is, never the care data, and no button
 * but the one that opens one's own view (and "this is me" for someone invited by name).
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack } from '../../src/cards/cards.js';
import type { SlackMessage } from '../../src/cards/slack/types.js';
import { VERBS } from '../../src/cards/verbs.js';
import { LOCALES } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { realisticMeeting, STAGES } from '../support/realistic-meeting.js';
import { elementsIn } from './support.js';

/** Everything a meeting holds that only its own people may read. */
function careData(d: ReturnType<typeof realisticMeeting>): string[] {
  const m = d.m;
  return [
    ...(m.clientWish ? [m.clientWish] : []),
    ...m.notes.map((n) => n.text),
    ...m.commitments.flatMap((c) => [c.what, c.confirmation?.clientComment ?? '']),
  ].filter((x) => x.length > 3);
}

describe('cards where people outside the meeting read along', () => {
  for (const stage of STAGES) {
    it(`${stage}: the board and the invitation show no care data, and offer only one's own view`, () => {
      for (const locale of LOCALES) {
        const d = realisticMeeting(stage, locale);
        const ctx = { locale, now: d.now, meeting: d.m, exposed: true };
        const secrets = careData(d);
        for (const surface of ['board', 'invitation'] as const) {
          const card = buildCard(surface, ctx);
          const json = JSON.stringify(card);
          for (const secret of secrets)
            assert.ok(!json.includes(secret), `${surface} ${stage} shows "${secret}"`);
          const verbs = elementsIn(card)
            .filter((n) => n.type === 'Action.Execute')
            .map((n) => n.verb);
          const allowed = surface === 'board' ? [VERBS.openMyView] : [VERBS.accountClaim];
          assert.deepEqual(
            verbs.filter((v) => !allowed.includes(v as never)),
            [],
            `${surface} ${stage} offers a step of someone's own`,
          );
        }
        const board = buildSlack('board', ctx) as SlackMessage;
        assert.ok(
          JSON.stringify(board).includes(t(locale, 'card.board.action.my_view')),
          `${stage}: own view`,
        );
      }
    });
  }
});
