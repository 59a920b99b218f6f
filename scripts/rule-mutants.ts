/**
 * Breaks each rule of the meeting (README, "The rules Toivo keeps") by hand, one at a time, in a
 * copy of the project, and runs the property test alone against it: the property test must catch
 * every one. Stryker (`npm run mutation`) mutates blindly; these are the breaks that matter most,
 * each named after the rule it breaks. Run with `npm run mutation:rules`; CI runs it too (a fixed
 * seed there). Exits non-zero if a break goes unnoticed or a change in src/core moved the code a
 * break is written against (then update the break here).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Break {
  readonly rule: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

const BREAKS: readonly Break[] = [
  {
    rule: 'client first: a worker may speak before the client',
    file: 'src/core/selectors.ts',
    from: 'roleRank(p.role) >= roleRank(who.role)',
    to: 'true',
  },
  {
    rule: 'client first: a round started while someone holds the floor counts their turn first',
    file: 'src/core/decide/rounds.ts',
    from: "return [...speaker, roundStart(env.m, 'discussion')];",
    to: "return [roundStart(env.m, 'discussion')];",
  },
  {
    rule: 'every voice heard: a round closes with someone unheard',
    file: 'src/core/phases.ts',
    from: 'return missing.length === 0',
    to: 'return true',
  },
  {
    rule: 'every voice heard: a latecomer let in mid-round is not asked in the round',
    file: 'src/core/selectors.ts',
    from: 'speakingOrder(m).filter((p) => !isHeardIn(round, p.id))',
    to: 'speakingOrder(m).filter((p) => !isHeardIn(round, p.id) && p.invited)',
  },
  {
    rule: 'every voice heard: an invitee marked present mid-round counts as heard in it, unasked',
    file: 'src/core/evolve.ts',
    from: 'participants: updateParticipant(m, e.participantId, { attendance: e.status }),',
    to: "participants: updateParticipant(m, e.participantId, { attendance: e.status }),\n        rounds: e.status === 'present' ? recordTurn(m, e.participantId, 'passed') : m.rounds,",
  },
  {
    rule: 'check with the client: the summary closes with unconfirmed commitments',
    file: 'src/core/phases.ts',
    from: "return open.length === 0 ? undefined : reject('summary.unconfirmed'",
    to: "return true ? undefined : reject('summary.unconfirmed'",
  },
  {
    rule: 'concrete commitments: a due date in the past',
    file: 'src/core/decide/commitments.ts',
    from: 'return date < localDate(env.now, env.m.invitation.timeZone)',
    to: "return date < '2000-01-01'",
  },
  {
    rule: 'one responsible worker: a close one may be responsible',
    file: 'src/core/decide/followup.ts',
    from: "if (p.role !== 'worker') return reject('responsible.not_worker'",
    to: "if (p.role === 'client') return reject('responsible.not_worker'",
  },
  {
    rule: 'a follow-up: feedback opens without one',
    file: 'src/core/phases.ts',
    from: ": !m.followUp\n      ? reject('followup.no_followup')",
    to: ": false\n      ? reject('followup.no_followup')",
  },
  {
    rule: 'check with the client: feedback opens without the client confirming the responsible worker and follow-up',
    file: 'src/core/phases.ts',
    from: 'followup: { exit: [everyoneHeard, followUpAgreed, followUpConfirmed], round: false },',
    to: 'followup: { exit: [everyoneHeard, followUpAgreed], round: false },',
  },
  {
    rule: 'check with the client: a new follow-up keeps the confirmation of the one before',
    file: 'src/core/evolve.ts',
    from: 'return { ...m, followUp: e.followUp, followUpConfirmation: undefined };',
    to: 'return { ...m, followUp: e.followUp };',
  },
  {
    rule: 'anonymous feedback: figures shown from one answer',
    file: 'src/core/feedback-results.ts',
    from: 'export const MIN_ANSWERS = 3;',
    to: 'export const MIN_ANSWERS = 1;',
  },
  {
    rule: 'feedback from those who were there: someone absent answers',
    file: 'src/core/decide/followup.ts',
    from: "if (!who || (who.attendance !== 'present' && who.attendance !== 'left'))",
    to: 'if (!who)',
  },
  {
    rule: 'only the chair moves the meeting: anyone moves the phase on',
    file: 'src/core/decide/phases.ts',
    from: 'export function next(env: Env): Decision {\n  const denied = firstOf(requirePhase(env, RUNNING), requireChair(env));',
    to: 'export function next(env: Env): Decision {\n  const denied = firstOf(requirePhase(env, RUNNING));',
  },
  {
    rule: 'only the chair moves the meeting: anyone gives the floor',
    file: 'src/core/decide/rounds.ts',
    from: 'const denied = firstOf(requirePhase(env, TURN_PHASES), requireChair(env));\n  return denied ?? give(',
    to: 'const denied = firstOf(requirePhase(env, TURN_PHASES));\n  return denied ?? give(',
  },
  {
    rule: 'only the chair moves the meeting: the chair leaves without handing over',
    file: 'src/core/decide/attendance.ts',
    from: "participantId === actingChairId(env.m)\n    ? reject('leave.chair_must_hand_over')",
    to: "false\n    ? reject('leave.chair_must_hand_over')",
  },
  {
    rule: 'on behalf only of those without an account: someone with one is acted for',
    file: 'src/core/decide.ts',
    from: "if (target.chatUserId !== undefined) return reject('onbehalf.has_account', { name: target.name });",
    to: '',
  },
  {
    rule: 'only participants act: anyone acts in a meeting',
    file: 'src/core/decide.ts',
    from: "if (!newcomer && !findParticipant(m, ctx.actor)) return reject('auth.not_participant');",
    to: '',
  },
  {
    rule: 'the record is kept by its keepers: anyone writes a note',
    file: 'src/core/decide/notes.ts',
    from: "export function add(env: Env, cmd: CommandOf<'note.add'>): Decision {\n  const denied = firstOf(requireWriting(env), requireRecordKeeper(env));",
    to: "export function add(env: Env, cmd: CommandOf<'note.add'>): Decision {\n  const denied = firstOf(requireWriting(env));",
  },
  {
    rule: 'client first: a raised hand is given the floor in between before the client has spoken',
    file: 'src/core/decide/rounds.ts',
    from: "return client ? reject('turn.hand_after_client'",
    to: "return false ? reject('turn.hand_after_client'",
  },
  {
    rule: 'every voice heard: a reply out of turn counts as the speaker’s turn in the round',
    file: 'src/core/evolve.ts',
    from: "rounds: m.floorOutOfTurn ? m.rounds : recordTurn(m, e.participantId, 'spoke'),",
    to: "rounds: recordTurn(m, e.participantId, 'spoke'),",
  },
  {
    rule: 'closing asks first: the poll closes on those who have not answered, unasked',
    file: 'src/core/missing.ts',
    from: 'const left = unconfirmed(notAnswered(m), without);',
    to: 'const left = unconfirmed([], without);',
  },
  {
    rule: 'skipping asks first: a skip leaves people unheard, unasked',
    file: 'src/core/missing.ts',
    from: 'const left = unconfirmed(notHeardOnceDone(m), without);',
    to: 'const left = unconfirmed([], without);',
  },
  {
    rule: 'the record is kept by its keepers: anyone writes down someone’s view',
    file: 'src/core/decide/views.ts',
    from: "export function record(env: Env, cmd: CommandOf<'view.record'>): Decision {\n  const denied = firstOf(requireWriting(env), requireRecordKeeper(env));",
    to: "export function record(env: Env, cmd: CommandOf<'view.record'>): Decision {\n  const denied = firstOf(requireWriting(env));",
  },
  {
    rule: 'each one’s view: the view of someone who was not there',
    file: 'src/core/decide/views.ts',
    from: "if (p.attendance !== 'present' && p.attendance !== 'left')",
    to: 'if (false)',
  },
  {
    rule: 'prepared with the client: anyone changes the preparation, also once the meeting has started',
    file: 'src/core/decide/preparation.ts',
    from: "export function update(env: Env, cmd: CommandOf<'preparation.update'>): Decision {\n  const denied = firstOf(requirePhase(env, ['invited']), requireConvener(env));",
    to: "export function update(env: Env, cmd: CommandOf<'preparation.update'>): Decision {\n  const denied = firstOf();",
  },
  {
    rule: 'the memo reviewed before it goes: closing sends the memo at once, unreviewed',
    file: 'src/core/decide/phases.ts',
    from: "{ type: 'meeting.closed', memoReview: true },",
    to: "{ type: 'meeting.closed' },",
  },
  {
    rule: 'the memo reviewed before it goes: a close one approves the memo, not the client',
    file: 'src/core/decide/memo.ts',
    from: "if (!isClient && !keepsRecord(env.m, env.actor)) return reject('auth.client_or_record_keeper_only');",
    to: '',
  },
  {
    rule: 'the memo reviewed before it goes: once sent, notes are still written and it is approved again',
    file: 'src/core/selectors.ts',
    from: "m.phase === 'closed' && m.memoDraft === true;",
    to: "m.phase === 'closed';",
  },
  {
    rule: 'a safe adult beside the client: a worker, not a close one, is named the safe adult',
    file: 'src/core/decide/invitation.ts',
    from: "  if (p.role !== 'close') return reject('participant.safe_adult_not_close');\n  if (p.id === now)",
    to: '  if (p.id === now)',
  },
  {
    rule: 'a safe adult beside the client: naming another keeps the first, two safe adults',
    file: 'src/core/evolve.ts',
    from: '          if (!p.safeAdult) return p;',
    to: '          return p;',
  },
];

const root = process.cwd();
const runs = process.env.PROPERTY_RUNS ?? '100';
const work = mkdtempSync(join(tmpdir(), 'toivo-rule-mutants-'));
let failed = 0;
try {
  for (const part of ['src', 'test', 'locales', 'package.json', 'tsconfig.json'])
    cpSync(join(root, part), join(work, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
  // Unbroken, the copy passes: a break counts as caught only when the property test fails for it.
  if (!propertyTest(work).ok) throw new Error('the property test fails on the unbroken copy');
  for (const b of BREAKS) {
    const path = join(work, b.file);
    const original = readFileSync(path, 'utf8');
    if (!original.includes(b.from)) {
      console.log(`MOVED     ${b.rule}: ${b.file} no longer has the code this break changes`);
      failed++;
      continue;
    }
    writeFileSync(path, original.replace(b.from, b.to));
    const run = propertyTest(work);
    writeFileSync(path, original);
    if (!run.caught) failed++;
    console.log(`${run.caught ? 'caught  ' : 'MISSED  '}  ${b.rule} (${run.seconds} s)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `${BREAKS.length - failed} of ${BREAKS.length} rule breaks caught by the property test alone (${runs} runs each)`,
);
process.exitCode = failed > 0 ? 1 : 0;

/** The property test alone, in `dir`: whether it passed, whether it found a rule broken, and how long it took. */
function propertyTest(dir: string): { ok: boolean; caught: boolean; seconds: string } {
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'node_modules/mocha/bin/mocha.js',
      '--no-config',
      '--extension',
      'ts',
      '--timeout',
      '600000',
      '--reporter',
      'dot',
      'test/core/property.test.ts',
    ],
    { cwd: dir, env: { ...process.env, PROPERTY_RUNS: runs }, encoding: 'utf8' },
  );
  return {
    ok: run.status === 0,
    caught: run.status !== 0 && /Property failed/.test(run.stdout + run.stderr),
    seconds: ((Date.now() - started) / 1000).toFixed(0),
  };
}
