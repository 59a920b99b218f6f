/**
 * Calendar files in Teams, through botbuilder's real authentication and a fake Bot Connector: the
 * invitation in an invitee's personal chat links to a calendar file made for them on Toivo's
 * public address; the conversation's own invitation, which others may read, has no such link.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { openUrls } from '../../cards/support.js';
import { readCalendar } from '../../support/calendar-file.js';
import { FAKE_TEAMS } from '../../support/fake-teams.js';
import { actionsOf, answered, cardOf, invitationBy, TeamsBot } from './teams-bot.js';

const T = (key: string) => t('fi', key);
const CHAT = { id: '19:calendar_meeting@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000b001', name: 'Sanna Korhonen' };
const AINO = { id: '29:aino', aadObjectId: '00000000-0000-4000-8000-00000000b002', name: 'Aino Laine' };

describe('Teams: calendar files in personal chats', function () {
  this.timeout(30_000);
  const bot = new TeamsBot(CHAT);
  before(() => bot.start());
  after(() => bot.stop());

  let link = '';
  let meetingId = '';

  it('the invitation in Aino’s personal chat links to the meeting’s calendar file', async () => {
    await bot.say(SANNA, 'new');
    const [posted] = bot.connector.activities(CHAT.id);
    const formId = String((posted?.result as { id?: string } | undefined)?.id);
    const send = actionsOf(cardOf(posted)).find((a) => a.verb === 'meeting.create');
    assert.ok(send);
    bot.connector.members.set(CHAT.id, [{ ...AINO, tenantId: FAKE_TEAMS.tenantId }]);
    const res = await bot.click(
      SANNA,
      'meeting.create',
      { ...send.data, ...invitationBy(SANNA.name), clientAccount: AINO.aadObjectId },
      formId,
    );
    const inChat = answered(res);
    assert.deepEqual(openUrls(inChat), {}, 'no calendar link where others may read');
    const personal = bot.connector.activities().filter((c) => c.conversationId !== CHAT.id);
    assert.equal(personal.length, 1, 'Aino gets her invitation in a personal chat');
    link = openUrls(cardOf(personal[0]))[T('card.action.add_to_calendar')] ?? '';
    const url = new URL(link);
    assert.equal(url.origin, bot.server.url, 'on Toivo’s public address');
    assert.equal(url.pathname, '/teams/calendar');
    const file = await fetch(url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'text/calendar; charset=utf-8');
    const ics = readCalendar(await file.text());
    meetingId = url.searchParams.get('m') ?? '';
    assert.equal(ics.get('UID'), `${meetingId}@toivo`);
    assert.equal(ics.get('METHOD'), 'REQUEST');
    const startsAt = (await bot.app.meetings.get(meetingId))?.invitation.startsAt ?? '';
    const utc = new Date(startsAt).toISOString().replace(/[-:]/g, '').replace('.000', '');
    assert.equal(ics.get('DTSTART'), utc, `the meeting's start (${startsAt}) in UTC`);
  });

  it('a link tampered with opens nothing, and says so', async () => {
    for (const [field, value] of [
      ['a', `teams:${FAKE_TEAMS.tenantId}:${SANNA.aadObjectId}`],
      ['s', 'forged'],
      ['m', 'another-meeting'],
    ] as const) {
      const forged = new URL(link);
      forged.searchParams.set(field, value);
      const res = await fetch(forged);
      assert.equal(res.status, 404, `another ${field}`);
      assert.equal(await res.text(), T('calendar.link_invalid'));
    }
  });
});
