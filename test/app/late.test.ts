/** A reminder that goes out well after its time (Toivo was down) says it comes late; one on time does not. */
import assert from 'node:assert/strict';
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import { buildCard } from '../../src/cards/cards.js';
import { t } from '../../src/i18n/index.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, freshApp, RecordingPort, seed } from './support.js';

/** Keeps the reminder cards it was asked to send, as the recipient would read them. */
class CardPort extends RecordingPort {
  readonly texts: string[] = [];
  override async direct(d: Extract<Delivery, { kind: 'direct' }>) {
    if (d.surface === 'reminder') this.texts.push(JSON.stringify(buildCard(d.surface, d.view)));
    return super.direct(d);
  }
}

describe('a late reminder', () => {
  const fresh = freshApp();

  async function at(now: string) {
    await seed(fresh.app, 'closed');
    const app = new App(fresh.store, { clock: { now: () => new Date(now) }, log: () => undefined });
    const meeting = await app.meetings.get('m1');
    assert.ok(meeting);
    await app.aftercare.reschedule(meeting);
    const port = new CardPort();
    app.aftercare.usePort(port);
    await app.aftercare.tick();
    return port;
  }

  const LATE = t('fi', 'card.reminder.late');

  it('on time (within the hour), says nothing of being late', async () => {
    // Friday 27 November at 9:30: Pekka's reminder, due at 9.
    const port = await at('2026-11-27T09:30:00+02:00');
    assert.equal(port.texts.length, 1);
    assert.ok(port.calls.includes(`direct reminder → ${ACCOUNT[P.teacher]}`));
    assert.ok(!port.texts[0]?.includes(LATE));
  });

  it('after downtime, says it comes late', async () => {
    const port = await at('2026-11-30T12:00:00+02:00');
    assert.ok(port.texts.length >= 1);
    for (const text of port.texts) assert.ok(text.includes(LATE), 'each one says so');
  });
});
