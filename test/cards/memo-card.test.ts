import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { toSlackMessage } from '../../src/cards/slack/translate.js';
import { memoView } from '../../src/cards/view-models/memo.js';
import { LOCALES } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { assertGoodCard, assertNoLiteralText, hugeMeeting } from './aftercare-checks.js';
import { assertSlackBlocks } from './slack-support.js';

const URL = 'https://toivo.example.org/memo/m1.md';
const links = (card: object): unknown[] =>
  ((card as { actions?: { type: string; url: string }[] }).actions ?? [])
    .filter((a) => a.type === 'Action.OpenUrl')
    .map((a) => a.url);

describe('the memo card', () => {
  it('is a sound card in every language, with and without a link to the full memo', () => {
    assertNoLiteralText('memo');
    for (const locale of LOCALES) {
      const d = realisticMeeting('closed', locale);
      assertGoodCard(renderCard('memo', memoView({ locale, meeting: d.m, now: d.now })), `memo ${locale}`);
      assertGoodCard(
        renderCard('memo', memoView({ locale, meeting: d.m, now: d.now, memoUrl: URL })),
        `memo with link ${locale}`,
      );
    }
  });

  it('links to the full memo only when there is a link to give', () => {
    const m = realisticMeeting('closed').m;
    assert.deepEqual(
      links(renderCard('memo', memoView({ locale: 'fi', meeting: m, now: TEST_NOW, memoUrl: URL }))),
      [URL],
    );
    assert.deepEqual(links(renderCard('memo', memoView({ locale: 'fi', meeting: m, now: TEST_NOW }))), []);
  });

  it('tells in chat what was agreed: who does what by when, the responsible worker and the follow-up', () => {
    const d = realisticMeeting('closed');
    const json = JSON.stringify(renderCard('memo', memoView({ locale: 'fi', events: d.events, now: d.now })));
    for (const part of [
      '26. marraskuuta 2026',
      P.grandfather,
      'Haluan jaksaa käydä koulua',
      'Aamuherätys ja yhteinen aamupala arkisin: Liisa Laine, 4. joulukuuta 2026 mennessä, mukana Aino Laine',
      'Vastuutyöntekijä: Sanna Korhonen',
      'Seurantapalaveri: 14. tammikuuta 2027 klo 14.00',
      'Toiveikkaampi: 4,0 / 5',
      t('fi', 'memo.delivery'),
    ])
      assert.ok(json.includes(part), part);
    assert.ok(!json.includes('Tuntui, että minua kuunneltiin.'), 'comments stay in the full memo');
  });

  it('says too few answered the feedback when the poll closed with two answers, and shows no figures', () => {
    const d = realisticMeeting('followup');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.client, { type: 'feedback.answer', hopeful: 5, trusting: 4, clearer: 3 });
    d.do(P.nurse, {
      type: 'feedback.answer',
      hopeful: 2,
      trusting: 2,
      clearer: 2,
      onBehalfOf: d.id(P.grandfather),
    });
    d.do(P.youth, d.closeAnyway());
    for (const locale of LOCALES) {
      const json = JSON.stringify(renderCard('memo', memoView({ locale, events: d.events, now: d.now })));
      const answered = t(locale, 'feedback.count_behalf', { count: 2, behalf: 1 });
      assert.ok(json.includes(t(locale, 'memo.feedback_too_few', { answered, min: 3 })), locale);
      assert.doesNotMatch(json, /\d[,.]\d \/ 5/, `no averages in ${locale}`);
    }
  });

  it('of a follow-up meeting, says what was kept of what the meeting before agreed', () => {
    const d = realisticMeeting('closed');
    const m = {
      ...d.m,
      previousMeetingId: 'm0',
      review: [
        { id: 'c1', what: 'Kesätyöhakemus', ownerName: P.client, due: '2026-10-01', status: 'done' as const },
        {
          id: 'c2',
          what: 'Kotikäynti',
          ownerName: P.social,
          due: '2026-10-05',
          status: 'open' as const,
          outcome: 'continues' as const,
          outcomeNote: 'Sovitaan uusi aika',
        },
      ],
    };
    const card = renderCard('memo', memoView({ locale: 'fi', meeting: m, now: d.now }));
    assertGoodCard(card, 'memo of a follow-up');
    const json = JSON.stringify(card);
    for (const part of [
      t('fi', 'memo.review'),
      t('fi', 'memo.review_kept', { kept: 1, count: 2 }),
      'Kesätyöhakemus (Aino Laine, 1. lokakuuta 2026 mennessä): tehty',
      'Kotikäynti (Sanna Korhonen, 5. lokakuuta 2026 mennessä): jatkuu: Sovitaan uusi aika',
    ])
      assert.ok(json.includes(part), part);
    assert.ok(
      !JSON.stringify(renderCard('memo', memoView({ locale: 'fi', meeting: d.m, now: d.now }))).includes(
        t('fi', 'memo.review'),
      ),
    );
  });

  it('stays within Teams’ and Slack’s limits with 60 participants and 200 commitments, pointing to the memo for the rest', () => {
    const m = { ...hugeMeeting('closed').m, clientWish: 'Toive '.repeat(333) };
    for (const locale of LOCALES) {
      const card = renderCard('memo', memoView({ locale, meeting: m, now: TEST_NOW, memoUrl: URL }));
      assertGoodCard(card, `huge memo ${locale}`);
      assert.ok(
        JSON.stringify(card).includes(t(locale, 'card.memo.more_commitments', { shown: 10, count: 200 })),
      );
      assert.ok(JSON.stringify(card).includes(t(locale, 'card.memo.more_views', { shown: 8, count: 60 })));
      assertSlackBlocks(toSlackMessage(card, { more: '…' }).blocks, 'message');
    }
  });
});
