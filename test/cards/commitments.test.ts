import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { toSlackMessage } from '../../src/cards/slack/translate.js';
import { formatDate } from '../../src/cards/view-models/card-format.js';
import { today } from '../../src/cards/view-models/commitment-facts.js';
import { commitmentFormView } from '../../src/cards/view-models/commitment-form.js';
import { commitmentsView } from '../../src/cards/view-models/commitments.js';
import { LOCALES, type Locale } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { PEOPLE, realisticMeeting, type Stage } from '../support/realistic-meeting.js';
import {
  actionsOf,
  assertGoodCard,
  assertNoLiteralText,
  hugeMeeting,
  inputById,
} from './aftercare-checks.js';

const input = inputById;

const form = (stage: Stage, viewer: string, commitmentId?: string, locale: Locale = 'en') => {
  const d = realisticMeeting(stage, locale);
  const ctx = {
    locale,
    meeting: d.m,
    now: d.now,
    viewerId: d.id(viewer),
    ...(commitmentId ? { commitmentId } : {}),
  };
  return { d, card: renderCard('commitment-form', commitmentFormView(ctx)) };
};

describe('the commitment form card', () => {
  it('is a valid, portable card with every text from the locales, in every language and stage it is used', () => {
    assertNoLiteralText('commitment-form');
    for (const locale of LOCALES)
      for (const stage of ['discussion', 'summary'] as const)
        for (const viewer of [PEOPLE.nurse, PEOPLE.mother, PEOPLE.client]) {
          assertGoodCard(form(stage, viewer, undefined, locale).card, `form ${stage} ${locale} ${viewer}`);
          if (stage === 'summary')
            assertGoodCard(form(stage, viewer, 'c1', locale).card, `edit ${locale} ${viewer}`);
        }
  });

  it('offers every participant as the one who does it when the note-taker writes it down', () => {
    const { d, card } = form('summary', PEOPLE.nurse);
    const offered = input(card, 'ownerId')?.choices?.map((c) => c.value);
    assert.deepEqual(new Set(offered), new Set(d.m.participants.map((p) => p.id)));
    assert.equal(offered?.[0], d.id(PEOPLE.client), 'the client comes first');
    assert.equal(input(card, 'withParticipants')?.choices?.length, d.m.participants.length);
  });

  it('offers only themself to someone who may write down only their own commitments', () => {
    const { d, card } = form('discussion', PEOPLE.mother);
    assert.deepEqual(
      input(card, 'ownerId')?.choices?.map((c) => c.value),
      [d.id(PEOPLE.mother)],
    );
    assert.equal(input(card, 'ownerId')?.value, d.id(PEOPLE.mother));
    assert.match(JSON.stringify(card), /own commitments/);
  });

  it('labels each person with their role, so that a close one and a worker are told apart', () => {
    const json = JSON.stringify(form('summary', PEOPLE.nurse, undefined, 'fi').card);
    assert.match(json, /Liisa Laine \(läheinen, äiti\)/);
    assert.match(json, /Pekka Virtanen \(työntekijä, luokanvalvoja\)/);
  });

  it('adds with commitment.add and guides towards who, what, by when and with whom', () => {
    const { card } = form('summary', PEOPLE.nurse);
    const [save, ...others] = actionsOf(card);
    assert.equal(others.length, 0);
    assert.equal(save?.verb, 'commitment.add');
    assert.match(JSON.stringify(card), new RegExp(t('en', 'card.commitment-form.guide')));
  });

  it('changes a commitment filled in as it is, saying that the client will be asked again', () => {
    const { d, card } = form('summary', PEOPLE.nurse, 'c2');
    const c2 = d.m.commitments.find((c) => c.id === 'c2');
    assert.equal(input(card, 'what')?.value, c2?.what);
    assert.equal(input(card, 'ownerId')?.value, d.id(PEOPLE.youth));
    assert.equal(input(card, 'due')?.value, '2026-12-11');
    assert.equal(input(card, 'withParticipants')?.value, d.id(PEOPLE.client));
    assert.equal(input(card, 'withOthers')?.value, 'Nuorisotalon ohjaaja');
    const [save] = actionsOf(card);
    assert.equal(save?.verb, 'commitment.edit');
    assert.equal(save?.data.commitmentId, 'c2');
    assert.match(JSON.stringify(card), new RegExp(t('en', 'card.commitment-form.edit_note')));
  });

  it('offers no day before today in the meeting’s time zone', () => {
    const { d, card } = form('summary', PEOPLE.nurse);
    assert.equal(input(card, 'due')?.min, today(d.m, d.now));
    // 23.30 in UTC is already the next day in Helsinki.
    assert.equal(today(d.m, '2026-11-26T23:30:00Z'), '2026-11-27');
  });

  it('stays within Teams’ limit with 60 participants whose names are as long as allowed', () => {
    const d = hugeMeeting('summary');
    const card = renderCard(
      'commitment-form',
      commitmentFormView({
        locale: 'fi',
        meeting: d.m,
        now: d.now,
        viewerId: d.id(PEOPLE.nurse),
        commitmentId: 'c1',
      }),
    );
    assertGoodCard(card, 'form with 60 participants');
    assert.equal(input(card, 'ownerId')?.choices?.length, 60);
  });
});

const list = (d: ReturnType<typeof realisticMeeting>, viewer: string | undefined, locale: Locale = 'en') =>
  renderCard(
    'commitments',
    commitmentsView({
      locale,
      meeting: d.m,
      now: d.now,
      ...(viewer ? { viewerId: d.id(viewer) } : {}),
      memoUrl: 'https://toivo.example/memo/m1',
    }),
  );

const verbsFor = (card: object, commitmentId: string) =>
  actionsOf(card)
    .filter((a) => a.data.commitmentId === commitmentId)
    .map((a) => `${a.verb}${a.data.status ? `:${a.data.status}` : ''}`);

describe('the commitments card', () => {
  it('is a valid, portable card with every text from the locales, for everyone at every stage it is used', () => {
    assertNoLiteralText('commitments');
    for (const locale of LOCALES)
      for (const stage of ['discussion', 'summary', 'followup', 'feedback', 'closed'] as const) {
        const d = realisticMeeting(stage, locale);
        for (const viewer of [...Object.values(PEOPLE), undefined])
          assertGoodCard(list(d, viewer, locale), `commitments ${stage} ${locale} ${viewer}`);
      }
  });

  it('says when nothing has been agreed yet', () => {
    const json = JSON.stringify(list(realisticMeeting('discussion'), PEOPLE.client));
    assert.match(json, new RegExp(t('en', 'card.commitments.none')));
  });

  it('shows what, who, by when in the language’s date format, with whom, and the client’s addition', () => {
    for (const locale of LOCALES) {
      const json = JSON.stringify(list(realisticMeeting('summary', locale), PEOPLE.teacher, locale));
      assert.ok(json.includes('Aamuherätys ja yhteinen aamupala arkisin'));
      assert.ok(json.includes(formatDate(locale, '2026-12-04')), `${locale} due date`);
      assert.ok(json.includes('Nuorisotalon ohjaaja'));
      assert.ok(json.includes('Ei ennen seitsemää.'));
      assert.ok(json.includes(t(locale, 'card.commitments.check_yes')));
    }
  });

  it('lets the client mark an unchecked commitment as checked, while the teacher only sees it is not yet checked', () => {
    const d = realisticMeeting('summary');
    d.do(PEOPLE.nurse, {
      type: 'commitment.add',
      what: 'Koulumatka yhdessä maanantaisin',
      ownerId: d.id(PEOPLE.grandfather),
      due: '2026-12-07',
    });
    const forClient = list(d, PEOPLE.client);
    assert.deepEqual(verbsFor(forClient, 'c4'), ['commitment.confirm']);
    assert.ok(input(forClient, 'clientComment-c4'));
    assert.deepEqual(verbsFor(forClient, 'c1'), [], 'a checked commitment is not checked again');
    assert.equal(input(forClient, 'clientComment-c1'), undefined);
    const forTeacher = list(d, PEOPLE.teacher);
    assert.deepEqual(verbsFor(forTeacher, 'c4'), []);
    assert.ok(JSON.stringify(forTeacher).includes(t('en', 'card.commitments.check_not_yet')));
    assert.equal(input(forTeacher, 'clientComment-c4'), undefined);
    assert.deepEqual(verbsFor(list(d, PEOPLE.nurse), 'c4'), ['commitment.confirm', 'ui.commitment_form']);
  });

  it('checks with the client as a person: one box per commitment, the client spoken to as “you”, others asking by first name once', () => {
    const d = realisticMeeting('summary');
    for (const [what, due] of [
      ['Koulumatka yhdessä maanantaisin', '2026-12-07'],
      ['Soitto koululle', '2026-12-08'],
    ] as const)
      d.do(PEOPLE.nurse, { type: 'commitment.add', what, ownerId: d.id(PEOPLE.grandfather), due });
    const unchecked = ['c4', 'c5'];
    const forClient = list(d, PEOPLE.client);
    const said = JSON.stringify(forClient);
    assert.ok(said.includes(t('en', 'card.commitments.confirm_heading_client')));
    assert.ok(said.includes(t('en', 'prompt.client_check_client')));
    for (const id of unchecked) {
      assert.equal(input(forClient, `clientComment-${id}`)?.label, 'I want to add…', id);
      const confirm = actionsOf(forClient).find((a) => a.data.commitmentId === id);
      assert.equal(confirm?.title, 'This suits me', id);
    }
    assert.ok(!said.includes('how have you understood'), 'not the question others ask them');
    assert.ok(!/the client/i.test(said.replace(t('en', 'card.commitments.check_not_yet'), '')), said);

    // The nurse keeps the record: she asks Aino by her first name, once, and types what Aino adds.
    const forNurse = list(d, PEOPLE.nurse);
    const asked = JSON.stringify(forNurse).split('Aino, how have you understood these?').length - 1;
    assert.equal(asked, 1, 'the question once, not at every commitment');
    for (const id of unchecked)
      assert.equal(input(forNurse, `clientComment-${id}`)?.label, 'Aino wants to add (optional)', id);
  });

  it('says to the client what is hers as “you”: the commitments she does and those done with her', () => {
    for (const locale of LOCALES) {
      const d = realisticMeeting('summary', locale);
      d.do(PEOPLE.nurse, {
        type: 'commitment.add',
        what: 'Herätyskello omaan huoneeseen',
        ownerId: d.id(PEOPLE.client),
        due: '2026-12-02',
      });
      const facts = (viewer: string) =>
        Object.fromEntries(
          commitmentsView({ locale, meeting: d.m, now: d.now, viewerId: d.id(viewer) }).items.map((i) => [
            i.id,
            Object.fromEntries(i.facts.map((f) => [f.title, f.value])),
          ]),
        );
      const [who, withWhom] = [t(locale, 'card.commitments.who'), t(locale, 'card.commitments.with')];
      const hers = facts(PEOPLE.client);
      assert.equal(hers.c4?.[who], t(locale, 'card.commitments.you_do'), `${locale}: she does it`);
      assert.equal(hers.c1?.[withWhom], t(locale, 'card.commitments.with_you_too'), `${locale}: with her`);
      assert.ok(hers.c2?.[withWhom]?.startsWith(t(locale, 'card.commitments.with_you_too')), locale);
      assert.ok(!JSON.stringify(hers).includes(PEOPLE.client), `${locale}: never her full name`);
      const mothers = facts(PEOPLE.mother);
      assert.equal(mothers.c4?.[who], PEOPLE.client, locale);
      assert.equal(mothers.c1?.[withWhom], PEOPLE.client, locale);
    }
  });

  it('offers to change a commitment to its owner and to the chair and note-taker only', () => {
    const d = realisticMeeting('summary');
    // The core takes status changes from the summary on, from the owner, the chair and the responsible worker.
    const status = ['commitment.status:done', 'commitment.status:needs_help', 'commitment.status:postponed'];
    assert.deepEqual(verbsFor(list(d, PEOPLE.mother), 'c1'), [...status, 'ui.commitment_form']);
    assert.deepEqual(verbsFor(list(d, PEOPLE.mother), 'c3'), []);
    for (const id of ['c1', 'c2', 'c3']) {
      assert.deepEqual(verbsFor(list(d, PEOPLE.youth), id), [...status, 'ui.commitment_form']);
      assert.deepEqual(verbsFor(list(d, PEOPLE.nurse), id), ['ui.commitment_form']);
    }
    assert.deepEqual(verbsFor(list(d, PEOPLE.client), 'c1'), []);
  });

  it('shows “done” in words once a commitment is done', () => {
    for (const locale of LOCALES) {
      const d = realisticMeeting('closed', locale);
      d.do(PEOPLE.mother, { type: 'commitment.status', commitmentId: 'c1', status: 'done' });
      const json = JSON.stringify(list(d, PEOPLE.teacher, locale));
      assert.ok(json.includes(`"value":"${t(locale, 'commitment.status.done')}"`), locale);
      assert.deepEqual(verbsFor(list(d, PEOPLE.mother, locale), 'c1'), [
        'commitment.status:needs_help',
        'commitment.status:postponed',
      ]);
    }
  });

  it('gives the status buttons after the meeting to the owner, the chair and the responsible worker', () => {
    const d = realisticMeeting('closed');
    const all = ['commitment.status:done', 'commitment.status:needs_help', 'commitment.status:postponed'];
    assert.deepEqual(verbsFor(list(d, PEOPLE.mother), 'c1'), all);
    assert.deepEqual(verbsFor(list(d, PEOPLE.mother), 'c3'), []);
    for (const who of [PEOPLE.youth, PEOPLE.social])
      for (const id of ['c1', 'c2', 'c3']) assert.deepEqual(verbsFor(list(d, who), id), all, `${who} ${id}`);
    assert.deepEqual(verbsFor(list(d, PEOPLE.client), 'c2'), []);
    const card = list(d, PEOPLE.mother);
    assert.ok(input(card, 'newDue'), 'postponing asks for the new date');
    assert.equal(input(card, 'clientComment-c1'), undefined, 'no checking after the summary');
  });

  it('shows the viewer’s own commitments first, numbered as in the memo', () => {
    const d = realisticMeeting('closed');
    const view = commitmentsView({ locale: 'en', meeting: d.m, now: d.now, viewerId: d.id(PEOPLE.teacher) });
    assert.deepEqual(
      view.items.map((i) => i.heading.split('.')[0]),
      ['3', '1', '2'],
      'the teacher’s own first',
    );
  });

  it('fits 200 commitments in one Teams card and one Slack message, leaving the rest to the memo', () => {
    for (const stage of ['summary', 'closed'] as const) {
      const d = hugeMeeting(stage);
      for (const viewer of [PEOPLE.youth, PEOPLE.nurse, PEOPLE.client, PEOPLE.teacher, PEOPLE.social]) {
        for (const locale of LOCALES) {
          const view = commitmentsView({ locale, meeting: d.m, now: d.now, viewerId: d.id(viewer) });
          const card = renderCard('commitments', view);
          assertGoodCard(card, `200 commitments ${stage} ${viewer} ${locale}`);
          assert.ok(view.items.length >= 8, `${view.items.length} shown to ${viewer}`);
          const more = t(locale, 'card.commitments.more', { count: 200 - view.items.length });
          assert.ok(JSON.stringify(card).includes(more));
          const slack = toSlackMessage(card, { more: 'CUT BY THE TRANSLATOR' });
          assert.ok(slack.blocks.length <= 50);
          assert.ok(
            !JSON.stringify(slack).includes('CUT BY THE TRANSLATOR'),
            `${stage} ${viewer}: Slack cut the list`,
          );
        }
      }
    }
  });
});
