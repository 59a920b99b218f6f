/**
 * The follow-up meeting through the app: made when the first closes, its invitation posted where
 * the first lived and sent to everyone invited, made once whatever happens, and reviewing the
 * first meeting's commitments as they stand when it starts.
 */
import assert from 'node:assert/strict';
import { App } from '../../src/app/app.js';
import { followUpIdOf } from '../../src/app/followups.js';
import { buildCard } from '../../src/cards/cards.js';
import { MovableClock } from '../support/movable-clock.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, freshApp, RecordingPort, seed } from './support.js';

const NEXT = followUpIdOf('m1');

describe('the follow-up meeting, made by the app', () => {
  const fresh = freshApp();

  async function atTheEnd(options: { port?: boolean } = {}) {
    await seed(fresh.app, 'feedback');
    const clock = new MovableClock('2026-11-26T15:40:00+02:00');
    const log: string[] = [];
    const app = new App(fresh.store, { clock, log: (line) => log.push(line), retry: { delaysMs: [] } });
    const port = new RecordingPort();
    if (options.port !== false) app.aftercare.usePort(port);
    return { app, clock, port, log };
  }

  const act = async (
    app: App,
    meetingId: string,
    name: string,
    verb: string,
    fields: Record<string, string> = {},
  ) => {
    const account = ACCOUNT[name as keyof typeof ACCOUNT];
    assert.ok(account, `${name} has no account`);
    const handled = await app.interactions.handle(
      meetingId,
      { verb, fields: { meetingId, ...fields } },
      { account },
    );
    assert.ok(handled.ok, `${verb} by ${name} was refused: ${handled.rejection?.code}`);
    return handled;
  };

  it('closing the meeting calls the follow-up together: the invitation in the same conversation and to everyone invited', async () => {
    const { app, port } = await atTheEnd();
    await act(app, 'm1', P.youth, 'meeting.close');
    const next = await app.meetings.get(NEXT);
    assert.ok(next, 'the follow-up meeting exists');
    assert.equal(next.phase, 'invited');
    assert.equal(next.previousMeetingId, 'm1');
    assert.equal(next.invitation.startsAt, '2027-01-14T14:00:00+02:00');
    assert.equal((await app.conversations.get(NEXT))?.conversation.id, 'conversation-of-m1');
    assert.ok(port.calls.includes('send invitation v1'), port.calls.join('\n'));
    const invited = port.calls.filter((c) => c.startsWith('direct invitation')).sort();
    assert.deepEqual(
      invited,
      Object.values(ACCOUNT)
        .map((a) => `direct invitation → ${a}`)
        .sort(),
    );
    // Each person's overview knows it.
    assert.ok((await app.meetingsFor(ACCOUNT[P.mother])).some((m) => m.id === NEXT));
  });

  it('is made once: not again by the schedule, a second instance or a restart', async () => {
    const { app, clock, port } = await atTheEnd();
    await act(app, 'm1', P.youth, 'meeting.close');
    clock.set('2026-11-26T15:45:00+02:00');
    await app.aftercare.tick();
    const other = new App(fresh.store, { clock, log: () => undefined });
    other.aftercare.usePort(port);
    await other.aftercare.tick();
    assert.equal((await app.meetings.events(NEXT)).filter((e) => e.type === 'meeting.created').length, 1);
    assert.equal(port.calls.filter((c) => c.startsWith('send invitation')).length, 1);
  });

  it('is made by the schedule when it could not be made at once (no channel running here), and announced then', async () => {
    const { app, clock, log } = await atTheEnd({ port: false });
    await act(app, 'm1', P.youth, 'meeting.close');
    assert.equal(await app.meetings.get(NEXT), undefined, 'not made where it could not be announced');
    // Later, an instance that runs the channel.
    clock.set('2026-11-26T15:50:00+02:00');
    const later = new App(fresh.store, { clock, log: (line) => log.push(line) });
    const port = new RecordingPort();
    later.aftercare.usePort(port);
    await later.aftercare.tick();
    assert.ok(await later.meetings.get(NEXT));
    assert.ok(port.calls.includes('send invitation v1'));
  });

  it('is not made once its time has passed (Toivo was down until then), and says so in the log', async () => {
    const { app, clock, log } = await atTheEnd({ port: false });
    await act(app, 'm1', P.youth, 'meeting.close');
    clock.set('2027-01-15T09:00:00+02:00');
    const later = new App(fresh.store, { clock, log: (line) => log.push(line) });
    later.aftercare.usePort(new RecordingPort());
    await later.aftercare.tick();
    assert.equal(await later.meetings.get(NEXT), undefined);
    assert.ok(
      log.some((l) => l.includes('follow-up') && !l.includes('Aino')),
      log.join('\n'),
    );
  });

  it('starts by reviewing the first meeting’s commitments as they stand then, and its board shows them', async () => {
    const { app, clock } = await atTheEnd();
    await act(app, 'm1', P.youth, 'meeting.close');
    // After the meeting: Pekka's task is done, Liisa asks for help.
    clock.set('2026-12-02T10:00:00+02:00');
    await act(app, 'm1', P.teacher, 'commitment.status', { commitmentId: 'c3', status: 'done' });
    await act(app, 'm1', P.mother, 'commitment.status', { commitmentId: 'c1', status: 'needs_help' });
    clock.set('2027-01-14T14:00:00+02:00');
    const next = await app.meetings.get(NEXT);
    assert.ok(next);
    await act(app, NEXT, P.social, 'meeting.start', {
      presentIds: next.participants.map((p) => p.id).join(','),
    });
    const started = await app.meetings.get(NEXT);
    assert.ok(started);
    assert.deepEqual(
      started.review.map((r) => `${r.id} ${r.status}`),
      ['c1 needs_help', 'c2 open', 'c3 done'],
    );
    // Liisa sees her own task with the outcomes she may record; the client sees it without them.
    const view = (name: string) =>
      JSON.stringify(
        buildCard('board', {
          locale: 'en',
          now: clock.now().toISOString(),
          meeting: started,
          viewerId: started.participants.find((p) => p.name === name)?.id,
        }),
      );
    assert.match(view(P.mother), /Aamuherätys ja yhteinen aamupala arkisin/);
    assert.match(view(P.mother), /"verb":"review.record"/);
    assert.match(view(P.client), /Aamuherätys ja yhteinen aamupala arkisin/);
    assert.doesNotMatch(view(P.client), /"verb":"review.record"/);
    await act(app, NEXT, P.mother, 'review.record', {
      itemId: 'c1',
      outcome: 'continues',
      reviewNote: 'Better now',
      phase: 'opening',
    });
    assert.equal((await app.meetings.get(NEXT))?.review[0]?.outcome, 'continues');
  });

  it('a meeting that is not the follow-up of another gets no review, whatever a card says', async () => {
    const { app } = await atTheEnd();
    await seed(fresh.app, 'invited', 'm2');
    const m2 = await app.meetings.get('m2');
    assert.ok(m2);
    const handled = await app.interactions.handle(
      'm2',
      {
        verb: 'meeting.start',
        fields: { meetingId: 'm2', presentIds: m2.participants.map((p) => p.id).join(','), review: '[1]' },
      },
      { account: ACCOUNT[P.social] },
    );
    assert.ok(handled.ok);
    assert.deepEqual((await app.meetings.get('m2'))?.review, []);
  });

  it('a call for help after the meeting reaches the responsible worker and whoever chairs the follow-up', async () => {
    const { app, clock } = await atTheEnd();
    await act(app, 'm1', P.youth, 'meeting.close');
    clock.set('2027-01-14T14:00:00+02:00');
    const next = await app.meetings.get(NEXT);
    assert.ok(next);
    await act(app, NEXT, P.social, 'meeting.start', {
      presentIds: next.participants.map((p) => p.id).join(','),
    });
    const started = await app.meetings.get(NEXT);
    await act(app, NEXT, P.social, 'chair.assign', {
      newChairId: started?.participants.find((p) => p.name === P.youth)?.id ?? '',
    });
    const help = await act(app, 'm1', P.mother, 'commitment.status', {
      commitmentId: 'c1',
      status: 'needs_help',
    });
    const told = help.deliveries
      .filter((d) => d.kind === 'direct' && d.surface === 'notice')
      .map((d) => ('to' in d ? d.to.account : ''))
      .sort();
    assert.deepEqual(told, [ACCOUNT[P.social], ACCOUNT[P.youth]].sort());
  });

  /** The follow-up phase with the follow-up agreed from its card as `fields`, confirmed by the client, then closed. */
  async function agreedAndClosed(fields: Record<string, string>) {
    await seed(fresh.app, 'followup');
    const clock = new MovableClock('2026-11-26T15:40:00+02:00');
    const app = new App(fresh.store, { clock, log: () => undefined, retry: { delaysMs: [] } });
    const port = new RecordingPort();
    app.aftercare.usePort(port);
    await act(app, 'm1', P.youth, 'followup.agree', fields);
    await act(app, 'm1', P.client, 'followup.confirm', { followupComment: 'Sopii.' });
    await act(app, 'm1', P.youth, 'phase.next');
    const m = await app.meetings.get('m1');
    const everyone = (m?.participants ?? []).map((p) => p.id).join(',');
    await act(app, 'm1', P.youth, 'meeting.close', { without: everyone });
    return { app, clock, port };
  }

  it('is held at the place agreed for it and called by its host, who sends the invitation', async () => {
    const { app } = await agreedAndClosed({
      followupDate: '2027-01-14',
      followupTime: '14:00',
      followupPlace: 'Nuorisotalo',
      hostId: 'p5',
    });
    const first = await app.meetings.get('m1');
    assert.equal(first?.participants.find((p) => p.id === 'p5')?.name, P.teacher);
    const next = await app.meetings.get(NEXT);
    assert.ok(next, 'the follow-up meeting exists');
    assert.equal(next.invitation.place, 'Nuorisotalo');
    assert.equal(next.invitation.startsAt, '2027-01-14T14:00:00+02:00');
    assert.equal(next.participants.find((p) => p.id === next.convenerId)?.name, P.teacher);
  });

  it('with its time to be agreed later, no meeting is made; the one who agrees it is reminded that day, and only they', async () => {
    const { app, clock, port } = await agreedAndClosed({ agreeBy: '2026-12-10', agreerId: 'p6' });
    assert.equal((await app.meetings.get('m1'))?.participants.find((p) => p.id === 'p6')?.name, P.nurse);
    assert.equal(await app.meetings.get(NEXT), undefined);
    assert.ok(!port.calls.some((c) => c.includes('invitation')), port.calls.join('\n'));
    clock.set('2026-12-09T09:30:00+02:00');
    await app.aftercare.tick();
    assert.ok(!port.calls.some((c) => c.includes('followup-reminder')), 'not before the day');
    clock.set('2026-12-10T09:01:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(
      port.calls.filter((c) => c.includes('followup-reminder')),
      [`direct followup-reminder → ${ACCOUNT[P.nurse]}`],
    );
  });
});
