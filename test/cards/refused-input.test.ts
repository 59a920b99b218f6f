/**
 * A refused form says why at the input to change: the core's own refusals of what the invitation
 * and commitment forms send, each found at the input it is about, and the form drawn again holds
 * every value sent, with the refusal right above that input.
 */
import assert from 'node:assert/strict';
import { buildCard } from '../../src/cards/cards.js';
import { inputIdsOf, withRefusal } from '../../src/cards/refill.js';
import { refusedInput } from '../../src/cards/refused-input.js';
import { clientCommentId, commandsOf, type Submission } from '../../src/cards/submit.js';
import { decide, isRejection, type Rejection } from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { assertValidCard } from './support.js';

const NOW = '2026-11-23T09:00:00+02:00';

const INVITATION = {
  purpose: 'Ainon koulunkäynti',
  topics: 'Poissaolot',
  date: '2026-11-26',
  time: '14:00',
  durationMinutes: '90',
  place: 'Koulu',
  meetingLocale: 'fi',
  convenerName: 'Sanna Korhonen',
  clientName: 'Aino Laine',
  invitee1Name: 'Liisa Laine',
  invitee1Role: 'close',
  invitee2Name: 'Matti Laine',
  invitee2Role: 'close',
};

/** What the core says to `fields` sent from the invitation form. */
function refusalOfInvitation(fields: Record<string, string>): Rejection {
  const routed = commandsOf({ verb: 'meeting.create', fields }, undefined);
  assert.ok(!isRejection(routed) && routed.kind === 'commands');
  const result = decide(undefined, routed.commands[0] as never, { now: NOW, meetingId: 'm1' });
  assert.ok(isRejection(result), `accepted: ${JSON.stringify(fields)}`);
  return result;
}

describe('the input a refusal is about', () => {
  const form = buildCard('invitation-form', { locale: 'fi', now: NOW });
  const inputs = inputIdsOf(form);

  const cases: [string, Record<string, string>, string][] = [
    ['a start in the past', { date: '2026-11-20' }, 'date'],
    ['a blank purpose', { purpose: '   ' }, 'purpose'],
    ['neither place nor link', { place: '' }, 'place'],
    ['a link that is not a web address', { onlineUrl: 'teams meeting' }, 'onlineUrl'],
    ['a blank client name', { clientName: '  ' }, 'clientName'],
    ['an overlong name on the third row', { invitee3Name: 'x'.repeat(101) }, 'invitee3Name'],
    ['the same person on two rows', { invitee2Name: 'liisa laine' }, 'invitee2Name'],
  ];
  for (const [what, change, input] of cases)
    it(`the invitation form: ${what} is said at ${input}`, () => {
      const rejection = refusalOfInvitation({ ...INVITATION, ...change });
      assert.equal(refusedInput(rejection, inputs, { ...INVITATION, ...change }), input, rejection.code);
    });

  it('the commitment form: a past date, a blank text, too many others and an overlong other', () => {
    const d = realisticMeeting('summary');
    const chair = d.m.chairId ?? d.m.convenerId;
    const card = buildCard('commitment-form', {
      locale: 'fi',
      now: d.now,
      meeting: d.m,
      viewerId: d.id(P.social),
    });
    const ids = inputIdsOf(card);
    const base = { meetingId: d.m.id, what: 'Aamupala', ownerId: d.id(P.mother), due: '2026-12-01' };
    const said = (fields: Record<string, string>): string | undefined => {
      const sub: Submission = { verb: 'commitment.add', fields: { ...base, ...fields } };
      const routed = commandsOf(sub, d.m);
      assert.ok(!isRejection(routed) && routed.kind === 'commands');
      const r = d.try(chair, routed.commands[0] as never);
      assert.ok(isRejection(r), JSON.stringify(fields));
      return refusedInput(r, ids, sub.fields);
    };
    assert.equal(said({ due: '2026-11-01' }), 'due');
    assert.equal(said({ what: ' ' }), 'what');
    assert.equal(said({ withOthers: Array.from({ length: 11 }, (_, i) => `N${i}`).join(',') }), 'withOthers');
    assert.equal(said({ withOthers: 'x'.repeat(101) }), 'withOthers');
  });

  it('the client’s check: an overlong comment is said at its own commitment’s comment box', () => {
    const d = realisticMeeting('summary');
    for (const what of ['Kirjastokäynti lauantaisin', 'Läksyt yhdessä maanantaisin'])
      d.do(P.nurse, { type: 'commitment.add', what, ownerId: d.id(P.mother), due: '2026-12-14' });
    const open = d.m.commitments.filter((c) => !c.confirmation);
    assert.ok(open.length >= 2, 'commitments still to check with the client');
    const card = buildCard('commitments', {
      locale: 'fi',
      now: d.now,
      meeting: d.m,
      viewerId: d.id(P.client),
    });
    const ids = inputIdsOf(card);
    const second = open[1]?.id ?? '';
    const fields = { meetingId: d.m.id, commitmentId: second, [clientCommentId(second)]: 'x'.repeat(1001) };
    const routed = commandsOf({ verb: 'commitment.confirm', fields }, d.m);
    assert.ok(!isRejection(routed) && routed.kind === 'commands');
    const r = d.try(d.id(P.client), routed.commands[0] as never);
    assert.ok(isRejection(r));
    assert.equal(refusedInput(r, ids, fields), clientCommentId(second));
  });

  it('a refusal about no input (the meeting moved on, who may act) names none', () => {
    for (const code of ['stale', 'meeting.closed', 'auth.chair_only', 'busy'] as const)
      assert.equal(refusedInput({ rejected: true, code }, inputs), undefined, code);
  });

  it('the form drawn again holds every value sent, and the refusal right above the input', () => {
    const sent = { ...INVITATION, date: '2026-11-20', invitee1Relation: 'äiti', topics: 'A\nB' };
    const rejection = refusalOfInvitation(sent);
    const { card, input, message } = withRefusal(form, sent, rejection, 'fi');
    assert.equal(input, 'date');
    assert.equal(message, describeRejection('fi', rejection));
    const values = new Map<string, unknown>();
    let above: unknown;
    const walk = (x: unknown): void => {
      if (Array.isArray(x))
        x.forEach((y, i) => {
          if ((y as { id?: string })?.id === 'date') above = x[i - 1];
          walk(y);
        });
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (typeof o.id === 'string' && String(o.type).startsWith('Input.')) values.set(o.id, o.value);
        for (const v of Object.values(o)) walk(v);
      }
    };
    walk(card);
    for (const [id, value] of Object.entries(sent)) assert.equal(values.get(id), value, id);
    assert.deepEqual(above, {
      type: 'TextBlock',
      text: message,
      wrap: true,
      weight: 'Bolder',
      color: 'Attention',
    });
    assertValidCard(card);
  });
});
