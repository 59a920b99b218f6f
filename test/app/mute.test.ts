/** A person who turns off reminders about a meeting gets none, from the next tick on; the others still do. */
import assert from 'node:assert/strict';
import { App } from '../../src/app/app.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, freshApp, RecordingPort, seed } from './support.js';

describe('turning reminders off', () => {
  const fresh = freshApp();

  it('from a click, no more reminders to that person; the others keep theirs; on again brings them back', async () => {
    await seed(fresh.app, 'closed');
    let now = '2026-11-26T16:00:00+02:00';
    const app = new App(fresh.store, { clock: { now: () => new Date(now) }, log: () => undefined });
    const meeting = await app.meetings.get('m1');
    assert.ok(meeting);
    await app.aftercare.reschedule(meeting);
    const port = new RecordingPort();
    app.aftercare.usePort(port);
    const mute = (account: string, muted: boolean) =>
      app.interactions.handle(
        'm1',
        { verb: 'reminders.mute', fields: { meetingId: 'm1', muted: String(muted) } },
        { account },
      );
    assert.ok((await mute(ACCOUNT[P.teacher], true)).ok);
    assert.equal((await mute(ACCOUNT[P.teacher], true)).rejection?.code, 'reminders.unchanged');
    // Two weeks on: Liisa's and the digests went out; nothing to Pekka.
    now = '2026-12-10T10:00:00+02:00';
    await app.aftercare.tick();
    // Reminders: not the follow-up meeting's invitation, which is no reminder and goes to everyone invited.
    const to = (account: string) =>
      port.calls.filter(
        (c) => c.startsWith('direct') && !c.startsWith('direct invitation') && c.endsWith(account),
      );
    assert.deepEqual(to(ACCOUNT[P.teacher]), []);
    assert.ok(to(ACCOUNT[P.mother]).length > 0);
    assert.ok((await mute(ACCOUNT[P.teacher], false)).ok);
    // The day before the follow-up meeting: Pekka is reminded of it again.
    now = '2027-01-13T10:00:00+02:00';
    await app.aftercare.tick();
    assert.ok(to(ACCOUNT[P.teacher]).includes(`direct followup-reminder → ${ACCOUNT[P.teacher]}`));
  });
});
