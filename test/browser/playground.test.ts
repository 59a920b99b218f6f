/**
 * The playground in a real browser, used as a person would: a whole network meeting run through
 * the page, each step checked against what the page shows, on the Teams and the Slack side.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { VERBS } from '../../src/cards/verbs.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import { loadConfig } from '../../src/config.js';
import type { Event } from '../../src/core/index.js';
import { describeRejection, INTL_LOCALE, listNames, type Params, t } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import {
  AINO,
  addCommitment,
  board,
  chairEndsTurns,
  fillPoll,
  focusIn,
  forge,
  hides,
  inDays,
  invite,
  JARI,
  LIISA,
  line,
  MATTI,
  PEKKA,
  recordView,
  SANNA,
  shows,
  skipPart,
  someoneArrived,
  T,
} from './meeting-steps.js';
import { launchChromium, literal, PlaygroundPage } from './playground-page.js';

const FOLLOWUP_PLACE = 'Nuorisotalo Kipinä';
const FOLLOWUP_COMMENT = 'Iltapäivä sopii minulle paremmin.';
const capital = (text: string): string => text.replace(/^./, (c) => c.toUpperCase());
const EVERYONE = [SANNA, AINO, LIISA, MATTI, PEKKA, JARI];
/** A godmother nobody invited, who comes all the same. */
const EEVA = 'Eeva Salo';
const [BREAKFAST, MEETINGS, MATHS] = [
  'Yhteinen aamupala arkiaamuisin',
  'Viikoittainen tapaaminen koulun jälkeen',
  'Tukiopetus matematiikassa tiistaisin',
];
const COMMITMENTS = [BREAKFAST, MEETINGS, MATHS];
const WISH = 'Haluan jaksaa käydä koulua.';
const COMMENT = 'Ei ennen seitsemää.';
const WORRY = 'Aamut ovat raskaita.';
const APPROVAL = 'Muistio on selkeä, kiitos.';

describe('the playground in a browser', function () {
  this.timeout(120_000);
  let dir: string | undefined;
  let store: EventStore<Event> | undefined;
  let running: Running | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let p: PlaygroundPage;
  const errors: string[] = [];
  const seen = (part = board(p)) => p.text(part);
  const press = (title: string) => p.press(board(p), title);
  const nextPhase = (phase: string) =>
    press(T('card.board.action.next_phase', { phase: T(`phase.${phase}`) }));

  before(async function () {
    browser = await launchChromium(this);
    dir = mkdtempSync(join(tmpdir(), 'toivo-browser-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    const clock = new SimulatedClock();
    running = await startServer(loadConfig({ PORT: '0' }), [playground(new App(store, { clock }), clock)]);
  });

  beforeEach(async () => {
    p = await PlaygroundPage.newPage(browser as Browser, `${running?.url}`, errors);
    page = p.page;
  });

  afterEach(async () => {
    await page?.close();
    assert.deepEqual(errors.splice(0), [], 'the page threw');
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Six people; the grandfather has no chat account, so he is not among those one can act as. */
  async function invitation() {
    await p.audit('the invitation form');
    await invite(p, [
      { name: LIISA, role: 'close', relation: 'äiti', account: 'yes' },
      { name: MATTI, role: 'close', relation: 'isoisä', account: 'no' },
      {
        name: PEKKA,
        role: 'worker',
        relation: 'luokanvalvoja',
        organisation: 'Kuusikon koulu',
        account: 'yes',
      },
      {
        name: JARI,
        role: 'worker',
        relation: 'nuorisotyöntekijä',
        organisation: 'Nuorisopalvelut',
        account: 'yes',
      },
    ]);
    const people = (await p.people()).map((x) => x.replace(/ \(.*/, ''));
    // Matti has no chat account; someone else in the chat may say who they are.
    assert.deepEqual(people, [SANNA, AINO, LIISA, PEKKA, JARI, T('playground.guest').replace(/ \(.*/, '')]);
    shows(await seen(), T('card.board.invitees'), ...EVERYONE, T('card.board.start_hint'));
    await p.audit("invitations sent: the convener's board and own invitation");
  }

  /** The client speaks first: the chair is not offered a worker, and a forged attempt is refused. */
  async function opening() {
    const pekka = await page.locator('#as-select option').filter({ hasText: PEKKA }).getAttribute('value');
    // The grandfather could not reply to the invitation: the convener leaves him unticked.
    await p.tick(board(p), T('card.board.input.present'), ...EVERYONE.filter((name) => name !== MATTI));
    await press(T('card.board.action.start'));
    const before = await seen();
    shows(
      before,
      T('card.board.part', { n: 1, total: 7, phase: T('phase.opening') }),
      T('card.board.no_speaker'),
    );
    await p.audit("the opening: the chair's board");
    assert.deepEqual(await p.choices(board(p), T('card.board.input.floor_to')), [AINO]);
    await forge(p, VERBS.floorGive, { floorTo: pekka ?? '' });
    const refusal = {
      rejected: true,
      code: 'turn.client_first',
      params: { name: PEKKA, first: AINO },
    } as const;
    shows(await p.text(p.notice()), describeRejection('fi', refusal));
    assert.equal(await seen(), before, 'a refused step changes nothing');
    await p.audit('a refusal');
    await press(T('card.board.action.give_floor'));
    assert.equal(await p.text(p.notice()), '');
    shows(await seen(), T('card.board.speaker', { name: AINO }));
    // The board is drawn anew; focus stays on it, not at the page's start.
    await focusIn(p, board(p), 'the board whose button was pressed');
    await p.actAs(AINO);
    shows(await seen(), T('card.board.you_speak'));
    await p.audit('the client has the floor');
    await press(T('card.board.action.done'));
    assert.match(await seen(), line(AINO, T('card.board.state.spoke')));
    await p.actAs(SANNA);
    await press(T('card.board.action.next_speaker'));
    shows(await seen(), T('card.board.speaker', { name: LIISA }));
    await p.actAs(LIISA);
    await p.press(board(p, 'slack'), T('card.board.action.done'));
    assert.match(await seen(board(p, 'slack')), line(LIISA, T('card.board.state.spoke')));
    await latecomer();
    await press(T('card.board.action.next_speaker'));
    shows(await seen(), T('card.board.speaker', { name: MATTI }));
    await press(T('card.board.action.behalf_done'));
    await press(T('card.board.action.next_speaker'));
    await press(T('card.board.action.done'));
    await chairEndsTurns(p, 2);
    const after = await seen();
    for (const name of EVERYONE) assert.match(after, line(name, T('card.board.state.spoke')));
  }

  /**
   * The grandfather is here after all: the chair marks him present in the middle of the opening
   * round, and the round asks him too, in his place among the close ones, before any worker.
   */
  async function latecomer() {
    await p.actAs(SANNA);
    assert.doesNotMatch(await seen(), line(MATTI, T('card.board.state.waiting')));
    assert.deepEqual(await p.choices(board(p), T('card.board.input.mark_present')), [MATTI]);
    await p.audit('the chair lets in someone who was left out');
    await p.choose(board(p), T('card.board.input.mark_present'), MATTI);
    await press(T('card.board.action.mark_present'));
    assert.equal(await p.text(p.notice()), '');
    assert.match(await seen(), line(MATTI, T('card.board.state.waiting')));
    shows(await seen(), `${T('card.board.next_in_turn')} ${MATTI}`);
  }

  /** The convener hands the chair to the youth worker, who asks the teacher to take notes. */
  async function roles() {
    await nextPhase('roles');
    await p.choose(board(p), T('card.board.input.new_chair'), JARI);
    await press(T('card.board.action.choose_chair'));
    await p.actAs(JARI);
    await p.choose(board(p), T('card.board.input.new_notetaker'), PEKKA);
    await press(T('card.board.action.choose_notetaker'));
    const now = await seen();
    shows(
      now,
      `${T('card.board.steps_done')} 1. ${T('phase.opening')}`,
      T('role.chair'),
      T('role.notetaker'),
    );
    await p.audit('roles agreed');
  }

  /** The client's wish in her own words; the grandfather passes, recorded by the note-taker for him. */
  async function why() {
    await nextPhase('why');
    shows(await seen(), T('card.board.part', { n: 3, total: 7, phase: T('phase.why') }));
    await press(T('card.board.action.next_speaker'));
    await p.actAs(AINO);
    await p.audit("the client's wish, asked");
    await p.fill(board(p), T('card.board.input.my_wish'), WISH);
    await press(T('card.board.action.record_my_wish'));
    await press(T('card.board.action.done'));
    // Her own wish is said to her, not about her by her full name.
    shows(await seen(), T('card.board.your_wish'), WISH);
    // Her turn just ended: the note-taker writes down her view, her wish in it already.
    await p.actAs(PEKKA);
    await recordView(p, AINO, WORRY, WISH);
    await p.actAs(JARI);
    await chairEndsTurns(p, 1);
    await p.actAs(PEKKA);
    await p.choose(board(p), T('card.board.input.on_behalf_of'), MATTI);
    await press(T('card.board.action.behalf_pass'));
    assert.match(await seen(), line(MATTI, T('card.board.state.passed')));
    await p.actAs(JARI);
    await chairEndsTurns(p, 2);
    await press(T('card.board.action.next_speaker'));
    await press(T('card.board.action.done'));
  }

  /** The mother raises her hand on Slack; the round still starts from the client. A note is taken. */
  async function discussion() {
    await nextPhase('discussion');
    await p.actAs(LIISA);
    await p.press(board(p, 'slack'), T('card.board.action.request'));
    shows(await seen(board(p, 'slack')), T('card.board.you_asked', { position: 1 }));
    await p.audit('a hand raised');
    await p.actAs(PEKKA);
    shows(await seen(), `${T('card.board.hands')} ${LIISA}`, `${T('card.board.next_in_turn')} ${AINO}`);
    await p.fill(board(p), T('card.board.input.note_text'), 'Aamut ovat vaikeita.');
    await p.choose(board(p), T('card.board.input.note_topic'), 'Arjen rytmi');
    await press(T('card.board.action.add_note'));
    shows(await seen(), T('card.board.notes', { count: 1 }), 'Aamut ovat vaikeita.');
    await p.audit("the note-taker's board");
    await p.actAs(JARI);
    await chairEndsTurns(p, 1);
    await replyInBetween();
    await chairEndsTurns(p, 4);
    await press(T('card.board.action.next_speaker'));
    await press(T('card.board.action.done'));
  }

  /**
   * An hour into the 90 minutes booked (the playground's clock moved on), everyone sees the time
   * used and left; the chair alone is told to move on to the summary soon.
   */
  async function timeRunsShort() {
    // A message with any minutes and clock time where its placeholders are.
    const message = (key: string, ...names: string[]) =>
      new RegExp(literal(T(key, Object.fromEntries(names.map((n) => [n, '#'])))).replaceAll('#', '[\\d.:]+'));
    const hour = page.getByRole('button', { name: T('playground.hour_later'), exact: true });
    await p.settle(() => hour.click());
    const warning = message('card.board.time.move_on', 'left');
    assert.match(await seen(), warning);
    assert.match(await seen(board(p, 'slack')), warning);
    await p.audit("the chair's warning that time runs short");
    await p.actAs(AINO);
    assert.match(await seen(), message('card.board.time.left', 'used', 'left', 'end'));
    assert.doesNotMatch(await seen(), warning);
    await p.actAs(JARI);
  }

  /** Once the client has spoken, the chair lets the teacher's raised hand reply in between; the round goes on. */
  async function replyInBetween() {
    await p.actAs(PEKKA);
    await press(T('card.board.action.request'));
    await p.actAs(JARI);
    await press(T('card.board.action.floor_between', { name: PEKKA }));
    shows(await seen(), T('card.board.speaker', { name: PEKKA }));
    await press(T('card.board.action.end_turn'));
    // Not his turn in the round: he is still to be heard in it, after the close ones.
    assert.match(await seen(), line(PEKKA, T('card.board.state.waiting')));
    shows(await seen(), `${T('card.board.next_in_turn')} ${LIISA}`);
  }

  /** Three commitments (one in a Slack modal); the meeting moves on once each is checked with the client. */
  async function summary() {
    await nextPhase('summary');
    await p.actAs(PEKKA);
    await addCommitment(p, 'teams', { what: BREAKFAST, owner: LIISA, due: inDays(14), withClient: true });
    await addCommitment(p, 'slack', { what: MATHS, owner: PEKKA, due: inDays(10), withClient: false });
    await p.actAs(JARI);
    await addCommitment(p, 'teams', { what: MEETINGS, owner: JARI, due: inDays(21), withClient: true });
    const unconfirmed = { rejected: true, code: 'summary.unconfirmed', params: { count: 3 } } as const;
    shows(await seen(), T('card.board.commitments', { count: 3 }), describeRejection('fi', unconfirmed));
    hides(await seen(), T('card.board.action.next_phase', { phase: T('phase.followup') }));
    await p.actAs(AINO);
    const list = p.card('commitments');
    // Aino is spoken to as herself: does this suit you, with a box of her own at each commitment.
    shows(await seen(list), ...COMMITMENTS, T('card.commitments.confirm_heading_client'));
    shows(await seen(list), T('prompt.client_check_client'));
    hides(await seen(list), T('card.commitments.confirm'), T('prompt.client_check', { client: 'Aino' }));
    await p.audit('the client checks the commitments');
    await p.fill(list, T('card.commitments.i_add'), COMMENT);
    await p.press(list, T('card.commitments.suits_me'));
    await p.press(p.card('commitments', 'slack'), T('card.commitments.suits_me'));
    await p.press(list, T('card.commitments.suits_me'));
    const now = await seen(list);
    assert.equal(now.split(T('card.commitments.check_yes')).length - 1, 3, `three checked in: ${now}`);
    shows(now, T('card.commitments.you_added', { comment: COMMENT }));
    hides(now, T('card.commitments.suits_me'));
  }

  /** The responsible worker and the follow-up date, in one form that stays open until closed. */
  async function followup() {
    await p.actAs(JARI);
    await nextPhase('followup');
    await press(T('card.board.action.followup_form'));
    await focusIn(p, p.form(), 'the follow-up form that opened');
    await p.audit('the follow-up form');
    await p.choose(p.form(), T('card.followup-form.responsible'), SANNA);
    await p.press(p.form(), T('card.followup-form.save_responsible'));
    shows(await p.text(p.form()), T('memo.responsible', { name: SANNA }));
    const saved = p.button(p.form(), T('card.followup-form.save_responsible'));
    await focusIn(p, saved, 'the same button in the form drawn anew');
    await p.fill(p.form(), T('card.followup-form.date'), inDays(60));
    await p.fill(p.form(), T('card.followup-form.time'), '14:00');
    await p.fill(p.form(), T('card.followup-form.place'), FOLLOWUP_PLACE);
    await p.choose(p.form(), T('card.followup-form.host'), PEKKA);
    await p.press(p.form(), T('card.followup-form.save_followup'));
    const day = new Intl.DateTimeFormat(INTL_LOCALE.fi, { dateStyle: 'long', timeZone: 'Europe/Helsinki' });
    const when = day.format(new Date(`${inDays(60)}T12:00:00Z`));
    shows(
      await p.text(p.form()),
      T('memo.followup_at', { when }),
      T('memo.followup_place', { place: FOLLOWUP_PLACE }),
      T('memo.followup_host', { name: PEKKA }),
    );
    await page.getByRole('button', { name: T('playground.close_form'), exact: true }).click();
    assert.equal(await p.form().count(), 0, 'the form closes');
    await focusIn(p, board(p), 'the board, whose button opened the form');
    // Feedback waits for the client: the responsible worker and the follow-up are checked with her too.
    hides(await seen(), T('card.board.action.next_phase', { phase: T('phase.feedback') }));
    await p.actAs(AINO);
    shows(
      await seen(),
      T('card.board.followup_confirm_ask_client'),
      T('memo.followup_place', { place: FOLLOWUP_PLACE }),
    );
    await p.audit('the client checks the responsible worker and the follow-up');
    await p.fill(board(p), T('card.commitments.i_add'), FOLLOWUP_COMMENT);
    await p.press(board(p), T('card.commitments.suits_me'));
    // What she added is said to her as hers; the chair reads it as the client's.
    shows(
      await seen(),
      T('card.board.followup_confirmed_you'),
      T('card.commitments.you_added', { comment: FOLLOWUP_COMMENT }),
    );
    hides(await seen(), T('card.commitments.suits_me'));
    await p.actAs(JARI);
    shows(await seen(), T('memo.client_comment', { comment: FOLLOWUP_COMMENT }));
  }

  /** No figures until three have answered; the note-taker answers for the grandfather. */
  async function feedback() {
    await nextPhase('feedback');
    const results = p.card('feedback-results');
    const hopeful = T('memo.feedback_line', { statement: T('feedback.short.hopeful'), average: '4,0' });
    const poll = await fillPoll(p, AINO, 'teams', [4, 4, 5]);
    await p.audit('the feedback poll on Teams');
    await p.press(poll, T('card.feedback-poll.send'));
    const slackPoll = await fillPoll(p, LIISA, 'slack', [5, 4, 4]);
    await p.audit('the feedback poll on Slack');
    await p.press(slackPoll, T('card.feedback-poll.send'));
    let now = await seen(results);
    await p.audit('feedback results, hidden');
    shows(now, T('card.feedback-results.hidden', { min: 3 }), listNames('fi', [AINO, LIISA]));
    hides(now, `${T('feedback.short.hopeful')}:`, T('memo.feedback_comments'));
    const forMatti = await fillPoll(p, PEKKA, 'teams', [3, 5, 4]);
    await p.choose(forMatti, T('card.feedback-poll.behalf_who'), MATTI);
    await p.press(forMatti, T('card.feedback-poll.behalf_send'));
    // Three answers, and still no figures while the poll is open: a fourth would show its own by difference.
    now = await seen(results);
    shows(now, listNames('fi', [AINO, LIISA, MATTI]), T('card.feedback-results.hidden', { min: 3 }));
    hides(now, hopeful);
    await closeAsksFirst();
    for (const who of [PEKKA, SANNA, JARI])
      await p.press(await fillPoll(p, who, 'teams', [4, 4, 4]), T('card.feedback-poll.send'));
    shows(
      await seen(),
      T('card.board.feedback_count', { count: 6, total: 6 }),
      T('card.board.feedback_thanks'),
    );
  }

  /** Three of six have answered: "Close the meeting" asks first, naming the other three, and the chair waits. */
  async function closeAsksFirst() {
    await p.actAs(JARI);
    await press(T('card.board.action.close_meeting'));
    const names = listNames('fi', [SANNA, PEKKA, JARI]);
    shows(
      await seen(p.form()),
      T('card.confirm.close_title'),
      T('card.confirm.not_answered', { answered: 3, total: 6, names }),
      T('card.confirm.close_anyway'),
    );
    await page.getByRole('button', { name: T('playground.close_form'), exact: true }).click();
    assert.equal(await p.form().count(), 0, 'the question closes, and nothing with it');
    hides(await seen(), T('card.board.closed'));
  }

  /**
   * The memo's draft goes to those who review it (the chair, the note-taker and the client), not into
   * the conversation; the client approves it, and then it reaches everyone's own messages, and as a download.
   */
  async function closing() {
    await press(T('card.board.action.close_meeting'));
    shows(await seen(), T('card.board.closed'));
    // Closed with six answers: the figures, once, for everyone.
    shows(
      await seen(p.card('feedback-results')),
      T('memo.feedback_line', { statement: T('feedback.short.hopeful'), average: '4,0' }),
    );
    assert.equal(await p.card('memo').count(), 0, 'the memo is not posted in the conversation');
    // Jari, the chair, has the draft to go through with Aino.
    shows(
      await seen(p.direct('memo')),
      T('memo.draft'),
      T('card.memo.draft_keeper'),
      ...COMMITMENTS,
      WISH,
      T('memo.responsible', { name: SANNA }),
      T('memo.views'),
      WORRY,
    );
    await p.audit('closed: results and the draft memo');
    // Liisa has nothing yet, and the download tells her why.
    await p.actAs(LIISA);
    assert.equal(await p.direct('memo').count(), 0, 'no memo before it is reviewed');
    const href = (await page.locator('#memo-link').getAttribute('href')) ?? '';
    const early = await page.evaluate(async (url) => {
      const answer = await fetch(url);
      return { status: answer.status, text: await answer.text() };
    }, href);
    assert.equal(early.status, 403);
    shows(early.text, T('memo.not_reviewed'));
    // Aino reads it, adds a word and sends it on.
    await p.actAs(AINO);
    const draft = p.direct('memo').last();
    shows(await seen(draft), T('card.memo.draft_client'), ...COMMITMENTS);
    await p.fill(draft, T('card.memo.comment_client'), APPROVAL);
    await p.press(draft, T('card.memo.approve_client'));
    const approved = T('memo.approved_client', { name: AINO });
    shows(await seen(p.direct('memo').last()), approved, T('card.memo.sent'), APPROVAL);
    await p.actAs(LIISA);
    shows(await seen(p.direct('memo')), ...COMMITMENTS, approved);
    hides(await seen(p.direct('memo')), T('memo.draft'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#memo-link').click()]);
    const memo = readFileSync(await download.path(), 'utf8');
    shows(
      memo,
      ...COMMITMENTS,
      T('memo.client_comment', { comment: COMMENT }),
      T('memo.chair', { name: JARI }),
      approved,
      T('memo.client_comment', { comment: APPROVAL }),
    );
  }

  /**
   * The follow-up meeting was called together as the meeting closed. Two weeks later on the
   * playground's clock, Liisa's reminder of her commitment is in her own messages; from it she asks
   * for help, which reaches Sanna, the responsible worker, and later marks it done: no more reminders.
   * Pekka moves his on to a new date from his reminder.
   */
  async function aftercare() {
    const day = new Intl.DateTimeFormat(INTL_LOCALE.fi, { dateStyle: 'long', timeZone: 'Europe/Helsinki' });
    shows(await seen(p.card('invitation').last()), day.format(new Date(`${inDays(60)}T12:00:00Z`)));
    await p.actAs(LIISA);
    assert.equal(await p.direct('reminder').count(), 0, 'nothing before its time');
    const week = page.getByRole('button', { name: T('playground.week_later'), exact: true });
    await p.settle(() => week.click());
    await p.settle(() => week.click());
    shows(await seen(p.direct('reminder')), BREAKFAST);
    await p.audit('a reminder');
    await p.press(p.direct('reminder').last(), T('card.reminder.need_help'));
    await p.actAs(SANNA);
    shows(await seen(p.direct('notice')), LIISA, BREAKFAST);
    await p.audit('a call for help');
    await p.actAs(AINO);
    assert.equal(
      await p.direct('reminder').count(),
      0,
      'Aino has no commitment of her own to be reminded of',
    );
    assert.equal(await p.direct('notice').count(), 0, 'a call for help is not for everyone');
    // Pekka's (due four days ago) is not done yet: from his reminder he moves it on.
    await p.actAs(PEKKA);
    const his = p.direct('reminder').last();
    shows(await seen(his), MATHS);
    await p.fill(his, T('card.commitments.new_due'), inDays(30));
    await p.press(his, T('card.commitments.mark_postponed'));
    const moved = day.format(new Date(`${inDays(30)}T12:00:00Z`));
    shows(await seen(p.card('commitments').last()), MATHS, moved);
    const pekkas = await p.direct('reminder').count();
    await p.actAs(LIISA);
    await p.press(p.direct('reminder').last(), T('card.commitments.mark_done'));
    const reminded = await p.direct('reminder').count();
    await p.settle(() => week.click());
    assert.equal(await p.direct('reminder').count(), reminded, 'no reminder of what is done');
    await p.actAs(PEKKA);
    assert.equal(await p.direct('reminder').count(), pekkas, 'none of what was moved, before its new date');
  }

  /**
   * The follow-up meeting Toivo called together is in the meeting list. Pekka, agreed as its host,
   * calls it: he opens and starts it, at the place agreed for it:
   * it opens by going through what was agreed last time (Liisa's task done; the rest to review).
   */
  async function followUpMeeting() {
    const list = page.locator('#meeting-select option');
    const next = await list.last().getAttribute('value');
    assert.ok(
      next && next !== (await page.locator('#meeting-select').inputValue()),
      'listed after the first',
    );
    await p.settle(() => page.locator('#meeting-select').selectOption(next));
    await p.actAs(PEKKA);
    const followUp = p.card('board').last();
    await p.tick(followUp, T('card.board.input.present'), ...EVERYONE);
    await p.press(followUp, T('card.board.action.start'));
    const text = await seen(followUp);
    shows(text, T('memo.review'), T('card.board.review.open', { count: 2 }), ...COMMITMENTS);
    await p.audit("the follow-up meeting's review");
    // Liisa's is done already; Pekka's (the second) is heard to be done too.
    await p.settle(() => p.button(followUp, T('card.board.review.mark.done')).nth(1).click());
    shows(await seen(followUp), T('card.board.review.open', { count: 1 }), T('review.outcome.done'));
  }

  it('someone invited by name says "this is me" from the chat, and takes part once the convener confirms it', async () => {
    await invite(p, [
      { name: MATTI, role: 'close', relation: 'isoisä', account: 'no' },
      { name: JARI, role: 'worker', relation: 'nuorisotyöntekijä', account: 'yes' },
    ]);
    const guest = T('playground.guest').replace(/ \(.*/, '');
    await p.actAs(guest);
    const invitation = p.card('invitation');
    await p.choose(invitation, T('card.invitation.claim_label'), MATTI);
    await p.audit("a guest's view of the invitation");
    await p.press(invitation, T('card.invitation.claim_button'));
    shows(await p.text(p.notice()), T('card.notice.info.account_claimed'));
    await focusIn(p, p.notice(), 'the notice the click brought');
    assert.ok(
      !(await p.people()).some((x) => x.startsWith(MATTI)),
      'no say in the meeting before it is confirmed',
    );
    await p.actAs(SANNA);
    const claim = T('card.board.claim', { account: T('playground.guest_name'), name: MATTI });
    shows(await seen(), T('card.board.claims_heading'), claim);
    await p.audit('a claim to confirm');
    await press(T('card.board.action.claim_confirm'));
    hides(await seen(), claim);
    await p.actAs(MATTI);
    shows(await seen(p.direct('invitation')), T('card.invitation.title'));
    await p.press(p.card('invitation'), T('card.invitation.coming'));
    await p.actAs(SANNA);
    assert.match(await seen(), new RegExp(`${MATTI} [^·]+ · ${T('attendance.present')}`));
  });

  it('the convener prepares the meeting with the client, who reads it in her own invitation and agrees there', async () => {
    const prepared = {
      help: 'Kaikki samaan pöytään, ettei Ainon tarvitse kertoa samaa monta kertaa',
      who: 'Äiti ja nuorisotyöntekijä',
      goal: 'Aino jaksaa käydä koulua',
    };
    await invite(p, [{ name: LIISA, role: 'close', relation: 'äiti', account: 'yes' }], 'fi', prepared);
    await p.actAs(LIISA);
    hides(await seen(p.direct('invitation')), prepared.help, prepared.who, prepared.goal);
    await p.actAs(AINO);
    shows(await seen(p.direct('invitation')), prepared.help, prepared.who, prepared.goal);
    await p.audit("the client's own invitation, asking her to agree");
    await p.press(p.direct('invitation'), T('card.preparation.agree'));
    // She reads it of herself; the convener reads it of the client.
    shows(await seen(p.direct('invitation')), T('card.preparation.agreed_client'));
    await p.actAs(SANNA);
    shows(await seen(p.card('invitation')), T('card.preparation.agreed'));
  });

  it('a page in Swedish or English says so in its language list, in that language', async () => {
    for (const [locale, name] of [
      ['sv', 'Svenska'],
      ['en', 'English'],
      ['fi', 'Suomi'],
    ] as const) {
      await page.goto(`${running?.url}/?locale=${locale}`);
      await page.waitForFunction('Number(document.body.dataset.version || 0) > 0');
      assert.equal(await page.locator('#locale-select').inputValue(), locale);
      const shown = await p.text(page.locator('#locale-box'));
      assert.ok(shown.startsWith(t(locale, 'playground.language')), shown);
      assert.equal(await page.locator('#locale-select option:checked').innerText(), name);
      assert.equal(await page.locator('html').getAttribute('lang'), locale);
    }
  });

  it('answers a malformed request or an unknown step with a clear error, and the meeting stays as it was', async () => {
    await invite(p, [{ name: JARI, role: 'worker', relation: 'nuorisotyöntekijä', account: 'yes' }]);
    const before = await seen();
    shows(before, T('card.board.invitees'), AINO, JARI);
    const raw = await page.evaluate(async () => {
      const res = await fetch('/api/teams', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"kind": "invoke", "value": ',
      });
      return { status: res.status, body: (await res.json()) as unknown };
    });
    assert.deepEqual(raw, { status: 400, body: { ok: false, error: T('playground.bad_request') } });
    await forge(p, 'meeting.explode', {});
    shows(await p.text(p.notice()), T('card.notice.title'), T('rejection.command.unknown'));
    // The page has just fetched the meeting again: this is what the server holds now.
    assert.equal(await seen(), before, 'the board is as it was');
  });

  it('in English, a shorter meeting is as accessible: parts skipped, a commitment, the follow-up, the poll', async () => {
    const E = (key: string, params?: Params) => t('en', key, params);
    await page.goto(`${running?.url}/?locale=en`);
    await page.waitForFunction('Number(document.body.dataset.version || 0) > 0');
    await p.audit('the invitation form, in English');
    // Tab goes from the page's header straight to the form's first field, not to the card around it.
    await page.locator('#clock-buttons button').last().focus();
    await page.keyboard.press('Tab');
    // The first field is the first step's: what was prepared with the client.
    const first = p.field(p.card('invitation-form'), E('card.invitation-form.prep_help'));
    assert.equal(await first.and(page.locator(':focus')).count(), 1, `Tab went to: ${await p.focused()}`);
    await invite(p, [{ name: LIISA, role: 'close', relation: 'mother', account: 'yes' }], 'en');
    await p.audit('invitations sent, in English');
    await p.tick(board(p), E('card.board.input.present'), SANNA, AINO, LIISA);
    await p.press(board(p), E('card.board.action.start'));
    await p.audit('the opening, in English');
    // A godmother nobody invited comes in: the opening round is hers to be heard in too.
    await someoneArrived(p, EEVA, 'godmother', 'en');
    // The same name again is refused: the board stays as it was, with the name and the relation
    // typed, and says why at the name, where the focus goes.
    const arrivedName = p.field(board(p), E('card.board.input.arrived_name'));
    const relation = p.field(board(p), capital(E('field.relation')));
    await arrivedName.fill(EEVA);
    await relation.fill('neighbour');
    await p.press(board(p), E('card.board.action.arrived'));
    const twice = describeRejection('en', {
      rejected: true,
      code: 'participant.duplicate',
      params: { name: EEVA },
    });
    shows(await p.text(p.notice()), twice);
    assert.equal(await arrivedName.inputValue(), EEVA, 'the name as typed');
    assert.equal(await relation.inputValue(), 'neighbour', 'the relation as typed');
    assert.equal(await board(p).locator('.refusal-message').innerText(), twice, 'said on the board');
    assert.equal(
      await arrivedName.getAttribute('aria-invalid'),
      'true',
      'the name marked for a screen reader',
    );
    await focusIn(p, arrivedName, 'the name to put right');
    await p.audit('someone arrived twice, refused, in English');
    // On the Slack side too: said under the name, as Slack says a field's error.
    const slackName = p.field(board(p, 'slack'), E('card.board.input.arrived_name'));
    await slackName.fill(EEVA);
    await p.fill(board(p, 'slack'), capital(E('field.relation')), 'aunt');
    await p.press(board(p, 'slack'), E('card.board.action.arrived'));
    assert.equal(await slackName.inputValue(), EEVA, 'the name as typed on Slack');
    assert.equal(await p.field(board(p, 'slack'), capital(E('field.relation'))).inputValue(), 'aunt');
    assert.equal(await board(p, 'slack').locator('.sk-error').innerText(), twice);
    await focusIn(p, slackName, 'the name to put right, on Slack');
    // Skipping a part while some are unheard asks first, naming them: the question takes the focus.
    await p.press(board(p), E('card.board.action.skip'));
    shows(await p.text(p.form()), E('card.confirm.skip_anyway'), AINO, LIISA, EEVA);
    await focusIn(p, p.form(), 'the card that asks first');
    await p.audit('skipping asks first, in English');
    await p.fill(p.form(), E('card.board.input.skip_reason'), 'No time for the opening today.');
    await p.press(p.form(), E('card.confirm.skip_anyway'));
    // A part skipped without a reason is refused: a name typed elsewhere on the board stays, and
    // why is said at the reason, where the focus goes.
    await arrivedName.fill('Outi Salo');
    await p.press(board(p), E('card.board.action.skip'));
    const noReason = describeRejection('en', {
      rejected: true,
      code: 'input.empty',
      params: { field: 'reason' },
    });
    shows(await p.text(p.notice()), noReason);
    assert.equal(await arrivedName.inputValue(), 'Outi Salo', 'the name typed on the board');
    const reason = p.field(board(p), E('card.board.input.skip_reason'));
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    await focusIn(p, reason, 'the reason to give');
    await p.audit('a part skipped without a reason, refused, in English');
    for (const part of ['roles', 'why', 'discussion'])
      await skipPart(p, `No time for the ${part} today.`, 'en');
    await addCommitment(
      p,
      'teams',
      { what: BREAKFAST, owner: LIISA, due: inDays(14), withClient: true },
      'en',
    );
    await p.actAs(AINO);
    await p.audit('the client checks the commitment, in English');
    await p.press(p.card('commitments'), E('card.commitments.suits_me'));
    await p.actAs(SANNA);
    await p.press(board(p), E('card.board.action.next_phase', { phase: E('phase.followup') }));
    await p.press(board(p), E('card.board.action.followup_form'));
    await p.audit('the follow-up form, in English');
    await p.choose(p.form(), E('card.followup-form.responsible'), SANNA);
    await p.press(p.form(), E('card.followup-form.save_responsible'));
    await p.fill(p.form(), E('card.followup-form.date'), inDays(60));
    await p.fill(p.form(), E('card.followup-form.time'), '14:00');
    await p.press(p.form(), E('card.followup-form.save_followup'));
    await p.actAs(AINO);
    await p.press(board(p), E('card.commitments.suits_me'));
    await p.actAs(SANNA);
    await p.press(board(p), E('card.board.action.next_phase', { phase: E('phase.feedback') }));
    const poll = await fillPoll(p, AINO, 'teams', [4, 4, 5], 'en');
    // Each answer is named with its statement, as a group; the card's title is a heading under the side's.
    for (const statement of ['hopeful', 'trusting', 'clearer']) {
      const answers = poll.getByRole('radiogroup', { name: E(`feedback.statement.${statement}`) });
      assert.deepEqual(await answers.getByRole('radio').count(), 5, `five answers to "${statement}"`);
    }
    assert.equal(await poll.getByRole('heading', { level: 3, name: E('phase.feedback') }).count(), 1);
    await p.audit('the feedback poll, in English');
    await p.press(poll, E('card.feedback-poll.send'));
    await p.actAs(SANNA);
    // Liisa has not answered: closing asks first, naming her.
    await p.press(board(p), E('card.board.action.close_meeting'));
    shows(await p.text(p.form()), LIISA);
    await p.audit('closing asks first, in English');
    await p.press(p.form(), E('card.confirm.close_anyway'));
    shows(await seen(p.direct('memo')), BREAKFAST);
    await p.audit('closed: the memo, in English');
  });

  // Last: its reminders move the playground's clock two weeks on, and the clock never goes back.
  it('runs a whole meeting: client first, every voice heard, commitments checked with the client, feedback hidden until three have answered, then reminders', async () => {
    await invitation();
    await opening();
    await roles();
    await why();
    await discussion();
    await timeRunsShort();
    await summary();
    await followup();
    await feedback();
    await closing();
    await aftercare();
    await followUpMeeting();
  });
});
