/**
 * The chair's board bends where a meeting does, and asks before a step that leaves people out:
 * a raised hand in the discussion gets its own "give the floor in between" button once the client
 * has spoken; "Close the meeting" with answers missing, and "Skip this part" with people unheard,
 * open a card that asks first and names them. Each button is pressed as a person would (the way
 * submit.ts turns it into commands) and judged by the core.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack, FORMS } from '../../src/cards/cards.js';
import type { ModalView } from '../../src/cards/slack/types.js';
import { commandsOf } from '../../src/cards/submit.js';
import { VERBS } from '../../src/cards/verbs.js';
import { type Command, type Event, isRejection, type Meeting, type Rejection } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { assertSlackModal } from './slack-support.js';
import { assertValidCard, type CardNode, elementsIn } from './support.js';

const T = (key: string, params?: Record<string, string | number>) => t('en', key, params);

const board = (d: MeetingDriver, viewer: string) =>
  buildCard('board', { locale: 'en', meeting: d.m, now: d.now, viewerId: d.id(viewer) });
const confirmForm = (d: MeetingDriver, viewer = P.youth) =>
  buildCard('confirm-form', { locale: 'en', meeting: d.m, now: d.now, viewerId: d.id(viewer) });

/** The card's own buttons (an Execute's Submit fallback repeats it). */
const buttons = (card: unknown): CardNode[] => elementsIn(card).filter((n) => n.type === 'Action.Execute');
const button = (card: unknown, title: string): CardNode | undefined =>
  buttons(card).find((b) => b.title === title);
const textOf = (card: unknown): string =>
  elementsIn(card)
    .flatMap((n) => (n.type === 'TextBlock' ? [String(n.text)] : []))
    .join('\n');
const inputIds = (card: unknown): string[] =>
  elementsIn(card).flatMap((n) => (String(n.type).startsWith('Input.') ? [String(n.id)] : []));

/** Presses a button with `typed` in the card's inputs: the commands, or why the card's step was refused. */
function commandsFrom(
  m: Meeting,
  b: CardNode,
  typed: Record<string, string> = {},
): readonly Command[] | Rejection {
  const data = Object.fromEntries(Object.entries(b.data as CardNode).map(([k, v]) => [k, String(v)]));
  const routed = commandsOf({ verb: String(b.verb), fields: { ...data, ...typed } }, m);
  if (isRejection(routed)) return routed;
  assert.equal(routed.kind, 'commands', `${String(b.title)} runs commands`);
  return routed.kind === 'commands' ? routed.commands : [];
}

/** Presses and decides: the events the core records, or its refusal. */
function pressed(
  d: MeetingDriver,
  viewer: string,
  b: CardNode | undefined,
  typed: Record<string, string> = {},
) {
  assert.ok(b, 'the button is there');
  const commands = commandsFrom(d.m, b, typed);
  if (isRejection(commands)) return commands;
  assert.equal(commands.length, 1);
  return d.try(d.id(viewer), commands[0] as Command) as readonly Event[] | Rejection;
}

describe('a raised hand in the discussion, on the chair’s board', () => {
  /** The discussion's round just opened; the teacher has raised a hand. */
  function teacherAsks(): MeetingDriver {
    const d = realisticMeeting('why', 'en');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.teacher, { type: 'floor.request' });
    return d;
  }
  const between = (name: string) => T('card.board.action.floor_between', { name });

  it('before the client has spoken there is no button to let the hand in between', () => {
    const d = teacherAsks();
    assert.equal(button(board(d, P.youth), between(P.teacher)), undefined);
    assert.ok(!textOf(board(d, P.youth)).includes(T('card.board.hands_between')));
  });

  it('once the client has spoken the chair gives the hand the floor in between with one button; the round goes on after it', () => {
    const d = teacherAsks();
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    const card = board(d, P.youth);
    assertValidCard(card, 'board with a hand in between');
    assert.ok(textOf(card).includes(T('card.board.hands_between')));
    const events = pressed(d, P.youth, button(card, between(P.teacher)));
    assert.ok(!isRejection(events), JSON.stringify(events));
    assert.deepEqual(
      events.map((e) => e.type),
      ['floor.given'],
    );
    assert.equal(d.m.floor, d.id(P.teacher));
    d.do(P.teacher, { type: 'turn.end' });
    // The round resumes in its order: the close ones are next, and the teacher is still to be heard.
    d.do(P.youth, { type: 'floor.next' });
    assert.equal(d.m.floor, d.id(P.mother));
    const order = elementsIn(board(d, P.youth))
      .flatMap((n) => (n.type === 'FactSet' ? (n.facts as { title: string; value: string }[]) : []))
      .find((f) => f.title === P.teacher);
    assert.ok(order?.value.endsWith(T('card.board.state.waiting')), order?.value);
  });

  it('only the chair sees it, and only for the hands that may come in between', () => {
    const d = teacherAsks();
    d.do(P.youth, { type: 'floor.next' });
    d.do(P.client, { type: 'turn.end' });
    for (const viewer of [P.teacher, P.client, P.nurse])
      assert.equal(button(board(d, viewer), between(P.teacher)), undefined, `${viewer} has no such button`);
    // In "why we are here" a hand waits for its turn: no button there.
    const why = realisticMeeting('roles', 'en');
    why.do(P.youth, { type: 'phase.next' });
    why.do(P.youth, { type: 'floor.next' });
    why.do(P.client, { type: 'turn.end' });
    why.do(P.teacher, { type: 'floor.request' });
    assert.equal(button(board(why, P.youth), between(P.teacher)), undefined);
  });
});

describe('closing the meeting asks first while answers are missing', () => {
  /** The feedback phase with the client and her mother answered: five of seven have not. */
  function twoAnswered(): MeetingDriver {
    const d = realisticMeeting('followup', 'en');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.client, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 });
    d.do(P.mother, { type: 'feedback.answer', hopeful: 5, trusting: 5, clearer: 5 });
    return d;
  }
  const missing = `${P.social}, ${P.grandfather}, ${P.teacher}, ${P.nurse} and ${P.youth}`;

  it('"Close the meeting" opens a card that names who has not answered, instead of closing', () => {
    const d = twoAnswered();
    const close = button(board(d, P.youth), T('card.board.action.close_meeting'));
    assert.equal(close?.verb, VERBS.openConfirmForm);
    assert.ok(FORMS.has('confirm-form'), 'it opens as a form: its own card in Teams, a modal in Slack');
    const form = confirmForm(d);
    assertValidCard(form, 'confirm-form');
    const text = textOf(form);
    assert.ok(text.includes(T('card.confirm.close_title')), text);
    assert.ok(text.includes(T('card.confirm.not_answered', { answered: 2, total: 7, names: missing })), text);
    assert.ok(text.includes(T('card.confirm.close_consequence.other')));
    assert.equal(d.m.phase, 'feedback', 'nothing has closed');
  });

  it('"Close anyway" on that card closes the meeting', () => {
    const d = twoAnswered();
    const events = pressed(d, P.youth, button(confirmForm(d), T('card.confirm.close_anyway')));
    assert.ok(!isRejection(events), JSON.stringify(events));
    assert.equal(d.m.phase, 'closed');
  });

  it('asked before someone answered, it still closes; asked before someone joined, it asks again about them', () => {
    const answered = twoAnswered();
    const form = confirmForm(answered);
    answered.do(P.teacher, { type: 'feedback.answer', hopeful: 3, trusting: 3, clearer: 3 });
    const closed = pressed(answered, P.youth, button(form, T('card.confirm.close_anyway')));
    assert.ok(!isRejection(closed), JSON.stringify(closed));

    const joined = twoAnswered();
    const asked = confirmForm(joined);
    joined.do(P.youth, { type: 'participant.join', person: { name: 'Eeva Salo', role: 'close' } });
    const refused = pressed(joined, P.youth, button(asked, T('card.confirm.close_anyway')));
    assert.ok(isRejection(refused));
    assert.deepEqual(
      [refused.code, refused.params],
      ['feedback.not_everyone_answered', { names: ['Eeva Salo'], count: 1 }],
    );
    assert.equal(joined.m.phase, 'feedback');
  });

  it('says what closing means for one person in the singular, for several in the plural', () => {
    const d = realisticMeeting('followup', 'fi');
    d.do(P.youth, { type: 'phase.next' });
    const said = () =>
      textOf(buildCard('confirm-form', { locale: 'fi', meeting: d.m, now: d.now, viewerId: d.id(P.youth) }));
    assert.ok(said().includes('kysely sulkeutuu myös heiltä'), said());
    for (const p of [P.client, P.mother, P.social, P.teacher, P.nurse, P.youth])
      d.do(p, { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 });
    assert.ok(said().includes(`Vielä vastaamatta: ${P.grandfather}.`), said());
    assert.ok(said().includes('kysely sulkeutuu myös häneltä'), said());
  });

  it('with every answer in, "Close the meeting" closes at once', () => {
    const d = realisticMeeting('feedback', 'en');
    const close = button(board(d, P.youth), T('card.board.action.close_meeting'));
    assert.equal(close?.verb, VERBS.meetingClose);
    const events = pressed(d, P.youth, close);
    assert.ok(!isRejection(events), JSON.stringify(events));
    assert.equal(d.m.phase, 'closed');
  });

  it('in Slack the card is a modal whose submit closes it anyway, with the names in its text', () => {
    const d = twoAnswered();
    const modal = buildSlack('confirm-form', {
      locale: 'en',
      meeting: d.m,
      now: d.now,
      viewerId: d.id(P.youth),
    }) as ModalView;
    assertSlackModal(modal);
    assert.equal(modal.submit?.text, T('card.confirm.close_anyway'));
    assert.ok(JSON.stringify(modal.blocks).includes(P.grandfather));
    const meta = JSON.parse(modal.private_metadata ?? '{}');
    assert.equal(meta.verb, VERBS.meetingClose);
    assert.deepEqual(
      String(meta.data.without).split(','),
      d.m.participants.filter((p) => !d.m.feedback[p.id]).map((p) => p.id),
    );
  });
});

describe('skipping a phase asks first while someone is unheard', () => {
  /** "Why we are here", the client speaking. */
  function clientSpeaking(): MeetingDriver {
    const d = realisticMeeting('roles', 'en');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    return d;
  }

  it('"Skip this part" opens a card that names who has not been heard, and asks the reason there', () => {
    const d = clientSpeaking();
    const card = board(d, P.youth);
    assert.equal(button(card, T('card.board.action.skip'))?.verb, VERBS.openConfirmForm);
    assert.ok(!inputIds(card).includes('skipReason'), 'the reason is asked on the card that asks first');
    const form = confirmForm(d);
    assertValidCard(form, 'confirm-form, skip');
    const text = textOf(form);
    assert.ok(text.includes(T('card.confirm.skip_title', { phase: T('phase.why') })), text);
    assert.ok(
      text.includes(
        T('card.confirm.not_heard', {
          names: `${P.mother}, ${P.grandfather}, ${P.social}, ${P.teacher}, ${P.nurse} and ${P.youth}`,
        }),
      ),
      text,
    );
    assert.deepEqual(inputIds(form), ['skipReason']);
  });

  it('"Skip anyway" with a reason skips the phase, the round dropped and the skip recorded', () => {
    const d = clientSpeaking();
    const events = pressed(d, P.youth, button(confirmForm(d), T('card.confirm.skip_anyway')), {
      skipReason: 'Aika loppui',
    });
    assert.ok(!isRejection(events), JSON.stringify(events));
    assert.equal(d.m.phase, 'discussion');
    assert.deepEqual(d.m.skipped, [{ phase: 'why', reason: 'Aika loppui' }]);
  });

  it('with nobody left unheard, the board skips with the reason typed there, as before', () => {
    const d = realisticMeeting('roles', 'en');
    const card = board(d, P.youth);
    assert.ok(inputIds(card).includes('skipReason'));
    const skip = button(card, T('card.board.action.skip'));
    assert.equal(skip?.verb, VERBS.phaseSkip);
    const events = pressed(d, P.youth, skip, { skipReason: 'Roolit sovittiin jo' });
    assert.ok(!isRejection(events), JSON.stringify(events));
    assert.equal(d.m.phase, 'why');
  });
});

describe('asking first, in every language', () => {
  it('the card that asks fits Slack’s modal submit and names everyone missing in fi, sv and en', () => {
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const d = realisticMeeting('followup', locale);
      d.do(P.youth, { type: 'phase.next' });
      const ctx = { locale, meeting: d.m, now: d.now, viewerId: d.id(P.youth) };
      const modal = buildSlack('confirm-form', ctx) as ModalView;
      assertSlackModal(modal);
      assert.equal(
        modal.submit?.text,
        t(locale, 'card.confirm.close_anyway'),
        `${locale}: the submit is not cut`,
      );
      for (const name of Object.values(P))
        assert.ok(JSON.stringify(modal.blocks).includes(name), `${locale}: ${name}`);
    }
  });
});
