/**
 * Calendar files (.ics): the invitation as a calendar program reads it, at the right moment across
 * daylight saving, updated and cancelled as the same event; the follow-up meeting's before and
 * after it is created. Meetings are made by clicks on the invitation form, over a real store.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../src/app/app.js';
import { followUpIdOf } from '../../src/app/followups.js';
import type { Event } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { readCalendar, unescaped } from '../support/calendar-file.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

const SANNA = {
  account: 'U-SANNA',
  accountFor: (row: string) => ({ client: 'U-AINO', invitee1: 'U-LIISA' })[row],
};
const form = {
  purpose: 'Ainon koulunkäynti',
  time: '10:00',
  durationMinutes: '90',
  place: 'Koulu, neuvotteluhuone 2',
  meetingLocale: 'fi',
  convenerName: P.social,
  clientName: P.client,
  invitee1Name: P.mother,
  invitee1Role: 'close',
};

describe('calendar files', () => {
  let dir = '';
  let store: EventStore<Event>;
  let app: App;
  let now = Date.parse('2027-02-01T09:00:00+02:00');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-calendar-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    now = Date.parse('2027-02-01T09:00:00+02:00');
    app = new App(store, { clock: { now: () => new Date(now) }, retry: { delaysMs: [] } });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A meeting called with the invitation form on `date` at 10:00 Helsinki time (the form's zone). */
  async function called(date: string, more: Record<string, string> = {}): Promise<string> {
    const created = await app.decide(
      undefined,
      { verb: 'meeting.create', fields: { ...form, date, ...more } },
      SANNA,
      {
        conversation: { channel: 'playground', id: `chat-${date}` },
      },
    );
    assert.equal(created.rejection, undefined, JSON.stringify(created.rejection));
    assert.ok(created.meetingId);
    return created.meetingId;
  }

  async function calendar(meetingId: string) {
    const file = await app.calendar(meetingId);
    assert.ok(file, 'the meeting has a calendar file');
    return { ...file, ics: readCalendar(file.text) };
  }

  async function convenerDoes(meetingId: string, verb: string, fields: Record<string, string>) {
    const meeting = await app.meetings.get(meetingId);
    const done = await app.decide(
      meetingId,
      { verb, fields: { meetingId, version: String(meeting?.version), ...fields } },
      SANNA,
    );
    assert.equal(done.rejection, undefined, JSON.stringify(done.rejection));
  }

  it('a meeting at 10 in Helsinki is at 08 UTC before the clocks go forward, and at 07 UTC after', async () => {
    const winter = await calendar(await called('2027-03-26'));
    assert.equal(winter.ics.get('DTSTART'), '20270326T080000Z');
    assert.equal(winter.ics.get('DTEND'), '20270326T093000Z', 'ninety minutes later');
    const summer = await calendar(await called('2027-03-29'));
    assert.equal(summer.ics.get('DTSTART'), '20270329T070000Z');
    assert.equal(summer.ics.get('DTEND'), '20270329T083000Z');
    assert.equal(summer.filename, 'toivo-2027-03-29.ics', 'named by the local day');
  });

  it('says what, where, and that it is an invitation; one event with a UID of its own, naming nobody', async () => {
    const id = await called('2027-03-29');
    const { ics, text } = await calendar(id);
    assert.equal(ics.get('METHOD'), 'REQUEST');
    assert.equal(ics.get('STATUS'), 'CONFIRMED');
    assert.equal(ics.get('UID'), `${id}@toivo`);
    assert.equal(unescaped(ics.get('SUMMARY')), t('fi', 'calendar.summary', { purpose: form.purpose }));
    assert.equal(unescaped(ics.get('LOCATION')), form.place);
    assert.equal(ics.lines.filter((l) => l === 'BEGIN:VEVENT').length, 1);
    for (const name of ['ATTENDEE', 'ORGANIZER']) assert.equal(ics.get(name), undefined, `no ${name}`);
    for (const person of [P.social, P.client, P.mother])
      assert.ok(!text.includes(person), `${person} is not in it`);
    assert.equal(
      (await calendar(id)).ics.get('SEQUENCE'),
      ics.get('SEQUENCE'),
      'unchanged, the same version',
    );
  });

  it('an online meeting carries its link', async () => {
    const { ics } = await calendar(
      await called('2027-03-29', { onlineUrl: 'https://teams.example.org/l/meet/1' }),
    );
    assert.equal(ics.get('URL'), 'https://teams.example.org/l/meet/1');
    assert.ok(unescaped(ics.get('DESCRIPTION'))?.includes('https://teams.example.org/l/meet/1'));
  });

  it('a changed invitation is the same event, moved, with a higher SEQUENCE each time', async () => {
    const id = await called('2027-03-29');
    const first = await calendar(id);
    // Changed twice within the same second: each change must still count.
    await convenerDoes(id, 'invitation.update', { ...form, date: '2027-03-29', time: '12:00' });
    const moved = await calendar(id);
    await convenerDoes(id, 'invitation.update', {
      ...form,
      date: '2027-03-29',
      time: '12:00',
      place: 'Nuorisotalo',
    });
    const again = await calendar(id);
    assert.equal(moved.ics.get('UID'), first.ics.get('UID'));
    assert.equal(moved.ics.get('DTSTART'), '20270329T090000Z');
    assert.equal(unescaped(again.ics.get('LOCATION')), 'Nuorisotalo');
    const [a, b, c] = [first, moved, again].map((x) => Number(x.ics.get('SEQUENCE'))) as [
      number,
      number,
      number,
    ];
    assert.ok([a, b, c].every(Number.isInteger), `${[a, b, c]}`);
    assert.ok(a < b && b < c, `growing: ${[a, b, c]}`);
  });

  it('a cancelled meeting is sent as the cancellation of the same event', async () => {
    const id = await called('2027-03-29');
    const before = await calendar(id);
    now += 60_000;
    await convenerDoes(id, 'meeting.cancel', { cancelReason: 'Aino on sairaana.' });
    const { ics, text } = await calendar(id);
    assert.equal(ics.get('METHOD'), 'CANCEL');
    assert.equal(ics.get('STATUS'), 'CANCELLED');
    assert.equal(ics.get('UID'), before.ics.get('UID'));
    assert.ok(Number(ics.get('SEQUENCE')) > Number(before.ics.get('SEQUENCE')));
    assert.ok(!text.includes('sairaana'), 'the reason stays in the chat');
  });

  it('there is no file for a meeting that does not exist, nor for a follow-up that was not agreed', async () => {
    assert.equal(await app.calendar('no-such-meeting'), undefined);
    assert.equal(await app.followUpCalendar('no-such-meeting'), undefined);
    assert.equal(await app.followUpCalendar(await called('2027-03-29')), undefined);
  });

  it('the follow-up meeting is one event before and after it is created, its SEQUENCE still growing', async () => {
    const first = realisticMeeting('closed');
    assert.ok((await store.append('m1', 0, first.events)).ok);
    const agreed = await app.followUpCalendar('m1');
    assert.ok(agreed, 'a file before the follow-up meeting exists');
    const before = readCalendar(agreed.text);
    const uid = `${followUpIdOf('m1')}@toivo`;
    assert.equal(before.get('UID'), uid);
    assert.equal(before.get('DTSTART'), '20270114T120000Z', 'at the agreed 14:00 in Helsinki');
    assert.equal(before.get('DTEND'), '20270114T133000Z', 'as long as the first one');
    assert.equal(unescaped(before.get('LOCATION')), first.m.invitation.place);
    // The follow-up meeting itself, made once the first one closed, and then moved by an hour.
    const id = followUpIdOf('m1');
    const invitation = { ...first.m.invitation, startsAt: '2027-01-14T15:00:00+02:00' };
    const created = first.events[0];
    assert.ok(created?.type === 'meeting.created');
    const made = { ...created, meetingId: id, invitation, at: '2026-11-26T16:00:00+02:00' };
    assert.ok((await store.append(id, 0, [made])).ok);
    const own = await app.followUpCalendar('m1');
    assert.ok(own);
    const after = readCalendar(own.text);
    assert.equal(after.get('UID'), uid, 'the same event');
    assert.equal(after.get('DTSTART'), '20270114T130000Z', 'as the follow-up meeting now says');
    assert.ok(Number(after.get('SEQUENCE')) > Number(before.get('SEQUENCE')), 'an update, not an older copy');
    assert.equal(own.text, (await app.calendar(id))?.text, 'the follow-up meeting’s own file');
  });
});
