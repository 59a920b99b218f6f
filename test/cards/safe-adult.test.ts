/** A young client's safe adult: named on the invitation form, kept by the core, shown where people are listed. */

import assert from 'node:assert/strict';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import { refusedInput } from '../../src/cards/refused-input.js';
import { renderCard } from '../../src/cards/render.js';
import { commandsOf } from '../../src/cards/submit.js';
import { boardView } from '../../src/cards/view-models/board.js';
import { invitationView } from '../../src/cards/view-models/invitation.js';
import { invitationFormView } from '../../src/cards/view-models/invitation-form.js';
import { memoView } from '../../src/cards/view-models/memo.js';
import {
  type Command,
  decide,
  type Event,
  evolve,
  isRejection,
  LOCALES,
  type Meeting,
  type Participant,
} from '../../src/core/index.js';
import { describeRejection, t } from '../../src/i18n/index.js';
import { invitationFields } from '../channels/playground-browser.js';
import { TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { actionsOf } from './aftercare-checks.js';
import { type CardNode, elementsIn } from './support.js';

const nodes = (node: unknown): CardNode[] => elementsIn(node);
const factsOf = (card: object) =>
  nodes(card)
    .filter((n) => n.type === 'FactSet')
    .flatMap((n) => n.facts as { title: string; value: string }[]);

/** The mother named as the safe adult, as if she had been on the invitation form. */
const named = (p: Participant): Participant => (p.name === P.mother ? { ...p, safeAdult: true } : p);
const withSafeAdult = (m: Meeting): Meeting => ({ ...m, participants: m.participants.map(named) });
const eventsWithSafeAdult = (events: readonly Event[]): Event[] =>
  events.map((e) =>
    e.type === 'meeting.created' ? ({ ...e, participants: e.participants.map(named) } as Event) : e,
  );

/** The invitation form filled for Eetu's meeting: the teacher (a worker) on row 1, the mother on row 2. */
const FORM: Readonly<Record<string, string>> = invitationFields({
  purpose: 'Eetun koulunkäynti',
  topics: 'Poissaolot',
  invitee1Name: P.teacher,
  invitee1Role: 'worker',
  invitee1Relation: 'opettaja',
  invitee2Name: P.mother,
  invitee2Relation: 'äiti',
  invitee2Account: 'yes',
});

describe('a young client’s safe adult', () => {
  it('the invitation form asks which invitee sits beside the client, in every language', () => {
    for (const locale of LOCALES) {
      const card = renderCard('invitation-form', invitationFormView({ locale, now: TEST_NOW }));
      const choice = nodes(card).find((n) => n.id === 'safeAdult');
      assert.equal(choice?.type, 'Input.ChoiceSet');
      assert.equal(choice?.label, t(locale, 'card.invitation-form.safe_adult'));
      const choices = choice?.choices as { title: string; value: string }[];
      assert.equal(choice?.value, 'none', 'nobody is named unless the convener chooses');
      assert.deepEqual(choices[0], {
        title: t(locale, 'card.invitation-form.safe_adult_none'),
        value: 'none',
      });
      assert.deepEqual(choices[3], {
        title: t(locale, 'card.invitation-form.row', { n: 3 }),
        value: 'invitee3',
      });
    }
  });

  it('the chosen row becomes the safe adult of the meeting the core creates', () => {
    const fields: Record<string, string> = { ...FORM, safeAdult: 'invitee2' };
    const routed = commandsOf({ verb: 'meeting.create', fields }, undefined, { account: 'U-SANNA' });
    assert.ok(!isRejection(routed) && routed.kind === 'commands', JSON.stringify(routed));
    const result = decide(undefined, routed.commands[0] as Command, { now: TEST_NOW, meetingId: 'm1' });
    assert.ok(!isRejection(result), JSON.stringify(result));
    const created = result[0];
    assert.ok(created?.type === 'meeting.created');
    assert.deepEqual(
      created.participants.filter((p) => p.safeAdult).map((p) => p.name),
      [P.mother],
    );
    const none = commandsOf({ verb: 'meeting.create', fields: { ...fields, safeAdult: 'none' } }, undefined, {
      account: 'U-SANNA',
    });
    assert.ok(!isRejection(none) && none.kind === 'commands');
    const nobody = decide(undefined, none.commands[0] as Command, { now: TEST_NOW, meetingId: 'm1' });
    assert.ok(!isRejection(nobody) && nobody[0]?.type === 'meeting.created');
    assert.equal(
      nobody[0].participants.some((p) => p.safeAdult),
      false,
    );
  });

  it('a worker chosen as the safe adult is refused on the choice itself, with the reason in the form’s language', () => {
    const fields: Record<string, string> = { ...FORM, safeAdult: 'invitee1' };
    const routed = commandsOf({ verb: 'meeting.create', fields }, undefined, { account: 'U-SANNA' });
    assert.ok(!isRejection(routed) && routed.kind === 'commands');
    const refused = decide(undefined, routed.commands[0] as Command, { now: TEST_NOW, meetingId: 'm1' });
    assert.ok(isRejection(refused));
    assert.equal(refused.code, 'participant.safe_adult_not_close');
    const ids = nodes(renderCard('invitation-form', invitationFormView({ locale: 'fi', now: TEST_NOW })))
      .filter((n) => String(n.type).startsWith('Input.'))
      .map((n) => String(n.id));
    assert.equal(refusedInput(refused, ids, fields), 'safeAdult');
  });

  it('the invitation card says it after her name, and of nobody else', () => {
    for (const locale of LOCALES) {
      const m = withSafeAdult(realisticMeeting('invited', locale).m);
      const facts = factsOf(renderCard('invitation', invitationView({ locale, meeting: m, now: TEST_NOW })));
      const said = t(locale, 'role.safe_adult');
      assert.deepEqual(
        facts.filter((f) => f.value.includes(said)).map((f) => f.title),
        [P.mother],
      );
    }
  });

  it('the board’s list of people says it', () => {
    const d = realisticMeeting('discussion');
    const m = withSafeAdult(d.m);
    const facts = factsOf(renderCard('board', boardView({ locale: 'fi', meeting: m, now: d.now })));
    const mother = facts.find((f) => f.title === P.mother);
    assert.ok(mother?.value.includes('turvallinen aikuinen'), JSON.stringify(mother));
  });

  it('the memo’s attendees say it, on the card and in the full memo', () => {
    for (const locale of LOCALES) {
      const d = realisticMeeting('closed', locale);
      const said = t(locale, 'role.safe_adult');
      const card = renderCard('memo', memoView({ locale, meeting: withSafeAdult(d.m), now: d.now }));
      const attendees = factsOf(card).find((f) => f.title === t(locale, 'memo.attendees'));
      assert.ok(attendees?.value.includes(`${P.mother} (${said})`), attendees?.value);
      const line = buildMemo(eventsWithSafeAdult(d.events), locale)
        .split('\n')
        .find((l) => l.startsWith(`- ${P.mother} (`));
      assert.ok(line?.includes(said), line);
    }
  });

  describe('in the invitation editor, before the meeting', () => {
    const editor = (m: Meeting, locale: 'fi' | 'sv' | 'en' = 'fi') =>
      renderCard('invitation-form', invitationFormView({ locale, meeting: m, now: TEST_NOW }));
    const choiceIn = (card: object) => nodes(card).find((n) => n.id === 'safeAdult');

    /** Saves the editor as the convener would, with `typed` over what it shows; the core decides each command in turn. */
    function save(m: Meeting, typed: Record<string, string>): Meeting | string {
      const card = editor(m);
      const shown = Object.fromEntries(
        nodes(card)
          .filter((n) => String(n.type).startsWith('Input.'))
          .map((n) => [String(n.id), String(n.value ?? '')]),
      );
      const fields = { ...shown, ...actionsOf(card)[0]?.data, ...typed } as Record<string, string>;
      const routed = commandsOf({ verb: 'invitation.update', fields }, m, undefined, m.convenerId);
      if (isRejection(routed)) return describeRejection('fi', routed);
      assert.equal(routed.kind, 'commands');
      let meeting = m;
      for (const command of routed.kind === 'commands' ? routed.commands : []) {
        const events = decide(meeting, command, { now: TEST_NOW, actor: meeting.convenerId });
        if (isRejection(events)) return describeRejection('fi', events);
        meeting = events.reduce<Meeting>((x, e) => evolve(x, e) as Meeting, meeting);
      }
      return meeting;
    }
    const safeAdults = (m: Meeting | string) =>
      typeof m === 'string' ? m : m.participants.filter((p) => p.safeAdult).map((p) => p.name);

    it('offers the close ones already invited by name, with whoever is named now chosen', () => {
      for (const locale of LOCALES) {
        const d = realisticMeeting('invited', locale);
        const choice = choiceIn(editor(withSafeAdult(d.m), locale));
        const choices = choice?.choices as { title: string; value: string }[];
        const titles = choices.map((c) => c.title);
        assert.ok(titles.includes(P.mother) && titles.includes(P.grandfather), titles.join(' | '));
        for (const other of [P.client, P.teacher, P.social])
          assert.ok(!titles.includes(other), `${other} is no close one: ${titles.join(' | ')}`);
        assert.equal(choice?.value, d.id(P.mother));
        assert.equal(choice?.value === choices.find((c) => c.title === P.mother)?.value, true);
        assert.equal(choiceIn(editor(d.m, locale))?.value, 'none');
      }
    });

    it('names the grandfather invited at creation, moves it from the mother, and names nobody again', () => {
      const d = realisticMeeting('invited');
      assert.deepEqual(safeAdults(save(d.m, { safeAdult: d.id(P.grandfather) })), [P.grandfather]);
      const moved = save(withSafeAdult(d.m), { safeAdult: d.id(P.grandfather) });
      assert.deepEqual(safeAdults(moved), [P.grandfather]);
      assert.deepEqual(safeAdults(save(withSafeAdult(d.m), { safeAdult: 'none' })), []);
      // Saved as shown, the safe adult stays who she was (and nothing is sent about her).
      assert.equal(
        save(withSafeAdult(d.m), {}),
        t('fi', 'rejection.invitation.unchanged'),
        'an editor saved untouched changes nothing',
      );
    });

    it('a new close one on a row takes the place of the one named before', () => {
      const d = realisticMeeting('invited');
      const m = save(withSafeAdult(d.m), {
        invitee1Name: 'Sirpa Laine',
        invitee1Role: 'close',
        invitee1Relation: 'täti',
        invitee1Account: 'no',
        safeAdult: 'invitee1',
      });
      assert.deepEqual(safeAdults(m), ['Sirpa Laine']);
    });

    it('a worker already invited is refused as the safe adult, and the meeting keeps who it had', () => {
      const d = realisticMeeting('invited');
      const refused = save(withSafeAdult(d.m), { safeAdult: d.id(P.teacher) });
      assert.equal(refused, t('fi', 'rejection.participant.safe_adult_not_close'));
    });

    it('a row chosen as the safe adult but left without a name is said, on the form and on the editor', () => {
      const d = realisticMeeting('invited');
      assert.equal(
        save(d.m, { safeAdult: 'invitee2' }),
        t('fi', 'rejection.invitation.safe_adult_unnamed', { n: 2 }),
      );
      const fields: Record<string, string> = { ...FORM, safeAdult: 'invitee3' };
      const refused = commandsOf({ verb: 'meeting.create', fields }, undefined, { account: 'U-SANNA' });
      assert.ok(isRejection(refused), 'a meeting made without the safe adult chosen');
      assert.equal(refused.code, 'invitation.safe_adult_unnamed');
      assert.equal(refusedInput(refused, ['safeAdult', 'invitee3Name'], fields), 'safeAdult');
      for (const locale of LOCALES) assert.match(describeRejection(locale, refused), /\b3\b/);
    });
  });
});
