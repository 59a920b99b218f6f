/**
 * The memo reviewed before it goes, through the app: a draft reaches only those who review it, is
 * downloaded only by them, reminds them until it is approved, and then goes to everyone.
 */
import assert from 'node:assert/strict';
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import { NOT_REVIEWED } from '../../src/app/memo-file.js';
import { buildCard } from '../../src/cards/cards.js';
import { t } from '../../src/i18n/index.js';
import { MovableClock } from '../support/movable-clock.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, freshApp, RecordingPort, seed } from './support.js';

/** "Approve and send" pressed on the memo's card by the person with `account`. */
const approve = (app: App, account: string, fields: Record<string, string> = {}) =>
  app.interactions.handle(
    'm1',
    { verb: 'memo.approve', fields: { meetingId: 'm1', ...fields } },
    { account },
  );

/** A port that keeps the direct messages it was asked to send, cards and all. */
class KeepingPort extends RecordingPort {
  readonly directs: Extract<Delivery, { kind: 'direct' }>[] = [];
  override async direct(d: Extract<Delivery, { kind: 'direct' }>) {
    this.directs.push(d);
    return super.direct(d);
  }
}

const REVIEWERS = [P.client, P.nurse, P.youth].map((n) => ACCOUNT[n]);

describe('the memo reviewed before it goes', () => {
  const fresh = freshApp();

  async function closed() {
    await seed(fresh.app, 'closed');
    const clock = new MovableClock('2026-11-26T16:00:00+02:00');
    const app = new App(fresh.store, { clock, log: () => undefined, retry: { delaysMs: [] } });
    const port = new KeepingPort();
    app.aftercare.usePort(port);
    const meeting = await app.meetings.get('m1');
    assert.ok(meeting);
    await app.aftercare.reschedule(meeting);
    // As the meeting closes, its follow-up meeting is made and announced: not counted here.
    await app.aftercare.tick();
    port.directs.length = 0;
    return { app, clock, port };
  }

  it('a draft is downloaded by its reviewers only; the others are told it is not reviewed yet, and nothing is noted', async () => {
    const { app } = await closed();
    const draft = await app.memoFor('m1', ACCOUNT[P.client]);
    assert.ok(draft && typeof draft !== 'string', 'the client reads the draft');
    assert.ok(draft.markdown.includes(t('fi', 'memo.draft')), 'it says it is a draft');
    for (const name of [P.nurse, P.youth])
      assert.equal(typeof (await app.memoFor('m1', ACCOUNT[name])), 'object', `${name} reviews it`);
    assert.equal(await app.memoFor('m1', ACCOUNT[P.mother]), NOT_REVIEWED);
    assert.equal(await app.memoFor('m1', ACCOUNT[P.teacher]), NOT_REVIEWED);
    assert.equal(await app.memoFor('m1', 'U-STRANGER'), undefined, 'a stranger learns nothing');
    const readers = (await app.access.of('m1')).map((a) => a.by);
    const ids = (await app.meetings.get('m1'))?.participants ?? [];
    const idOf = (name: string) => ids.find((p) => p.name === name)?.id;
    assert.deepEqual(readers, [idOf(P.client), idOf(P.nurse), idOf(P.youth)]);

    const approved = await approve(app, ACCOUNT[P.client], { memoComment: 'Hyvä näin.' });
    assert.ok(approved.ok, approved.rejection?.code);
    const sent = await app.memoFor('m1', ACCOUNT[P.mother]);
    assert.ok(sent && typeof sent !== 'string', 'sent, the mother reads it');
    assert.ok(!sent.markdown.includes(t('fi', 'memo.draft')), 'no longer a draft');
    assert.ok(sent.markdown.includes(t('fi', 'memo.approved_client', { name: P.client })));
    assert.ok(sent.markdown.includes(t('fi', 'memo.client_comment', { comment: 'Hyvä näin.' })));
  });

  it('a draft reminds its reviewers each working day until it is approved, then nobody', async () => {
    const { app, clock, port } = await closed();
    const memoTo = () => port.directs.filter((d) => d.surface === 'memo').map((d) => d.to.account);
    // Friday, 9:00: the day after the meeting.
    clock.set('2026-11-27T09:00:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual([...memoTo()].sort(), [...REVIEWERS].sort());
    for (const d of port.directs.filter((x) => x.surface === 'memo')) {
      assert.equal(d.view.memoReminder, true);
      const card = JSON.stringify(buildCard('memo', d.view));
      assert.ok(card.includes(t('fi', 'card.memo.draft_reminder')), 'the card says it still waits');
      assert.ok(card.includes('"verb":"memo.approve"'), 'with its button to approve and send it');
    }
    port.directs.length = 0;
    // Monday: again, once each.
    clock.set('2026-11-30T09:00:00+02:00');
    await app.aftercare.tick();
    assert.equal(memoTo().length, 3);
    port.directs.length = 0;
    // The chair goes through it with the client: it goes to everyone, and the reminders stop.
    clock.set('2026-11-30T11:00:00+02:00');
    const approved = await approve(app, ACCOUNT[P.youth]);
    assert.ok(approved.ok, approved.rejection?.code);
    clock.set('2026-12-01T09:00:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(memoTo(), [], 'no reminder once approved');
  });

  it('the export of a meeting whose memo waits says it is a draft; once sent, who reviewed it', async () => {
    const { app } = await closed();
    const md = await app.export('m1', ACCOUNT[P.social], 'markdown');
    assert.ok(md?.body.includes(t('fi', 'memo.draft')));
    const draft = JSON.parse((await app.export('m1', ACCOUNT[P.social], 'json'))?.body ?? '{}');
    assert.deepEqual(draft.meetings[0].memo, { status: 'draft' });
    await approve(app, ACCOUNT[P.youth], { memoComment: 'Sovittiin yhdessä.' });
    const sent = JSON.parse((await app.export('m1', ACCOUNT[P.social], 'json'))?.body ?? '{}');
    const jari = (await app.meetings.get('m1'))?.participants.find((p) => p.name === P.youth)?.id;
    assert.deepEqual(sent.meetings[0].memo, {
      status: 'sent',
      approval: {
        at: '2026-11-26T14:00:00.000Z',
        by: jari,
        withClient: true,
        clientComment: 'Sovittiin yhdessä.',
      },
    });
  });
});
