/**
 * Linking a chat account to someone invited by name: a "this is me" claim gives no say at all until
 * the convener or the acting chair confirms it; then the person acts for themself, and nobody acts
 * for them any more.
 */
import assert from 'node:assert/strict';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import {
  type Command,
  type Event,
  memoContent,
  memoRecipients,
  type Participant,
  replay,
} from '../../src/core/index.js';
import { claim, confirm, refuse } from '../support/accounts.js';
import { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

/** Someone in the chat whom the meeting does not know: no actor; the app vouches for the account. */
const STRANGER = undefined;

const person = (d: MeetingDriver, name: string): Participant => {
  const p = d.m.participants.find((x) => x.name === name);
  assert.ok(p, `no participant named ${name}`);
  return p;
};

const last = (d: MeetingDriver): Event => {
  const e = d.events.at(-1);
  assert.ok(e, 'no events');
  return e;
};

/** Aino's meeting, but she was invited by name only: Toivo does not know her chat account yet. */
function clientInvitedByName(): MeetingDriver {
  const d = new MeetingDriver();
  d.do(undefined, {
    type: 'meeting.create',
    invitation: {
      purpose: 'Ainon koulunkäynnin tukeminen',
      topics: ['Koulupoissaolot'],
      startsAt: '2026-11-26T14:00:00+02:00',
      durationMinutes: 60,
      place: 'Koulun neuvotteluhuone 2',
      locale: 'fi',
    },
    convener: { name: P.social, role: 'worker', chatUserId: 'U-SANNA' },
    invitees: [
      { name: P.client, role: 'client' },
      { name: P.mother, role: 'close', relation: 'äiti', chatUserId: 'U-LIISA' },
      { name: P.teacher, role: 'worker', chatUserId: 'U-PEKKA' },
    ],
  });
  return d;
}

/** Everyone present, the meeting started, and the client (first in every round) given the floor. */
function startWithClientSpeaking(d: MeetingDriver): void {
  d.now = '2026-11-26T14:00:00+02:00';
  for (const p of d.m.participants)
    d.do(P.social, { type: 'attendance.mark', participantId: p.id, status: 'present' });
  d.do(P.social, { type: 'meeting.start' });
  d.do(P.social, { type: 'floor.next' });
  assert.equal(d.m.floor, d.id(P.client));
}

describe('account claims: a claim alone gives no say', () => {
  it('a stranger’s claim to be the client gives them no say until the convener confirms it', () => {
    const d = clientInvitedByName();
    startWithClientSpeaking(d);
    const aino = d.id(P.client);
    const before = d.m.participants;

    d.do(STRANGER, claim(aino, 'U-STRANGER', 'Aino L.'));
    assert.deepEqual(d.m.claims, [{ participantId: aino, chatUserId: 'U-STRANGER', displayName: 'Aino L.' }]);
    assert.equal(d.m.participants, before, 'a claim changes nobody');
    assert.equal(person(d, P.client).chatUserId, undefined);
    // The app finds the actor by account: this one still belongs to nobody in the meeting.
    assert.ok(!d.m.participants.some((p) => p.chatUserId === 'U-STRANGER'));
    assert.ok(!memoRecipients(d.m).chat.some((p) => p.chatUserId === 'U-STRANGER'), 'no memo for a claim');

    // Not on their own, not as the client, not by settling their own claim.
    d.rejects(STRANGER, { type: 'turn.end' }, 'auth.not_participant');
    d.rejects(STRANGER, { type: 'turn.pass', onBehalfOf: aino }, 'auth.not_participant');
    d.rejects(STRANGER, { type: 'wish.record', text: 'Minä olen Aino.' }, 'auth.not_participant');
    d.rejects(STRANGER, { type: 'floor.request', onBehalfOf: aino }, 'auth.not_participant');
    d.rejects(STRANGER, confirm(aino, 'U-STRANGER'), 'auth.not_participant');
    // The client still has no account, so the chair keeps recording her turn for her.
    d.do(P.social, { type: 'turn.end', onBehalfOf: aino });
    assert.equal(last(d).onBehalfOf, aino);
  });

  it('once the convener confirms her account, the client takes her own turn and nobody can take it for her', () => {
    const d = clientInvitedByName();
    const aino = d.id(P.client);
    d.do(STRANGER, claim(aino, 'U-AINO', 'Aino Laine'));
    d.do(P.social, confirm(aino, 'U-AINO'));
    assert.equal(person(d, P.client).chatUserId, 'U-AINO');
    assert.deepEqual(d.m.claims, []);

    startWithClientSpeaking(d);
    d.rejects(P.social, { type: 'turn.end', onBehalfOf: aino }, 'onbehalf.has_account');
    d.rejects(P.social, { type: 'turn.pass', onBehalfOf: aino }, 'onbehalf.has_account');
    d.do(P.client, { type: 'turn.end' });
    const ended = last(d);
    assert.equal(ended.by, aino);
    assert.equal(ended.onBehalfOf, undefined);
    assert.deepEqual(d.m.rounds.at(-1)?.turns[0], { participantId: aino, kind: 'spoke' });
    // Her claim now works like any account: the same one cannot claim anyone else.
    d.rejects(P.client, claim(d.id(P.teacher), 'U-AINO'), 'account.already_linked');
  });

  it('the chair, not only the convener, confirms during the meeting; the grandfather then answers feedback himself', () => {
    const d = realisticMeeting('followup');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI', 'Matti Laine'));
    d.rejects(P.nurse, confirm(matti, 'U-MATTI'), 'auth.convener_or_chair_only');
    d.do(P.youth, confirm(matti, 'U-MATTI'));
    assert.equal(last(d).by, d.id(P.youth));
    assert.equal(person(d, P.grandfather).chatUserId, 'U-MATTI');

    d.do(P.youth, { type: 'phase.next' });
    const answer = { type: 'feedback.answer', hopeful: 3, trusting: 5, clearer: 4 } as const;
    d.rejects(P.nurse, { ...answer, onBehalfOf: matti }, 'onbehalf.has_account');
    d.rejects(P.youth, { ...answer, onBehalfOf: matti }, 'onbehalf.has_account');
    d.do(P.grandfather, answer);
    assert.equal(last(d).by, matti);
    assert.equal(d.m.feedback[matti]?.onBehalf, false);
  });
});

describe('account claims: who settles them', () => {
  it('before a chair is chosen only the convener settles a claim; nobody else, whatever they are', () => {
    const d = realisticMeeting('invited');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    for (const name of [P.client, P.mother, P.teacher, P.nurse, P.youth]) {
      d.rejects(name, confirm(matti, 'U-MATTI'), 'auth.convener_or_chair_only');
      d.rejects(name, refuse(matti, 'U-MATTI'), 'auth.convener_or_chair_only');
    }
    d.do(P.social, confirm(matti, 'U-MATTI'));
    assert.equal(person(d, P.grandfather).chatUserId, 'U-MATTI');
  });

  it('once a chair is chosen both the chair and the convener settle claims, and the note-taker does not', () => {
    const d = realisticMeeting('why');
    const matti = d.id(P.grandfather);
    assert.equal(d.m.chairId, d.id(P.youth));
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    d.do(STRANGER, claim(matti, 'U-IMPOSTOR'));
    for (const name of [P.nurse, P.teacher, P.client, P.mother])
      d.rejects(name, refuse(matti, 'U-IMPOSTOR'), 'auth.convener_or_chair_only');
    d.do(P.youth, refuse(matti, 'U-IMPOSTOR'));
    assert.equal(last(d).by, d.id(P.youth));
    d.do(P.social, confirm(matti, 'U-MATTI'));
    assert.equal(last(d).by, d.id(P.social));
    assert.equal(person(d, P.grandfather).chatUserId, 'U-MATTI');
  });

  it('refusing a claim drops it and links nothing; the chair goes on acting for the grandfather', () => {
    const d = realisticMeeting('why');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-IMPOSTOR', 'Matti'));
    d.do(P.youth, refuse(matti, 'U-IMPOSTOR'));
    assert.deepEqual(last(d), {
      type: 'account.claim_refused',
      participantId: matti,
      chatUserId: 'U-IMPOSTOR',
      at: d.now,
      by: d.id(P.youth),
    });
    assert.deepEqual(d.m.claims, []);
    assert.equal(person(d, P.grandfather).chatUserId, undefined);
    d.rejects(P.youth, confirm(matti, 'U-IMPOSTOR'), 'account.no_claim');
    d.rejects(P.youth, refuse(matti, 'U-IMPOSTOR'), 'account.no_claim');
    d.do(P.nurse, { type: 'floor.request', onBehalfOf: matti });
  });

  it('confirming one claim drops every other claim on that person and every other claim of that account', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, { type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close', relation: 'kummi' } });
    const matti = d.id(P.grandfather);
    const eeva = d.id('Eeva Salo');
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    d.do(STRANGER, claim(matti, 'U-IMPOSTOR'));
    d.do(STRANGER, claim(eeva, 'U-MATTI'));
    d.do(STRANGER, claim(eeva, 'U-EEVA'));
    assert.equal(d.m.claims.length, 4);

    d.do(P.social, confirm(matti, 'U-MATTI'));
    assert.deepEqual(d.m.claims, [{ participantId: eeva, chatUserId: 'U-EEVA' }]);
    d.rejects(P.social, confirm(matti, 'U-IMPOSTOR'), 'account.no_claim');
    d.rejects(P.social, confirm(eeva, 'U-MATTI'), 'account.no_claim');
    d.do(P.social, confirm(eeva, 'U-EEVA'));
    assert.equal(person(d, 'Eeva Salo').chatUserId, 'U-EEVA');
    assert.equal(person(d, P.grandfather).chatUserId, 'U-MATTI');
  });

  it('a claim that was never made cannot be confirmed, whatever the card says', () => {
    const d = realisticMeeting('invited');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    d.rejects(P.social, confirm(matti, 'U-SOMEONE-ELSE'), 'account.no_claim');
    d.rejects(P.social, confirm(d.id(P.mother), 'U-MATTI'), 'account.no_claim');
    d.rejects(P.social, confirm('p99', 'U-MATTI'), 'account.no_claim');
  });
});

describe('account claims: what cannot be claimed', () => {
  it('a participant’s own account cannot claim to be someone else', () => {
    const d = realisticMeeting('invited');
    const matti = d.id(P.grandfather);
    d.rejects(P.mother, claim(matti, 'U-LIISA'), 'account.already_linked');
    d.rejects(P.mother, claim(matti, 'U-NEW'), 'account.already_linked');
    // Even without an actor, an account that already belongs to someone in the meeting is refused.
    d.rejects(STRANGER, claim(matti, 'U-LIISA'), 'account.already_linked');
    d.rejects(STRANGER, claim(matti, ' U-LIISA '), 'account.already_linked');
  });

  it('an invitee who already has an account cannot be claimed, and the refusal names them', () => {
    const d = realisticMeeting('invited');
    const r = d.rejects(STRANGER, claim(d.id(P.mother), 'U-STRANGER'), 'account.taken');
    assert.equal(r.params?.name, P.mother);
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    d.do(P.social, confirm(matti, 'U-MATTI'));
    d.rejects(STRANGER, claim(matti, 'U-IMPOSTOR'), 'account.taken');
  });

  it('the same claim twice is refused while the first still waits, whatever name comes with it', () => {
    const d = realisticMeeting('invited');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI', 'Matti'));
    d.rejects(STRANGER, claim(matti, 'U-MATTI', 'Matti'), 'account.claim_pending');
    d.rejects(STRANGER, claim(matti, ' U-MATTI', 'Matti Laine'), 'account.claim_pending');
    assert.equal(d.m.claims.length, 1);
  });

  it('at most 20 claims wait at once: the 21st is refused until one is settled', () => {
    const d = realisticMeeting('invited');
    const matti = d.id(P.grandfather);
    for (let i = 1; i <= 20; i++) d.do(STRANGER, claim(matti, `U-${i}`));
    assert.equal(d.m.claims.length, 20);
    const r = d.rejects(STRANGER, claim(matti, 'U-21'), 'account.too_many_claims');
    assert.equal(r.params?.max, 20);
    d.do(P.social, refuse(matti, 'U-7'));
    d.do(STRANGER, claim(matti, 'U-21'));
    assert.deepEqual(d.m.claims.at(-1), { participantId: matti, chatUserId: 'U-21' });
  });

  it('a claim made moot (its invitee removed, or its account joined as someone else) no longer counts towards the 20', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, { type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close' } });
    const matti = d.id(P.grandfather);
    const eeva = d.id('Eeva Salo');
    for (let i = 1; i <= 10; i++) d.do(STRANGER, claim(eeva, `U-E${i}`));
    for (let i = 1; i <= 10; i++) d.do(STRANGER, claim(matti, `U-M${i}`));
    d.rejects(STRANGER, claim(matti, 'U-M11'), 'account.too_many_claims');
    d.do(P.social, { type: 'invitee.remove', participantId: eeva });
    for (let i = 11; i <= 20; i++) d.do(STRANGER, claim(matti, `U-M${i}`));
    d.rejects(STRANGER, claim(matti, 'U-M21'), 'account.too_many_claims');

    d.now = '2026-11-26T14:00:00+02:00';
    for (const p of d.m.participants)
      d.do(P.social, { type: 'attendance.mark', participantId: p.id, status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    // One claimant stops waiting and joins as a new participant from the same account.
    d.do(STRANGER, {
      type: 'participant.join',
      person: { name: 'Matti L.', role: 'close', chatUserId: 'U-M1' },
    });
    d.do(STRANGER, claim(matti, 'U-M21'));
    d.rejects(STRANGER, claim(matti, 'U-M22'), 'account.too_many_claims');
  });

  it('a closed meeting takes no claims and settles none that were left waiting', () => {
    const d = realisticMeeting('feedback');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    d.do(P.youth, { type: 'meeting.close' });
    d.rejects(STRANGER, claim(matti, 'U-IMPOSTOR'), 'meeting.closed');
    d.rejects(P.youth, confirm(matti, 'U-MATTI'), 'meeting.closed');
    d.rejects(P.social, refuse(matti, 'U-MATTI'), 'meeting.closed');
    assert.equal(person(d, P.grandfather).chatUserId, undefined);
  });

  it('a cancelled meeting takes no claims and settles none that were left waiting', () => {
    const d = realisticMeeting('invited');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    d.do(P.social, { type: 'meeting.cancel', reason: 'Aino on sairaana' });
    d.rejects(STRANGER, claim(matti, 'U-IMPOSTOR'), 'meeting.cancelled');
    d.rejects(P.social, confirm(matti, 'U-MATTI'), 'meeting.cancelled');
    d.rejects(P.social, refuse(matti, 'U-MATTI'), 'meeting.cancelled');
  });

  it('a claim cannot be made or settled on someone’s behalf', () => {
    const d = realisticMeeting('why');
    const matti = d.id(P.grandfather);
    d.rejects(STRANGER, { ...claim(matti, 'U-MATTI'), onBehalfOf: matti }, 'onbehalf.not_allowed');
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    d.rejects(P.nurse, { ...confirm(matti, 'U-MATTI'), onBehalfOf: matti }, 'onbehalf.not_allowed');
  });
});

describe('account claims: bad input', () => {
  const cases: readonly (readonly [
    string,
    (d: MeetingDriver) => Command,
    string,
    Record<string, unknown>?,
  ])[] = [
    ['an empty account', (d) => claim(d.id(P.grandfather), ''), 'input.empty', { field: 'chatUserId' }],
    ['a blank account', (d) => claim(d.id(P.grandfather), ' \n '), 'input.empty', { field: 'chatUserId' }],
    [
      'a 201-character account',
      (d) => claim(d.id(P.grandfather), 'U'.repeat(201)),
      'input.too_long',
      { field: 'chatUserId', max: 200 },
    ],
    ['an unknown invitee', () => claim('p99', 'U-MATTI'), 'participant.unknown'],
    ['no invitee at all', () => claim('', 'U-MATTI'), 'participant.unknown'],
    [
      'an invitee id that is a number',
      () => ({ ...claim('p4', 'U-MATTI'), participantId: 4 }) as unknown as Command,
      'participant.unknown',
    ],
    [
      'an account that is a number',
      (d) => ({ ...claim(d.id(P.grandfather), ''), chatUserId: 42 }) as unknown as Command,
      'input.empty',
      { field: 'chatUserId' },
    ],
    [
      'an account that is an object',
      (d) => ({ ...claim(d.id(P.grandfather), ''), chatUserId: { id: 'U-MATTI' } }) as unknown as Command,
      'input.empty',
    ],
    [
      'no account field at all',
      (d) => ({ type: 'account.claim', participantId: d.id(P.grandfather) }) as unknown as Command,
      'input.empty',
    ],
    [
      'a display name that is not text',
      (d) => ({ ...claim(d.id(P.grandfather), 'U-MATTI'), displayName: ['Matti'] }) as unknown as Command,
      'input.empty',
      { field: 'name' },
    ],
  ];

  for (const [what, command, code, params] of cases) {
    it(`a claim with ${what} is refused (${code}) and changes nothing`, () => {
      const d = realisticMeeting('invited');
      const logged = d.events.length;
      const r = d.rejects(STRANGER, command(d), code);
      assert.equal(d.events.length, logged);
      for (const [name, value] of Object.entries(params ?? {})) assert.deepEqual(r.params?.[name], value);
    });
  }

  it('an account of exactly 200 characters is taken, trimmed of the spaces around it', () => {
    const d = realisticMeeting('invited');
    const account = 'U'.repeat(200);
    d.do(STRANGER, claim(d.id(P.grandfather), ` ${account} `));
    assert.equal(d.m.claims[0]?.chatUserId, account);
  });

  it('settling with values that are not text is refused as no such claim, and changes nothing', () => {
    const d = realisticMeeting('invited');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI'));
    for (const bad of [
      { participantId: matti, chatUserId: 5 },
      { participantId: 4, chatUserId: 'U-MATTI' },
      { participantId: matti },
      { chatUserId: 'U-MATTI' },
      { participantId: matti, chatUserId: '' },
    ]) {
      d.rejects(P.social, { type: 'account.confirm', ...bad } as unknown as Command, 'account.no_claim');
      d.rejects(P.social, { type: 'account.refuse', ...bad } as unknown as Command, 'account.no_claim');
    }
    assert.equal(d.m.claims.length, 1);
  });
});

describe('account claims: the audit trail', () => {
  it('records who claimed which account (no participant did it) and who confirmed or refused it', () => {
    const d = realisticMeeting('why');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-MATTI', 'Matti Laine'));
    assert.deepEqual(last(d), {
      type: 'account.claimed',
      participantId: matti,
      chatUserId: 'U-MATTI',
      displayName: 'Matti Laine',
      at: d.now,
    });
    assert.ok(!('by' in last(d)), 'nobody in the meeting made the claim');
    d.advance(5);
    d.do(P.youth, confirm(matti, 'U-MATTI'));
    assert.deepEqual(last(d), {
      type: 'account.linked',
      participantId: matti,
      chatUserId: 'U-MATTI',
      at: d.now,
      by: d.id(P.youth),
    });
  });

  it('the events alone rebuild the same meeting, claims waiting and accounts linked alike', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, { type: 'invitee.add', person: { name: 'Eeva Salo', role: 'close' } });
    const matti = d.id(P.grandfather);
    const eeva = d.id('Eeva Salo');
    d.do(STRANGER, claim(matti, 'U-MATTI', 'Matti Laine'));
    d.do(STRANGER, claim(matti, 'U-IMPOSTOR'));
    d.do(STRANGER, claim(eeva, 'U-EEVA', 'Eeva'));
    d.do(STRANGER, claim(eeva, 'U-X'));
    d.do(P.social, confirm(matti, 'U-MATTI'));
    d.do(P.social, refuse(eeva, 'U-X'));
    assert.deepEqual(d.m.claims, [{ participantId: eeva, chatUserId: 'U-EEVA', displayName: 'Eeva' }]);
    assert.deepEqual(replay(d.events), d.m);
  });

  it('the memo, built from the events, sends to the linked account and never names a claimant', () => {
    const d = realisticMeeting('followup');
    const matti = d.id(P.grandfather);
    d.do(STRANGER, claim(matti, 'U-IMPOSTOR', 'Väärä Matti'));
    d.do(STRANGER, claim(matti, 'U-MATTI', 'Matti Laine (puhelin)'));
    d.do(P.youth, refuse(matti, 'U-IMPOSTOR'));
    d.do(P.youth, confirm(matti, 'U-MATTI'));
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.grandfather, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 });
    d.do(P.youth, d.closeAnyway());
    assert.deepEqual(memoContent(d.events)?.meeting, d.m);
    assert.ok(memoRecipients(d.m).chat.some((p) => p.id === matti && p.chatUserId === 'U-MATTI'));
    assert.ok(!memoRecipients(d.m).byHand.some((p) => p.id === matti));
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const memo = buildMemo(d.events, locale);
      assert.ok(memo.includes(P.grandfather));
      for (const secret of ['U-IMPOSTOR', 'Väärä Matti', 'U-MATTI', 'puhelin'])
        assert.ok(!memo.includes(secret), `${locale}: the memo names ${secret}`);
    }
  });
});
