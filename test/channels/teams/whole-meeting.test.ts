/**
 * A whole network meeting in a Teams group chat, as six Teams users (and a chat member who was
 * not invited), through Toivo's server, botbuilder's real authentication and a fake Bot
 * Connector. Each person works on their own drawing of the board (Universal Actions refresh);
 * the chat's own cards never hold care data, and the memo goes to the invited people only.
 */
import assert from 'node:assert/strict';
import { describeRejection, t } from '../../../src/i18n/index.js';
import { FAKE_TEAMS } from '../../support/fake-teams.js';
import {
  actionsOf,
  answered,
  cardOf,
  defaultsOf,
  inDays,
  inputsOf,
  invitationBy,
  type Json,
  pressing,
  TeamsBot,
  type TeamsPerson,
  textOf,
} from './teams-bot.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);
const CHAT = { id: '19:aino_network@thread.v2', conversationType: 'groupChat' as const };
const person = (n: number, name: string): TeamsPerson => ({
  id: `29:${name.split(' ')[0]?.toLowerCase()}`,
  aadObjectId: `00000000-0000-4000-8000-00000000b00${n}`,
  name,
});
const [SANNA, AINO, LIISA, PEKKA, JARI, HANNA] = [
  person(1, 'Sanna Korhonen'),
  person(2, 'Aino Laine'),
  person(3, 'Liisa Laine'),
  person(4, 'Pekka Virtanen'),
  person(5, 'Jari Nieminen'),
  person(6, 'Hanna Mäkelä'),
] as [TeamsPerson, TeamsPerson, TeamsPerson, TeamsPerson, TeamsPerson, TeamsPerson];
const OUTSIDER: TeamsPerson = {
  id: '29:outsider',
  aadObjectId: '00000000-0000-4000-8000-00000000b0ff',
  name: 'Olli Ulkopuolinen',
};
const MATTI = 'Matti Laine';
const WISH = 'Haluan jaksaa käydä koulua.';
const NOTE = 'Aamut ovat vaikeita.';
const BREAKFAST = 'Yhteinen aamupala arkiaamuisin';
const COMMENT = 'Tuntui että minua kuunneltiin.';
const CARE_DATA = [WISH, NOTE, BREAKFAST, COMMENT];

describe('Teams: a whole meeting in a group chat', function () {
  this.timeout(60_000);
  const bot = new TeamsBot(CHAT);
  let boardId = '';
  let meetingId = '';
  before(() => bot.start());
  after(() => bot.stop());

  /** The board as `p` sees it now (what Teams' refresh gets). */
  const view = async (p: TeamsPerson) =>
    answered(await bot.click(p, 'ui.refresh', { meetingId, surface: 'board' }, boardId));

  /** Presses the button titled `title` on `p`'s card (their board unless given); the card they then see. */
  async function press(p: TeamsPerson, title: string, inputs: Json = {}, on?: Json): Promise<Json> {
    const { verb, data } = pressing(on ?? (await view(p)), title, inputs);
    return answered(await bot.click(p, verb, data, boardId));
  }

  const has = async (p: TeamsPerson, title: string) =>
    actionsOf(await view(p)).some((a) => a.title === title);
  const nextPhase = (p: TeamsPerson, phase: string) =>
    press(p, T('card.board.action.next_phase', { phase: T(`phase.${phase}`) }));

  async function round(chair: TeamsPerson): Promise<void> {
    for (let i = 0; i < 10 && (await has(chair, T('card.board.action.next_speaker'))); i++) {
      await press(chair, T('card.board.action.next_speaker'));
      if (await has(chair, T('card.board.action.end_turn')))
        await press(chair, T('card.board.action.end_turn'));
    }
    assert.ok(!(await has(chair, T('card.board.action.next_speaker'))), 'everyone was heard');
  }

  it('runs from the invitation to the memo, each person on their own drawing of the board', async () => {
    bot.connector.members.set(
      CHAT.id,
      [SANNA, AINO, LIISA, PEKKA, JARI, HANNA, OUTSIDER].map((p) => ({
        ...p,
        tenantId: FAKE_TEAMS.tenantId,
      })),
    );
    await bot.say(SANNA, 'new');
    const formMessage = bot.connector.activities(CHAT.id)[0];
    const form = cardOf(formMessage);
    const picked = (p: TeamsPerson) => p.aadObjectId;
    await press(
      SANNA,
      T('card.invitation-form.send'),
      {
        ...invitationBy(SANNA.name),
        topics: 'Koulupoissaolot\nArjen rytmi',
        clientAccount: picked(AINO),
        invitee1Name: LIISA.name,
        invitee1Role: 'close',
        invitee1Account: picked(LIISA),
        invitee2Name: MATTI,
        invitee2Role: 'close',
        invitee2Account: 'no',
        invitee3Name: PEKKA.name,
        invitee3Role: 'worker',
        invitee3Account: picked(PEKKA),
        invitee4Name: JARI.name,
        invitee4Role: 'worker',
        invitee4Account: picked(JARI),
        invitee5Name: HANNA.name,
        invitee5Role: 'worker',
        invitee5Account: picked(HANNA),
      },
      form,
    );
    const board = bot.connector
      .callsMatching('POST /v3/conversations/*/activities**')
      .filter((c) => c.conversationId === CHAT.id)
      .find((c) => textOf(cardOf(c)).includes(T('card.board.title')));
    boardId = String((board?.result as { id?: string } | undefined)?.id);
    meetingId = String(((cardOf(board).refresh as Json).action as { data: Json }).data.meetingId);
    assert.deepEqual(
      (cardOf(board).refresh as { userIds: string[] }).userIds,
      [SANNA.id, AINO.id, LIISA.id, PEKKA.id, JARI.id, HANNA.id],
      'Teams asks Toivo for each invited person’s own board',
    );

    await press(SANNA, T('card.board.action.start'), {
      presentIds: [SANNA.name, AINO.name, LIISA.name, MATTI, PEKKA.name, JARI.name, HANNA.name],
    });
    await press(SANNA, T('card.board.action.give_floor'), { floorTo: AINO.name });
    await press(AINO, T('card.board.action.done'));
    await press(SANNA, T('card.board.action.next_speaker'));
    await press(LIISA, T('card.board.action.done'));
    await press(SANNA, T('card.board.action.next_speaker'));
    await press(SANNA, T('card.board.action.behalf_done'));
    await round(SANNA);

    await nextPhase(SANNA, 'roles');
    await press(SANNA, T('card.board.action.choose_chair'), { newChairId: JARI.name });
    await press(JARI, T('card.board.action.choose_notetaker'), { newNoteTakerId: PEKKA.name });

    await nextPhase(JARI, 'why');
    await press(JARI, T('card.board.action.next_speaker'));
    await press(AINO, T('card.board.action.record_my_wish'), { wishText: WISH });
    assert.ok(textOf(await view(AINO)).includes(WISH), 'Aino sees her wish on her own board');
    await press(AINO, T('card.board.action.done'));
    await round(JARI);

    await nextPhase(JARI, 'discussion');
    // An older Teams client sends Action.Submit instead: the same step, from the same card.
    const hannas = await view(HANNA);
    const fallback = JSON.stringify(hannas).match(
      /\{"type":"Action\.Submit"[^{}]*"data":(\{[^{}]*"verb":"floor\.request"[^{}]*\})/,
    );
    assert.ok(fallback?.[1], 'the button has an Action.Submit fallback');
    const before = bot.connector.calls.length;
    await bot.submit(HANNA, JSON.parse(fallback[1]) as Json, boardId);
    assert.ok(
      bot.connector.calls.slice(before).some((c) => c.method === 'PUT' && c.activityId === boardId),
      'the board is drawn again for everyone',
    );
    assert.ok(await has(HANNA, T('card.board.action.withdraw')), 'and Hanna is waiting for the floor');
    bot.connector.reset();
    await press(PEKKA, T('card.board.action.add_note'), { noteText: NOTE, noteTopic: 'Arjen rytmi' });
    const redrawn = bot.connector.callsMatching('PUT /v3/conversations/*/activities/*').at(-1);
    assert.equal(redrawn?.activityId, boardId, 'a note draws the board in the chat again');
    assert.deepEqual(
      (cardOf(redrawn).refresh as { userIds?: string[] } | undefined)?.userIds,
      [SANNA.id, AINO.id, LIISA.id, PEKKA.id, JARI.id, HANNA.id],
      'with each invited person’s own drawing asked for',
    );
    // A chat member who was not invited sees where the meeting is, not what was said.
    const outsider = JSON.stringify(await view(OUTSIDER));
    assert.ok(outsider.includes(T('phase.discussion')));
    for (const secret of [WISH, NOTE]) assert.ok(!outsider.includes(secret), `the outsider sees "${secret}"`);
    await round(JARI);

    await nextPhase(JARI, 'summary');
    const commitmentForm = await press(PEKKA, T('card.commitments.add'));
    assert.ok(
      textOf(commitmentForm).includes(T('card.commitment-form.what')),
      'the form replaces Pekka’s board',
    );
    // A refused save comes back as the form Pekka filled it, saying why.
    const save = actionsOf(commitmentForm).find((a) => a.title === T('card.commitment-form.save_add'));
    assert.ok(save);
    const typed = {
      ...defaultsOf(commitmentForm),
      ...inputsOf(commitmentForm, { what: ' ', ownerId: LIISA.name, due: inDays(14) }),
    };
    const refused = answered(await bot.click(PEKKA, save.verb, { ...save.data, ...typed }, boardId));
    assert.deepEqual(defaultsOf(refused), typed, 'the form as he left it');
    const why = describeRejection('fi', { rejected: true, code: 'input.empty', params: { field: 'what' } });
    assert.ok(textOf(refused).includes(why), `with the reason: ${textOf(refused).slice(0, 300)}`);
    const afterForm = await press(
      PEKKA,
      T('card.commitment-form.save_add'),
      { what: BREAKFAST, ownerId: LIISA.name, due: inDays(14), withParticipants: AINO.name },
      commitmentForm,
    );
    assert.ok(textOf(afterForm).includes(T('card.board.title')), 'and gives way to his board once saved');
    assert.ok(textOf(afterForm).includes(BREAKFAST), 'where the commitments are, below the board');
    // Beyond Teams' 60 refreshed users, "Open my view" gives the same own board, commitments and all.
    const opened = answered(await bot.click(LIISA, 'ui.my_view', { meetingId, surface: 'board' }, boardId));
    assert.ok(textOf(opened).includes(BREAKFAST), 'her own view holds the commitments');
    await press(AINO, T('card.commitments.suits_me'));
    assert.ok(!(await has(AINO, T('card.commitments.suits_me'))), 'checked with the client');

    await nextPhase(JARI, 'followup');
    const followup = await press(JARI, T('card.board.action.followup_form'));
    const saved = await press(
      JARI,
      T('card.followup-form.save_responsible'),
      { responsibleId: SANNA.name },
      followup,
    );
    assert.ok(
      textOf(saved).includes(T('memo.responsible', { name: SANNA.name })),
      'the follow-up form stays',
    );
    await press(
      JARI,
      T('card.followup-form.save_followup'),
      { followupDate: inDays(60), followupTime: '14:00' },
      saved,
    );

    // The client confirms the responsible worker and the follow-up on her own view of the board.
    await press(AINO, T('card.commitments.suits_me'), { followupComment: 'Iltapäivä sopii.' });
    assert.ok(!(await has(AINO, T('card.commitments.suits_me'))), 'the follow-up is checked with the client');
    await nextPhase(JARI, 'feedback');
    for (const [p, comment] of [
      [AINO, COMMENT],
      [LIISA, ''],
      [PEKKA, ''],
    ] as const) {
      const poll = await press(p, T('card.board.action.answer_feedback'));
      await press(
        p,
        T('card.feedback-poll.send'),
        { hopeful: '4', trusting: '5', clearer: '4', comment },
        poll,
      );
    }
    bot.connector.reset();
    // Three of seven have answered: closing asks first, on a card of its own that names the others.
    const asked = await press(JARI, T('card.board.action.close_meeting'));
    const question = textOf(asked);
    for (const part of [T('card.confirm.close_title'), SANNA.name, MATTI, JARI.name, HANNA.name])
      assert.ok(question.includes(part), `"${part}" in: ${question}`);
    assert.ok(!question.includes(`${AINO.name},`), 'who answered is not among them');
    await press(JARI, T('card.confirm.close_anyway'), {}, asked);

    // Each invited Teams user gets the follow-up meeting's invitation in their own chat; the memo's
    // draft goes to the client, the chair and the note-taker only, to be reviewed before it goes.
    const personal = bot.connector.activities().filter((c) => c.conversationId !== CHAT.id);
    const memoTitle = T('memo.title', { date: '' }).trim().slice(0, 8);
    const drafts = personal.filter((c) => textOf(cardOf(c)).includes(memoTitle));
    // Toivo opens a personal chat for each message it sends: whose chat a message went to.
    const whose = (c: { conversationId?: string }) =>
      bot.connector
        .callsMatching('POST /v3/conversations')
        .find((x) => String((x.result as { id?: string } | undefined)?.id) === c.conversationId)?.body as
        | { members: { id: string }[] }
        | undefined;
    const to = (list: readonly { conversationId?: string }[]) =>
      list.map((c) => whose(c)?.members[0]?.id ?? '?').sort();
    assert.deepEqual(
      to(drafts),
      [AINO, JARI, PEKKA].map((p) => p.id).sort(),
      'the draft to its reviewers only',
    );
    for (const draft of drafts) assert.ok(textOf(cardOf(draft)).includes(T('memo.draft')), 'marked a draft');
    // Aino approves it in her own chat, in her own words; then it goes to everyone.
    const hers = drafts.find((c) => whose(c)?.members[0]?.id === AINO.id);
    assert.ok(hers);
    const approve = pressing(cardOf(hers), T('card.memo.approve_client'));
    const ainoChat = { id: String(hers.conversationId), conversationType: 'personal' as const };
    const id = String((hers.result as { id?: string } | undefined)?.id);
    bot.connector.reset();
    const approved = answered(await bot.click(AINO, approve.verb, approve.data, id, undefined, ainoChat));
    assert.ok(textOf(approved).includes(T('card.memo.sent')), 'her card says it was sent');
    await bot.channel.settled();
    const memos = bot.connector
      .activities()
      .filter((c) => c.conversationId !== CHAT.id && textOf(cardOf(c)).includes(memoTitle));
    const invitations = personal.filter((c) => textOf(cardOf(c)).includes(T('card.invitation.title')));
    const chats = new Set(
      bot.connector
        .callsMatching('POST /v3/conversations')
        .map((c) => (c.body as { members: { id: string }[] }).members[0]?.id),
    );
    assert.deepEqual(
      [...chats].sort(),
      [SANNA, AINO, LIISA, PEKKA, JARI, HANNA].map((p) => p.id).sort(),
      'the memo goes to each invited Teams user',
    );
    assert.deepEqual(
      to(memos),
      [SANNA, AINO, LIISA, PEKKA, JARI, HANNA].map((p) => p.id).sort(),
      'one memo each, in their own chat',
    );
    assert.equal(invitations.length, 6, 'and the follow-up meeting’s invitation');
    for (const memo of memos) assert.ok(textOf(cardOf(memo)).includes(BREAKFAST), 'with what was agreed');
  });

  it('"my commitments" in the personal chat lists one’s open commitments, which can be marked done there; "my meetings" lists one’s meetings', async () => {
    const personal = { id: 'a:liisa-personal', conversationType: 'personal' as const };
    const before = bot.connector.calls.length;
    await bot.say(LIISA, 'omat tehtävät', personal);
    const posted = bot.connector.calls.slice(before).filter((c) => c.conversationId === personal.id);
    assert.equal(posted.length, 1, 'one commitment, one card');
    const reminder = cardOf(posted[0]);
    assert.ok(textOf(reminder).includes(BREAKFAST));
    const done = actionsOf(reminder).find((a) => a.title === T('card.commitments.mark_done'));
    assert.ok(done, 'with Done');
    const messageId = String((posted[0]?.result as { id?: string } | undefined)?.id);
    const after = answered(
      await bot.click(
        LIISA,
        done.verb,
        { ...done.data, ...defaultsOf(reminder) },
        messageId,
        undefined,
        personal,
      ),
    );
    assert.ok(textOf(after).includes(T('card.reminder.done_already')), 'the card says it is done');
    const again = bot.connector.calls.length;
    await bot.say(LIISA, 'omat tehtävät', personal);
    const [none] = bot.connector.calls.slice(again).filter((c) => c.conversationId === personal.id);
    assert.equal((none?.body as { text?: string } | undefined)?.text, T('teams.no_commitments'));
    const listed = bot.connector.calls.length;
    await bot.say(LIISA, 'omat kokoukset', personal);
    const [meetings] = bot.connector.calls.slice(listed).filter((c) => c.conversationId === personal.id);
    const text = String((meetings?.body as { text?: string } | undefined)?.text);
    for (const part of [T('teams.my_meetings'), 'Ainon koulunkäynnin tukeminen', T('phase.closed')])
      assert.ok(text.includes(part), `"${part}" in: ${text}`);
  });

  it('the chat’s own cards never held care data or a feedback answer; the uninvited member sees none of it', async () => {
    // Every card Toivo posted or updated in the chat during the meeting: the drawing for everyone.
    const inChat = bot.connector.calls.filter(
      (c) => c.conversationId === CHAT.id && ['POST', 'PUT'].includes(c.method),
    );
    for (const call of inChat)
      for (const secret of CARE_DATA)
        assert.ok(!JSON.stringify(call.body).includes(secret), `"${secret}" in the chat`);
    const seen = JSON.stringify(await view(OUTSIDER));
    for (const secret of CARE_DATA) assert.ok(!seen.includes(secret), `the outsider sees "${secret}"`);
    assert.ok(
      !bot.connector.calls.some(
        (c) => JSON.stringify(c.body ?? '').includes(OUTSIDER.id) && c.path === '/v3/conversations',
      ),
    );
  });
});
