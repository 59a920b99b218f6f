/**
 * A meeting called in a Teams group chat, through Toivo's server, botbuilder's real
 * authentication and a fake Bot Connector: the invitation form, the invitation and the board drawn
 * for each person through Universal Actions, "this is me", a retried click, and a 429 waited out.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { FAKE_TEAMS, messageActivity } from '../../support/fake-teams.js';
import { actionsOf, answered, cardOf, invitationBy, type Json, TeamsBot, textOf } from './teams-bot.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const CHAT = { id: '19:network_meeting@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000a001', name: 'Sanna Korhonen' };
const AINO = { id: '29:aino', aadObjectId: '00000000-0000-4000-8000-00000000a002', name: 'Aino Laine' };
const LIISA = { id: '29:liisa', aadObjectId: '00000000-0000-4000-8000-00000000a003', name: 'Liisa Laine' };

describe('Teams: a meeting in a group chat, through botbuilder and a fake Bot Connector', function () {
  this.timeout(30_000);
  const bot = new TeamsBot(CHAT);
  before(() => bot.start());
  after(() => bot.stop());
  const click = (from: typeof SANNA, verb: string, data: Json, replyToId?: string, id?: string) =>
    bot.click(from, verb, data, replyToId, id);

  let formId = '';
  let boardId = '';
  let meetingId = '';

  it('"@Toivo new" posts the invitation form; sending it turns the form into the invitation and posts the board', async () => {
    await bot.say(SANNA, 'new');
    const [posted] = bot.connector.activities(CHAT.id);
    const form = cardOf(posted);
    assert.ok(textOf(form).includes(T('card.invitation-form.purpose')));
    formId = String((posted?.result as { id?: string } | undefined)?.id);
    const send_ = actionsOf(form).find((a) => a.verb === 'meeting.create');
    assert.ok(send_, 'the form sends the invitation');
    assert.ok(
      JSON.stringify(form).includes(
        '"choices.data":{"type":"Data.Query","dataset":"graph.microsoft.com/users',
      ),
      'invitees who use Teams are picked with the people picker',
    );
    // Aino is in the chat and is picked from the directory; Liisa is entered by name.
    bot.connector.members.set(CHAT.id, [{ ...AINO, tenantId: FAKE_TEAMS.tenantId }]);
    bot.connector.reset();
    const res = await click(
      SANNA,
      'meeting.create',
      {
        ...send_.data,
        ...invitationBy(SANNA.name),
        clientAccount: AINO.aadObjectId,
        invitee1Name: LIISA.name,
        invitee1Role: 'close',
        invitee1Account: 'yes',
        // Picked from the directory, but not in this chat and never in touch with Toivo.
        invitee2Name: 'Pekka Virtanen',
        invitee2Role: 'worker',
        invitee2Account: '00000000-0000-4000-8000-00000000a004',
      },
      formId,
    );
    const mine = answered(res);
    assert.ok(textOf(mine).includes(T('card.invitation.title')), 'Sanna sees the invitation');
    const updated = bot.connector.callsMatching('PUT /v3/conversations/*/activities/*');
    assert.equal(updated[0]?.activityId, formId, 'the form message now shows the invitation, for everyone');
    const board = bot.connector
      .callsMatching('POST /v3/conversations/*/activities**')
      .filter((c) => c.conversationId === CHAT.id && (c.body as { attachments?: unknown[] }).attachments);
    assert.equal(board.length, 1, 'the board is posted');
    boardId = String((board[0]?.result as { id?: string } | undefined)?.id);
    const boardCard = cardOf(board[0]);
    const refresh = boardCard.refresh as { userIds?: string[]; action?: { data?: Json } } | undefined;
    assert.deepEqual(refresh?.userIds, [SANNA.id, AINO.id], 'Teams asks Toivo for each one’s own board');
    const told = bot.connector
      .activities(CHAT.id)
      .map((c) => (c.body as { text?: string }).text)
      .filter((text) => text?.startsWith('Pekka Virtanen:'));
    assert.deepEqual(
      told,
      [T('teams.unreachable', { name: 'Pekka Virtanen', what: T('teams.unreachable.invitation') })],
      'someone Toivo cannot reach is told in the chat, once, where the invitation waits',
    );
    const personal = bot.connector.callsMatching('POST /v3/conversations');
    assert.deepEqual(
      personal.map((c) => (c.body as { members?: { id: string }[] }).members?.[0]?.id),
      [AINO.id],
      'Aino, picked from the directory, gets the invitation in a personal chat',
    );
    meetingId = String(refresh?.action?.data?.meetingId);
    assert.ok(meetingId.startsWith('m-'));
  });

  it('a refresh draws the board for each person: the convener sees her steps, someone else only where the meeting is', async () => {
    const forSanna = answered(await click(SANNA, 'ui.refresh', { meetingId, surface: 'board' }, boardId));
    assert.ok(
      actionsOf(forSanna).some((a) => a.verb === 'meeting.start'),
      'Sanna can start the meeting',
    );
    const forAino = answered(await click(AINO, 'ui.refresh', { meetingId, surface: 'board' }, boardId));
    assert.ok(!actionsOf(forAino).some((a) => a.verb === 'meeting.start'), 'Aino cannot start it');
    assert.ok(textOf(forAino).includes(T('card.board.title')));
    const forLiisa = answered(await click(LIISA, 'ui.refresh', { meetingId, surface: 'board' }, boardId));
    assert.deepEqual(
      actionsOf(forLiisa).map((a) => a.verb),
      ['ui.my_view'],
      'someone not (yet) in the meeting is offered nothing but their own view',
    );
  });

  /** A Teams meeting in this chat starts or ends, as Teams tells the bot (with its meeting permissions). */
  const teamsMeeting = (what: 'Start' | 'End') => {
    const base = messageActivity({ serviceUrl: bot.connector.serviceUrl, conversation: CHAT, from: SANNA });
    const { text: _, textFormat: __, ...rest } = base;
    return bot.send({
      ...rest,
      type: 'event',
      name: `application/vnd.microsoft.meeting${what}`,
      value: {
        Id: 'meeting-1',
        MeetingType: 'Scheduled',
        Title: 'Verkostokokous',
        JoinUrl: 'https://teams.example/join',
      },
    });
  };

  it('when the Teams meeting starts, the board of the network meeting is offered again at the foot of the chat', async () => {
    bot.connector.reset();
    await teamsMeeting('Start');
    const [offered] = bot.connector.activities(CHAT.id);
    assert.ok(offered, 'a message in the chat');
    assert.equal((offered.body as { text?: string }).text, T('teams.meeting_started'));
    const board = cardOf(offered);
    assert.ok(textOf(board).includes(T('card.board.title')));
    assert.deepEqual(
      (board.refresh as { userIds: string[] }).userIds,
      [SANNA.id, AINO.id],
      'each sees their own',
    );
  });

  it('"this is me": Liisa says who she is, Sanna confirms, and Liisa gets the invitation in a personal chat', async () => {
    // The invitation as Liisa sees it in the chat: she is not linked to anyone in the meeting yet.
    const invitation = answered(
      await click(LIISA, 'ui.refresh', { meetingId, surface: 'invitation' }, formId),
    );
    const claim = actionsOf(invitation).find((a) => a.verb === 'account.claim');
    assert.ok(claim, 'the invitation in the chat lets someone say who they are');
    // Liisa's row of the "which of these are you" list, by her participant id.
    const liisaId = JSON.stringify(invitation).match(/"value":"(p\d+)"/)?.[1] ?? '';
    answered(await click(LIISA, 'account.claim', { ...claim.data, claimFor: liisaId }, formId));
    const forSanna = answered(await click(SANNA, 'ui.refresh', { meetingId, surface: 'board' }, boardId));
    const confirm = actionsOf(forSanna).find((a) => a.verb === 'account.confirm');
    assert.ok(confirm, 'the claim waits on Sanna’s own board');
    bot.connector.reset();
    answered(await click(SANNA, 'account.confirm', confirm.data, boardId));
    const opened = bot.connector.callsMatching('POST /v3/conversations');
    assert.equal(opened.length, 1, 'a personal chat with Liisa');
    assert.deepEqual(
      (opened[0]?.body as { members?: { id: string }[] } | undefined)?.members?.map((m) => m.id),
      [LIISA.id],
    );
    const dm = bot.connector.activities().find((c) => c.conversationId !== CHAT.id && c.method === 'POST');
    assert.ok(textOf(cardOf(dm)).includes(T('card.invitation.title')), 'with her invitation');
  });

  it('a retried click applies once, and a 429 from Teams is waited out: the board changes once', async () => {
    const forSanna = answered(await click(SANNA, 'ui.refresh', { meetingId, surface: 'board' }, boardId));
    const start = actionsOf(forSanna).find((a) => a.verb === 'meeting.start');
    assert.ok(start);
    bot.connector.reset();
    bot.connector.failNext('PUT /v3/conversations/*/activities/*', { status: 429, retryAfter: 1 });
    const data = { ...start.data, presentIds: 'p1,p2,p3' };
    const first = await click(SANNA, 'meeting.start', data, boardId, 'f:start-1');
    answered(first);
    // Teams sends the same click again: it is answered as the first was, not refused as a second start.
    const again = answered(await click(SANNA, 'meeting.start', data, boardId, 'f:start-1'));
    assert.ok(textOf(again).includes(T('phase.opening')));
    const puts = bot.connector.callsMatching('PUT /v3/conversations/*/activities/*').filter((c) => !c.failed);
    const boardPuts = puts.filter((c) => c.activityId === boardId);
    assert.equal(boardPuts.length, 1, 'the board was updated once');
    assert.ok(textOf(cardOf(boardPuts[0])).includes(T('phase.opening')), 'to show the meeting started');
    assert.deepEqual(
      (cardOf(boardPuts[0]).refresh as { userIds?: string[] } | undefined)?.userIds,
      [SANNA.id, AINO.id, LIISA.id],
      'each participant Toivo can reach gets their own drawing, Liisa too now; Pekka has not met Toivo',
    );
    const refused = bot.connector.calls.filter((c) => c.failed);
    assert.ok(refused.length >= 1, 'Teams asked to wait once');
    assert.ok((boardPuts[0]?.at ?? 0) - (refused[0]?.at ?? 0) >= 900, 'and the wait was honoured');
  });

  it('when the Teams meeting ends before the network meeting is closed, the chair is told what is still open', async () => {
    bot.connector.reset();
    await teamsMeeting('End');
    const told = bot.connector.activities().filter((c) => c.conversationId !== CHAT.id);
    assert.equal(told.length, 1, 'one message, in the chair’s personal chat');
    const text = String((told[0]?.body as { text?: string } | undefined)?.text);
    for (const open of [T('teams.meeting_ended'), T('teams.left.responsible'), T('teams.left.close')])
      assert.ok(text.includes(open), `"${open}" in: ${text}`);
    const chat = bot.connector.calls.find((c) => c.path === '/v3/conversations');
    assert.deepEqual(
      (chat?.body as { members?: { id: string }[] } | undefined)?.members?.map((m) => m.id),
      [SANNA.id],
    );
  });

  it('Pekka, who reaches Toivo for the first time during the meeting, gets his own drawing of the board from its next redraw on', async () => {
    const PEKKA = {
      id: '29:pekka',
      aadObjectId: '00000000-0000-4000-8000-00000000a004',
      name: 'Pekka Virtanen',
    };
    // He opens his own view of the board: Toivo now knows how to reach him.
    const forPekka = answered(await click(PEKKA, 'ui.refresh', { meetingId, surface: 'board' }, boardId));
    assert.ok(textOf(forPekka).includes(T('card.board.title')));
    const forSanna = answered(await click(SANNA, 'ui.refresh', { meetingId, surface: 'board' }, boardId));
    const next = actionsOf(forSanna).find((a) => a.verb === 'floor.next');
    assert.ok(next, 'Sanna can give the floor to the next one');
    bot.connector.reset();
    answered(await click(SANNA, 'floor.next', next.data, boardId));
    const [redrawn] = bot.connector
      .callsMatching('PUT /v3/conversations/*/activities/*')
      .filter((c) => c.activityId === boardId);
    assert.deepEqual(
      (cardOf(redrawn).refresh as { userIds?: string[] } | undefined)?.userIds,
      [SANNA.id, AINO.id, LIISA.id, PEKKA.id],
      'the board everyone sees is drawn for Pekka too',
    );
  });
});
