/**
 * Aftercare in Slack: a meeting held in a channel through Bolt's real receiver and the fake Slack
 * Web API, then the app's clock moved on and aftercare ticked. Reminders arrive in each owner's DM
 * with Toivo (never in the channel), and Done / Need help / Postpone on them work as people click
 * them there; someone without an account is reminded through the responsible worker.
 */
import assert from 'node:assert/strict';
import type { Meeting } from '../../../src/app/index.js';
import { type Params, t } from '../../../src/i18n/index.js';
import { MovableClock } from '../../support/movable-clock.js';
import {
  day,
  FOLLOWUP,
  MATHS,
  MATHS_NEW_DUE,
  RIDE,
  remindedOnItsNewDays,
  shows,
  TELL,
  WAKE,
} from '../reminder-scenario.js';
import {
  buttonsOf,
  CHANNEL,
  callMeeting,
  type Inputs,
  type Message,
  type Modal,
  ownClose,
  ownSkip,
  ownStep,
  ownView,
  type Person,
  textOf,
  workspaceForSuite,
} from './workspace.js';

const T = (key: string, params?: Params): string => t('fi', key, params);

const [SANNA, AINO, LIISA, MATTI, PEKKA] = [
  'Sanna Korhonen',
  'Aino Laine',
  'Liisa Laine',
  'Matti Laine',
  'Pekka Virtanen',
];

const title = (button: Record<string, unknown>) => (button.text as { text: string }).text;
const isReminder = (m: Message, what: string) =>
  textOf(m.blocks).includes(T('card.reminder.title')) && textOf(m.blocks).includes(what);

describe('Slack: reminders in direct messages, and Done / Need help / Postpone on them', function () {
  this.timeout(60_000);
  const clock = new MovableClock('2027-02-01T10:00:00+02:00');
  const suite = workspaceForSuite({ clock });
  let sanna: Person;
  let aino: Person;
  let liisa: Person;
  let pekka: Person;
  let outsider: Person;
  let meetingId = '';

  const board = () => suite.ws.message(T('card.board.title'));
  const meeting = async (): Promise<Meeting> => {
    const m = await suite.ws.app.meetings.get(meetingId);
    assert.ok(m);
    return m;
  };
  const commitment = async (what: string) => {
    const c = (await meeting()).commitments.find((x) => x.what === what);
    assert.ok(c, `no commitment "${what}"`);
    return c;
  };

  const myView = (person: Person): Promise<Modal> => ownView(suite.ws, person, T('card.board.title'));

  const step = (person: Person, button: string, inputs: Inputs = {}) =>
    ownStep(suite.ws, person, T('card.board.title'), button, inputs);

  /** Moves the clock to `at` and sends what is due; what reached each person's DM meanwhile. */
  async function tickAt(at: string): Promise<Map<Person, Message[]>> {
    const before = new Map([sanna, aino, liisa, pekka, outsider].map((p) => [p, p.dms.length]));
    clock.set(at);
    await suite.ws.app.aftercare.tick();
    suite.ws.sync();
    return new Map([...before].map(([p, n]) => [p, p.dms.slice(n)]));
  }

  /** The latest reminder about `what` in `person`'s DM. */
  function reminderOf(person: Person, what: string): Message {
    const found = person.dms.filter((m) => isReminder(m, what)).at(-1);
    assert.ok(found, `no reminder about "${what}" in ${person.id}'s DM`);
    return found;
  }

  const remindersAbout = (messages: readonly Message[], what: string) =>
    messages.filter((m) => isReminder(m, what));

  before(async () => {
    const { ws } = suite;
    [sanna, aino, liisa, pekka, outsider] = ['USANNA', 'UAINO', 'ULIISA', 'UPEKKA', 'UOLLI'].map((id) =>
      ws.person(id),
    ) as [Person, Person, Person, Person, Person];
    await callMeeting(sanna, {
      date: '2027-02-01',
      time: '14:00',
      invitee1Name: LIISA,
      invitee1Role: 'close',
      invitee1Account: 'ULIISA',
      invitee2Name: MATTI,
      invitee2Role: 'close',
      invitee3Name: PEKKA,
      invitee3Role: 'worker',
      invitee3Account: 'UPEKKA',
    });
    meetingId = String(JSON.parse(String(buttonsOf(board().blocks)[0]?.value)).meetingId);
    const skip = (chair: Person) => ownSkip(suite.ws, chair, T('card.board.title'), 'Lyhyt kokous');
    await step(sanna, T('card.board.action.start'), { presentIds: [SANNA, AINO, LIISA, MATTI, PEKKA] });
    await skip(sanna);
    // Pekka chairs and keeps the record; Sanna will be the responsible worker, and neither.
    await step(sanna, T('card.board.action.choose_chair'), { newChairId: PEKKA });
    await step(pekka, T('card.board.action.choose_notetaker'), { newNoteTakerId: PEKKA });
    // Roles, why and discussion are skipped: what follows is about what was agreed.
    for (let i = 0; i < 3; i++) await skip(pekka);
    for (const c of [TELL, MATHS, RIDE, WAKE]) {
      await step(pekka, T('card.commitments.add'));
      await pekka.submit({ what: c.what, ownerId: c.owner, due: c.due });
      assert.equal(pekka.modal.errors, undefined, `"${c.what}" was written down`);
    }
    for (let i = 0; i < 4; i++) await step(aino, T('card.commitments.suits_me'));
    await step(pekka, T('card.board.action.next_phase', { phase: T('phase.followup') }));
    await step(pekka, T('card.board.action.followup_form'));
    await pekka.submit({ responsibleId: SANNA });
    await pekka.press(pekka.modal, T('card.followup-form.save_followup'), {
      followupDate: FOLLOWUP,
      followupTime: '14:00',
    });
    await step(aino, T('card.commitments.suits_me'));
    await step(pekka, T('card.board.action.next_phase', { phase: T('phase.feedback') }));
    await ownClose(suite.ws, pekka, T('card.board.title'));
    shows(textOf(board().blocks), T('card.board.closed'));
    for (const p of [sanna, aino, pekka]) while (p.hasModal) p.close();
  });

  it('the memo waiting for review reminds the chair and the client the next morning; approved from there, it goes to everyone', async () => {
    const isMemo = (m: Message) => textOf(m.blocks).includes(T('memo.delivery'));
    // At closing the draft went to Pekka (chair and note-taker) and Aino (the client) only.
    for (const p of [sanna, liisa]) assert.ok(!p.dms.some(isMemo), `${p.id} has no draft`);
    const sent = await tickAt('2027-02-02T09:30:00+02:00');
    for (const p of [aino, pekka]) {
      const [memo, ...more] = (sent.get(p) ?? []).filter(isMemo);
      assert.ok(memo, `${p.id} is reminded of the memo`);
      assert.equal(more.length, 0, 'once');
      shows(textOf(memo.blocks), T('card.memo.draft_reminder'), T('memo.draft'));
    }
    for (const p of [sanna, liisa, outsider])
      assert.deepEqual((sent.get(p) ?? []).filter(isMemo), [], `${p.id} gets no reminder of it`);
    const reminder = (sent.get(aino) ?? []).find(isMemo);
    assert.ok(reminder);
    await aino.press(reminder, T('card.memo.approve_client'));
    suite.ws.sync();
    for (const p of [sanna, liisa, pekka]) {
      const memo = p.dms.filter(isMemo).at(-1);
      assert.ok(memo, `${p.id} has the memo`);
      shows(textOf(memo.blocks), T('memo.approved_client', { name: AINO }), TELL.what);
    }
    const next = await tickAt('2027-02-03T09:30:00+02:00');
    assert.deepEqual([...next.values()].flat().filter(isMemo), [], 'approved, it reminds nobody');
  });

  it('the responsible worker’s weekly digest comes to her DM on Monday, with every commitment and its state', async () => {
    const sent = await tickAt('2027-02-08T09:30:00+02:00');
    const [digest, ...more] = sent.get(sanna) ?? [];
    assert.ok(digest, 'Sanna has the digest of the week');
    assert.equal(more.length, 0);
    shows(
      textOf(digest.blocks),
      T('card.digest.title'),
      T('card.digest.counts', { done: 0, open: 4, overdue: 0, help: 0 }),
      TELL.what,
      WAKE.what,
      `${MATTI} · ${day(RIDE.due)} · ${T('commitment.status.open')}`,
    );
    for (const p of [aino, liisa, pekka, outsider]) assert.deepEqual(sent.get(p), [], `${p.id} gets nothing`);
  });

  it('nothing comes before its day; on the day each owner is reminded in their DM, never in the channel', async () => {
    const early = await tickAt('2027-02-09T12:00:00+02:00');
    assert.deepEqual([...early.values()].flat(), [], 'nothing a day too early');
    const inChannel = suite.ws.channel(CHANNEL).length;
    const sent = await tickAt('2027-02-10T09:30:00+02:00');
    for (const c of [TELL, MATHS]) {
      const [reminder, ...more] = remindersAbout(sent.get(aino) ?? [], c.what);
      assert.ok(reminder, `Aino is reminded of "${c.what}" in her DM`);
      assert.equal(more.length, 0, 'once');
      shows(textOf(reminder.blocks), T('card.reminder.greeting', { name: AINO }), day(c.due));
      assert.deepEqual(buttonsOf(reminder.blocks).map(title), [
        T('card.commitments.mark_done'),
        T('card.reminder.need_help'),
        T('card.commitments.mark_postponed'),
        T('card.reminders.mute'),
      ]);
    }
    assert.deepEqual(remindersAbout(sent.get(aino) ?? [], WAKE.what), [], 'not what is due in March');
    const [forMatti] = remindersAbout(sent.get(sanna) ?? [], RIDE.what);
    assert.ok(forMatti, 'Matti has no account: Sanna, the responsible worker, is reminded for him');
    assert.deepEqual(sent.get(liisa), [], 'Liisa owns nothing and is reminded of nothing');
    assert.equal(suite.ws.channel(CHANNEL).length, inChannel, 'nothing new in the channel');
    for (const call of suite.ws.api.calls.filter((c) => c.args.channel === CHANNEL))
      for (const c of [TELL, MATHS, RIDE, WAKE])
        assert.ok(!JSON.stringify(call.args).includes(c.what), `"${c.what}" reached the channel`);
    const again = await tickAt('2027-02-10T09:45:00+02:00');
    assert.deepEqual([...again.values()].flat(), [], 'each reminder is sent once');
  });

  it('a click on someone else’s reminder (forwarded to the channel) is refused to that person alone, and changes nothing', async () => {
    const forwarded: Message = { ...reminderOf(aino, MATHS.what), channel: CHANNEL };
    const calls = suite.ws.api.calls.length;
    await liisa.press(forwarded, T('card.commitments.mark_done'));
    await outsider.press(forwarded, T('card.commitments.mark_postponed'), { newDue: '2027-02-20' });
    shows(liisa.ephemerals.at(-1)?.text ?? '', T('rejection.auth.owner_chair_or_responsible_only'));
    shows(outsider.ephemerals.at(-1)?.text ?? '', T('rejection.meeting.not_found'));
    const after = await commitment(MATHS.what);
    assert.deepEqual([after.status, after.due], ['open', MATHS.due]);
    const made = suite.ws.api.calls.slice(calls).map((c) => c.method);
    assert.deepEqual(
      made.filter((m) => m !== 'chat.postEphemeral' && m !== 'users.info'),
      [],
      'no card drawn again, nothing sent to anyone',
    );
  });

  it('Need help: the responsible worker is told in her DM who asked and for what; nobody else hears of it', async () => {
    const reminder = reminderOf(aino, TELL.what);
    const dms = new Map([sanna, aino, liisa, pekka].map((p) => [p, p.dms.length]));
    const calls = suite.ws.api.calls.length;
    await aino.press(reminder, T('card.reminder.need_help'), { statusNote: 'En tiedä, kenelle soittaa.' });
    assert.deepEqual(aino.ephemerals, [], 'no refusal');
    const toSanna = sanna.dms.slice(dms.get(sanna));
    assert.equal(toSanna.length, 1, 'one message to Sanna');
    shows(textOf(toSanna[0]?.blocks ?? []), AINO, TELL.what, 'En tiedä, kenelle soittaa.');
    assert.equal(aino.dms.length, dms.get(aino), 'Aino’s own card is drawn again, not sent anew');
    for (const p of [liisa, pekka]) assert.equal(p.dms.length, dms.get(p), `${p.id} hears nothing`);
    const elsewhere = suite.ws.api.calls
      .slice(calls)
      .filter((c) => c.args.channel === CHANNEL && JSON.stringify(c.args).includes(TELL.what));
    assert.deepEqual(elsewhere, [], 'the channel hears nothing of it');
    shows(textOf(reminder.blocks), T('commitment.status.needs_help'));
    assert.ok(!buttonsOf(reminder.blocks).map(title).includes(T('card.reminder.need_help')));
  });

  it('Done for Matti, by the worker from the reminder she got for him, is recorded on his behalf', async () => {
    const reminder = reminderOf(sanna, RIDE.what);
    const notices = sanna.ephemerals.length;
    await sanna.press(reminder, T('card.commitments.mark_done'));
    assert.equal(sanna.ephemerals.length, notices, 'no refusal');
    const m = await meeting();
    const c = await commitment(RIDE.what);
    assert.equal(c.status, 'done');
    const changed = (await suite.ws.app.meetings.events(m.id)).filter(
      (e) => e.type === 'commitment.status_changed' && e.commitmentId === c.id,
    );
    const id = (name: string) => m.participants.find((p) => p.name === name)?.id;
    assert.deepEqual(
      changed.map((e) => [e.by, e.onBehalfOf]),
      [[id(SANNA), id(MATTI)]],
      'by Sanna, on Matti’s behalf',
    );
    shows(textOf(reminder.blocks), T('commitment.status.done'));
    assert.ok(!buttonsOf(reminder.blocks).map(title).includes(T('card.commitments.mark_done')));
  });

  it('Postpone: a past date is refused with the reason and changes nothing; a new date moves the reminders', async () => {
    const reminder = reminderOf(aino, MATHS.what);
    const drawn = JSON.stringify(reminder.blocks);
    await aino.press(reminder, T('card.commitments.mark_postponed'), { newDue: '2027-02-09' });
    const refusal = aino.ephemerals.at(-1);
    assert.equal(refusal?.channel, 'DUAINO', 'told in her DM, to her alone');
    shows(refusal?.text ?? '', T('rejection.input.date_in_past', { field: T('field.newDue') }));
    assert.equal(JSON.stringify(reminder.blocks), drawn, 'the card is as it was');
    assert.equal((await commitment(MATHS.what)).due, MATHS.due, 'and so is the commitment');

    await aino.press(reminder, T('card.commitments.mark_postponed'), { newDue: MATHS_NEW_DUE });
    assert.equal(aino.ephemerals.length, 1, 'taken: no second refusal');
    shows(textOf(reminder.blocks), day(MATHS_NEW_DUE), T('commitment.status.postponed'));
    const moved = await remindedOnItsNewDays(tickAt, remindersAbout, aino);
    shows(textOf(moved.blocks), day(MATHS_NEW_DUE));
  });

  it('Done: the card and her own view say so, and it is not reminded of again', async () => {
    const sent = (await tickAt('2027-02-26T09:30:00+02:00')).get(aino) ?? [];
    const [reminder] = remindersAbout(sent, WAKE.what);
    assert.ok(reminder, 'reminded of it on the Friday before its Monday');
    const boardBefore = JSON.stringify(board().blocks);
    await aino.press(reminder, T('card.commitments.mark_done'));
    assert.equal(aino.ephemerals.length, 1, 'no refusal');
    shows(textOf(reminder.blocks), T('card.reminder.done_already'));
    assert.ok(!buttonsOf(reminder.blocks).map(title).includes(T('card.commitments.mark_done')));
    assert.notEqual(JSON.stringify(board().blocks), boardBefore, 'the channel’s board is drawn again');
    const own = textOf((await myView(aino)).view.blocks).split('\n');
    const at = own.findIndex((line) => line.includes(WAKE.what));
    assert.ok(at >= 0, 'her own view lists it');
    // Its lines, up to the next commitment.
    const others = [TELL, MATHS, RIDE].map((c) => c.what);
    const next = own.slice(at + 1).findIndex((line) => others.some((what) => line.includes(what)));
    shows(own.slice(at, next < 0 ? undefined : at + 1 + next).join('\n'), T('commitment.status.done'));
    aino.close();
    const later = [
      ...(await tickAt('2027-03-01T09:30:00+02:00')).values(),
      ...(await tickAt('2027-03-02T09:30:00+02:00')).values(),
    ].flat();
    assert.deepEqual(remindersAbout(later, WAKE.what), [], 'not on its day, nor after it');
  });

  it('the day before the follow-up meeting, everyone invited with an account is reminded of it in their DM', async () => {
    const inChannel = suite.ws.channel(CHANNEL).length;
    const sent = await tickAt('2027-03-03T09:30:00+02:00');
    for (const p of [sanna, aino, liisa, pekka]) {
      const eve = (sent.get(p) ?? []).filter((m) =>
        textOf(m.blocks).includes(T('card.followup-reminder.title')),
      );
      assert.equal(eve.length, 1, `${p.id} is reminded once`);
      shows(
        textOf(eve[0]?.blocks ?? []),
        T('card.followup-reminder.intro', { purpose: 'Ainon koulunkäynnin tukeminen' }),
        T('card.followup-reminder.review'),
        'Koulu',
      );
    }
    assert.deepEqual(sent.get(outsider), []);
    assert.equal(suite.ws.channel(CHANNEL).length, inChannel, 'nothing in the channel');
    const digest = (sent.get(sanna) ?? []).find((m) => textOf(m.blocks).includes(T('card.digest.title')));
    assert.ok(digest, 'and Sanna has the digest before it');
    shows(
      textOf(digest.blocks),
      `${MATTI} · ${day(RIDE.due)} · ${T('commitment.status.done')}`,
      T('commitment.status.needs_help'),
    );
  });
});
