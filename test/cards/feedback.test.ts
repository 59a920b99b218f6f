import assert from 'node:assert/strict';
import { type AdaptiveCard, renderCard } from '../../src/cards/render.js';
import { toSlackMessage } from '../../src/cards/slack/translate.js';
import { feedbackPollView } from '../../src/cards/view-models/feedback-poll.js';
import { feedbackResultsView } from '../../src/cards/view-models/feedback-results.js';
import { LOCALES, type Locale, type Meeting, STATEMENTS } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { actionsOf, assertGoodCard, assertNoLiteralText, hugeMeeting } from './aftercare-checks.js';
import { assertSlackBlocks } from './slack-support.js';
import { type CardNode, elementsIn } from './support.js';

type Node = CardNode;
const nodes = (node: unknown): Node[] => elementsIn(node);
const inputs = (card: AdaptiveCard) => nodes(card).filter((n) => String(n.type).startsWith('Input.'));
const poll = (m: Meeting, viewerId: string, locale: Locale = 'fi') =>
  renderCard('feedback-poll', feedbackPollView({ locale, meeting: m, now: TEST_NOW, viewerId }));
const results = (m: Meeting, locale: Locale = 'fi') =>
  renderCard('feedback-results', feedbackResultsView({ locale, meeting: m, now: TEST_NOW }));
/** Averages as the card writes them, "4,1 / 5". */
const hasFigures = (card: AdaptiveCard) => /\d[,.]\d \/ 5/.test(JSON.stringify(card));

/** The feedback phase with the client and her mother answered. */
function twoAnswers() {
  const d = realisticMeeting('followup');
  d.do(P.youth, { type: 'phase.next' });
  d.do(P.client, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 5, comment: 'Hyvä.' });
  d.do(P.mother, { type: 'feedback.answer', hopeful: 2, trusting: 3, clearer: 4 });
  return d;
}

describe('the feedback poll card', () => {
  it('is a sound card in every language, for each participant, and after the poll closed', () => {
    assertNoLiteralText('feedback-poll');
    for (const locale of LOCALES) {
      for (const stage of ['feedback', 'closed'] as const) {
        const d = realisticMeeting(stage, locale);
        for (const who of [P.client, P.mother, P.nurse, P.youth])
          assertGoodCard(poll(d.m, d.id(who), locale), `poll ${stage} ${locale} ${who}`);
      }
    }
  });

  it('asks the three statements of the benefit meter in each language, 1 to 5 with the ends named', () => {
    for (const locale of LOCALES) {
      const d = realisticMeeting('feedback', locale);
      const choiceSets = inputs(poll(d.m, d.id(P.client), locale)).filter(
        (n) => n.type === 'Input.ChoiceSet',
      );
      assert.deepEqual(
        choiceSets.map((n) => [n.id, n.label, n.style]),
        STATEMENTS.map((s) => [s, t(locale, `feedback.statement.${s}`), 'expanded']),
      );
      const choices = choiceSets[0]?.choices as { title: string; value: string }[];
      assert.deepEqual(
        choices.map((c) => c.value),
        ['1', '2', '3', '4', '5'],
      );
      assert.equal(`${choices[0]?.title}, ${choices[4]?.title}`, t(locale, 'feedback.scale'));
    }
  });

  it('shows people their own earlier answer, and says the answers are anonymous', () => {
    const d = realisticMeeting('feedback');
    const card = poll(d.m, d.id(P.client));
    const value = (id: string) => inputs(card).find((n) => n.id === id)?.value;
    assert.deepEqual(['hopeful', 'trusting', 'clearer', 'comment'].map(value), [
      '4',
      '4',
      '5',
      'Tuntui, että minua kuunneltiin.',
    ]);
    assert.ok(JSON.stringify(card).includes(t('fi', 'card.feedback-poll.anonymous', { min: 3 })));
    const [send] = actionsOf(card);
    assert.equal(send?.verb, 'feedback.answer');
  });

  it('lets the chair or note-taker answer for the grandfather, who has no chat account, and nobody else', () => {
    const d = realisticMeeting('feedback');
    for (const keeper of [P.youth, P.nurse]) {
      const card = poll(d.m, d.id(keeper));
      const behalf = inputs(card).find((n) => n.id === 'onBehalfOf');
      assert.deepEqual(
        ((behalf?.choices ?? []) as { value: string }[]).map((c) => c.value),
        [d.id(P.grandfather)],
      );
      const forHim = actionsOf(card).find((a) => (a.data as Node).behalf === 'true');
      assert.equal(forHim?.verb, 'feedback.answer');
    }
    const client = poll(d.m, d.id(P.client));
    assert.ok(!inputs(client).some((n) => n.id === 'onBehalfOf'));
    assert.ok(!actionsOf(client).some((a) => (a.data as Node).behalf === 'true'));
  });

  it('after the poll closed asks nothing and says so', () => {
    const d = realisticMeeting('closed');
    const card = poll(d.m, d.id(P.youth));
    assert.deepEqual(inputs(card), []);
    assert.deepEqual(actionsOf(card), []);
    assert.ok(JSON.stringify(card).includes(t('fi', 'rejection.feedback.closed')));
  });
});

describe('the feedback results card', () => {
  it('is a sound card in every language while the poll is open and after it closed', () => {
    assertNoLiteralText('feedback-results');
    for (const locale of LOCALES) {
      for (const stage of ['followup', 'feedback', 'closed'] as const)
        assertGoodCard(results(realisticMeeting(stage, locale).m, locale), `results ${stage} ${locale}`);
      assertGoodCard(results(twoAnswers().m, locale), `results of two ${locale}`);
    }
  });

  it('shows no figures with 2 answers, only who answered', () => {
    const d = twoAnswers();
    const card = results(d.m);
    const json = JSON.stringify(card);
    assert.ok(!hasFigures(card), 'no averages');
    assert.equal(nodes(card).filter((n) => n.type === 'FactSet').length, 0, 'no counts per score');
    assert.ok(!json.includes('Hyvä.'), 'no comments');
    assert.ok(json.includes(t('fi', 'card.feedback-results.hidden', { min: 3 })));
    assert.ok(json.includes(`${P.client} ja ${P.mother}`), 'who has answered, by name');
  });

  it('while the poll is open shows no figures and no comments however many answered, only how many and who', () => {
    const d = realisticMeeting('feedback');
    assert.equal(
      Object.keys(d.m.feedback).length,
      7,
      'all seven answered, the grandfather through the nurse',
    );
    for (const locale of LOCALES) {
      const card = results(d.m, locale);
      const json = JSON.stringify(card);
      assert.ok(!hasFigures(card), `no averages in ${locale}`);
      assert.equal(nodes(card).filter((n) => n.type === 'FactSet').length, 0, 'no counts per score');
      assert.ok(!json.includes('Tuntui, että minua kuunneltiin.'), 'no comments');
      assert.ok(!json.includes(t(locale, 'memo.feedback_comments')), 'no comments heading');
      assert.ok(json.includes(t(locale, 'card.feedback-results.hidden', { min: 3 })));
      assert.ok(json.includes(t(locale, 'feedback.count_behalf', { count: 7, behalf: 1 })), 'the count');
    }
    assert.ok(
      JSON.stringify(results(d.m, 'en')).includes(
        "7 answered (1 of them on someone's behalf): Sanna Korhonen, Aino Laine, Liisa Laine, Matti Laine,",
      ),
      'the count marks the answer given on someone’s behalf, the names do not',
    );
  });

  it('shows the averages, the counts per score and the comments once the poll closed with 3 answers', () => {
    const d = twoAnswers();
    d.do(P.nurse, {
      type: 'feedback.answer',
      hopeful: 3,
      trusting: 5,
      clearer: 4,
      onBehalfOf: d.id(P.grandfather),
    });
    assert.ok(!hasFigures(results(d.m)), 'not while the poll is open');
    d.do(P.youth, d.closeAnyway());
    const fi = JSON.stringify(results(d.m, 'fi'));
    assert.ok(fi.includes('Toiveikkaampi: 3,0 / 5'), 'the average with a decimal comma');
    assert.ok(fi.includes('Luottavaisempi: 4,0 / 5'));
    assert.ok(fi.includes('Hyvä.'));
    assert.ok(fi.includes(t('fi', 'rejection.feedback.closed')));
    assert.ok(fi.includes(t('fi', 'feedback.count_behalf', { count: 3, behalf: 1 })));
    assert.ok(JSON.stringify(results(d.m, 'en')).includes('More hopeful: 3.0 / 5'));
    const counts = nodes(results(d.m, 'fi'))
      .filter((n) => n.type === 'FactSet')
      .map((n) => (n.facts as { value: string }[]).map((f) => f.value));
    assert.deepEqual(counts[0], ['0 vastausta', '1 vastaus', '1 vastaus', '1 vastaus', '0 vastausta']);
    assert.ok(!actionsOf(results(d.m)).some((a) => a.verb === 'ui.feedback_poll'), 'no way to answer');
  });

  it('closed with 2 answers says too few answered, and shows no figures and no comments', () => {
    const d = twoAnswers();
    d.do(P.youth, d.closeAnyway());
    for (const locale of LOCALES) {
      const card = results(d.m, locale);
      const json = JSON.stringify(card);
      assert.ok(!hasFigures(card), `no averages in ${locale}`);
      assert.equal(nodes(card).filter((n) => n.type === 'FactSet').length, 0, 'no counts per score');
      assert.ok(!json.includes('Hyvä.'), 'no comments');
      assert.ok(json.includes(t(locale, 'card.feedback-results.too_few', { count: 2, min: 3 })));
      assert.ok(json.includes(t(locale, 'rejection.feedback.closed')));
      assert.ok(
        !json.includes(t(locale, 'card.feedback-results.hidden', { min: 3 })),
        'nothing more to come',
      );
    }
    assert.ok(
      !actionsOf(results(d.m)).some((a) => a.verb === 'ui.feedback_poll'),
      'no way to answer a closed poll',
    );
  });

  it('stays within Teams’ and Slack’s limits when 60 people answered with the longest comments', () => {
    const m = hugeMeeting('closed').m;
    const answered: Meeting = {
      ...m,
      feedback: Object.fromEntries(
        m.participants.map((p, i) => [
          p.id,
          {
            hopeful: (i % 5) + 1,
            trusting: 5 - (i % 5),
            clearer: 3,
            comment: `${i} ${'Kiitos, että sain puhua. '.repeat(40)}`.slice(0, 1000),
            onBehalf: false,
          },
        ]),
      ),
    };
    for (const locale of LOCALES) {
      const card = results(answered, locale);
      assertGoodCard(card, `huge results ${locale}`);
      assert.ok(
        JSON.stringify(card).includes(t(locale, 'card.feedback-results.more_comments', { count: 50 })),
      );
      assertSlackBlocks(toSlackMessage(card, { more: '…' }).blocks, 'message');
      const open = { ...answered, phase: 'feedback' as const, pollClosed: false };
      assertGoodCard(poll(open, open.chairId ?? '', locale), `huge poll ${locale}`);
    }
  });
});
