/**
 * One click is one decision under the meeting's lock: a double click acts once, a refused click
 * leaves nothing behind, and a card acts only on the meeting it was drawn for.
 */
import assert from 'node:assert/strict';
import { buildCard } from '../../src/cards/cards.js';
import { probePostgres, requireService, twoInstancesOnPostgres } from '../store/services.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, appOver, click, freshApp, seed, type TestApp } from './support.js';

/** The chair moves to "why we are here", where a round starts with nobody holding the floor. */
async function roundWithFreeFloor(app: TestApp, id: string) {
  const d = await seed(app, 'roles', id);
  const moved = await click(app, id, ACCOUNT[P.youth], 'phase.next', { phase: 'roles' });
  assert.ok(moved.ok, JSON.stringify(moved));
  return d;
}

/** Two presses of the same "next speaker" button on one board, delivered together. */
async function doubleClick(first: TestApp, second: TestApp, id: string) {
  const press = (app: TestApp) =>
    click(app, id, ACCOUNT[P.youth], 'floor.next', { speakerId: '', version: '1' });
  return Promise.all([press(first), press(second)]);
}

async function assertOneApplied(app: TestApp, id: string, outcomes: Awaited<ReturnType<typeof doubleClick>>) {
  assert.deepEqual(
    outcomes.map((o) => (o.ok ? 'applied' : o.rejection?.code)).sort(),
    ['applied', 'stale'],
    'one press moves the floor; the other is answered as stale',
  );
  const refused = outcomes.find((o) => !o.ok);
  assert.deepEqual(
    refused?.deliveries.map((d) => `${d.kind} → ${'to' in d ? d.to.account : ''}`),
    [`notice → ${ACCOUNT[P.youth]}`],
    'the stale press is told so, privately',
  );
  const m = await app.meetings.get(id);
  assert.equal(m?.floor, m?.participants.find((p) => p.name === P.client)?.id, 'the client has the floor');
  const round = m?.rounds.find((r) => r.status === 'open');
  assert.deepEqual(round?.turns, [], 'nobody is recorded as having spoken');
}

describe('one click, one decision', () => {
  const fresh = freshApp();

  it('a double click on "next speaker" gives the floor once; the second press is answered as stale', async () => {
    await roundWithFreeFloor(fresh.app, 'm1');
    await assertOneApplied(fresh.app, 'm1', await doubleClick(fresh.app, fresh.app, 'm1'));
  });

  it('a start that is refused leaves the event log exactly as it was, attendance marks included', async () => {
    const d = await seed(fresh.app, 'invited');
    const before = await fresh.app.meetings.events('m1');
    // The convener ticks everyone but herself: the start is refused, and so is every mark with it.
    const present = [P.client, P.mother, P.grandfather, P.teacher].map((n) => d.id(n)).join(',');
    const started = await click(fresh.app, 'm1', ACCOUNT[P.social], 'meeting.start', { presentIds: present });
    assert.equal(started.ok, false);
    assert.equal(started.rejection?.code, 'start.convener_not_present');
    assert.deepEqual(await fresh.app.meetings.events('m1'), before);
  });

  it('a start with the ticked attendees is one step: marks and start saved together, once for a retry', async () => {
    const d = await seed(fresh.app, 'invited');
    const before = (await fresh.app.meetings.events('m1')).length;
    const present = [P.social, P.client, P.mother].map((n) => d.id(n)).join(',');
    const start = () =>
      click(
        fresh.app,
        'm1',
        ACCOUNT[P.social],
        'meeting.start',
        { presentIds: present },
        { commandId: 'act-7' },
      );
    assert.ok((await start()).ok);
    const retried = await start();
    assert.ok(retried.ok && retried.duplicate, 'the platform’s retry of the same click is recognised');
    const events = await fresh.app.meetings.events('m1');
    assert.deepEqual(
      events.slice(before).map((e) => e.type),
      [
        'attendance.marked',
        'attendance.marked',
        'attendance.marked',
        'meeting.started',
        'phase.changed',
        'round.started',
      ],
    );
    const stream = await fresh.store.load('m1');
    assert.deepEqual(stream?.commandIds, ['act-7'], 'one id for the whole click');
  });

  it('a card drawn for one meeting does nothing to another', async () => {
    await roundWithFreeFloor(fresh.app, 'a');
    await roundWithFreeFloor(fresh.app, 'b');
    const before = await fresh.app.meetings.events('b');
    const forged = await fresh.app.interactions.handle(
      'b',
      { verb: 'floor.next', fields: { meetingId: 'a', speakerId: '' } },
      { account: ACCOUNT[P.youth] },
    );
    assert.equal(forged.rejection?.code, 'stale');
    const unnamed = await fresh.app.interactions.handle(
      'b',
      { verb: 'floor.next', fields: { speakerId: '' } },
      { account: ACCOUNT[P.youth] },
    );
    assert.equal(
      unnamed.rejection?.code,
      'stale',
      'a click that names no meeting was not drawn for this one',
    );
    assert.deepEqual(await fresh.app.meetings.events('b'), before);
  });

  it('someone in the chat who is not in the meeting cannot act, nor open its forms, and learns nothing of it', async () => {
    await seed(fresh.app, 'discussion');
    const before = await fresh.app.meetings.events('m1');
    const request = await click(fresh.app, 'm1', 'U-STRANGER', 'floor.request', { phase: 'discussion' });
    const form = await click(fresh.app, 'm1', 'U-STRANGER', 'ui.commitment_form');
    assert.ok(!form.deliveries.some((d) => d.kind === 'form'), 'no form with the meeting’s people in it');
    assert.deepEqual(await fresh.app.meetings.events('m1'), before);
    // The answer is the one a guessed id gets: it says nothing of the meeting, not even that it is there.
    const guessed = await click(fresh.app, 'm-guessed', 'U-STRANGER', 'floor.request', {
      phase: 'discussion',
    });
    const told = (h: typeof guessed) =>
      h.deliveries.map((d) => (d.kind === 'notice' ? buildCard('notice', d.view) : d.kind));
    for (const h of [request, form]) {
      assert.equal(h.rejection?.code, guessed.rejection?.code);
      assert.deepEqual(told(h), told(guessed));
    }
    assert.ok(!JSON.stringify(told(request)).includes('Ainon'), 'not even the meeting’s purpose');
    // Someone in another meeting, with that meeting's card in hand, is a stranger here too.
    await seed(fresh.app, 'discussion', 'm2');
    const m2 = await fresh.app.meetings.get('m2');
    assert.ok(m2);
    await fresh.store.append('m2', m2.version, [
      {
        type: 'invitee.added',
        at: '2026-11-26T14:10:00+02:00',
        by: m2.convenerId,
        participant: {
          id: 'p99',
          name: 'Outi Muualta',
          role: 'worker',
          chatUserId: 'U-OUTI',
          invited: true,
          attendance: 'unknown',
        },
      },
    ]);
    const elsewhere = await click(fresh.app, 'm1', 'U-OUTI', 'floor.request', { phase: 'discussion' });
    assert.deepEqual(told(elsewhere), told(guessed));
    assert.deepEqual(await fresh.app.meetings.events('m1'), before);
  });
});

describe('one click, one decision, with two bot instances sharing PostgreSQL', () => {
  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
  });

  it('a double click delivered to both instances at once gives the floor once', async () => {
    await twoInstancesOnPostgres(async (a, b) => {
      const one = appOver(a);
      const two = appOver(b);
      await roundWithFreeFloor(one, 'm1');
      await assertOneApplied(one, 'm1', await doubleClick(one, two, 'm1'));
      await a.erase('m1');
    });
  });
});
