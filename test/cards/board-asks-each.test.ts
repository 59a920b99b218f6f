/**
 * The board asks the core about each person cheaply: the core keeps what it works out of a meeting
 * (the speaking order, who is still unheard, the meeting as the next speaker finds it) for as long
 * as that meeting is asked about, and the board stops asking about the others once the core says a
 * step is not for now at all. Neither may change an answer. On random meetings made by the
 * property test's model (test/core/model.ts), after every step and for every viewer, each list of
 * people the board offers is exactly those of whom the core, asked afresh about a copy of the
 * meeting that nothing was worked out of yet, says the step would be taken; and so are the viewer's
 * own buttons. A rule changed in the core can never leave the board offering a step the core refuses.
 *
 * PROPERTY_RUNS sets how many runs (default 10); PROPERTY_SEED replays a seed.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boardView } from '../../src/cards/view-models/board.js';
import { TRIAL_TEXT } from '../../src/cards/view-models/can.js';
import { viewTrial } from '../../src/cards/view-models/view-form.js';
import {
  type Command,
  decide,
  type Event,
  evolve,
  isActingChair,
  isRejection,
  isRunning,
  type Meeting,
  openRound,
  REVIEW_OUTCOMES,
  roleRank,
  speakingOrder,
} from '../../src/core/index.js';
import { newWorld, planOf, propose, randOf } from '../core/model.js';
import { realisticMeeting, STAGES } from '../support/realistic-meeting.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 10);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

type Choices = { readonly choices: readonly { readonly value: string }[] } | undefined;
const ids = (list: Choices): string[] => (list?.choices ?? []).map((c) => c.value);

/**
 * The core's answer about a copy of `m` made afresh, so that nothing worked out of the meeting
 * the board was drawn from can answer for it: each question on its own copy.
 */
function fresh(m: Meeting, now: string, actor: string) {
  const outcome = (cmd: Command): readonly Event[] | undefined => {
    const result = decide(structuredClone(m), cmd, { now, actor });
    return isRejection(result) ? undefined : result;
  };
  return { outcome, can: (cmd: Command): boolean => outcome(cmd) !== undefined };
}

/** Everything on `viewer`'s board that names people or depends on them, against the core asked afresh. */
function checkBoard(m: Meeting, now: string, viewerId: string): void {
  const board = boardView({ locale: 'en', now, meeting: m, viewerId }) as Record<string, unknown> & {
    chair?: {
      floorTo?: Choices;
      chair?: Choices;
      noteTaker?: Choices;
      arrivals?: { markPresent?: Choices };
      hands?: { buttons: readonly { id: string }[] };
    };
    behalf?: Choices & { pass: boolean; request: boolean; done: boolean };
    views?: { pick?: Choices };
    mine?: { request: boolean; withdraw: boolean; pass: boolean; done: boolean };
    review?: { items: readonly { actions: readonly { itemId: string; outcome: string }[] }[] };
  };
  const core = fresh(m, now, viewerId);
  const said = `viewer ${viewerId} in ${m.phase} (version ${m.version})`;
  const order = speakingOrder(m);
  const chairs = isActingChair(m, viewerId);
  const keeps = chairs || m.noteTakerId === viewerId;
  if (board.chair) {
    const { chair } = board;
    const whom = (cmd: (id: string) => Command) => order.filter((p) => core.can(cmd(p.id))).map((p) => p.id);
    assert.deepEqual(
      ids(chair.floorTo),
      whom((id) => ({ type: 'floor.give', participantId: id })),
      `floor to: ${said}`,
    );
    assert.deepEqual(
      ids(chair.chair),
      whom((id) => ({ type: 'chair.assign', participantId: id })),
      `chair: ${said}`,
    );
    assert.deepEqual(
      ids(chair.noteTaker),
      m.phase === 'roles' ? whom((id) => ({ type: 'notetaker.assign', participantId: id })) : [],
      `note-taker: ${said}`,
    );
    const notHere = m.participants.filter((p) => p.attendance !== 'present' && !p.erased);
    assert.deepEqual(
      ids(chair.arrivals?.markPresent),
      notHere
        .filter((p) => core.can({ type: 'attendance.mark', participantId: p.id, status: 'present' }))
        .map((p) => p.id),
      `arrivals: ${said}`,
    );
    const between =
      m.phase === 'discussion' && openRound(m)
        ? m.hands.filter((id) =>
            core
              .outcome({ type: 'floor.give', participantId: id })
              ?.some((e) => e.type === 'floor.given' && e.outOfTurn),
          )
        : [];
    assert.deepEqual(
      (chair.hands?.buttons ?? []).map((b) => b.id),
      between,
      `hands between: ${said}`,
    );
  }
  if (keeps && isRunning(m)) {
    const steps = order
      .filter((p) => p.chatUserId === undefined)
      .map((p) => ({
        id: p.id,
        pass: core.can({ type: 'turn.pass', onBehalfOf: p.id }),
        request: core.can({ type: 'floor.request', onBehalfOf: p.id }),
        done: p.id === m.floor && core.can({ type: 'turn.end', onBehalfOf: p.id }),
      }));
    const offered = steps.filter((s) => s.pass || s.request || s.done);
    assert.deepEqual(
      ids(board.behalf),
      offered.map((s) => s.id),
      `on behalf: ${said}`,
    );
    if (board.behalf) {
      assert.equal(
        board.behalf.pass,
        steps.some((s) => s.pass),
        `on behalf, pass: ${said}`,
      );
      assert.equal(
        board.behalf.request,
        steps.some((s) => s.request),
        `on behalf, request: ${said}`,
      );
      assert.equal(
        board.behalf.done,
        steps.some((s) => s.done),
        `on behalf, done: ${said}`,
      );
    }
  }
  if (m.phase === 'closed' && board.views) {
    const inRoundOrder = [...m.participants].sort((a, b) => roleRank(a.role) - roleRank(b.role));
    assert.deepEqual(
      ids(board.views.pick),
      inRoundOrder.filter((p) => core.can(viewTrial(m, p.id))).map((p) => p.id),
      `views after the meeting: ${said}`,
    );
  }
  if (isRunning(m) && m.phase !== 'feedback') {
    const holds = m.floor === viewerId;
    const mine = {
      done: holds && core.can({ type: 'turn.end' }),
      withdraw: core.can({ type: 'floor.withdraw' }),
      request: !chairs && core.can({ type: 'floor.request' }),
      pass: core.can({ type: 'turn.pass' }) && (!chairs || m.floor === undefined || holds),
    };
    const shown = board.mine ?? { done: false, withdraw: false, request: false, pass: false };
    assert.deepEqual(
      { done: shown.done, withdraw: shown.withdraw, request: shown.request, pass: shown.pass },
      mine,
      `own buttons: ${said}`,
    );
  }
  if (board.review) {
    const offered = board.review.items.flatMap((i) => i.actions.map((a) => `${a.itemId} ${a.outcome}`));
    const taken = m.review.flatMap((r) =>
      REVIEW_OUTCOMES.filter((outcome) =>
        core.can({ type: 'review.record', itemId: r.id, outcome, note: TRIAL_TEXT }),
      ).map((outcome) => `${r.id} ${outcome}`),
    );
    assert.deepEqual(offered, taken, `review: ${said}`);
  }
}

type Stage = 'none' | (typeof STAGES)[number];

/** Checked boards, for the report: enough of them with choices to mean something. */
const seen = { boards: 0, floorTo: 0, behalf: 0, arrivals: 0, views: 0 };

/** One run of the model's meetings; after each step, every viewer's board is checked. */
function run(stage: Stage, steps: number, g: fc.GeneratorValue): void {
  const r = randOf(g);
  const w = newWorld(r);
  const missing = w.missing;
  if (stage !== 'none') {
    const d = realisticMeeting(stage);
    w.m = d.m;
    w.now = Date.parse(d.now);
  }
  for (let step = 0; step < steps; step++) {
    const p = propose(w, r);
    w.now += w.m?.phase === 'closed' ? r.int(60, 3 * 24 * 60) * 60_000 : r.int(0, 12) * 60_000;
    const now = new Date(w.now).toISOString();
    const before = p.meetingId ? undefined : w.m;
    const result = decide(before, p.cmd, {
      now,
      actor: p.actor,
      ...(p.meetingId ? { meetingId: p.meetingId } : {}),
    });
    if (isRejection(result)) continue;
    if (p.cmd.type === 'meeting.create') {
      w.reviewing = undefined;
      w.plan = planOf(r, missing);
      w.aftercare = 0;
    }
    missing.delete(p.cmd.type);
    let m = before;
    for (const e of result) m = evolve(m, e);
    if (before?.phase === 'closed') w.aftercare++;
    w.m = m;
    if (!m || m.phase === 'invited' || m.phase === 'cancelled') continue;
    // Every viewer on the same meeting, as the app draws them one after another.
    for (const viewer of m.participants.filter((q) => q.chatUserId !== undefined && !q.erased)) {
      checkBoard(m, now, viewer.id);
      seen.boards++;
    }
    const board = boardView({ locale: 'en', now, meeting: m, viewerId: m.chairId ?? m.convenerId }) as {
      chair?: { floorTo?: unknown; arrivals?: { markPresent?: unknown } };
      behalf?: unknown;
    };
    if (board.chair?.floorTo) seen.floorTo++;
    if (board.chair?.arrivals?.markPresent) seen.arrivals++;
    if (board.behalf) seen.behalf++;
  }
}

describe('the board asks the core about each person, cheaply and exactly', () => {
  it('on random meetings, for every viewer after every step: whom the board offers is whom the core takes', function () {
    this.timeout(Math.max(60_000, RUNS * 4_000));
    fc.assert(
      fc.property(
        fc.constantFrom<Stage>('none', ...STAGES),
        fc.integer({ min: 60, max: 160 }),
        fc.gen(),
        (stage, steps, g) => run(stage, steps, g),
      ),
      { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    console.log(
      `    ${seen.boards} boards checked; the chair's board gave the floor to someone on ${seen.floorTo}, marked arrivals on ${seen.arrivals}, acted for someone on ${seen.behalf}`,
    );
    // The model's meetings come to every part of the board: the lists checked were not all empty.
    assert.ok(seen.floorTo > 20 && seen.arrivals > 0 && seen.behalf > 20, JSON.stringify(seen));
  });
});
