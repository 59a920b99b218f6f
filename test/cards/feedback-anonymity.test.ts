/**
 * Nobody's feedback answer can be read off any view, nor worked out by comparing views: every
 * surface, for every viewer, the Slack form of each and the Markdown memo are drawn after every
 * answer and after the poll closes. While the poll is open they tell only how many answered and
 * who; closed with fewer than three answers, that too few answered; closed with three or more,
 * the same figures and comments whatever the order and time the answers came in.
 */
import assert from 'node:assert/strict';
import { buildCard, buildSlack } from '../../src/cards/cards.js';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import { SURFACES } from '../../src/cards/render.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { type Event, type FeedbackAnswer, type Meeting, reject, replay } from '../../src/core/index.js';
import { listNames, t } from '../../src/i18n/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

const LOCALE = 'fi';
/** A viewer outside the meeting (a shared Slack channel), and one the cards are drawn for without a viewer. */
const EXPOSED = 'exposed';
const NOBODY = 'nobody';

/** Each person's answer: distinct scores and a comment that can be looked for. */
const ANSWERS: readonly {
  who: string;
  hopeful: number;
  trusting: number;
  clearer: number;
  comment?: string;
}[] = [
  { who: P.client, hopeful: 5, trusting: 1, clearer: 2, comment: 'MARKER-AINO kuunneltiin' },
  { who: P.mother, hopeful: 1, trusting: 5, clearer: 3, comment: 'MARKER-LIISA liian pitkä' },
  { who: P.grandfather, hopeful: 2, trusting: 2, clearer: 5, comment: 'MARKER-MATTI hyvä kahvi' },
  { who: P.teacher, hopeful: 4, trusting: 3, clearer: 1, comment: 'MARKER-PEKKA selkeä' },
  { who: P.social, hopeful: 3, trusting: 4, clearer: 4 },
  { who: P.nurse, hopeful: 2, trusting: 5, clearer: 5, comment: 'MARKER-HANNA aikataulu' },
  { who: P.youth, hopeful: 4, trusting: 4, clearer: 2, comment: 'MARKER-JARI kiitos' },
];
const MARKERS = ANSWERS.flatMap((a) => (a.comment ? [a.comment] : []));

/** An average as the cards and the memo write it ("4,0 / 5"), in any language. */
const FIGURE = /\d[,.]\d \/ 5/;

/** The meeting in its feedback phase, nobody answered yet. */
function feedbackOpen(): MeetingDriver {
  const d = realisticMeeting('followup', LOCALE);
  d.do(P.youth, { type: 'phase.next' });
  assert.equal(d.m.phase, 'feedback');
  return d;
}

/** One answer, the grandfather's through the note-taker: he has no chat account. */
function answer(d: MeetingDriver, a: (typeof ANSWERS)[number]): void {
  const { who, ...scores } = a;
  if (who === P.grandfather)
    d.do(P.nurse, { type: 'feedback.answer', ...scores, onBehalfOf: d.id(P.grandfather) });
  else d.do(who, { type: 'feedback.answer', ...scores });
}

/** Everyone who may look: each participant, a shared conversation, and no viewer at all. */
const viewersOf = (m: Meeting): string[] => [...m.participants.map((p) => p.id), EXPOSED, NOBODY];

/**
 * Every view one viewer can get of the meeting the events make: each surface as a Teams card and in
 * its Slack form, and the Markdown memo. A surface that cannot be drawn for them says why, which
 * is compared like any view.
 */
function viewsOf(events: readonly Event[], viewer: string): Map<string, string> {
  const meeting = replay(events);
  assert.ok(meeting);
  const ctx: ViewContext = {
    locale: LOCALE,
    now: '2026-11-26T15:40:00+02:00',
    meeting,
    events,
    memoUrl: 'https://toivo.example/m1/memo.md',
    commitmentId: meeting.commitments[0]?.id,
    rejection: reject('feedback.closed'),
    ...(viewer === EXPOSED ? { exposed: true } : viewer === NOBODY ? {} : { viewerId: viewer }),
  };
  const views = new Map<string, string>();
  for (const surface of SURFACES) {
    for (const [form, build] of [
      ['teams', buildCard],
      ['slack', buildSlack],
    ] as const) {
      let drawn: string;
      try {
        drawn = JSON.stringify(build(surface, ctx));
      } catch (e) {
        drawn = `cannot be drawn: ${(e as Error).message}`;
      }
      views.set(`${surface} ${form}`, drawn);
    }
  }
  views.set('memo markdown', buildMemo(events, LOCALE));
  return views;
}

/**
 * The same events with the answers of everyone but `keep` replaced: other scores (each moved by
 * one, so none stays the same), a comment where there was none and none where there was one.
 */
function otherAnswers(events: readonly Event[], keep?: string): Event[] {
  const move = (x: number) => (x % 5) + 1;
  return events.map((e) => {
    if (e.type !== 'feedback.answered' || e.participantId === keep) return e;
    const a = e.answer;
    const changed: FeedbackAnswer = {
      hopeful: move(a.hopeful),
      trusting: move(a.trusting),
      clearer: move(a.clearer),
      ...(a.comment === undefined ? { comment: `OTHER ${e.participantId}` } : {}),
      onBehalf: a.onBehalf,
    };
    return { ...e, answer: changed };
  });
}

/**
 * The same events with the answers passed round: each answer event carries the next one's scores
 * and comment, so everyone gave someone else's answer (how each was entered stays as it was).
 */
function answersPassedRound(events: readonly Event[]): Event[] {
  const answered = events.flatMap((e) => (e.type === 'feedback.answered' ? [e.answer] : []));
  let i = 0;
  return events.map((e) => {
    if (e.type !== 'feedback.answered') return e;
    const { onBehalf, ...given } = answered[++i % answered.length] ?? e.answer;
    const { hopeful, trusting, clearer, comment } = given;
    return {
      ...e,
      answer: { hopeful, trusting, clearer, ...(comment ? { comment } : {}), onBehalf: e.answer.onBehalf },
    };
  });
}

/** The views that differ between two sets, by name: none, when nothing can be told apart. */
const differing = (a: Map<string, string>, b: Map<string, string>): string[] =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));

/** Views that show a figure, or a comment the viewer did not write themself. */
function leaks(views: Map<string, string>, ownComment: string | undefined): string[] {
  const found: string[] = [];
  for (const [name, text] of views) {
    if (FIGURE.test(text)) found.push(`${name}: a figure`);
    if (text.includes(t(LOCALE, 'memo.feedback_comments'))) found.push(`${name}: a comments heading`);
    for (const marker of MARKERS)
      if (marker !== ownComment && text.includes(marker)) found.push(`${name}: "${marker}"`);
  }
  return found;
}

const commentOf = (m: Meeting, viewer: string): string | undefined => m.feedback[viewer]?.comment;

describe('feedback answers stay anonymous on every surface', function () {
  // Every surface, in both forms, is drawn some 450 times over (for each viewer after each answer, in
  // each order, and again with other answers): about 5 s on an idle machine, four times that or more
  // on a loaded one. What is asserted is what the views show, never how fast they are drawn.
  this.timeout(120_000);

  for (const count of [1, 2]) {
    it(`a poll closed with ${count} answer(s) shows no one's scores or comment, anywhere, to anyone`, () => {
      const d = feedbackOpen();
      for (const a of ANSWERS.slice(0, count)) answer(d, a);
      d.do(P.youth, d.closeAnyway());
      const { m, events } = d;
      assert.equal(m.phase, 'closed');
      const memo = buildMemo(events, LOCALE);
      for (const viewer of viewersOf(m)) {
        const views = viewsOf(events, viewer);
        // Closed, not even one's own answer is shown back: nothing at all of any answer.
        assert.deepEqual(leaks(views, undefined), [], `what ${viewer} sees`);
        // Any other answers, even the viewer's own, would show the very same.
        assert.deepEqual(differing(views, viewsOf(otherAnswers(events), viewer)), [], `${viewer}'s views`);
        assert.equal(views.get('memo markdown'), memo);
      }
      const tooFew = t(LOCALE, 'card.feedback-results.too_few', { count, min: 3 });
      const views = viewsOf(events, m.participants[0]?.id ?? '');
      for (const surface of ['feedback-results teams', 'feedback-results slack'])
        assert.ok(views.get(surface)?.includes(tooFew), `${surface} says too few answered`);
      const memoSays = t(LOCALE, 'memo.feedback_too_few', {
        answered: t(LOCALE, 'feedback.count', { count }),
        min: 3,
      });
      for (const surface of ['memo teams', 'memo slack', 'memo markdown'])
        assert.ok(views.get(surface)?.includes(memoSays), `${surface} says too few answered`);
      for (const a of ANSWERS.slice(0, count))
        for (const [name, text] of views)
          assert.ok(!text.includes(String(a.comment)), `${name} shows ${a.who}'s comment`);
    });
  }

  it('answers coming one at a time show nothing but who answered, and the closed results do not tell the order', () => {
    /** Each order, and each pace, the same seven answers may come in. */
    const ORDERS = [
      { order: [0, 1, 2, 3, 4, 5, 6], minutes: [1, 1, 1, 1, 1, 1, 1] },
      { order: [6, 5, 4, 3, 2, 1, 0], minutes: [5, 1, 0, 0, 0, 0, 1] },
      { order: [3, 0, 6, 2, 5, 1, 4], minutes: [0, 2, 0, 3, 1, 0, 1] },
    ];
    const closed: Map<string, Map<string, string>>[] = [];
    for (const { order, minutes } of ORDERS) {
      const d = feedbackOpen();
      const start = d.now;
      order.forEach((index, step) => {
        const a = ANSWERS[index];
        assert.ok(a);
        d.advance(minutes[step] ?? 0);
        answer(d, a);
        const m = d.m;
        const answered = order.slice(0, step + 1).map((i) => ANSWERS[i]?.who ?? '');
        const behalf = answered.includes(P.grandfather) ? 1 : 0;
        for (const viewer of viewersOf(m)) {
          const views = viewsOf(d.events, viewer);
          const own = commentOf(m, viewer);
          assert.deepEqual(leaks(views, own), [], `${viewer} after ${step + 1} answers`);
          // Whatever the others answered, the viewer would see the very same: only who answered shows.
          assert.deepEqual(
            differing(views, viewsOf(otherAnswers(d.events, viewer), viewer)),
            [],
            `${viewer} after ${step + 1} answers can tell the others' answers apart`,
          );
        }
        // The count marks the answer given for the grandfather; the names, in meeting order, do not.
        const count = t(
          LOCALE,
          behalf ? 'feedback.count_behalf' : 'feedback.count',
          behalf ? { count: step + 1, behalf } : { count: step + 1 },
        );
        const names = m.participants.filter((p) => answered.includes(p.name)).map((p) => p.name);
        const line = t(LOCALE, 'card.feedback-results.answered', {
          answered: count,
          names: listNames(LOCALE, names),
        });
        const results = viewsOf(d.events, NOBODY).get('feedback-results teams') ?? '';
        assert.ok(results.includes(JSON.stringify(line).slice(1, -1)), `"${line}" in ${results}`);
      });
      // Close at the same moment whatever the pace was.
      d.now = new Date(Date.parse(start) + 30 * 60_000).toISOString();
      d.do(P.youth, d.closeAnyway());
      const views = new Map(viewersOf(d.m).map((viewer) => [viewer, viewsOf(d.events, viewer)]));
      closed.push(views);
      // Who gave which answer cannot be told either: had each given another's, all would look the same.
      const passed = answersPassedRound(d.events);
      assert.notDeepEqual(replay(passed)?.feedback, d.m.feedback);
      for (const [viewer, seen] of views)
        assert.deepEqual(
          differing(seen, viewsOf(passed, viewer)),
          [],
          `${viewer} can tell who answered what`,
        );
    }

    const [first, ...others] = closed;
    assert.ok(first);
    const results = first.get(NOBODY)?.get('feedback-results teams') ?? '';
    const markdown = first.get(NOBODY)?.get('memo markdown') ?? '';
    for (const text of [results, markdown]) {
      assert.ok(FIGURE.test(text), 'closed with seven answers, the figures show');
      for (const marker of MARKERS) assert.ok(text.includes(marker), `closed, the comment "${marker}" shows`);
      assert.ok(text.includes(t(LOCALE, 'feedback.count_behalf', { count: 7, behalf: 1 })), 'the count');
    }
    assert.ok(first.get(NOBODY)?.get('memo teams')?.match(FIGURE), 'the memo card shows the averages');
    for (const [i, other] of others.entries()) {
      for (const [viewer, views] of first)
        assert.deepEqual(
          differing(views, other.get(viewer) ?? new Map()),
          [],
          `${viewer}: order ${i + 2} can be told from order 1`,
        );
    }
  });
});
