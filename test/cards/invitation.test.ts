import assert from 'node:assert/strict';
import { type AdaptiveCard, renderCard } from '../../src/cards/render.js';
import { toSlackMessage, toSlackModal } from '../../src/cards/slack/translate.js';
import { commandsOf } from '../../src/cards/submit.js';
import { invitationView } from '../../src/cards/view-models/invitation.js';
import { INVITEE_ROWS, invitationFormView } from '../../src/cards/view-models/invitation-form.js';
import { type Command, decide, evolve, isRejection, LOCALES, type Meeting } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { TEST_NOW } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { actionsOf, assertGoodCard, assertNoLiteralText, hugeMeeting } from './aftercare-checks.js';
import { assertSlackBlocks, assertSlackModal } from './slack-support.js';
import { type CardNode, elementsIn } from './support.js';

type Node = CardNode;
const nodes = (node: unknown): Node[] => elementsIn(node);
const inputs = (card: AdaptiveCard) => nodes(card).filter((n) => String(n.type).startsWith('Input.'));
const factsOf = (card: AdaptiveCard) =>
  nodes(card)
    .filter((n) => n.type === 'FactSet')
    .flatMap((n) => n.facts as { title: string; value: string }[]);
const TEXTS = { more: '…', title: 'Toivo', close: 'Sulje' };

const form = (meeting?: Meeting, locale: 'fi' | 'sv' | 'en' = 'fi') =>
  renderCard(
    'invitation-form',
    invitationFormView({ locale, now: TEST_NOW, ...(meeting ? { meeting } : {}) }),
  );
const invitation = (meeting: Meeting, locale: 'fi' | 'sv' | 'en' = 'fi', viewerId?: string) =>
  renderCard(
    'invitation',
    invitationView({ locale, meeting, now: TEST_NOW, ...(viewerId ? { viewerId } : {}) }),
  );

describe('the invitation form card', () => {
  it('is a sound card in every language, for a new meeting and for editing one', () => {
    assertNoLiteralText('invitation-form');
    for (const locale of LOCALES) {
      assertGoodCard(form(undefined, locale), `new form ${locale}`);
      assertGoodCard(form(realisticMeeting('invited', locale).m, locale), `edit form ${locale}`);
    }
  });

  it('fits a Slack modal: its inputs and texts make at most 100 blocks, none left out', () => {
    for (const locale of LOCALES) {
      const card = form(undefined, locale);
      const blocks = nodes(card.body).filter(
        (n) =>
          ['TextBlock', 'FactSet', 'ActionSet'].includes(String(n.type)) ||
          String(n.type).startsWith('Input.'),
      );
      assert.ok(blocks.length + 1 <= 100, `${blocks.length} blocks and the actions`);
      const modal = toSlackModal(card, TEXTS);
      assertSlackModal(modal);
      assert.equal(modal.blocks.filter((b) => b.type === 'input').length, inputs(card).length);
    }
  });

  it('asks for everything a new meeting needs, with the ids the submission reads', () => {
    const ids = inputs(form()).map((n) => n.id);
    const rows = Array.from({ length: INVITEE_ROWS }, (_, i) =>
      ['Name', 'Role', 'Account', 'Relation', 'Organisation'].map((f) => `invitee${i + 1}${f}`),
    ).flat();
    assert.deepEqual(ids, [
      // First, optionally, what was prepared with the client.
      'prepHelp',
      'prepWho',
      'prepGoal',
      'prepConsent',
      'purpose',
      'topics',
      'date',
      'time',
      'durationMinutes',
      'place',
      'onlineUrl',
      'meetingLocale',
      'convenerName',
      'convenerOrganisation',
      'clientName',
      'clientAccount',
      ...rows,
      'safeAdult',
    ]);
    const duration = inputs(form()).find((n) => n.id === 'durationMinutes');
    assert.deepEqual(
      ((duration?.choices ?? []) as { value: string }[]).map((c) => c.value),
      ['30', '45', '60', '90', '120', '180'],
    );
    assert.equal(duration?.value, '90');
    assert.deepEqual(
      actionsOf(form()).map((a) => a.verb),
      ['meeting.create'],
    );
  });

  it('filled in, becomes a meeting the core accepts', () => {
    const card = form();
    const fields: Record<string, string> = {
      purpose: 'Ainon koulunkäynti',
      topics: 'Poissaolot\nHarrastukset',
      date: '2027-01-14',
      time: '14:00',
      durationMinutes: '90',
      place: 'Koulu',
      onlineUrl: '',
      meetingLocale: 'fi',
      convenerName: P.social,
      clientName: P.client,
      invitee1Name: P.grandfather,
      invitee1Role: 'close',
      invitee1Relation: 'isoisä',
      invitee2Name: P.teacher,
      invitee2Role: 'worker',
      invitee2Organisation: 'Kuusikon koulu',
    };
    const ids = new Set(inputs(card).map((n) => n.id));
    for (const id of Object.keys(fields)) assert.ok(ids.has(id), `the form has ${id}`);
    const [action] = actionsOf(card);
    const routed = commandsOf({ verb: String(action?.verb), fields }, undefined, { account: 'U-SANNA' });
    assert.ok(!isRejection(routed) && routed.kind === 'commands');
    const result = decide(undefined, routed.commands[0] as Command, {
      now: '2026-11-23T09:00:00+02:00',
      meetingId: 'm1',
    });
    assert.ok(!isRejection(result), JSON.stringify(result));
  });

  it('names each language in that language, whatever the reader’s language', () => {
    for (const locale of LOCALES) {
      const choice = inputs(form(undefined, locale)).find((n) => n.id === 'meetingLocale');
      assert.deepEqual(
        ((choice?.choices ?? []) as { title: string }[]).map((c) => c.title),
        ['Suomi', 'Svenska', 'English'],
      );
      assert.equal(choice?.value, locale, 'the reader’s language is the default');
    }
  });

  it('when editing, shows the invitation as it is, in the meeting’s own time, and saves it as a change', () => {
    const d = realisticMeeting('invited', 'sv');
    const card = form(d.m, 'sv');
    const value = (id: string) => inputs(card).find((n) => n.id === id)?.value;
    assert.equal(value('date'), '2026-11-26');
    assert.equal(value('time'), '14:00');
    assert.equal(value('meetingLocale'), 'sv');
    assert.equal(value('topics'), d.m.invitation.topics.join('\n'));
    assert.match(JSON.stringify(card), /Matti Laine/);
    const [save] = actionsOf(card);
    assert.equal(save?.verb, 'invitation.update');
    assert.deepEqual(save?.data, {
      meetingId: 'm1',
      version: d.m.version,
      phase: 'invited',
      editsInvitees: 'true',
    });
  });
});

describe('the invitation editor', () => {
  /** Saves the edit form as the convener would, with `typed` over what it shows; the core decides each command. */
  function save(m: Meeting, typed: Record<string, string>) {
    const card = form(m);
    const shown = Object.fromEntries(inputs(card).map((n) => [String(n.id), String(n.value ?? '')]));
    const [button] = actionsOf(card);
    const fields = { ...shown, ...button?.data, ...typed } as Record<string, string>;
    const routed = commandsOf({ verb: 'invitation.update', fields }, m, undefined, 'p1');
    assert.ok(!isRejection(routed) && routed.kind === 'commands', JSON.stringify(routed));
    let meeting = m;
    for (const command of routed.commands) {
      const events = decide(meeting, command, { now: TEST_NOW, actor: meeting.convenerId });
      assert.ok(!isRejection(events), `${command.type}: ${JSON.stringify(events)}`);
      meeting = events.reduce<Meeting>((x, e) => evolve(x, e) as Meeting, meeting);
    }
    return meeting;
  }

  it('adds and removes invitees before the meeting, without touching the invitation itself', () => {
    const d = realisticMeeting('invited');
    const card = form(d.m);
    const remove = inputs(card).find((n) => n.id === 'removeIds');
    const offered = ((remove?.choices ?? []) as { value: string }[]).map((c) => c.value);
    // Everyone but the convener and the client, as the core would take it.
    const others = d.m.participants.filter((p) => p.role !== 'client' && p.id !== d.m.convenerId);
    assert.deepEqual(
      offered,
      others.map((p) => p.id),
    );
    const after = save(d.m, {
      removeIds: d.id(P.teacher),
      invitee1Name: 'Eeva Salo',
      invitee1Role: 'close',
      invitee1Relation: 'kummi',
      invitee1Account: 'no',
    });
    const names = after.participants.map((p) => p.name);
    assert.ok(!names.includes(P.teacher), 'the teacher is no longer invited');
    const eeva = after.participants.find((p) => p.name === 'Eeva Salo');
    assert.deepEqual([eeva?.invited, eeva?.relation, eeva?.attendance], [true, 'kummi', 'unknown']);
    assert.deepEqual(after.invitation, d.m.invitation, 'the invitation itself as it was');
  });

  it('says, like the invitation form, that invitees can be added; never that they cannot', () => {
    const d = realisticMeeting('invited');
    for (const locale of LOCALES) {
      const text = JSON.stringify(form(d.m, locale));
      assert.ok(text.includes(t(locale, 'card.invitation-form.people_edit_hint')), locale);
      assert.ok(!text.includes(t(locale, 'card.invitation-form.people_unchanged')), locale);
    }
  });
});

describe('the invitation card', () => {
  it('is a sound card in every language before, during and after the meeting, and when cancelled', () => {
    assertNoLiteralText('invitation');
    for (const locale of LOCALES) {
      for (const stage of ['invited', 'opening', 'closed'] as const) {
        const d = realisticMeeting(stage, locale);
        assertGoodCard(invitation(d.m, locale), `invitation ${stage} ${locale}`);
        assertGoodCard(invitation(d.m, locale, d.m.convenerId), `convener's invitation ${stage} ${locale}`);
      }
      const d = realisticMeeting('invited', locale);
      d.do(P.social, { type: 'meeting.cancel', reason: 'Aino on sairaana.' });
      assertGoodCard(invitation(d.m, locale), `cancelled invitation ${locale}`);
    }
  });

  it('shows the time in the meeting’s time zone, written the language’s way', () => {
    const expected = {
      fi: ['torstai 26. marraskuuta 2026', 'klo 14.00–15.30', '90'],
      sv: ['torsdag 26 november 2026', 'kl. 14.00–15.30', '90'],
      en: ['Thursday, 26 November 2026', '14:00–15:30', '90'],
    };
    for (const locale of LOCALES) {
      const facts = factsOf(invitation(realisticMeeting('invited', locale).m, locale));
      const text = facts.map((f) => f.value).join(' | ');
      for (const part of expected[locale]) assert.ok(text.includes(part), `${locale}: ${part} in ${text}`);
    }
    const m = realisticMeeting('invited', 'en').m;
    const newYork = { ...m, invitation: { ...m.invitation, timeZone: 'America/New_York' } };
    const text = factsOf(invitation(newYork, 'en'))
      .map((f) => f.value)
      .join(' | ');
    assert.ok(text.includes('07:00–08:30'), text);
  });

  it('a meeting that runs past midnight names both days, without a stray "klo"', () => {
    const m = realisticMeeting('invited', 'fi').m;
    const late = { ...m, invitation: { ...m.invitation, startsAt: '2026-11-26T23:30:00+02:00' } };
    const when = factsOf(invitation(late, 'fi')).find((f) => f.title === t('fi', 'memo.when'))?.value ?? '';
    assert.match(when, /^26\.11\.2026 klo 23\.30–27\.11\.2026 klo 1\.00 \(varattu aika 90 min\)$/);
  });

  it('lists who is invited, and marks the grandfather as having no chat account', () => {
    for (const locale of LOCALES) {
      const facts = factsOf(invitation(realisticMeeting('invited', locale).m, locale));
      const noAccount = t(locale, 'memo.no_account');
      const marked = facts.filter((f) => f.value.includes(noAccount)).map((f) => f.title);
      assert.deepEqual(marked, [P.grandfather]);
      assert.equal(facts.find((f) => f.title === P.client)?.value.startsWith(t(locale, 'role.client')), true);
    }
  });

  it('lets invitees say whether they come, and only the convener cancel', () => {
    const d = realisticMeeting('invited');
    const everyone = actionsOf(invitation(d.m, 'fi', d.id(P.mother)));
    assert.deepEqual(
      everyone.map((a) => [a.verb, (a.data as Node).status]),
      [
        ['attendance.mark', 'present'],
        ['attendance.mark', 'absent'],
      ],
    );
    for (const a of everyone) assert.ok(!('participantId' in (a.data as Node)), 'the app fills who clicked');
    const convener = invitation(d.m, 'fi', d.m.convenerId);
    assert.ok(actionsOf(convener).some((a) => a.verb === 'meeting.cancel'));
    assert.ok(inputs(convener).some((n) => n.id === 'cancelReason' && n.isRequired === true));
    assert.ok(!JSON.stringify(invitation(d.m, 'fi', d.id(P.mother))).includes('meeting.cancel'));
    assert.ok(
      actionsOf(convener).some((a) => a.verb === 'ui.invitation_form'),
      'the convener can edit',
    );
    assert.ok(!actionsOf(invitation(d.m, 'fi', d.id(P.mother))).some((a) => a.verb === 'ui.invitation_form'));
  });

  it('after the start or a cancellation asks nothing, and says why it was cancelled', () => {
    assert.deepEqual(actionsOf(invitation(realisticMeeting('opening').m, 'fi', 'p1')), []);
    const d = realisticMeeting('invited');
    d.do(P.social, { type: 'meeting.cancel', reason: 'Aino on sairaana.' });
    const card = invitation(d.m, 'fi', d.m.convenerId);
    assert.deepEqual(actionsOf(card), []);
    assert.match(JSON.stringify(card), /Aino on sairaana\./);
  });

  it('opens the online meeting link as a link', () => {
    const m = realisticMeeting('invited').m;
    const online = { ...m, invitation: { ...m.invitation, onlineUrl: 'https://meet.example.org/aino' } };
    const links = nodes(invitation(online)).filter((n) => n.type === 'Action.OpenUrl');
    assert.deepEqual(
      links.map((n) => n.url),
      ['https://meet.example.org/aino'],
    );
    assert.equal(nodes(invitation(m)).filter((n) => n.type === 'Action.OpenUrl').length, 0);
  });

  it('stays within Teams’ and Slack’s limits with 60 long-named invitees and the longest invitation', () => {
    const m = hugeMeeting('closed').m;
    const invitedHuge: Meeting = {
      ...m,
      phase: 'invited',
      participants: m.participants.map((p) => ({ ...p, invited: true })),
      invitation: {
        ...m.invitation,
        purpose: 'Tavoite '.repeat(125),
        topics: Array.from({ length: 12 }, (_, i) => `${i} ${'Asia '.repeat(39)}`),
        place: 'Paikka '.repeat(28),
        onlineUrl: `https://meet.example.org/${'a'.repeat(470)}`,
      },
    };
    for (const locale of LOCALES) {
      const card = invitation(invitedHuge, locale, invitedHuge.convenerId);
      assertGoodCard(card, `huge invitation ${locale}`);
      assert.ok(
        JSON.stringify(card).includes(t(locale, 'card.invitation.more_people', { count: 60, shown: 30 })),
      );
      assertSlackBlocks(toSlackMessage(card, TEXTS).blocks, 'message');
      assertGoodCard(form(invitedHuge, locale), `huge edit form ${locale}`);
      assertSlackModal(toSlackModal(form(invitedHuge, locale), TEXTS));
    }
  });
});
