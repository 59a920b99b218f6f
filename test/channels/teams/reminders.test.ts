/**
 * Aftercare in Teams: a meeting held in a group chat through botbuilder's real CloudAdapter and the
 * fake Bot Connector, then the app's clock moved on and aftercare ticked. Reminders arrive in each
 * owner's personal chat with Toivo (never in the meeting's chat), and Done / Need help / Postpone
 * on them are Universal Actions clicked there; someone without an account is reminded through the
 * responsible worker.
 */
import assert from 'node:assert/strict';
import type { Meeting } from '../../../src/app/index.js';
import { t } from '../../../src/i18n/index.js';
import { type ConnectorCall, FAKE_TEAMS } from '../../support/fake-teams.js';
import { MovableClock } from '../../support/movable-clock.js';
import {
  day,
  FOLLOWUP,
  MATHS,
  MATHS_NEW_DUE,
  MATTI,
  RIDE,
  remindedOnItsNewDays,
  shows,
  TELL,
  WAKE,
} from '../reminder-scenario.js';
import {
  actionsOf,
  answered,
  cardOf,
  invitationBy,
  type Json,
  pressing,
  TeamsBot,
  type TeamsPerson,
  textOf,
} from './teams-bot.js';

const T = (key: string, params?: Readonly<Record<string, string | number>>) => t('fi', key, params);

const CHAT = { id: '19:aino_aftercare@thread.v2', conversationType: 'groupChat' as const };
const person = (n: number, name: string): TeamsPerson => ({
  id: `29:${name.split(' ')[0]?.toLowerCase()}`,
  aadObjectId: `00000000-0000-4000-8000-00000000c00${n}`,
  name,
});
const [SANNA, AINO, LIISA, PEKKA] = [
  person(1, 'Sanna Korhonen'),
  person(2, 'Aino Laine'),
  person(3, 'Liisa Laine'),
  person(4, 'Pekka Virtanen'),
] as [TeamsPerson, TeamsPerson, TeamsPerson, TeamsPerson];
const OUTSIDER: TeamsPerson = {
  id: '29:olli',
  aadObjectId: '00000000-0000-4000-8000-00000000c0ff',
  name: 'Olli Ulkopuolinen',
};

/** A message Toivo posted in someone's personal chat: where it is, and its card. */
interface Personal {
  readonly conversation: string;
  readonly id: string;
  readonly card: Json;
}

const isReminder = (card: Json, what: string) =>
  textOf(card).includes(T('card.reminder.title')) && textOf(card).includes(what);

describe('Teams: reminders in personal chats, and Done / Need help / Postpone on them', function () {
  this.timeout(60_000);
  const clock = new MovableClock('2027-02-01T10:00:00+02:00');
  const bot = new TeamsBot(CHAT, { clock });
  let boardId = '';
  let meetingId = '';
  after(() => bot.stop());

  const meeting = async (): Promise<Meeting> => {
    const m = await bot.app.meetings.get(meetingId);
    assert.ok(m);
    return m;
  };
  const commitment = async (what: string) => {
    const c = (await meeting()).commitments.find((x) => x.what === what);
    assert.ok(c, `no commitment "${what}"`);
    return c;
  };

  /** The board as `p` sees it now (what Teams' refresh gets). */
  const view = async (p: TeamsPerson) =>
    answered(await bot.click(p, 'ui.refresh', { meetingId, surface: 'board' }, boardId));

  /** Presses `title` on `p`'s board (or on `on`); the card they then see. */
  async function press(p: TeamsPerson, title: string, inputs: Json = {}, on?: Json): Promise<Json> {
    const { verb, data } = pressing(on ?? (await view(p)), title, inputs);
    return answered(await bot.click(p, verb, data, boardId));
  }

  /** Presses `title`; when the answer is a card that asks first (someone would be left out), `anyway` on it. */
  async function pressAnyway(
    p: TeamsPerson,
    title: string,
    anyway: string,
    inputs: Json = {},
  ): Promise<Json> {
    const answer = await press(p, title, inputs);
    return actionsOf(answer).some((a) => a.title === anyway) ? press(p, anyway, inputs, answer) : answer;
  }

  /** Every card Toivo posted in `p`'s personal chats, oldest first. */
  function personal(p: TeamsPerson): Personal[] {
    const chats = new Set(
      bot.connector
        .callsMatching('POST /v3/conversations')
        .filter((c) => (c.body as { members?: { id: string }[] }).members?.[0]?.id === p.id)
        .map((c) => String((c.result as { id?: string } | undefined)?.id)),
    );
    return bot.connector
      .callsMatching('POST /v3/conversations/*/activities**')
      .filter((c) => c.status < 300 && chats.has(String(c.conversationId)))
      .filter((c) => (c.body as { attachments?: unknown[] }).attachments)
      .map((c) => ({
        conversation: String(c.conversationId),
        id: String((c.result as { id?: string } | undefined)?.id),
        card: cardOf(c),
      }));
  }

  const everyone = [SANNA, AINO, LIISA, PEKKA, OUTSIDER];

  /** Moves the clock to `at` and sends what is due; the cards that reached each one's personal chat. */
  async function tickAt(at: string): Promise<Map<TeamsPerson, Personal[]>> {
    const before = new Map(everyone.map((p) => [p, personal(p).length]));
    clock.set(at);
    await bot.app.aftercare.tick();
    await bot.channel.settled();
    return new Map(everyone.map((p) => [p, personal(p).slice(before.get(p))]));
  }

  /** The latest reminder about `what` in `p`'s personal chat. */
  function reminderOf(p: TeamsPerson, what: string): Personal {
    const found = personal(p)
      .filter((m) => isReminder(m.card, what))
      .at(-1);
    assert.ok(found, `no reminder about "${what}" in ${p.name}'s personal chat`);
    return found;
  }

  const remindersAbout = (cards: readonly Personal[], what: string) =>
    cards.filter((m) => isReminder(m.card, what));

  /** A click on a card in a personal chat, by `p`: the answer Teams gets. */
  function clickIn(p: TeamsPerson, m: Personal, title: string, inputs: Json = {}) {
    const { verb, data } = pressing(m.card, title, inputs);
    return bot.click(p, verb, data, m.id, undefined, { id: m.conversation, conversationType: 'personal' });
  }

  /** Calls to the meeting's chat since `from` that carry `text`. */
  const inChat = (from: number, text: string): ConnectorCall[] =>
    bot.connector.calls
      .slice(from)
      .filter((c) => c.conversationId === CHAT.id && JSON.stringify(c.body ?? '').includes(text));

  before(async () => {
    await bot.start();
    bot.connector.members.set(
      CHAT.id,
      [SANNA, AINO, LIISA, PEKKA, OUTSIDER].map((p) => ({ ...p, tenantId: FAKE_TEAMS.tenantId })),
    );
    await bot.say(SANNA, 'new');
    const posted = bot.connector.activities(CHAT.id)[0];
    const form = cardOf(posted);
    const send = pressing(form, T('card.invitation-form.send'), {
      ...invitationBy(SANNA.name),
      date: '2027-02-01',
      time: '14:00',
      clientAccount: AINO.aadObjectId,
      invitee1Name: LIISA.name,
      invitee1Role: 'close',
      invitee1Account: LIISA.aadObjectId,
      invitee2Name: MATTI,
      invitee2Role: 'close',
      invitee2Account: 'no',
      invitee3Name: PEKKA.name,
      invitee3Role: 'worker',
      invitee3Account: PEKKA.aadObjectId,
    });
    const formId = String((posted?.result as { id?: string } | undefined)?.id);
    answered(await bot.click(SANNA, send.verb, send.data, formId));
    const board = bot.connector
      .callsMatching('POST /v3/conversations/*/activities**')
      .filter((c) => c.conversationId === CHAT.id)
      .find((c) => textOf(cardOf(c)).includes(T('card.board.title')));
    boardId = String((board?.result as { id?: string } | undefined)?.id);
    meetingId = String(((cardOf(board).refresh as Json).action as { data: Json }).data.meetingId);

    const skip = (chair: TeamsPerson) =>
      pressAnyway(chair, T('card.board.action.skip'), T('card.confirm.skip_anyway'), {
        skipReason: 'Lyhyt kokous',
      });
    await press(SANNA, T('card.board.action.start'), {
      presentIds: [SANNA.name, AINO.name, LIISA.name, MATTI, PEKKA.name],
    });
    await skip(SANNA);
    // Pekka chairs and keeps the record; Sanna will be the responsible worker, and neither.
    await press(SANNA, T('card.board.action.choose_chair'), { newChairId: PEKKA.name });
    await press(PEKKA, T('card.board.action.choose_notetaker'), { newNoteTakerId: PEKKA.name });
    // Roles, why and discussion are skipped: what follows is about what was agreed.
    for (let i = 0; i < 3; i++) await skip(PEKKA);
    for (const c of [TELL, MATHS, RIDE, WAKE]) {
      const form = await press(PEKKA, T('card.commitments.add'));
      const saved = await press(
        PEKKA,
        T('card.commitment-form.save_add'),
        { what: c.what, ownerId: c.owner, due: c.due },
        form,
      );
      shows(textOf(saved), c.what);
    }
    for (let i = 0; i < 4; i++) await press(AINO, T('card.commitments.suits_me'));
    await press(PEKKA, T('card.board.action.next_phase', { phase: T('phase.followup') }));
    const followup = await press(PEKKA, T('card.board.action.followup_form'));
    const saved = await press(
      PEKKA,
      T('card.followup-form.save_responsible'),
      { responsibleId: SANNA.name },
      followup,
    );
    await press(
      PEKKA,
      T('card.followup-form.save_followup'),
      { followupDate: FOLLOWUP, followupTime: '14:00' },
      saved,
    );
    await press(AINO, T('card.commitments.suits_me'));
    await press(PEKKA, T('card.board.action.next_phase', { phase: T('phase.feedback') }));
    await pressAnyway(PEKKA, T('card.board.action.close_meeting'), T('card.confirm.close_anyway'));
    assert.equal((await meeting()).phase, 'closed');
  });

  it('the memo waiting for review reminds the chair and the client the next morning; approved there, it goes to everyone', async () => {
    const isMemo = (m: Personal) => textOf(m.card).includes(T('memo.delivery'));
    // At closing the draft went to Pekka (chair and note-taker) and Aino (the client) only.
    for (const p of [SANNA, LIISA]) assert.ok(!personal(p).some(isMemo), `${p.name} has no draft`);
    const sent = await tickAt('2027-02-02T09:30:00+02:00');
    for (const p of [AINO, PEKKA]) {
      const [memo, ...more] = (sent.get(p) ?? []).filter(isMemo);
      assert.ok(memo, `${p.name} is reminded of the memo`);
      assert.equal(more.length, 0, 'once');
      shows(textOf(memo.card), T('card.memo.draft_reminder'), T('memo.draft'));
    }
    for (const p of [SANNA, LIISA, OUTSIDER])
      assert.deepEqual((sent.get(p) ?? []).filter(isMemo), [], `${p.name} gets no reminder of it`);
    // Pekka goes through it with Aino and sends it: his card then says so.
    const reminder = (sent.get(PEKKA) ?? []).find(isMemo);
    assert.ok(reminder);
    const answer = answered(
      await clickIn(PEKKA, reminder, T('card.memo.approve_keeper'), { memoComment: 'Aino lisäsi: kiitos.' }),
    );
    shows(textOf(answer), T('card.memo.sent'), T('memo.approved_with_client', { name: PEKKA.name }));
    await bot.channel.settled();
    for (const p of [SANNA, LIISA, AINO]) {
      const memo = personal(p).filter(isMemo).at(-1);
      assert.ok(memo, `${p.name} has the memo`);
      shows(textOf(memo.card), T('memo.approved_with_client', { name: PEKKA.name }), 'Aino lisäsi: kiitos.');
      assert.ok(!textOf(memo.card).includes(T('memo.draft')), 'no longer a draft');
    }
    const next = await tickAt('2027-02-03T09:30:00+02:00');
    assert.deepEqual([...next.values()].flat().filter(isMemo), [], 'approved, it reminds nobody');
  });

  it('the responsible worker’s weekly digest comes to her personal chat on Monday, with every commitment and its state', async () => {
    const sent = await tickAt('2027-02-08T09:30:00+02:00');
    const [digest, ...more] = sent.get(SANNA) ?? [];
    assert.ok(digest, 'Sanna has the digest of the week');
    assert.equal(more.length, 0);
    shows(
      textOf(digest.card),
      T('card.digest.title'),
      T('card.digest.counts', { done: 0, open: 4, overdue: 0, help: 0 }),
      TELL.what,
      WAKE.what,
      `${MATTI} · ${day(RIDE.due)} · ${T('commitment.status.open')}`,
    );
    for (const p of [AINO, LIISA, PEKKA, OUTSIDER])
      assert.deepEqual(sent.get(p), [], `${p.name} gets nothing`);
  });

  it('nothing comes before its day; on the day each owner is reminded in their personal chat, never in the meeting’s chat', async () => {
    const early = await tickAt('2027-02-09T12:00:00+02:00');
    assert.deepEqual([...early.values()].flat(), [], 'nothing a day too early');
    const from = bot.connector.calls.length;
    const sent = await tickAt('2027-02-10T09:30:00+02:00');
    for (const c of [TELL, MATHS]) {
      const [reminder, ...more] = remindersAbout(sent.get(AINO) ?? [], c.what);
      assert.ok(reminder, `Aino is reminded of "${c.what}" in her personal chat`);
      assert.equal(more.length, 0, 'once');
      shows(textOf(reminder.card), T('card.reminder.greeting', { name: AINO.name }), day(c.due));
      assert.deepEqual(
        actionsOf(reminder.card).map((a) => a.title),
        [
          T('card.commitments.mark_done'),
          T('card.reminder.need_help'),
          T('card.commitments.mark_postponed'),
          T('card.reminders.mute'),
        ],
      );
    }
    assert.deepEqual(remindersAbout(sent.get(AINO) ?? [], WAKE.what), [], 'not what is due in March');
    const [forMatti] = remindersAbout(sent.get(SANNA) ?? [], RIDE.what);
    assert.ok(forMatti, 'Matti has no account: Sanna, the responsible worker, is reminded for him');
    for (const p of [LIISA, PEKKA, OUTSIDER])
      assert.deepEqual(sent.get(p), [], `${p.name} is reminded of nothing`);
    for (const c of [TELL, MATHS, RIDE, WAKE])
      assert.deepEqual(inChat(from, c.what), [], 'nothing in the chat');
    assert.deepEqual(inChat(from, T('card.reminder.title')), []);
    const again = await tickAt('2027-02-10T09:45:00+02:00');
    assert.deepEqual([...again.values()].flat(), [], 'each reminder is sent once');
  });

  it('a click on someone else’s reminder (forwarded to the chat) is refused with the reason, and changes nothing', async () => {
    const reminder = reminderOf(AINO, MATHS.what);
    const forwarded = (p: TeamsPerson, title: string, inputs: Json = {}) => {
      const { verb, data } = pressing(reminder.card, title, inputs);
      return bot.click(p, verb, data, undefined, undefined, CHAT);
    };
    const from = bot.connector.calls.length;
    const byLiisa = await forwarded(LIISA, T('card.commitments.mark_done'));
    const byOlli = await forwarded(OUTSIDER, T('card.commitments.mark_postponed'), { newDue: '2027-02-20' });
    for (const [res, reason] of [
      [byLiisa, 'rejection.auth.owner_chair_or_responsible_only'],
      [byOlli, 'rejection.meeting.not_found'],
    ] as const) {
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: T(reason),
      });
    }
    const after = await commitment(MATHS.what);
    assert.deepEqual([after.status, after.due], ['open', MATHS.due]);
    assert.deepEqual(
      bot.connector.calls.slice(from).map((c) => `${c.method} ${c.path}`),
      [],
      'no card drawn again, nothing sent to anyone',
    );
  });

  it('Need help: the responsible worker is told in her personal chat who asked and for what; nobody else hears of it', async () => {
    const reminder = reminderOf(AINO, TELL.what);
    const before = new Map(everyone.map((p) => [p, personal(p).length]));
    const from = bot.connector.calls.length;
    const res = await clickIn(AINO, reminder, T('card.reminder.need_help'), {
      statusNote: 'En tiedä, kenelle soittaa.',
    });
    const seen = answered(res);
    shows(textOf(seen), T('commitment.status.needs_help'));
    assert.ok(!actionsOf(seen).some((a) => a.title === T('card.reminder.need_help')), 'asked already');
    const toSanna = personal(SANNA).slice(before.get(SANNA));
    assert.equal(toSanna.length, 1, 'one message to Sanna');
    shows(textOf(toSanna[0]?.card), AINO.name, TELL.what, 'En tiedä, kenelle soittaa.');
    for (const p of [AINO, LIISA, PEKKA, OUTSIDER])
      assert.equal(personal(p).length, before.get(p), `${p.name} is sent nothing`);
    assert.deepEqual(inChat(from, TELL.what), [], 'the meeting’s chat hears nothing of it');
  });

  it('Done for Matti, by the worker from the reminder she got for him, is recorded on his behalf', async () => {
    const reminder = reminderOf(SANNA, RIDE.what);
    const seen = answered(await clickIn(SANNA, reminder, T('card.commitments.mark_done')));
    shows(textOf(seen), T('commitment.status.done'));
    assert.ok(!actionsOf(seen).some((a) => a.title === T('card.commitments.mark_done')));
    const m = await meeting();
    const c = await commitment(RIDE.what);
    assert.equal(c.status, 'done');
    const id = (name: string) => m.participants.find((p) => p.name === name)?.id;
    const changed = (await bot.app.meetings.events(m.id)).filter(
      (e) => e.type === 'commitment.status_changed' && e.commitmentId === c.id,
    );
    assert.deepEqual(
      changed.map((e) => [e.by, e.onBehalfOf]),
      [[id(SANNA.name), id(MATTI)]],
      'by Sanna, on Matti’s behalf',
    );
  });

  it('Postpone: a past date is refused with the reason and changes nothing; a new date moves the reminders', async () => {
    const reminder = reminderOf(AINO, MATHS.what);
    const from = bot.connector.calls.length;
    const refused = await clickIn(AINO, reminder, T('card.commitments.mark_postponed'), {
      newDue: '2027-02-09',
    });
    assert.deepEqual(refused.body, {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: T('rejection.input.date_in_past', { field: T('field.newDue') }),
    });
    assert.equal((await commitment(MATHS.what)).due, MATHS.due, 'the commitment is as it was');
    assert.deepEqual(bot.connector.calls.slice(from), [], 'and nothing was drawn again');

    const seen = answered(
      await clickIn(AINO, reminder, T('card.commitments.mark_postponed'), { newDue: MATHS_NEW_DUE }),
    );
    shows(textOf(seen), day(MATHS_NEW_DUE), T('commitment.status.postponed'));
    const moved = await remindedOnItsNewDays(tickAt, remindersAbout, AINO);
    shows(textOf(moved.card), day(MATHS_NEW_DUE));
  });

  it('Done: the card and her own board say so, and it is not reminded of again', async () => {
    const sent = (await tickAt('2027-02-26T09:30:00+02:00')).get(AINO) ?? [];
    const [reminder] = remindersAbout(sent, WAKE.what);
    assert.ok(reminder, 'reminded of it on the Friday before its Monday');
    const seen = answered(await clickIn(AINO, reminder, T('card.commitments.mark_done')));
    shows(textOf(seen), T('card.reminder.done_already'));
    assert.ok(!actionsOf(seen).some((a) => a.title === T('card.commitments.mark_done')));
    const own = textOf(await view(AINO)).split('\n');
    const at = own.findIndex((line) => line.includes(WAKE.what));
    assert.ok(at >= 0, 'her own board lists it');
    // Its lines, up to the next commitment.
    const others = [TELL, MATHS, RIDE].map((c) => c.what);
    const next = own.slice(at + 1).findIndex((line) => others.some((what) => line.includes(what)));
    shows(own.slice(at, next < 0 ? undefined : at + 1 + next).join('\n'), T('commitment.status.done'));
    const later = [
      ...(await tickAt('2027-03-01T09:30:00+02:00')).values(),
      ...(await tickAt('2027-03-02T09:30:00+02:00')).values(),
    ].flat();
    assert.deepEqual(remindersAbout(later, WAKE.what), [], 'not on its day, nor after it');
  });

  it('the day before the follow-up meeting, everyone invited with an account is reminded of it in their personal chat', async () => {
    const from = bot.connector.calls.length;
    const sent = await tickAt('2027-03-03T09:30:00+02:00');
    for (const p of [SANNA, AINO, LIISA, PEKKA]) {
      const eve = (sent.get(p) ?? []).filter((m) =>
        textOf(m.card).includes(T('card.followup-reminder.title')),
      );
      assert.equal(eve.length, 1, `${p.name} is reminded once`);
      shows(
        textOf(eve[0]?.card),
        T('card.followup-reminder.intro', { purpose: 'Ainon koulunkäynnin tukeminen' }),
        T('card.followup-reminder.review'),
        'Koulu',
      );
    }
    assert.deepEqual(sent.get(OUTSIDER), []);
    assert.deepEqual(inChat(from, T('card.followup-reminder.title')), [], 'nothing in the chat');
    const digest = (sent.get(SANNA) ?? []).find((m) => textOf(m.card).includes(T('card.digest.title')));
    assert.ok(digest, 'and Sanna has the digest before it');
    shows(
      textOf(digest.card),
      `${MATTI} · ${day(RIDE.due)} · ${T('commitment.status.done')}`,
      T('commitment.status.needs_help'),
    );
  });

  it('Aino’s reminder forwarded to the chat: Sanna, the responsible worker, marks it done there and is told what was saved', async () => {
    const reminder = reminderOf(AINO, TELL.what);
    const { verb, data } = pressing(reminder.card, T('card.commitments.mark_done'));
    // Answered with words, not a card: the card in the chat is not redrawn as Sanna's.
    const res = await bot.click(SANNA, verb, data, undefined, undefined, CHAT);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: T('card.reminder.status_saved', { what: TELL.what, status: T('commitment.status.done') }),
    });
    assert.equal((await commitment(TELL.what)).status, 'done');
  });
});
