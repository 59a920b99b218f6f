/**
 * A whole network meeting in a Slack channel, as six Slack users and one channel member who was
 * not invited, through Toivo's real server, Bolt's real signature check and a fake Slack Web API.
 * What each person sees is rebuilt from the calls Toivo made.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../../src/core/index.js';
import { type Params, t } from '../../../src/i18n/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import {
  buttonsOf,
  CHANNEL,
  type Inputs,
  type Message,
  type Modal,
  type Person,
  textOf,
  Workspace,
} from './workspace.js';

const T = (key: string, params?: Params): string => t('fi', key, params);
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const [SANNA, AINO, LIISA, MATTI, PEKKA, JARI, HANNA] = [
  'Sanna Korhonen',
  'Aino Laine',
  'Liisa Laine',
  'Matti Laine',
  'Pekka Virtanen',
  'Jari Nieminen',
  'Hanna Mäkelä',
];
const WISH = 'Haluan jaksaa käydä koulua.';
const NOTE = 'Aamut ovat vaikeita.';
const [BREAKFAST, MATHS, CALL] = [
  'Yhteinen aamupala arkiaamuisin',
  'Tukiopetus matematiikassa tiistaisin',
  'Soittaa koululle maanantaina',
];
const COMMENT = 'Ei ennen seitsemää.';
/** What Aino said worries her, and what she can do herself: her view, written down by the note-taker. */
const [WORRY, OWN_PART] = ['Aamut ovat raskaita.', 'Voin mennä aikaisemmin nukkumaan.'];
const FEEDBACK_COMMENT = 'Tuntui että minua kuunneltiin.';
const FOLLOWUP_COMMENT = 'Iltapäivä sopii paremmin.';
const APPROVAL_COMMENT = 'Muistio on hyvä, kiitos.';
/** What only the meeting's own people may read: never in the channel, never to the outsider. */
const CARE_DATA = [WISH, NOTE, BREAKFAST, MATHS, CALL, COMMENT, FEEDBACK_COMMENT, WORRY, OWN_PART];

function shows(text: string, ...parts: string[]): void {
  for (const part of parts) assert.ok(text.includes(part), `expected "${part}" in:\n${text}`);
}

describe('Slack: a whole meeting in a channel, through Bolt and a fake Slack', function () {
  this.timeout(60_000);
  let dir = '';
  let store: EventStore<Event>;
  let ws: Workspace;
  let sanna: Person;
  let aino: Person;
  let liisa: Person;
  let pekka: Person;
  let jari: Person;
  let hanna: Person;
  let outsider: Person;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-slack-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    ws = await Workspace.start({ store });
    [sanna, aino, liisa, pekka, jari, hanna, outsider] = [
      'USANNA',
      'UAINO',
      'ULIISA',
      'UPEKKA',
      'UJARI',
      'UHANNA',
      'UOUTSIDER',
    ].map((id) => ws.person(id)) as [Person, Person, Person, Person, Person, Person, Person];
  });

  after(async () => {
    await ws.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const board = () => ws.message(T('card.board.title'));

  /** The person's own view: opened from the board's button, or the one they have open. */
  async function myView(person: Person): Promise<Modal> {
    if (person.hasModal && person.modal.view.callback_id === 'toivo.my_view') return person.modal;
    while (person.hasModal) person.close();
    await person.press(board(), T('card.board.action.my_view'));
    assert.equal(person.modal.view.callback_id, 'toivo.my_view', 'the own view opens');
    return person.modal;
  }

  /** A step in one's own view that must work: no notice comes back. */
  async function step(person: Person, title: string, inputs: Inputs = {}, nth = 0): Promise<void> {
    const notices = person.ephemerals.length;
    await person.press(await myView(person), title, inputs, nth);
    const said = person.ephemerals.slice(notices).map((e) => e.text);
    assert.deepEqual(said, [], `${person.id}'s "${title}" was refused`);
  }

  const has = async (person: Person, title: string) =>
    buttonsOf((await myView(person)).view.blocks).some((b) => (b.text as { text: string }).text === title);

  const nextPhase = (person: Person, phase: string) =>
    step(person, T('card.board.action.next_phase', { phase: T(`phase.${phase}`) }));

  /** The chair gives the floor in turn and ends each turn until everyone has been heard. */
  async function round(chair: Person): Promise<void> {
    for (let i = 0; i < 10 && (await has(chair, T('card.board.action.next_speaker'))); i++) {
      await step(chair, T('card.board.action.next_speaker'));
      if (await has(chair, T('card.board.action.end_turn')))
        await step(chair, T('card.board.action.end_turn'));
    }
    assert.ok(!(await has(chair, T('card.board.action.next_speaker'))), 'everyone was heard');
  }

  it('/toivo opens the invitation form; invitees picked in Slack are invited there and by a direct message', async () => {
    const res = await sanna.command('');
    assert.equal(res.status, 200);
    assert.equal(ws.api.callsOf('views.open').length, 1);
    const form = sanna.modal.view;
    assert.ok(
      form.blocks.some((b) => (b.element as { type?: string } | undefined)?.type === 'users_select'),
      'Slack users are picked with Slack’s own picker',
    );
    await sanna.submit({
      purpose: 'Ainon koulunkäynnin tukeminen',
      topics: 'Koulupoissaolot\nArjen rytmi',
      date: inDays(3),
      time: '14:00',
      place: 'Koulun neuvotteluhuone 2',
      meetingLocale: 'fi',
      convenerName: SANNA,
      convenerOrganisation: 'Lastensuojelu',
      clientName: AINO,
      clientAccount: 'UAINO',
      invitee1Name: LIISA,
      invitee1Role: 'close',
      invitee1Account: 'ULIISA',
      invitee1Relation: 'äiti',
      invitee2Name: MATTI,
      invitee2Role: 'close',
      invitee2Relation: 'isoisä',
      invitee3Name: PEKKA,
      invitee3Role: 'worker',
      invitee3Account: 'UPEKKA',
      invitee3Relation: 'luokanvalvoja',
      invitee4Name: JARI,
      invitee4Role: 'worker',
      invitee4Account: 'UJARI',
      invitee4Relation: 'nuorisotyöntekijä',
      invitee5Name: HANNA,
      invitee5Role: 'worker',
      invitee5Account: 'UHANNA',
      invitee5Relation: 'kouluterveydenhoitaja',
    });
    assert.equal(sanna.hasModal, false, 'the form closes once sent');
    shows(textOf(ws.message(T('card.invitation.title')).blocks), AINO, LIISA, MATTI, PEKKA, JARI, HANNA);
    shows(textOf(board().blocks), T('card.board.elsewhere'));
    for (const person of [aino, liisa, pekka, jari, hanna])
      assert.equal(person.dms.length, 1, `${person.id} gets the invitation as a direct message`);
    assert.equal(sanna.dms.length, 0, 'the convener sees it in the channel');
    shows(sanna.ephemerals.map((e) => e.text).join('\n'), T('card.notice.info.exposed_conversation'));
    // Each answers in their own messages; the channel's invitation shows the answer.
    const invitation = () => textOf(ws.message(T('card.invitation.title')).blocks);
    assert.ok(
      !invitation().includes(T('card.invitation.coming')),
      'no one answers for others in the channel',
    );
    const dm = () => textOf((liisa.dms[0] as Message).blocks);
    const before = dm();
    await liisa.press(liisa.dms[0] as Message, T('card.invitation.coming'));
    assert.deepEqual(liisa.ephemerals, []);
    assert.notEqual(dm(), before, 'her own invitation shows her answer');
    assert.match(dm(), new RegExp(`${LIISA}\\*\\n[^\\n]*${T('card.invitation.rsvp_present')}`));
    assert.match(invitation(), new RegExp(`${LIISA}\\*\\n[^\\n]*${T('card.invitation.rsvp_present')}`));
    // The convener changes the invitation from her own view, before the start.
    await step(sanna, T('card.invitation.edit'));
    assert.equal(sanna.modal.view.callback_id, 'invitation.update');
    await sanna.submit({ place: 'Koulun kirjasto' });
    assert.equal(sanna.modal.errors, undefined);
    assert.equal(sanna.modal.view.callback_id, 'toivo.my_view', 'back in her own view');
    shows(invitation(), 'Koulun kirjasto');
  });

  it('the meeting runs from each person’s own view while the channel board shows only where it is', async () => {
    await step(sanna, T('card.board.action.start'), {
      presentIds: [SANNA, AINO, LIISA, MATTI, PEKKA, JARI, HANNA],
    });
    shows(textOf(board().blocks), T('card.board.part', { n: 1, total: 7, phase: T('phase.opening') }));
    // The client speaks first.
    await step(sanna, T('card.board.action.give_floor'), { floorTo: AINO });
    shows(textOf(board().blocks), T('card.board.speaker', { name: AINO }));
    await step(aino, T('card.board.action.done'));
    await step(sanna, T('card.board.action.next_speaker'));
    await step(liisa, T('card.board.action.done'));
    await step(sanna, T('card.board.action.next_speaker'));
    await step(sanna, T('card.board.action.behalf_done'));
    await round(sanna);

    await nextPhase(sanna, 'roles');
    await step(sanna, T('card.board.action.choose_chair'), { newChairId: JARI });
    await step(jari, T('card.board.action.choose_notetaker'), { newNoteTakerId: PEKKA });

    await nextPhase(jari, 'why');
    await step(jari, T('card.board.action.next_speaker'));
    await step(aino, T('card.board.action.record_my_wish'), { wishText: WISH });
    shows(textOf((await myView(aino)).view.blocks), WISH);
    await step(aino, T('card.board.action.done'));
    // The note-taker writes down Aino's view, her turn just ended: the form holds her wish already.
    await step(pekka, T('card.board.action.record_view', { name: AINO }));
    assert.equal(pekka.modal.view.callback_id, 'view.record', 'the view form opens over the own view');
    shows(textOf(pekka.modal.view.blocks), T('card.view-form.title', { name: AINO }));
    await pekka.submit({ viewWorry: WORRY, viewPossibility: OWN_PART });
    assert.equal(pekka.hasModal && pekka.modal.view.callback_id === 'view.record', false, 'saved, it closes');
    shows(textOf((await myView(pekka)).view.blocks), T('card.board.views_recorded', { names: AINO }));
    assert.ok(!(await has(aino, T('card.board.action.record_view', { name: AINO }))), 'not for the client');
    await round(jari);

    await nextPhase(jari, 'discussion');
    await step(liisa, T('card.board.action.request'));
    await step(pekka, T('card.board.action.add_note'), { noteText: NOTE, noteTopic: 'Arjen rytmi' });
    shows(textOf((await myView(jari)).view.blocks), NOTE);
    await round(jari);
  });

  it('commitments, follow-up and feedback are forms over one’s own view; the view shows what they changed', async () => {
    await nextPhase(jari, 'summary');
    await step(pekka, T('card.commitments.add'));
    assert.equal(pekka.modal.view.callback_id, 'commitment.add', 'the form opens over the own view');
    await pekka.submit({ what: BREAKFAST, ownerId: LIISA, due: inDays(14), withParticipants: [AINO] });
    shows(textOf(pekka.modal.view.blocks), BREAKFAST);
    await step(jari, T('card.commitments.add'));
    await jari.submit({ what: MATHS, ownerId: PEKKA, due: inDays(10) });
    await step(jari, T('card.commitments.add'));
    await jari.submit({ what: CALL, ownerId: LIISA, due: inDays(7) });
    await step(aino, T('card.commitments.suits_me'), { 'clientComment-c1': COMMENT });
    await step(aino, T('card.commitments.suits_me'));
    await step(aino, T('card.commitments.suits_me'));
    assert.ok(!(await has(aino, T('card.commitments.suits_me'))), 'both are checked with the client');

    await nextPhase(jari, 'followup');
    await step(jari, T('card.board.action.followup_form'));
    // The modal's own button saves the responsible worker; the form stays open for the follow-up.
    await jari.submit({ responsibleId: SANNA });
    assert.equal(jari.modal.errors, undefined);
    shows(textOf(jari.modal.view.blocks), T('memo.responsible', { name: SANNA }));
    await jari.press(jari.modal, T('card.followup-form.save_followup'), {
      followupDate: inDays(60),
      followupTime: '14:00',
    });
    shows(textOf(jari.modal.view.blocks), T('memo.followup_at', { when: '' }).trim());
    jari.close();
    // The client confirms the responsible worker and the follow-up, with a word of her own.
    await step(aino, T('card.commitments.suits_me'), { followupComment: FOLLOWUP_COMMENT });
    assert.ok(!(await has(aino, T('card.commitments.suits_me'))), 'the follow-up is checked with the client');

    await nextPhase(jari, 'feedback');
    for (const [person, comment] of [
      [aino, FEEDBACK_COMMENT],
      [liisa, ''],
      [pekka, ''],
    ] as const) {
      await step(person, T('card.board.action.answer_feedback'));
      await person.submit({ hopeful: '4', trusting: '5', clearer: '4', comment });
    }
    // Three have answered: who, but no figures while the poll is open.
    const open = textOf((await myView(sanna)).view.blocks);
    shows(open, T('card.feedback-results.hidden', { min: 3 }));
    assert.ok(
      !open.includes(T('memo.feedback_line', { statement: T('feedback.short.hopeful'), average: '4,0' })),
      'no figures while the poll is open',
    );
  });

  it('closing with three of seven answers asks first, naming who has not answered', async () => {
    await step(jari, T('card.board.action.close_meeting'));
    const asked = jari.modal;
    assert.equal(asked.view.callback_id, 'meeting.close', 'a modal asks first');
    const question = textOf(asked.view.blocks);
    shows(question, T('card.confirm.close_title'), SANNA, JARI, HANNA);
    assert.ok(!question.includes(`${AINO},`), 'who answered is not among them');
    assert.ok(!textOf(board().blocks).includes(T('card.board.closed')), 'nothing has closed yet');
  });

  it('closing: the memo’s draft goes to the chair, the note-taker and the client only, to approve and send', async () => {
    await jari.submit();
    shows(textOf(board().blocks), T('card.board.closed'));
    const isMemo = (m: { blocks: never }) => textOf(m.blocks).includes(T('memo.delivery'));
    for (const [person, button] of [
      [aino, T('card.memo.approve_client')],
      [pekka, T('card.memo.approve_keeper')],
      [jari, T('card.memo.approve_keeper')],
    ] as const) {
      const draft = person.dms.at(-1);
      assert.ok(draft && isMemo(draft as never), `${person.id} gets the draft`);
      shows(textOf(draft.blocks), T('memo.draft'), BREAKFAST, MATHS, WISH);
      assert.ok(
        buttonsOf(draft.blocks).some((b) => (b.text as { text: string }).text === button),
        `${person.id}'s draft offers "${button}"`,
      );
    }
    for (const person of [sanna, liisa, hanna])
      assert.ok(
        !person.dms.some((m) => isMemo(m as never)),
        `${person.id} gets no memo before it is reviewed`,
      );
    // The client's own link opens the whole draft, which says it is one.
    const url = buttonsOf(aino.dms.at(-1)?.blocks ?? []).find((b) => typeof b.url === 'string')?.url;
    assert.ok(typeof url === 'string', 'the draft links to its Markdown');
    const file = await fetch(url);
    assert.equal(file.status, 200);
    shows(await file.text(), T('memo.draft'), BREAKFAST);
  });

  it('the client approves it from her messages, with a word; then the memo goes to the invited Slack users only, and the channel never shows care data', async () => {
    const draft = aino.dms.at(-1);
    assert.ok(draft);
    await aino.press(draft, T('card.memo.approve_client'), { memoComment: APPROVAL_COMMENT });
    // Her card, drawn again in place, says it was sent and who reviewed it.
    const hers = aino.dms.find((m) => m.ts === draft.ts);
    shows(
      textOf(hers?.blocks ?? []),
      T('card.memo.sent'),
      T('memo.approved_client', { name: AINO }),
      APPROVAL_COMMENT,
    );
    assert.ok(
      !buttonsOf(hers?.blocks ?? []).some(
        (b) => (b.text as { text: string }).text === T('card.memo.approve_client'),
      ),
    );
    for (const person of [sanna, aino, liisa, pekka, jari, hanna]) {
      const memo = person.dms.at(-1);
      assert.ok(memo, `${person.id} gets the memo`);
      shows(
        textOf(memo.blocks),
        BREAKFAST,
        MATHS,
        WISH,
        T('memo.views'),
        WORRY,
        OWN_PART,
        T('memo.approved_client', { name: AINO }),
      );
      assert.ok(!textOf(memo.blocks).includes(T('memo.draft')), `${person.id}'s memo is no draft`);
    }
    // The Markdown is one link away, made for each person alone.
    const links = [aino, liisa].map((person) => {
      const url = buttonsOf(person.dms.at(-1)?.blocks ?? []).find((b) => typeof b.url === 'string')?.url;
      assert.ok(typeof url === 'string', `${person.id}'s memo links to its Markdown`);
      return new URL(url);
    });
    const [ainos, liisas] = links as [URL, URL];
    assert.notEqual(ainos.search, liisas.search, 'each gets a link of their own');
    const file = await fetch(ainos);
    assert.equal(file.status, 200);
    const markdown = await file.text();
    shows(
      markdown,
      BREAKFAST,
      MATHS,
      COMMENT,
      `## ${T('memo.views')}`,
      `- ${T('memo.view.worry')}: ${WORRY}`,
    );
    assert.equal(markdown.split(WISH).length - 1, 1, 'the client’s wish is said once');
    for (const [field, value] of [
      ['a', 'slack:T1:ULIISA'],
      ['a', 'slack:T1:UOUTSIDER'],
      ['e', String(Number(ainos.searchParams.get('e')) + 86_400 * 365)],
    ]) {
      const forged = new URL(ainos);
      forged.searchParams.set(field as string, value as string);
      const refused = await fetch(forged);
      assert.equal(refused.status, 404, `a link with another ${field} opens nothing`);
      shows(await refused.text(), T('slack.memo_link_invalid'));
    }
    const toChannel = ws.api.calls.filter(
      (c) => ['chat.postMessage', 'chat.update'].includes(c.method) && c.args.channel === CHANNEL,
    );
    assert.ok(toChannel.length > 10, 'the board was updated as the meeting went');
    for (const call of toChannel) {
      const text = `${String(call.args.text)}\n${textOf(call.args.blocks as never)}`;
      for (const secret of CARE_DATA) assert.ok(!text.includes(secret), `"${secret}" reached the channel`);
      assert.ok(!text.includes(T('memo.title')), 'the memo is not posted in the channel');
    }
  });

  it('App Home lists one’s meetings and one’s own open commitments, which can be marked done there', async () => {
    const home = await liisa.openHome();
    const seen = textOf(home.view.blocks);
    shows(
      seen,
      T('slack.home.meetings'),
      'Ainon koulunkäynnin tukeminen',
      T('slack.home.commitments'),
      BREAKFAST,
    );
    assert.ok(!seen.includes(MATHS), 'another person’s commitment is not in one’s home');
    shows(seen, CALL);
    // Two cards, each with its own "new date": only the clicked card's date counts.
    const dues = home.view.blocks
      .map((b) => String(b.block_id ?? ''))
      .filter((id) => id.startsWith('newDue'));
    assert.equal(dues.length, 2, 'each commitment has its own date input');
    const [firstDue = '', secondDue = ''] = dues;
    const dms = liisa.dms.length;
    await liisa.press(
      home,
      T('card.commitments.mark_postponed'),
      { [firstDue]: inDays(20), [secondDue]: inDays(40) },
      0,
    );
    assert.equal(liisa.dms.length, dms, 'no notice: the postponement was taken');
    const postponed = textOf((ws.homes.get('ULIISA') as Modal).view.blocks);
    const day = (iso: string) =>
      new Intl.DateTimeFormat('fi-FI', { dateStyle: 'long', timeZone: 'Europe/Helsinki' }).format(
        new Date(`${iso}T12:00:00Z`),
      );
    shows(postponed, day(inDays(20)));
    assert.ok(!postponed.includes(day(inDays(40))), 'the other card’s date was not taken');
    await liisa.press(ws.homes.get('ULIISA') as Modal, T('card.commitments.mark_done'));
    await liisa.press(ws.homes.get('ULIISA') as Modal, T('card.commitments.mark_done'));
    const after = textOf((ws.homes.get('ULIISA') as Modal).view.blocks);
    assert.ok(!after.includes(BREAKFAST) && !after.includes(CALL), 'a done commitment leaves the list');
    shows(after, T('slack.home.no_commitments'));
    shows(textOf((await outsider.openHome()).view.blocks), T('slack.home.no_meetings'));
  });

  it('a channel member who was not invited gets a private notice, never a view of the meeting', async () => {
    const before = ws.api.calls.length;
    await outsider.press(board(), T('card.board.action.my_view'));
    assert.equal(outsider.hasModal, false);
    const notice = outsider.ephemerals.at(-1);
    assert.ok(notice, 'the outsider is told why');
    shows(notice.text + textOf(notice.blocks), T('rejection.meeting.not_found'));
    const toOutsider = ws.api.calls.filter(
      (c) => c.args.user === 'UOUTSIDER' || c.args.channel === 'DUOUTSIDER' || c.args.users === 'UOUTSIDER',
    );
    assert.ok(ws.api.calls.length > before);
    for (const call of toOutsider) {
      const text = JSON.stringify(call.args);
      for (const secret of CARE_DATA) assert.ok(!text.includes(secret), `"${secret}" reached the outsider`);
    }
  });
});
