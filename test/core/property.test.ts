/**
 * Model-based random meetings: from the meeting as it stands, test/core/model.ts proposes what the
 * right people would do next, and now and then what they should not; whatever the core decides,
 * the rules of test/core/invariants.ts are checked on it. A run goes from meeting to meeting (the
 * follow-up of one that closed, a fresh one after a cancelled one). Each accepted step is judged
 * on the meeting before, the command, its events and the meeting after; each refused one must
 * leave the meeting exactly as it was.
 *
 * Each run also sees someone come in while a round is open, both ways (let in, marked present).
 *
 * PROPERTY_RUNS sets how many runs (default 100); PROPERTY_SEED replays a seed; PROPERTY_SHRINK=1 shrinks
 * a failure (slow).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type Command,
  type CommandType,
  decide,
  type Event,
  evolve,
  isRejection,
  type Meeting,
  replay,
} from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import { realisticMeeting, STAGES } from '../support/realistic-meeting.js';
import { checkState, checkStep } from './invariants.js';
import { COMMAND_TYPES, type Latecomer, newWorld, planOf, propose, randOf, type World } from './model.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
/** A run goes on until every command has been accepted in it, but no longer than this. */
const MAX_STEPS = 5000;
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

/** Every command there is: the compiler makes sure none is missing. */
const ALL: Readonly<Record<CommandType, true>> = {
  'meeting.create': true,
  'invitation.update': true,
  'preparation.update': true,
  'preparation.agree': true,
  'invitee.add': true,
  'invitee.remove': true,
  'safe_adult.name': true,
  'meeting.cancel': true,
  'attendance.mark': true,
  'participant.join': true,
  'participant.leave': true,
  'account.claim': true,
  'account.confirm': true,
  'account.refuse': true,
  'meeting.start': true,
  'chair.assign': true,
  'notetaker.assign': true,
  'phase.next': true,
  'phase.skip': true,
  'round.start': true,
  'round.close': true,
  'floor.request': true,
  'floor.withdraw': true,
  'floor.give': true,
  'floor.next': true,
  'turn.end': true,
  'turn.pass': true,
  'note.add': true,
  'note.edit': true,
  'wish.record': true,
  'view.record': true,
  'commitment.add': true,
  'commitment.edit': true,
  'commitment.remove': true,
  'commitment.confirm': true,
  'commitment.status': true,
  'review.record': true,
  'reminders.mute': true,
  'responsible.assign': true,
  'followup.agree': true,
  'followup.confirm': true,
  'memo.approve': true,
  'feedback.answer': true,
  'meeting.close': true,
};

/** Refusals that show the model trying to break a rule: the test checks that each comes up. */
const TRIED = [
  'turn.client_first',
  'turn.not_your_turn_yet',
  'round.not_everyone_heard',
  'auth.chair_only',
  'auth.not_participant',
  'summary.unconfirmed',
  'input.date_in_past',
  'followup.no_responsible',
  'followup.no_followup',
  'followup.unconfirmed',
  'responsible.not_worker',
  'feedback.participants_only',
  'onbehalf.has_account',
  'onbehalf.not_allowed',
  'leave.chair_must_hand_over',
  'leave.notetaker_must_hand_over',
  'account.taken',
  'account.already_linked',
  'account.no_claim',
  'auth.convener_or_chair_only',
  'turn.hand_after_client',
  'feedback.not_everyone_answered',
  'phase.skip_unheard',
];

/**
 * Moments the rules bend for, which the model must bring about: a raised hand given the floor out
 * of the round's order, and a step the chair confirmed that leaves someone out.
 */
const BENT: Readonly<Record<string, (before: Meeting, cmd: Command, events: readonly Event[]) => boolean>> = {
  'a reply out of turn': (_b, _c, events) => events.some((e) => e.type === 'floor.given' && e.outOfTurn),
  'a skip that leaves someone unheard': (before, cmd) =>
    cmd.type === 'phase.skip' &&
    before.rounds.some((r) => r.status === 'open') &&
    (cmd.without ?? []).some((id) =>
      before.participants.some((p) => p.id === id && p.attendance === 'present'),
    ),
  'a close without some answers': (before, _cmd, events) =>
    events.some((e) => e.type === 'poll.closed') &&
    before.participants.some(
      (p) => (p.attendance === 'present' || p.attendance === 'left') && !before.feedback[p.id],
    ),
};

/**
 * Someone comes in while a round is open (every voice heard: they are asked in it too). Each run
 * goes on until both have happened in it, accepted, and each is judged by the invariants.
 */
const CAME_IN: Readonly<Record<Latecomer, (before: Meeting, events: readonly Event[]) => boolean>> = {
  joined: (before, events) =>
    before.rounds.some((r) => r.status === 'open') && events.some((e) => e.type === 'participant.joined'),
  'marked present': (before, events) =>
    before.rounds.some((r) => r.status === 'open') &&
    events.some((e) => e.type === 'attendance.marked' && e.status === 'present'),
};

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

class Tally {
  readonly proposed = new Map<string, number>();
  readonly accepted = new Map<string, number>();
  readonly refusals = new Map<string, number>();
  readonly bent = new Map<string, number>();
  steps = 0;
  meetings = 0;
  readonly runs: { steps: number; accepted: number }[] = [];
  add(type: string, ok: boolean, code?: string): void {
    this.steps++;
    this.proposed.set(type, (this.proposed.get(type) ?? 0) + 1);
    if (ok) this.accepted.set(type, (this.accepted.get(type) ?? 0) + 1);
    if (code) this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }
  get acceptedSteps(): number {
    return [...this.accepted.values()].reduce((a, b) => a + b, 0);
  }
  report(): string {
    const pct = (a: number, b: number) => `${Math.round((100 * a) / Math.max(b, 1))} %`;
    const rows = Object.keys(ALL).map(
      (t) => `${t} ${this.accepted.get(t) ?? 0}/${this.proposed.get(t) ?? 0}`,
    );
    const lines: string[] = [];
    for (let i = 0; i < rows.length; i += 6) lines.push(`      ${rows.slice(i, i + 6).join(', ')}`);
    const codes = [...this.refusals.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, process.env.PROPERTY_CODES ? 200 : 12)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    const steps = this.runs.map((x) => x.steps).sort((a, b) => a - b);
    const shares = this.runs.map((x) => Math.round((100 * x.accepted) / x.steps)).sort((a, b) => a - b);
    const mid = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? 0;
    return [
      `    ${this.runs.length} runs of ${steps[0]}–${steps.at(-1)} steps (median ${mid(steps)}), each until every command was accepted in it;`,
      `    accepted per run ${shares[0]}–${shares.at(-1)} % (median ${mid(shares)} %)`,
      `    refused most often: ${codes}`,
      `    where the rules bend: ${[...this.bent.entries()].map(([m, n]) => `${m} ${n}`).join(', ')}`,
      `    ${this.steps} steps in ${this.meetings} meetings, ${this.acceptedSteps} accepted (${pct(this.acceptedSteps, this.steps)}); accepted/proposed:`,
      ...lines,
    ].join('\n');
  }
}

/** Where a run starts: no meeting yet, or the realistic meeting at one of its stages. */
function start(stage: Stage, w: World): Event[] {
  if (stage === 'none') return [];
  const d = realisticMeeting(stage);
  w.m = deepFreeze(d.m);
  w.now = Date.parse(d.now);
  return [...d.events];
}

type Stage = 'none' | (typeof STAGES)[number];

/**
 * One run: at least `budget` steps, and on until every command has been accepted in it. Each
 * step is decided on the meeting as the model left it, and judged.
 */
function run(stage: Stage, budget: number, g: fc.GeneratorValue, tally: Tally): void {
  const r = randOf(g);
  const w = newWorld(r);
  const missing = w.missing;
  let log = start(stage, w);
  /** Each meeting's log rebuilds it. */
  const replays = () => {
    if (w.m) assert.deepEqual(replay(log), w.m, 'the event log rebuilds the same meeting');
  };
  /** The last steps, told with a failure. */
  const history: string[] = [];
  let steps = 0;
  let accepted = 0;
  const wanted = () => missing.size + w.latecomers.size;
  for (; steps < budget || (wanted() > 0 && steps < MAX_STEPS); steps++) {
    const p = propose(w, r);
    w.now += w.m?.phase === 'closed' ? r.int(60, 3 * 24 * 60) * 60_000 : r.int(0, 12) * 60_000;
    const before = p.meetingId ? undefined : w.m;
    const ctx = {
      now: new Date(w.now).toISOString(),
      actor: p.actor,
      ...(p.meetingId ? { meetingId: p.meetingId } : {}),
    };
    const snapshot = JSON.stringify(before);
    try {
      let result: ReturnType<typeof decide>;
      try {
        result = decide(before, p.cmd, ctx);
      } catch (err) {
        throw new Error(`decide threw (it may not change the meeting it is given): ${String(err)}`);
      }
      history.push(
        `${before?.phase ?? 'no meeting'}: ${JSON.stringify(p).slice(0, 300)} → ${isRejection(result) ? result.code : result.map((e) => e.type).join(', ')}`,
      );
      if (history.length > 12) history.shift();
      if (isRejection(result)) {
        assert.equal(JSON.stringify(before), snapshot, `a refused ${p.cmd.type} changed the meeting`);
        for (const locale of ['fi', 'sv', 'en'] as const) assert.ok(describeRejection(locale, result));
        tally.add(p.cmd.type, false, result.code);
        if (process.env.PROPERTY_DEBUG === result.code || process.env.PROPERTY_DEBUG === p.cmd.type)
          console.log(`    ${history.at(-1)}`);
        continue;
      }
      tally.add(p.cmd.type, true);
      accepted++;
      missing.delete(p.cmd.type);
      if (!before) {
        // A new meeting: the one before is done with.
        replays();
        assert.equal(p.cmd.type, 'meeting.create');
        assert.deepEqual(
          result.map((e) => e.type),
          ['meeting.created'],
        );
        const prev = w.m;
        w.reviewing =
          prev && p.cmd.type === 'meeting.create' && p.cmd.previousMeetingId === prev.id ? prev : undefined;
        log = [...result];
        w.m = deepFreeze(replay(log));
        w.plan = planOf(r, missing);
        w.aftercare = 0;
        tally.meetings++;
        if (w.m) checkState(w.m);
        continue;
      }
      const states: [Meeting, Meeting][] = [];
      let s = before;
      for (const e of result) {
        const t = deepFreeze(evolve(s, e));
        states.push([s, t]);
        s = t;
      }
      checkStep({ before, cmd: p.cmd as Command, ctx, events: result, after: s, states });
      for (const [moment, happened] of Object.entries(BENT))
        if (happened(before, p.cmd as Command, result))
          tally.bent.set(moment, (tally.bent.get(moment) ?? 0) + 1);
      checkState(s);
      for (const [late, happened] of Object.entries(CAME_IN))
        if (happened(before, result)) w.latecomers.delete(late as Latecomer);
      log.push(...result);
      if (before.phase === 'closed') w.aftercare++;
      w.m = s;
    } catch (err) {
      const told = err instanceof Error ? (err.stack ?? err.message) : String(err);
      throw new Error(`${told}\n  the last steps of the run:\n    ${history.join('\n    ')}`, { cause: err });
    }
  }
  replays();
  tally.runs.push({ steps, accepted });
  assert.deepEqual([...missing], [], `never accepted in ${steps} steps of this run`);
  assert.deepEqual([...w.latecomers], [], `nobody came in mid-round this way in ${steps} steps of this run`);
}

describe('random meetings, proposed by a model of who does what', () => {
  it('every accepted step keeps the rules, every refused one changes nothing; half are accepted, and every command is', function () {
    this.timeout(Math.max(60_000, RUNS * 1_000));
    const tally = new Tally();
    const property = fc.property(
      fc.constantFrom<Stage>('none', ...STAGES),
      fc.integer({ min: 150, max: 350 }),
      fc.gen(),
      (stage, budget, g) => run(stage, budget, g, tally),
    );
    fc.assert(property, {
      numRuns: RUNS,
      // A run is hundreds of steps: shrinking one takes long and gains little, so only on request.
      endOnFailure: process.env.PROPERTY_SHRINK !== '1',
      ...(SEED === undefined ? {} : { seed: SEED }),
    });
    console.log(tally.report());
    assert.ok(
      tally.acceptedSteps * 2 >= tally.steps,
      `only ${tally.acceptedSteps} of ${tally.steps} steps accepted: the model proposes too much nonsense`,
    );
    const never = COMMAND_TYPES.filter((t) => !tally.accepted.get(t));
    assert.deepEqual(never, [], `never accepted in ${RUNS} runs`);
    assert.deepEqual([...COMMAND_TYPES].sort(), Object.keys(ALL).sort(), 'the model proposes every command');
    // And it tries to break each rule: each of these refusals comes up (dozens of times in 100 runs).
    if (RUNS >= 40) {
      const unseen = TRIED.filter((code) => !tally.refusals.get(code));
      assert.deepEqual(unseen, [], `never refused in ${RUNS} runs: the model no longer tries these`);
      const unbent = Object.keys(BENT).filter((moment) => !tally.bent.get(moment));
      assert.deepEqual(unbent, [], `never happened in ${RUNS} runs: the model no longer brings these about`);
    }
  });
});
