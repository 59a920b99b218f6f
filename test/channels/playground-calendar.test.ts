/**
 * Calendar files in the playground: the invitation's "Add to calendar" downloads the meeting as a
 * .ics file, which follows the invitation as it is changed and cancelled.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import { loadConfig } from '../../src/config.js';
import type { Event } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { openUrls } from '../cards/support.js';
import { readCalendar } from '../support/calendar-file.js';
import { invitationFields, TestBrowser } from './playground-browser.js';

const INVITATION = invitationFields({
  date: '2027-03-29',
  time: '10:00',
});

type Card = Record<string, unknown>;
interface Drawn {
  readonly surface: string;
  readonly teams: Card;
}

describe('the playground: calendar files', () => {
  let dir: string;
  let store: EventStore<Event>;
  let running: Running;
  let clock: SimulatedClock;
  /** The browser the meeting is opened from: it carries the playground's cookie. */
  let browser: TestBrowser;

  const post = async (path: string, body: unknown) => (await (await browser.post(path, body)).json()) as Card;
  const invoke = (meeting: string | null, as: string | null, verb: string, data: Card = {}) =>
    post('/api/teams', { meeting, as, value: { action: { type: 'Action.Execute', verb, data } } });
  const state = async (meeting: string, as?: string) =>
    (await (await browser.fetch(`/api/state?meeting=${meeting}${as ? `&as=${as}` : ''}`)).json()) as {
      messages: Drawn[];
      direct: Drawn[];
      people: { id: string; name: string }[];
    };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-playground-calendar-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    clock = new SimulatedClock(() => Date.parse('2027-02-01T09:00:00+02:00'));
    running = await startServer(loadConfig({ PORT: '0' }), [playground(new App(store, { clock }), clock)]);
    browser = new TestBrowser(running.url);
  });
  afterEach(async () => {
    await running.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newMeeting() {
    const created = await invoke(null, null, 'meeting.create', INVITATION);
    assert.equal(created.ok, true, JSON.stringify(created));
    const meeting = created.meeting as string;
    const liisa = (await state(meeting)).people.find((p) => p.name === 'Liisa Laine')?.id;
    assert.ok(liisa);
    return { meeting, liisa };
  }

  /** The calendar link on the invitation in Liisa's direct messages (the newest), and its label. */
  async function liisasLink(meeting: string, liisa: string) {
    const invitations = (await state(meeting, liisa)).direct.filter((c) => c.surface === 'invitation');
    const links = Object.entries(openUrls(invitations.at(-1)?.teams));
    assert.equal(links.length, 1, `one link: ${JSON.stringify(links)}`);
    return links[0] as [string, string];
  }

  async function download(path: string) {
    const res = await browser.fetch(path);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
    return { res, ics: readCalendar(await res.text()) };
  }

  it('the invitation’s "Add to calendar" downloads the meeting, at 10 Helsinki time', async () => {
    const { meeting, liisa } = await newMeeting();
    const shared = openUrls((await state(meeting)).messages.find((c) => c.surface === 'invitation')?.teams);
    const [label, path] = await liisasLink(meeting, liisa);
    assert.equal(label, t('fi', 'card.action.add_to_calendar'));
    assert.equal(shared[label], path, 'the same link on the conversation’s invitation');
    const { res, ics } = await download(path);
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="toivo-2027-03-29.ics"');
    assert.equal(ics.get('DTSTART'), '20270329T070000Z', 'summer time: UTC+3');
    assert.equal(ics.get('METHOD'), 'REQUEST');
    assert.equal(ics.get('UID'), `${meeting}@toivo`);
  });

  it('refuses a meeting that does not exist, saying so in the page’s language', async () => {
    const res = await browser.fetch('/api/calendar?meeting=no-such-meeting&locale=sv');
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: t('sv', 'playground.calendar_not_found') });
    assert.equal((await browser.fetch('/api/calendar?meeting=no-such-meeting&followup=1')).status, 404);
  });

  it('the changed invitation sent again brings the event moved, then its cancellation', async () => {
    const { meeting, liisa } = await newMeeting();
    const convener = (await state(meeting)).people.find((p) => p.name === 'Sanna Korhonen')?.id ?? null;
    const first = (await download((await liisasLink(meeting, liisa))[1])).ics;
    clock.advance(5);
    const changed = await invoke(meeting, convener, 'invitation.update', {
      ...INVITATION,
      meetingId: meeting,
      time: '12:00',
    });
    assert.equal(changed.ok, true, JSON.stringify(changed));
    const moved = (await download((await liisasLink(meeting, liisa))[1])).ics;
    assert.equal(moved.get('UID'), first.get('UID'));
    assert.equal(moved.get('DTSTART'), '20270329T090000Z');
    assert.ok(Number(moved.get('SEQUENCE')) > Number(first.get('SEQUENCE')), 'a newer version of the event');
    clock.advance(5);
    const cancelled = await invoke(meeting, convener, 'meeting.cancel', {
      meetingId: meeting,
      cancelReason: 'Aino on sairaana.',
    });
    assert.equal(cancelled.ok, true, JSON.stringify(cancelled));
    const [label, path] = await liisasLink(meeting, liisa);
    assert.equal(label, t('fi', 'card.action.remove_from_calendar'));
    const gone = (await download(path)).ics;
    assert.equal(gone.get('METHOD'), 'CANCEL');
    assert.equal(gone.get('STATUS'), 'CANCELLED');
    assert.equal(gone.get('UID'), first.get('UID'));
    assert.ok(Number(gone.get('SEQUENCE')) > Number(moved.get('SEQUENCE')));
  });
});
