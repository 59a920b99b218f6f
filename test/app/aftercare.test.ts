/**
 * Aftercare through the app: a meeting's reminders kept in the store and sent when due, once,
 * through the channel the meeting lives in; a finished commitment is not reminded of.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import { followUpIdOf } from '../../src/app/followups.js';
import { buildCard } from '../../src/cards/cards.js';
import { MovableClock } from '../support/movable-clock.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, freshApp, RecordingPort, seed } from './support.js';

/** The reminders a port was asked to send: not the follow-up meeting's invitation, made as the schedule is first run. */
const remindersIn = (port: RecordingPort) =>
  port.calls.filter((c) => c.startsWith('direct ') && !c.startsWith('direct invitation'));

describe('aftercare', () => {
  const fresh = freshApp();

  /** Closed, its memo approved as it ended: only the commitments' reminders and the digest are left. */
  async function closedMeeting() {
    await seed(fresh.app, 'memo sent');
    const clock = new MovableClock('2026-11-26T16:00:00+02:00');
    const app = new App(fresh.store, { clock, log: () => undefined, retry: { delaysMs: [] } });
    const meeting = await app.meetings.get('m1');
    assert.ok(meeting);
    await app.aftercare.reschedule(meeting);
    const port = new RecordingPort();
    app.aftercare.usePort(port);
    // As the meeting closes, its follow-up meeting is made (and announced: not counted here).
    await app.aftercare.tick();
    return { app, clock, port };
  }

  const reminders = (port: RecordingPort) => port.calls.filter((c) => c.startsWith('direct reminder'));

  it('sends each reminder when it falls due, to the commitment’s owner, once', async () => {
    const { app, clock, port } = await closedMeeting();
    assert.equal(await app.aftercare.tick(), 0, 'nothing is due on the meeting’s day');
    // Friday 27 November, 9:00: Pekka's commitment (due Tuesday 1 December) is two working days away.
    clock.set('2026-11-27T09:00:00+02:00');
    assert.equal(await app.aftercare.tick(), 1);
    assert.deepEqual(reminders(port), [`direct reminder → ${ACCOUNT[P.teacher]}`]);
    assert.equal(await app.aftercare.tick(), 0, 'not sent twice');
    clock.set('2026-11-27T09:20:00+02:00');
    assert.equal(await app.aftercare.tick(), 0, 'nor once its claim has run out');
    // Another instance over the same store does not send it again either.
    const other = new App(fresh.store, { clock, log: () => undefined });
    other.aftercare.usePort(port);
    assert.equal(await other.aftercare.tick(), 0);
  });

  it('goes out at the hour the settings give', async () => {
    await seed(fresh.app, 'memo sent');
    const clock = new MovableClock('2026-11-27T08:00:00+02:00');
    const app = new App(fresh.store, { clock, log: () => undefined, reminders: { hour: 8 } });
    const meeting = await app.meetings.get('m1');
    assert.ok(meeting);
    await app.aftercare.reschedule(meeting);
    const port = new RecordingPort();
    app.aftercare.usePort(port);
    assert.equal(await app.aftercare.tick(), 1, 'at 8, not 9');
  });

  it('a commitment marked done is not reminded of again', async () => {
    const { app, clock, port } = await closedMeeting();
    clock.set('2026-11-27T09:00:00+02:00');
    await app.aftercare.tick();
    const pekka = ACCOUNT[P.teacher];
    assert.ok(pekka);
    const done = await app.interactions.handle(
      'm1',
      {
        verb: 'commitment.status',
        fields: {
          meetingId: 'm1',
          version: String((await app.meetings.get('m1'))?.version),
          commitmentId: 'c3',
          status: 'done',
        },
      },
      { account: pekka },
    );
    assert.ok(done.ok, `marking done was refused: ${done.rejection?.code}`);
    clock.set('2026-12-03T09:00:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(
      reminders(port).filter((c) => c.endsWith(pekka)),
      [`direct reminder → ${pekka}`],
      'only the one before it was done',
    );
  });

  it('a postponed commitment is reminded of its new day', async () => {
    const { app, clock, port } = await closedMeeting();
    const pekka = ACCOUNT[P.teacher] ?? '';
    const version = String((await app.meetings.get('m1'))?.version);
    const postponed = await app.interactions.handle(
      'm1',
      {
        verb: 'commitment.status',
        fields: { meetingId: 'm1', version, commitmentId: 'c3', status: 'postponed', newDue: '2026-12-16' },
      },
      { account: pekka },
    );
    assert.ok(postponed.ok, `postponing was refused: ${postponed.rejection?.code}`);
    // Monday 14 December is two working days before the new day; the old day's reminders are gone.
    clock.set('2026-12-01T09:00:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(
      reminders(port).filter((c) => c.endsWith(pekka)),
      [],
      'nothing on the old day',
    );
    clock.set('2026-12-14T09:00:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(
      reminders(port).filter((c) => c.endsWith(pekka)),
      [`direct reminder → ${pekka}`],
    );
  });

  it('"need help" reaches the responsible worker at once, with who asked, for what, and what they added', async () => {
    const { app } = await closedMeeting();
    const pekka = ACCOUNT[P.teacher] ?? '';
    const version = String((await app.meetings.get('m1'))?.version);
    const asked = await app.interactions.handle(
      'm1',
      {
        verb: 'commitment.status',
        fields: {
          meetingId: 'm1',
          version,
          commitmentId: 'c3',
          status: 'needs_help',
          statusNote: 'Aikataulu ei riitä',
        },
      },
      { account: pekka },
    );
    assert.ok(asked.ok, `refused: ${asked.rejection?.code}`);
    const calls = asked.deliveries.filter((d) => d.kind === 'direct' && d.surface === 'notice');
    assert.deepEqual(
      calls.map((d) => ('to' in d ? d.to.account : '')),
      [ACCOUNT[P.social]],
      'to the responsible worker only',
    );
    const meeting = await app.meetings.get('m1');
    const what = meeting?.commitments.find((c) => c.id === 'c3')?.what ?? '';
    const card = JSON.stringify(buildCard('notice', calls[0]?.view ?? { locale: 'fi', now: '' }));
    for (const part of [P.teacher, what.slice(0, 30), 'Aikataulu ei riitä'])
      assert.ok(card.includes(part), part);
  });

  it('the working day before the follow-up meeting, everyone invited with an account is reminded of it', async () => {
    const { app, clock, port } = await closedMeeting();
    // Wednesday 13 January 2027; the follow-up is on Thursday 14th.
    clock.set('2027-01-13T09:05:00+02:00');
    await app.aftercare.tick();
    const eve = port.calls.filter((c) => c.startsWith('direct followup-reminder'));
    const meeting = await app.meetings.get(followUpIdOf('m1'));
    const invited = (meeting?.participants ?? [])
      .filter((p) => p.invited && p.chatUserId)
      .map((p) => `direct followup-reminder → ${p.chatUserId}`);
    assert.deepEqual([...eve].sort(), [...invited].sort());
  });

  it('the responsible worker gets a weekly digest of every task', async () => {
    const { app, clock, port } = await closedMeeting();
    const sanna = ACCOUNT[P.social];
    const digests = () => port.calls.filter((c) => c.startsWith('direct digest'));
    // Monday 30 November, the first Monday after the meeting.
    clock.set('2026-11-30T09:01:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(digests(), [`direct digest → ${sanna}`]);
    // And the next.
    clock.set('2026-12-07T09:01:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(digests(), [`direct digest → ${sanna}`, `direct digest → ${sanna}`]);
  });

  it('after two weeks down, the responsible worker gets this week’s digest, not each missed one', async () => {
    const { app, clock, port } = await closedMeeting();
    clock.set('2026-12-07T09:01:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(
      port.calls.filter((c) => c.startsWith('direct digest')),
      [`direct digest → ${ACCOUNT[P.social]}`],
    );
  });

  it('after the follow-up meeting, what fell due before it is too late to help: dropped, not sent', async () => {
    const { app, clock, port } = await closedMeeting();
    clock.set('2027-01-20T10:00:00+02:00');
    await app.aftercare.tick();
    assert.deepEqual(remindersIn(port), []);
    assert.equal(await app.aftercare.tick(), 0, 'and not tried again');
  });

  it('says in its log what became of which reminder, never what anyone typed', async () => {
    await seed(fresh.app, 'closed');
    const lines: string[] = [];
    const clock = new MovableClock('2026-12-04T10:00:00+02:00');
    const app = new App(fresh.store, { clock, log: (line) => lines.push(line), retry: { delaysMs: [] } });
    const meeting = await app.meetings.get('m1');
    assert.ok(meeting);
    await app.aftercare.reschedule(meeting);
    // The platform refuses every message: each failure is logged.
    app.aftercare.usePort(new RecordingPort(() => ({ ok: false, error: 'channel_not_found' })));
    await app.aftercare.tick();
    const failed = lines.length;
    assert.ok(failed >= 3, `the refused reminders: ${lines.join(' | ')}`);
    // After the follow-up meeting, what is left is dropped, with a line each.
    clock.set('2027-01-20T10:00:00+02:00');
    await app.aftercare.tick();
    assert.ok(lines.length > failed, 'the dropped ones');
    const typed = [
      meeting.invitation.purpose,
      meeting.invitation.place ?? '',
      ...meeting.invitation.topics,
      ...meeting.participants.flatMap((p) => [p.name, p.relation ?? '', p.organisation ?? '']),
      ...meeting.commitments.flatMap((c) => [c.what, c.statusNote ?? '']),
    ].filter((text) => text.length > 2);
    for (const line of lines)
      for (const text of typed) assert.ok(!line.includes(text), `"${text}" in the log: ${line}`);
  });

  it('stopping waits for what a tick has claimed; nothing of it goes out twice at the next start', async () => {
    const clock = new MovableClock('2026-12-04T10:00:00+02:00');
    const app = new App(fresh.store, { clock, log: () => undefined, retry: { delaysMs: [] } });
    // Several meetings' reminders after a week's stop, more than one claim takes.
    for (let n = 1; n <= 12; n++) {
      await seed(fresh.app, 'closed', `m${n}`);
      const meeting = await app.meetings.get(`m${n}`);
      assert.ok(meeting);
      await app.aftercare.reschedule(meeting);
    }
    let open = () => {};
    const gate = new Promise<void>((done) => {
      open = done;
    });
    let began = 0;
    const port = new (class extends RecordingPort {
      override async direct(d: Extract<Delivery, { kind: 'direct' }>) {
        began += 1;
        await gate;
        return super.direct(d);
      }
    })();
    app.aftercare.usePort(port);
    const ticking = app.aftercare.tick();
    while (began === 0) await new Promise((done) => setTimeout(done, 5));
    let stopped = false;
    const stopping = app.aftercare.stop().then(() => {
      stopped = true;
    });
    await new Promise((done) => setTimeout(done, 50));
    assert.equal(stopped, false, 'the stop waits for the messages under way');
    open();
    const sent = await ticking;
    await stopping;
    assert.ok(sent > 0);
    assert.equal(remindersIn(port).length, sent, 'what was claimed went out, once each');
    // Started again: what went out before the stop is not sent again.
    const rest = await app.aftercare.tick();
    assert.equal(remindersIn(port).length, sent + rest);
    assert.equal(await app.aftercare.tick(), 0);
  });

  it('what fell due while Toivo was down is sent when it starts again, once', async () => {
    const { app, clock, port } = await closedMeeting();
    // A week later: the reminders of the first week are all due.
    clock.set('2026-12-04T10:00:00+02:00');
    const sent = await app.aftercare.tick();
    // Monday's digest, and of Pekka's and of Liisa's task the latest reminder each.
    assert.equal(sent, 3);
    assert.equal(remindersIn(port).length, sent, 'each one sent once: the reminders and the digest');
    assert.equal(await app.aftercare.tick(), 0);
  });
});

describe('aftercare on its own clock (node-cron, with fake timers)', () => {
  const fresh = freshApp();
  let timers: sinon.SinonFakeTimers | undefined;
  afterEach(() => timers?.restore());

  it('the minute tick sends each reminder within a minute of its time, and no sooner', async () => {
    await seed(fresh.app, 'memo sent');
    const app = new App(fresh.store, { log: () => undefined, retry: { delaysMs: [] } });
    const meeting = await app.meetings.get('m1');
    assert.ok(meeting);
    await app.aftercare.reschedule(meeting);
    const port = new RecordingPort();
    app.aftercare.usePort(port);
    // Friday 27 November 2026, a few minutes before 9 in Helsinki (7 UTC).
    timers = sinon.useFakeTimers({
      now: Date.parse('2026-11-27T06:57:30Z'),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    // Each tick runs on the store's real I/O while the fake minutes fly by. Counted, so that the fake
    // clock moves on only once the minute's tick is over, however long a loaded machine takes for it:
    // else a tick still under way when the next minute comes skips that minute (as it should).
    let began = 0;
    let ended = 0;
    const tick = app.aftercare.tick.bind(app.aftercare);
    app.aftercare.tick = () => {
      began += 1;
      return tick().finally(() => {
        ended += 1;
      });
    };
    app.aftercare.start();
    /** Moves the fake clock on by whole minutes, each minute's tick over before the next minute. */
    const minutes = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const before = began;
        await timers?.tickAsync(60_000);
        const until = performance.now() + 15_000;
        while ((began === before || ended < began) && performance.now() < until)
          await new Promise((done) => setImmediate(done));
        assert.ok(
          began === before + 1 && ended === began,
          `one tick a minute, each over (${began}, ${ended})`,
        );
      }
    };
    try {
      await minutes(2);
      assert.deepEqual(remindersIn(port), [], 'not before 9');
      await minutes(2);
      assert.deepEqual(remindersIn(port), [`direct reminder → ${ACCOUNT[P.teacher]}`]);
      await minutes(5);
      assert.equal(remindersIn(port).length, 1, 'once');
    } finally {
      app.aftercare.stop();
    }
  });
});
