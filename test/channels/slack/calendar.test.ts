/**
 * Calendar files in Slack, through Bolt's real receiver and the fake Slack Web API: the invitation
 * in each invitee's DM and the reminder the day before the follow-up meeting link to a calendar
 * file made for that person; a link that was tampered with, has expired or was made for someone
 * outside the meeting opens nothing.
 */
import assert from 'node:assert/strict';
import { followUpIdOf } from '../../../src/app/followups.js';
import { CalendarLinks } from '../../../src/channels/calendar-links.js';
import { type Params, t } from '../../../src/i18n/index.js';
import { readCalendar } from '../../support/calendar-file.js';
import { MovableClock } from '../../support/movable-clock.js';
import {
  CHANNEL,
  callMeeting,
  type Inputs,
  linkOn,
  ownClose,
  ownSkip,
  ownStep,
  type Person,
  SECRET,
  workspaceForSuite,
} from './workspace.js';

const T = (key: string, params?: Params): string => t('fi', key, params);
const [SANNA, AINO, LIISA] = ['Sanna Korhonen', 'Aino Laine', 'Liisa Laine'];

async function calendarAt(url: URL) {
  const res = await fetch(url);
  assert.equal(res.status, 200, `${url.pathname} opens`);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(
    res.headers.get('content-disposition') ?? '',
    /^attachment; filename="toivo-\d{4}-\d{2}-\d{2}\.ics"$/,
  );
  return readCalendar(await res.text());
}

async function refused(url: URL, why: string): Promise<void> {
  const res = await fetch(url);
  assert.equal(res.status, 404, why);
  assert.equal(await res.text(), T('calendar.link_invalid'), why);
}

describe('Slack: calendar files in direct messages', function () {
  this.timeout(60_000);
  const clock = new MovableClock('2027-02-01T10:00:00+02:00');
  const suite = workspaceForSuite({ clock });
  let sanna: Person;
  let aino: Person;
  let liisa: Person;

  /** The meeting called here (the follow-up meeting, once made, is another). */
  let meetingId = '';
  const invitationIn = (person: Person) =>
    person.dms.filter((m) => JSON.stringify(m.blocks).includes(T('card.invitation.title'))).at(-1);

  const step = (person: Person, button: string, inputs: Inputs = {}) =>
    ownStep(suite.ws, person, T('card.board.title'), button, inputs);

  before(async () => {
    [sanna, aino, liisa] = ['USANNA', 'UAINO', 'ULIISA'].map((id) => suite.ws.person(id)) as [
      Person,
      Person,
      Person,
    ];
    await callMeeting(sanna, {
      date: '2027-02-01',
      time: '14:00',
      invitee1Name: LIISA,
      invitee1Role: 'close',
      invitee1Account: 'ULIISA',
    });
    const [m] = await suite.ws.app.meetingsFor('slack:T1:USANNA');
    assert.ok(m);
    meetingId = m.id;
  });

  it('each invitee’s invitation links to the meeting’s calendar file, a link of their own', async () => {
    const [ainos, liisas] = [aino, liisa].map((p) =>
      linkOn(invitationIn(p), T('card.action.add_to_calendar')),
    );
    assert.ok(ainos && liisas);
    assert.equal(ainos.pathname, '/slack/calendar');
    assert.notEqual(ainos.search, liisas.search, 'each gets a link of their own');
    const ics = await calendarAt(liisas);
    assert.equal(ics.get('UID'), `${meetingId}@toivo`);
    assert.equal(ics.get('DTSTART'), '20270201T120000Z', '14:00 in Helsinki in winter');
    assert.equal(ics.get('METHOD'), 'REQUEST');
    const inChannel = JSON.stringify(suite.ws.channel(CHANNEL));
    assert.ok(!inChannel.includes('/slack/calendar'), 'no calendar link in the channel, where others read');
  });

  it('a link tampered with, expired, or made for someone outside the meeting opens nothing', async () => {
    const good = linkOn(invitationIn(liisa), T('card.action.add_to_calendar'));
    const signature = good.searchParams.get('s') ?? '';
    const tampered = new URL(good);
    tampered.searchParams.set('s', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    await refused(tampered, 'a changed signature');
    const longer = new URL(good);
    longer.searchParams.set('e', String(Number(good.searchParams.get('e')) + 86_400));
    await refused(longer, 'a later expiry than signed');
    const other = new URL(good);
    other.searchParams.set('a', 'slack:T1:UAINO');
    await refused(other, 'another account than signed');
    // Links Toivo itself would make, with the server's own secret: out of date, or for a stranger.
    const links = new CalendarLinks(SECRET, good.origin, '/slack/calendar');
    const m = meetingId;
    await refused(new URL(links.link(m, 'slack:T1:ULIISA', 'fi', Date.now() - 200 * 86_400_000)), 'expired');
    await refused(new URL(links.link(m, 'slack:T1:UOUTSIDER', 'fi')), 'not in the meeting');
    await calendarAt(new URL(links.link(m, 'slack:T1:ULIISA', 'fi')));
  });

  it('the day before the follow-up meeting, the reminder links to its calendar file, after the clocks go forward', async () => {
    await step(sanna, T('card.board.action.start'), { presentIds: [SANNA, AINO, LIISA] });
    for (let i = 0; i < 4; i++) await ownSkip(suite.ws, sanna, T('card.board.title'), 'Lyhyt kokous');
    await step(sanna, T('card.commitments.add'));
    await sanna.submit({ what: 'Kertoa opettajalle poissaoloista', ownerId: AINO, due: '2027-02-12' });
    await step(aino, T('card.commitments.suits_me'));
    await step(sanna, T('card.board.action.next_phase', { phase: T('phase.followup') }));
    await step(sanna, T('card.board.action.followup_form'));
    await sanna.submit({ responsibleId: SANNA });
    await sanna.submit({ followupDate: '2027-03-29', followupTime: '10:00' });
    assert.equal(sanna.modal.errors, undefined);
    await step(aino, T('card.commitments.suits_me'));
    await step(sanna, T('card.board.action.next_phase', { phase: T('phase.feedback') }));
    await ownClose(suite.ws, sanna, T('card.board.title'));
    for (const p of [sanna, aino]) while (p.hasModal) p.close();
    // The client approves the memo from her messages: then it reaches Liisa too.
    const draft = aino.dms.find((m) => JSON.stringify(m.blocks).includes(T('card.memo.approve_client')));
    assert.ok(draft, 'Aino gets the memo to review');
    await aino.press(draft, T('card.memo.approve_client'));
    const before = liisa.dms.length;
    clock.set('2027-03-26T09:30:00+02:00');
    await suite.ws.app.aftercare.tick();
    suite.ws.sync();
    const reminder = liisa.dms
      .slice(before)
      .find((m) => JSON.stringify(m.blocks).includes(T('card.followup-reminder.title')));
    assert.ok(reminder, 'Liisa is reminded of the follow-up meeting');
    const url = linkOn(reminder, T('card.action.add_to_calendar'));
    assert.equal(url.pathname, '/slack/calendar/follow-up');
    const ics = await calendarAt(url);
    assert.equal(ics.get('UID'), `${followUpIdOf(meetingId)}@toivo`, 'the follow-up meeting’s own UID');
    assert.equal(ics.get('DTSTART'), '20270329T070000Z', '10:00 in Helsinki in summer');
    // An invitation link does not open the follow-up's file, nor the other way round.
    const crossed = new URL(url);
    crossed.pathname = '/slack/calendar';
    await refused(crossed, 'a follow-up link at the invitation’s path');
    const memo = linkOn(
      liisa.dms.find((m) => JSON.stringify(m.blocks).includes(T('card.action.open_memo'))),
      T('card.action.open_memo'),
    );
    assert.equal((await fetch(memo)).status, 200, 'the memo link opens the memo');
    memo.pathname = '/slack/calendar';
    await refused(memo, 'a memo link at the calendar’s path');
  });
});
