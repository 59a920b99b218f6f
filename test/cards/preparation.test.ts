/**
 * Preparing with the client, on the cards: the answers are between the worker and the client (the
 * convener, the client and the chair see them), that the client agreed may be told to all invitees,
 * the client agrees from their own invitation, and the invitation form asks it all first.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack } from '../../src/cards/cards.js';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import { refusedInput } from '../../src/cards/refused-input.js';
import { commandsOf } from '../../src/cards/submit.js';
import { VERBS } from '../../src/cards/verbs.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { type Command, decide, isRejection, LOCALES, type Locale } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { invitationFields } from '../channels/playground-browser.js';
import { TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, PREPARED, realisticMeeting, type Stage } from '../support/realistic-meeting.js';
import { elementsIn } from './support.js';

type Prepared = 'not_yet' | 'agreed';

/** The card as someone sees it (a name), drawn for the conversation (undefined) or where outsiders read. */
function drawn(
  surface: 'invitation' | 'board' | 'invitation-form',
  stage: Stage,
  viewer: string | undefined | 'exposed',
  prepared: Prepared = 'not_yet',
  locale: Locale = 'fi',
): string {
  const d = realisticMeeting(stage, locale, prepared);
  const ctx: ViewContext = {
    locale,
    now: d.now,
    meeting: d.m,
    ...(viewer === 'exposed' ? { exposed: true } : viewer ? { viewerId: d.id(viewer) } : {}),
  };
  return JSON.stringify(buildCard(surface, ctx)) + JSON.stringify(buildSlack(surface, ctx));
}

const ANSWERS = Object.values(PREPARED);
const shows = (card: string, text: string) => card.includes(JSON.stringify(text).slice(1, -1));

describe('preparing with the client, on the cards', () => {
  it('the convener and the client see the answers on the invitation; other invitees, the conversation and outsiders do not', () => {
    for (const locale of LOCALES) {
      for (const viewer of [P.social, P.client]) {
        const card = drawn('invitation', 'invited', viewer, 'not_yet', locale);
        for (const answer of ANSWERS) assert.ok(shows(card, answer), `${viewer} sees "${answer}"`);
      }
      for (const viewer of [P.mother, P.teacher, P.grandfather, undefined, 'exposed']) {
        const card = drawn('invitation', 'invited', viewer, 'agreed', locale);
        for (const answer of ANSWERS) assert.ok(!shows(card, answer), `${viewer} does not see "${answer}"`);
      }
    }
  });

  it('"not yet agreed" is said to the convener only; that the client agreed, to every invitee', () => {
    for (const locale of LOCALES) {
      const notYet = t(locale, 'card.preparation.not_yet');
      const agreed = t(locale, 'card.preparation.agreed');
      assert.ok(shows(drawn('invitation', 'invited', P.social, 'not_yet', locale), notYet));
      for (const viewer of [P.client, P.mother, undefined])
        assert.ok(!shows(drawn('invitation', 'invited', viewer, 'not_yet', locale), notYet), `${viewer}`);
      for (const viewer of [P.social, P.mother, P.teacher, undefined])
        assert.ok(shows(drawn('invitation', 'invited', viewer, 'agreed', locale), agreed), `${viewer}`);
      assert.ok(
        !shows(drawn('invitation', 'invited', 'exposed', 'agreed', locale), agreed),
        'not to outsiders',
      );
    }
  });

  it('the client reads her own invitation as about herself: with you, only you, you have agreed, the meeting is for you', () => {
    for (const locale of LOCALES) {
      const own = drawn('invitation', 'invited', P.client, 'agreed', locale);
      const worker = drawn('invitation', 'invited', P.social, 'agreed', locale);
      const mother = drawn('invitation', 'invited', P.mother, 'agreed', locale);
      for (const [hers, others] of [
        ['card.preparation.heading_client', 'card.preparation.heading'],
        ['card.preparation.private_client', 'card.preparation.private'],
        ['card.preparation.agreed_client', 'card.preparation.agreed'],
        ['card.invitation.why_everyone_client', 'card.invitation.why_everyone'],
      ] as const) {
        assert.ok(shows(own, t(locale, hers)), `${locale}: the client reads ${hers}`);
        assert.ok(!shows(own, t(locale, others)), `${locale}: the client does not read ${others}`);
        assert.ok(!shows(worker, t(locale, hers)), `${locale}: the convener does not read ${hers}`);
      }
      assert.ok(
        shows(mother, t(locale, 'card.preparation.agreed')),
        `${locale}: the mother reads that the client agreed`,
      );
      assert.ok(shows(mother, t(locale, 'card.invitation.why_everyone')), `${locale}: why, for the mother`);
    }
  });

  it('the client is offered "I agree to this meeting" on their own invitation, until they have', () => {
    const agreeing = (viewer: string | undefined, prepared: Prepared) => {
      const d = realisticMeeting('invited', 'en', prepared);
      const card = buildCard('invitation', {
        locale: 'en',
        now: d.now,
        meeting: d.m,
        ...(viewer ? { viewerId: d.id(viewer) } : {}),
      });
      return elementsIn(card).filter((n) => n.type === 'Action.Execute' && n.verb === VERBS.preparationAgree);
    };
    const [button] = agreeing(P.client, 'not_yet');
    assert.equal(button?.title, t('en', 'card.preparation.agree'));
    for (const viewer of [P.social, P.mother, undefined])
      assert.equal(agreeing(viewer, 'not_yet').length, 0, `not for ${viewer}`);
    assert.equal(agreeing(P.client, 'agreed').length, 0, 'not once agreed');
  });

  it('the client’s click agrees to the meeting, recorded as theirs', () => {
    const d = realisticMeeting('invited', 'fi', 'not_yet');
    const routed = commandsOf(
      { verb: VERBS.preparationAgree, fields: { meetingId: d.m.id, phase: 'invited' } },
      d.m,
    );
    assert.ok(!isRejection(routed) && routed.kind === 'commands');
    assert.deepEqual(routed.commands, [{ type: 'preparation.agree' }]);
    d.do(P.client, routed.commands[0] as Command);
    assert.equal(d.m.preparation?.consent?.by, d.id(P.client));
  });

  it('the chair recaps what was prepared at the start (opening and why), with "ask the client first"; nobody else sees it on the board', () => {
    for (const locale of LOCALES) {
      const notYet = t(locale, 'card.preparation.not_yet');
      // The convener chairs the opening; from the roles on, the youth worker does.
      for (const [stage, chair] of [
        ['opening', P.social],
        ['why', P.youth],
      ] as const) {
        const card = drawn('board', stage, chair, 'not_yet', locale);
        for (const answer of ANSWERS) assert.ok(shows(card, answer), `${stage}: the chair sees "${answer}"`);
        assert.ok(shows(card, notYet), `${stage}: the chair is told to ask the client first`);
        for (const viewer of [P.mother, P.teacher, undefined, 'exposed']) {
          const other = drawn('board', stage, viewer, 'not_yet', locale);
          for (const answer of ANSWERS)
            assert.ok(!shows(other, answer), `${stage}: ${viewer} does not see it`);
        }
      }
      // Before the start, the convener's own board says it too; nobody else's.
      assert.ok(
        shows(drawn('board', 'invited', P.social, 'not_yet', locale), notYet),
        'the convener, before',
      );
      for (const viewer of [P.client, P.mother, undefined, 'exposed'])
        assert.ok(
          !shows(drawn('board', 'invited', viewer, 'not_yet', locale), PREPARED.goal),
          `${viewer}, before`,
        );
      const later = drawn('board', 'discussion', P.youth, 'not_yet', locale);
      assert.ok(!shows(later, PREPARED.goal), 'the recap belongs to the start');
    }
  });

  it('the invitation form asks it first, empty for a new meeting and prefilled in the editor', () => {
    for (const locale of LOCALES) {
      const fresh = elementsIn(buildCard('invitation-form', { locale, now: TEST_NOW }));
      const ids = fresh.filter((n) => String(n.type).startsWith('Input.')).map((n) => n.id);
      assert.deepEqual(ids.slice(0, 4), ['prepHelp', 'prepWho', 'prepGoal', 'prepConsent'], 'the first step');
      const labels = Object.fromEntries(fresh.filter((n) => n.id).map((n) => [n.id, n.label]));
      assert.equal(labels.prepHelp, t(locale, 'card.invitation-form.prep_help'));
      assert.equal(labels.prepConsent, t(locale, 'card.invitation-form.prep_consent'));
      assert.equal(fresh.find((n) => n.id === 'prepConsent')?.value, 'no', 'not yet, unless said');
      const d = realisticMeeting('invited', locale, 'agreed');
      const editor = elementsIn(
        buildCard('invitation-form', { locale, now: d.now, meeting: d.m, viewerId: d.id(P.social) }),
      );
      const value = (id: string) => editor.find((n) => n.id === id)?.value;
      assert.deepEqual(
        [value('prepHelp'), value('prepWho'), value('prepGoal'), value('prepConsent')],
        [PREPARED.help, PREPARED.who, PREPARED.goal, 'yes'],
      );
    }
  });

  it('a new meeting is created with what the form prepared; left empty, with none', () => {
    const create = (more: Record<string, string>) => {
      const routed = commandsOf({ verb: 'meeting.create', fields: invitationFields(more) }, undefined, {
        account: 'U-SANNA',
      });
      assert.ok(!isRejection(routed) && routed.kind === 'commands');
      const events = decide(undefined, routed.commands[0] as Command, { now: TEST_NOW, meetingId: 'm1' });
      assert.ok(!isRejection(events) && events[0]?.type === 'meeting.created', JSON.stringify(events));
      return events[0].preparation;
    };
    assert.deepEqual(
      create({ prepGoal: ' Aino käy koulua ', prepHelp: '', prepWho: '', prepConsent: 'yes' }),
      {
        goal: 'Aino käy koulua',
        consent: { at: TEST_NOW, by: 'p1' },
      },
    );
    assert.equal(create({ prepHelp: '', prepWho: '', prepGoal: '', prepConsent: 'no' }), undefined);
  });

  it('the editor sends a changed preparation, alone when the invitation is as it was; nothing changed is refused as before', () => {
    const d = realisticMeeting('invited', 'fi', 'not_yet');
    const inv = d.m.invitation;
    const editor = {
      meetingId: d.m.id,
      purpose: inv.purpose,
      topics: inv.topics.join('\n'),
      date: '2026-11-26',
      time: '14:00',
      durationMinutes: String(inv.durationMinutes),
      place: inv.place ?? '',
      meetingLocale: inv.locale,
      prepHelp: PREPARED.help,
      prepWho: PREPARED.who,
      prepGoal: PREPARED.goal,
      prepConsent: 'no',
    };
    const routed = (fields: Record<string, string>) => {
      const r = commandsOf({ verb: VERBS.invitationUpdate, fields }, d.m, { account: 'U-SANNA' });
      assert.ok(!isRejection(r) && r.kind === 'commands');
      return r.commands.map((c) => c.type);
    };
    assert.deepEqual(routed({ ...editor, prepConsent: 'yes' }), ['preparation.update']);
    assert.deepEqual(routed({ ...editor, prepGoal: 'Uusi tavoite', place: 'Kirjasto' }), [
      'invitation.update',
      'preparation.update',
    ]);
    assert.deepEqual(routed(editor), ['invitation.update'], 'refused as unchanged by the core');
  });

  it('an answer too long is shown at its own input', () => {
    const d = realisticMeeting('invited');
    const refused = d.rejects(
      P.social,
      { type: 'preparation.update', changes: { goal: 'x'.repeat(1001) } },
      'input.too_long',
    );
    const ids = elementsIn(buildCard('invitation-form', { locale: 'fi', now: d.now, meeting: d.m }))
      .filter((n) => String(n.type).startsWith('Input.'))
      .map((n) => String(n.id));
    assert.equal(refusedInput(refused, ids, {}), 'prepGoal');
  });

  it('the memo tells the invitees the goal and that the client agreed, not the other answers', () => {
    for (const locale of LOCALES) {
      const d = realisticMeeting('closed', locale, 'agreed');
      const memo = buildMemo(d.events);
      const card = JSON.stringify(buildCard('memo', { locale, now: d.now, meeting: d.m, events: d.events }));
      for (const text of [memo, card]) {
        assert.ok(text.includes(PREPARED.goal), 'the goal');
        assert.ok(text.includes(t(locale, 'card.preparation.agreed')), 'the client agreed');
        assert.ok(!text.includes(PREPARED.help) && !text.includes(PREPARED.who), 'not the other answers');
      }
    }
  });
});
