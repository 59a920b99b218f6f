/** Random commands from random people never break a rule, and a rejection never changes anything. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  actingChairId,
  type Command,
  decide,
  type Event,
  evolve,
  isRejection,
  type Meeting,
  replay,
} from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import { realisticMeeting, STAGES } from '../support/realistic-meeting.js';
import { checkState, checkStep } from './invariants.js';

const ids = fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p99');
const text = fc.oneof(
  fc.constantFrom('', '   ', 'Soittaa koululle', 'x'.repeat(6000)),
  fc.string({ maxLength: 40 }),
);
const date = fc.constantFrom('2026-11-20', '2026-12-01', '2027-01-15', '2026-02-30', 'huomenna', '');
const time = fc.constantFrom('2027-01-14T14:00:00+02:00', '2026-11-01T10:00:00Z', '14.1.2027', '');
const score = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 6, 2.5));
/** Chat accounts: a few newcomers' (so that claims meet), the participants' own, and broken ones. */
const account = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('U-MATTI', 'U-STRANGER', 'U-OTHER') },
  { weight: 2, arbitrary: fc.constantFrom('U-LIISA', 'U-SANNA', 'U-JARI') },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', 'U'.repeat(201)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
/** Mostly the grandfather, the one invitee of the realistic meeting without a chat account. */
const claimed = fc.oneof({ weight: 3, arbitrary: fc.constant('p4') }, { weight: 2, arbitrary: ids });
/** Settling mostly names a claim that may well be waiting, so that links and refusals happen. */
const linking = fc.record({
  participantId: fc.oneof({ weight: 4, arbitrary: fc.constant('p4') }, { weight: 1, arbitrary: ids }),
  chatUserId: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom('U-MATTI', 'U-STRANGER', 'U-OTHER') },
    { weight: 1, arbitrary: account },
  ),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Command>({ type: 'floor.next' }) },
  { weight: 6, arbitrary: fc.constant<Command>({ type: 'turn.end' }) },
  { weight: 4, arbitrary: fc.constant<Command>({ type: 'phase.next' }) },
  { weight: 3, arbitrary: fc.constant<Command>({ type: 'turn.pass' }) },
  { weight: 3, arbitrary: ids.map((participantId): Command => ({ type: 'floor.give', participantId })) },
  { weight: 2, arbitrary: fc.constant<Command>({ type: 'floor.request' }) },
  fc.constant<Command>({ type: 'floor.withdraw' }),
  fc.constant<Command>({ type: 'round.start' }),
  fc.constant<Command>({ type: 'round.close' }),
  fc.constant<Command>({ type: 'meeting.start' }),
  fc.constant<Command>({ type: 'meeting.close' }),
  text.map((reason): Command => ({ type: 'phase.skip', reason })),
  fc
    .record({
      participantId: ids,
      status: fc.constantFrom('present', 'absent') as fc.Arbitrary<'present' | 'absent'>,
    })
    .map((c): Command => ({ type: 'attendance.mark', ...c })),
  ids.map((participantId): Command => ({ type: 'participant.leave', participantId })),
  fc
    .record(
      {
        name: text,
        role: fc.constantFrom('client', 'close', 'worker') as fc.Arbitrary<'client'>,
        chatUserId: account,
      },
      { requiredKeys: ['name', 'role'] },
    )
    .map((person): Command => ({ type: 'participant.join', person })),
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          participantId: claimed,
          chatUserId: account,
          displayName: fc.constantFrom('Matti Laine', '', 'x'.repeat(101)),
        },
        { requiredKeys: ['participantId', 'chatUserId'] },
      )
      .map((c): Command => ({ type: 'account.claim', ...c })),
  },
  { weight: 4, arbitrary: linking.map((c): Command => ({ type: 'account.confirm', ...c })) },
  { weight: 2, arbitrary: linking.map((c): Command => ({ type: 'account.refuse', ...c })) },
  ids.map((participantId): Command => ({ type: 'chair.assign', participantId })),
  ids.map((participantId): Command => ({ type: 'notetaker.assign', participantId })),
  ids.map((participantId): Command => ({ type: 'responsible.assign', participantId })),
  fc.oneof(
    time.map((at): Command => ({ type: 'followup.agree', at })),
    text.map((noneReason): Command => ({ type: 'followup.agree', noneReason })),
  ),
  text.map((t): Command => ({ type: 'note.add', text: t })),
  text.map((t): Command => ({ type: 'wish.record', text: t })),
  {
    weight: 3,
    arbitrary: fc
      .record({ what: text, ownerId: ids, due: date })
      .map((c): Command => ({ type: 'commitment.add', ...c })),
  },
  fc
    .record({ commitmentId: fc.constantFrom('c1', 'c2', 'c3', 'c9'), due: date })
    .map((c): Command => ({ type: 'commitment.edit', ...c })),
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('c1', 'c2', 'c3', 'c4')
      .map((commitmentId): Command => ({ type: 'commitment.confirm', commitmentId })),
  },
  fc
    .record({
      commitmentId: fc.constantFrom('c1', 'c2', 'c4'),
      status: fc.constantFrom('done', 'needs_help', 'postponed', 'open') as fc.Arbitrary<'done'>,
      newDue: date,
    })
    .map((c): Command => ({ type: 'commitment.status', ...c })),
  {
    weight: 3,
    arbitrary: fc
      .record({ hopeful: score, trusting: score, clearer: score })
      .map((c): Command => ({ type: 'feedback.answer', ...c })),
  },
);

/** Someone in the chat who is not (yet) a participant: no actor, the app vouches for their account. */
const STRANGER = 'stranger';
const anyone = fc.oneof(
  { weight: 6, arbitrary: fc.constant('chair') },
  { weight: 4, arbitrary: ids },
  { weight: 1, arbitrary: fc.constant(STRANGER) },
);
/** A claim or a self-join comes mostly from a stranger: that is who may make them. */
const newcomer = fc.oneof({ weight: 4, arbitrary: fc.constant(STRANGER) }, { weight: 1, arbitrary: anyone });

/** Mostly the chair (who moves the meeting), sometimes anyone, sometimes on someone's behalf. */
const step = command.chain((cmd) =>
  fc.record({
    actor: cmd.type === 'account.claim' || cmd.type === 'participant.join' ? newcomer : anyone,
    command: fc.constant(cmd),
    onBehalfOf: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: ids }),
    minutes: fc.nat({ max: 60 * 24 * 3 }),
  }),
);

/**
 * What linking accounts must keep: a claim gives no say, only the convener or the acting chair
 * links an account, and only one that was claimed for someone without one; no account is anyone's twice.
 */
function checkAccounts(before: Meeting, e: Event, after: Meeting, cmd: Command): void {
  if (e.type === 'account.claimed') {
    assert.equal(e.by, undefined, 'a claim is made by nobody in the meeting');
    assert.deepEqual(after.participants, before.participants, 'a claim gives no say');
  } else
    assert.ok(
      after.participants.some((p) => p.id === e.by),
      'all else is done by a participant',
    );
  if (e.type === 'account.linked' || e.type === 'account.claim_refused') {
    assert.ok(
      (cmd.type === 'account.confirm' || cmd.type === 'account.refuse') &&
        cmd.participantId === e.participantId &&
        cmd.chatUserId === e.chatUserId,
      'the very claim named is settled',
    );
    assert.ok(e.by === before.convenerId || e.by === actingChairId(before), 'the convener or chair settles');
    assert.ok(
      before.claims.some((c) => c.participantId === e.participantId && c.chatUserId === e.chatUserId),
      'only a claim that was made is settled',
    );
  }
  if (e.type === 'account.linked') {
    assert.equal(before.participants.find((p) => p.id === e.participantId)?.chatUserId, undefined);
    assert.ok(!before.participants.some((p) => p.chatUserId === e.chatUserId), 'an account nobody has');
    assert.ok(
      !after.claims.some((c) => c.participantId === e.participantId || c.chatUserId === e.chatUserId),
      'the other claims on that person or that account are dropped',
    );
  }
  const accounts = after.participants.flatMap((p) => (p.chatUserId === undefined ? [] : [p.chatUserId]));
  assert.equal(new Set(accounts).size, accounts.length, 'no account belongs to two participants');
  const pairs = after.claims.map((c) => `${c.participantId} ${c.chatUserId}`);
  assert.equal(new Set(pairs).size, pairs.length, 'a claim waits once');
  const open = after.claims.filter(
    (c) =>
      after.participants.some((p) => p.id === c.participantId && p.chatUserId === undefined) &&
      !accounts.includes(c.chatUserId),
  );
  assert.ok(open.length <= 20, 'at most 20 claims wait');
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

describe('random meetings', () => {
  it('random commands from random actors never break a rule, and every rejection leaves the meeting as it was', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        fc.array(step, { minLength: 20, maxLength: 150 }),
        (stage, steps) => {
          const d = realisticMeeting(stage);
          let m: Meeting = deepFreeze(d.m);
          const events = [...d.events];
          let now = Date.parse(d.now);
          for (const s of steps) {
            now += s.minutes * 60_000;
            const actor =
              s.actor === 'chair' ? (m.chairId ?? m.convenerId) : s.actor === STRANGER ? undefined : s.actor;
            const cmd = (s.onBehalfOf ? { ...s.command, onBehalfOf: s.onBehalfOf } : s.command) as Command;
            const snapshot = JSON.stringify(m);
            const result = decide(m, cmd, { now: new Date(now).toISOString(), actor });
            if (isRejection(result)) {
              assert.equal(JSON.stringify(m), snapshot, 'a rejection changes nothing');
              for (const locale of ['fi', 'sv', 'en'] as const) assert.ok(describeRejection(locale, result));
              if (cmd.type.startsWith('account.')) seen.add(result.code);
              continue;
            }
            assert.ok(result.length > 0, 'an accepted command records something');
            for (const e of result) {
              const next = deepFreeze(evolve(m, e));
              checkStep(m, e, next);
              checkAccounts(m, e, next, cmd);
              seen.add(e.type);
              m = next;
              events.push(e);
            }
            checkState(m);
          }
          assert.deepEqual(replay(events), m, 'the event log rebuilds the same meeting');
        },
      ),
      { numRuns: 400 },
    );
    // Claims really were in play: made, settled both ways, and refused for each reason.
    for (const what of [
      'account.claimed',
      'account.linked',
      'account.claim_refused',
      'account.already_linked',
      'account.taken',
      'account.claim_pending',
      'account.no_claim',
      'auth.convener_or_chair_only',
    ])
      assert.ok(seen.has(what), `no ${what} in 400 random meetings`);
  });
});
