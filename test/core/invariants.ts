/**
 * The rules Toivo keeps, stated here from the design and not taken from the code under test: no
 * helper of src/core (who chairs, who is heard, the phase table, the feedback threshold) computes
 * what is expected. `checkStep` judges one accepted command (the meeting before, the command, its
 * events one by one on the meeting as it stood, the meeting after); `checkState` judges a meeting
 * at rest, including what its views show of the feedback.
 */
import assert from 'node:assert/strict';
import {
  type Command,
  type Context,
  type Event,
  type FeedbackAnswer,
  feedbackResults,
  type Meeting,
  memoContentOf,
  type Participant,
  type Role,
  type Round,
} from '../../src/core/index.js';

// ——— The rules' own vocabulary ———

/** Figures and comments of the poll are shown only once it has closed with at least this many answers. */
export const ENOUGH_ANSWERS = 3;
/** The order of every round: the client, then close ones, then workers. */
export const RANK: Readonly<Record<Role, number>> = { client: 0, close: 1, worker: 2 };
/** The running meeting's phases in order; the meeting closes after feedback. */
export const ORDER = ['opening', 'roles', 'why', 'discussion', 'summary', 'followup', 'feedback'] as const;
/** Phases that may be skipped with a reason: not the check with the client, not the follow-up. */
export const SKIPPABLE: readonly string[] = ['opening', 'roles', 'why', 'discussion', 'feedback'];
/** Phases where a round opens on entering, and where people take turns. */
export const ROUND_PHASES: readonly string[] = ['opening', 'why', 'discussion'];
export const TURN_PHASES: readonly string[] = [
  'opening',
  'roles',
  'why',
  'discussion',
  'summary',
  'followup',
];
/** Commitments are agreed in the discussion and the summary. */
export const AGREEING: readonly string[] = ['discussion', 'summary'];
/** What may still be done once the meeting has closed: aftercare. */
export const AFTER_CLOSING: readonly string[] = ['commitment.status', 'reminders.mute', 'memo.approve'];
/** What the record keeper may still write after closing, only while the memo is a draft. */
export const MEMO_DRAFTING: readonly string[] = ['note.add', 'note.edit', 'view.record'];

/** What the memo says that its reviewers saw and let go: none of it changes once it has been sent. */
const memoWords = (m: Meeting) => ({
  notes: m.notes,
  wish: m.clientWish,
  views: m.views,
  approval: m.memoApproval,
  // A commitment's status and day move on in aftercare (done, postponed); what was agreed does not.
  commitments: m.commitments.map(({ id, what, ownerId, withParticipants, withOthers, confirmation }) => ({
    id,
    what,
    ownerId,
    withParticipants,
    withOthers,
    confirmation,
  })),
  responsible: m.responsibleId,
  followUp: m.followUp,
  followUpConfirmation: m.followUpConfirmation,
});

/** The steps someone may take on another's behalf. */
export const ON_BEHALF: readonly string[] = [
  'attendance.mark',
  'participant.leave',
  'floor.request',
  'floor.withdraw',
  'turn.end',
  'turn.pass',
  'wish.record',
  'commitment.add',
  'commitment.edit',
  'commitment.confirm',
  'followup.confirm',
  'commitment.status',
  'review.record',
  'feedback.answer',
];

export const running = (m: Meeting): boolean => (ORDER as readonly string[]).includes(m.phase);
/** The chair; before one is chosen, the convener. */
export const chairOf = (m: Meeting): string => m.chairId ?? m.convenerId;
/** The chair and the note-taker keep the record. */
export const keepers = (m: Meeting): string[] =>
  [chairOf(m), m.noteTakerId].filter((id): id is string => id !== undefined);
export const person = (m: Meeting, id: string | undefined): Participant | undefined =>
  m.participants.find((p) => p.id === id);
export const isHere = (m: Meeting, id: string | undefined): boolean =>
  person(m, id)?.attendance === 'present';
export const here = (m: Meeting): Participant[] => m.participants.filter((p) => p.attendance === 'present');
export const roundOpen = (m: Meeting): Round | undefined => m.rounds.find((r) => r.status === 'open');
export const hasTurn = (r: Round, id: string): boolean => r.turns.some((t) => t.participantId === id);
/** Present people without a turn in the open round, in the round's order (invitation order within a role). */
export const unheard = (m: Meeting): Participant[] => {
  const r = roundOpen(m);
  if (!r) return [];
  return here(m)
    .filter((p) => !hasTurn(r, p.id))
    .sort((a, b) => RANK[a.role] - RANK[b.role]);
};
export const pollClosed = (m: Meeting): boolean => m.pollClosed || m.phase === 'closed';

const formats = new Map<string, Intl.DateTimeFormat>();
/** The calendar day it is at `now` where the meeting is held, YYYY-MM-DD. */
export function dayIn(now: string | number, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f.format(new Date(now));
}

/** A calendar day that exists, written YYYY-MM-DD. */
export function realDay(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

const filled = (s: unknown): boolean => typeof s === 'string' && s.trim() !== '' && s === s.trim();

// ——— One accepted command ———

/** What an accepted command looked like: all a rule may look at. */
export interface Step {
  readonly before: Meeting;
  readonly cmd: Command;
  readonly ctx: Context;
  readonly events: readonly Event[];
  readonly after: Meeting;
  /** The meeting as it stood before each event, and after it. */
  readonly states: readonly (readonly [Meeting, Meeting])[];
}

/** Only the chair moves the meeting: phases, rounds, the floor and who holds which role. */
const CHAIR_MOVES: ReadonlySet<string> = new Set([
  'phase.changed',
  'round.started',
  'round.closed',
  'round.abandoned',
  'floor.given',
  'chair.assigned',
  'notetaker.assigned',
  'poll.closed',
  'meeting.closed',
  'responsible.assigned',
  'followup.agreed',
]);

/**
 * For a meeting whose floor is held, when known: the round open when it was given (null: none),
 * and whether it was given out of the round's order (a reply to a raised hand).
 */
const floorGivenIn = new WeakMap<Meeting, { readonly round: string | null; readonly outOfTurn: boolean }>();

function trackFloor(s: Meeting, e: Event, t: Meeting): void {
  if (e.type === 'floor.given')
    floorGivenIn.set(t, { round: roundOpen(t)?.id ?? null, outOfTurn: e.outOfTurn === true });
  else if (t.floor !== undefined && t.floor === s.floor) {
    const given = floorGivenIn.get(s);
    if (given !== undefined) floorGivenIn.set(t, given);
  }
}

/** Whom a confirmed step names as left out (`without`): the chair was told of each of them. */
const confirmedWithout = (cmd: Command): readonly string[] =>
  (cmd.type === 'meeting.close' || cmd.type === 'phase.skip') && Array.isArray(cmd.without)
    ? cmd.without
    : [];

export function checkStep(step: Step): void {
  const { before: B, cmd, ctx } = step;
  const actor = ctx.actor;
  const subject = cmd.onBehalfOf ?? actor;
  const where = `${cmd.type} by ${actor ?? 'a newcomer'}${cmd.onBehalfOf ? ` for ${cmd.onBehalfOf}` : ''}`;

  // A meeting that is over takes nothing more: a cancelled one nothing, a closed one only aftercare.
  assert.notEqual(B.phase, 'cancelled', `${where}: a cancelled meeting takes nothing`);
  if (B.phase === 'closed')
    assert.ok(
      AFTER_CLOSING.includes(cmd.type) || (MEMO_DRAFTING.includes(cmd.type) && B.memoDraft === true),
      `${where}: the meeting had closed`,
    );
  // Nothing about the memo changes after it was approved: what went to the invitees stays what it said.
  if (B.phase === 'closed' && !B.memoDraft)
    assert.deepEqual(memoWords(step.after), memoWords(B), `${where}: the memo changed after it was sent`);

  // Only participants act; someone in the chat only joins or says "this is me".
  if (actor === undefined)
    assert.ok(
      cmd.type === 'participant.join' || cmd.type === 'account.claim',
      `${where}: only a participant acts`,
    );
  else assert.ok(person(B, actor), `${where}: ${actor} is not a participant and acted`);

  // On someone's behalf: only for someone without a chat account, by the chair or the note-taker
  // (and, for a commitment's progress, by the responsible worker who was reminded of it).
  if (cmd.onBehalfOf !== undefined) {
    const target = person(B, cmd.onBehalfOf);
    assert.ok(target, `${where}: on behalf of nobody`);
    assert.equal(target.chatUserId, undefined, `${where}: on behalf of someone with a chat account`);
    assert.ok(ON_BEHALF.includes(cmd.type), `${where}: not a step taken for someone`);
    assert.ok(
      keepers(B).includes(actor ?? '') || (cmd.type === 'commitment.status' && actor === B.responsibleId),
      `${where}: on behalf, by someone who is neither chair nor note-taker`,
    );
  }

  if (step.events.length === 0)
    assert.ok(
      cmd.type === 'feedback.answer' && cmd.onBehalfOf !== undefined,
      `${where}: accepted and recorded nothing`,
    );
  for (const e of step.events) {
    assert.equal(e.at, ctx.now, 'every event says when');
    if (e.type === 'account.claimed')
      assert.equal(e.by, undefined, 'a claim is made by nobody in the meeting');
    else if (actor !== undefined) assert.equal(e.by, actor, 'every event says who');
    assert.equal(e.onBehalfOf, cmd.onBehalfOf, 'every event says for whom');
    if (CHAIR_MOVES.has(e.type)) assert.equal(actor, chairOf(B), `${where}: ${e.type}, and not by the chair`);
  }
  step.states.forEach(([s, t], i) => {
    const e = step.events[i];
    if (!e) return;
    checkEvent(B, s, e, t, cmd, actor, subject, where);
    turnsOnlyWhenHeard(s, e, t, `${where} → ${e.type}`);
    trackFloor(s, e, t);
  });
  assert.equal(step.after.version, B.version + step.events.length, 'one version per event');
}

/**
 * Every voice heard, latecomers too: a round records someone's turn only when they speak or pass
 * in it, never because they came in, so whoever becomes present while a round is open is among
 * those it must hear before it closes. No turn is ever taken back.
 */
function turnsOnlyWhenHeard(s: Meeting, e: Event, t: Meeting, at: string): void {
  for (const after of t.rounds) {
    const before = s.rounds.find((r) => r.id === after.id)?.turns ?? [];
    assert.deepEqual(
      after.turns.slice(0, before.length),
      before,
      `${at}: a turn in round ${after.id} taken back`,
    );
    const added = after.turns.slice(before.length);
    const heard =
      e.type === 'turn.ended' || e.type === 'turn.passed'
        ? [{ participantId: e.participantId, kind: e.type === 'turn.ended' ? 'spoke' : 'passed' }]
        : [];
    for (const turn of added)
      assert.ok(
        heard.some((h) => h.participantId === turn.participantId && h.kind === turn.kind),
        `${at}: ${person(t, turn.participantId)?.name} counted as ${turn.kind} in round ${after.id} without it`,
      );
  }
  // Whoever came in while a round was open is to be heard in it (unless they were, before they left).
  const cameIn =
    e.type === 'participant.joined'
      ? e.participant.id
      : e.type === 'attendance.marked' && e.status === 'present'
        ? e.participantId
        : undefined;
  const r = roundOpen(s);
  if (cameIn !== undefined && r && !hasTurn(r, cameIn))
    assert.ok(
      unheard(t).some((p) => p.id === cameIn),
      `${at}: ${person(t, cameIn)?.name} came in during round ${r.id} and is not among those it must hear`,
    );
}

/** Rules on one event, looked at on the meeting `s` it applied to (`B` before the whole command). */
function checkEvent(
  B: Meeting,
  s: Meeting,
  e: Event,
  t: Meeting,
  cmd: Command,
  actor: string | undefined,
  subject: string | undefined,
  where: string,
): void {
  const at = `${where} → ${e.type}`;
  /** Client first: a turn goes to X only when everyone here of an earlier role has had theirs. */
  const inTurn = (x: string, what: string) => {
    const r = roundOpen(s);
    if (!r || hasTurn(r, x)) return;
    const p = person(s, x);
    assert.ok(p, `${at}: ${what} to nobody`);
    const earlier = here(s).filter((q) => RANK[q.role] < RANK[p.role] && !hasTurn(r, q.id));
    assert.deepEqual(
      earlier.map((q) => q.name),
      [],
      `${at}: ${what} to ${p.name} (${p.role}) before ${earlier.map((q) => q.name).join(', ')}`,
    );
  };
  switch (e.type) {
    case 'meeting.created':
      assert.fail(`${at}: a meeting created over a meeting`);
      break;
    case 'invitation.updated':
    case 'invitee.added':
    case 'invitee.removed':
    case 'safe_adult.named':
    case 'meeting.cancelled':
      assert.equal(B.phase, 'invited', `${at}: the invitation changes only before the meeting`);
      assert.equal(actor, B.convenerId, `${at}: only the convener changes the invitation`);
      if (e.type === 'invitee.removed') {
        assert.notEqual(e.participantId, B.convenerId, `${at}: the convener removed`);
        assert.notEqual(person(s, e.participantId)?.role, 'client', `${at}: the client removed`);
      }
      if (e.type === 'safe_adult.named' && e.participantId !== undefined)
        assert.equal(person(s, e.participantId)?.role, 'close', `${at}: a safe adult who is no close one`);
      if (e.type === 'meeting.cancelled') assert.ok(filled(e.reason), `${at}: cancelled without a reason`);
      if (e.type === 'invitation.updated') assert.ok(filled(e.invitation.purpose));
      break;
    case 'preparation.updated':
      // What was prepared with the client: only the convener changes it, only before the meeting.
      assert.equal(B.phase, 'invited', `${at}: the preparation changes only before the meeting`);
      assert.equal(actor, B.convenerId, `${at}: only the convener changes the preparation`);
      // The client's own word, once given, is not rewritten as someone else's.
      if (s.preparation?.consent && e.preparation.consent)
        assert.deepEqual(e.preparation.consent, s.preparation.consent, `${at}: the consent rewritten`);
      break;
    case 'preparation.agreed':
      assert.equal(B.phase, 'invited', `${at}: the client agrees before the meeting`);
      assert.equal(person(B, actor ?? '')?.role, 'client', `${at}: someone other than the client agreed`);
      assert.equal(s.preparation?.consent, undefined, `${at}: agreed twice`);
      break;
    case 'attendance.marked': {
      const mayMark =
        subject === e.participantId || keepers(B).includes(actor ?? '') || actor === B.convenerId;
      assert.ok(mayMark, `${at}: someone else's attendance, by someone who keeps no record`);
      if (e.status !== 'present' && running(s)) {
        assert.notEqual(e.participantId, chairOf(s), `${at}: the chair marked away without handing over`);
        assert.notEqual(
          e.participantId,
          s.noteTakerId,
          `${at}: the note-taker marked away without handing over`,
        );
      }
      break;
    }
    case 'participant.joined':
      assert.ok(running(s), `${at}: joined a meeting not running`);
      assert.ok(
        keepers(B).includes(actor ?? '') || (actor === undefined && e.participant.chatUserId !== undefined),
        `${at}: joined by someone who keeps no record`,
      );
      assert.equal(e.participant.attendance, 'present');
      break;
    case 'participant.left':
      assert.equal(person(s, e.participantId)?.attendance, 'present', `${at}: left without being here`);
      assert.notEqual(e.participantId, chairOf(s), `${at}: the chair left without handing over`);
      assert.notEqual(e.participantId, s.noteTakerId, `${at}: the note-taker left without handing over`);
      assert.ok(
        subject === e.participantId || keepers(B).includes(actor ?? ''),
        `${at}: someone else sent away`,
      );
      break;
    case 'account.claimed':
      assert.equal(actor, undefined, `${at}: a participant claimed another's place`);
      assert.equal(
        person(s, e.participantId)?.chatUserId,
        undefined,
        `${at}: claimed a place that has an account`,
      );
      assert.ok(!s.participants.some((p) => p.chatUserId === e.chatUserId), `${at}: an account already here`);
      break;
    case 'account.linked':
    case 'account.claim_refused':
      assert.ok(
        actor === B.convenerId || actor === chairOf(B),
        `${at}: settled by neither convener nor chair`,
      );
      assert.ok(
        (cmd.type === 'account.confirm' || cmd.type === 'account.refuse') &&
          cmd.participantId === e.participantId &&
          cmd.chatUserId === e.chatUserId,
        `${at}: not the claim named`,
      );
      assert.ok(
        s.claims.some((c) => c.participantId === e.participantId && c.chatUserId === e.chatUserId),
        `${at}: a claim nobody made`,
      );
      if (e.type === 'account.linked') {
        assert.equal(person(s, e.participantId)?.chatUserId, undefined, `${at}: linked over an account`);
        assert.ok(!s.participants.some((p) => p.chatUserId === e.chatUserId), `${at}: an account twice`);
        assert.ok(
          !t.claims.some((c) => c.participantId === e.participantId || c.chatUserId === e.chatUserId),
          `${at}: other claims on that person or that account are left waiting`,
        );
      }
      break;
    case 'meeting.started':
      assert.equal(B.phase, 'invited');
      assert.equal(actor, B.convenerId, `${at}: started by someone other than the convener`);
      assert.equal(B.chairId, undefined);
      assert.ok(
        here(B).some((p) => p.role === 'client'),
        `${at}: started without the client`,
      );
      assert.ok(isHere(B, B.convenerId), `${at}: started without the convener`);
      break;
    case 'chair.assigned':
    case 'notetaker.assigned':
      assert.ok(running(s), `${at}: roles are given in a running meeting`);
      assert.ok(isHere(s, e.participantId), `${at}: a role to someone not here`);
      break;
    case 'phase.changed': {
      if (e.from === 'invited') {
        assert.equal(cmd.type, 'meeting.start');
        assert.equal(e.to, 'opening');
        break;
      }
      assert.equal(e.from, s.phase, `${at}: from a phase the meeting was not in`);
      const i = (ORDER as readonly string[]).indexOf(e.from);
      assert.ok(i >= 0, `${at}: from ${e.from}`);
      assert.equal(e.to, ORDER[i + 1] ?? 'closed', `${at}: phases in order`);
      assert.equal(
        e.skipReason !== undefined,
        cmd.type === 'phase.skip',
        `${at}: a skip records its reason, and only a skip`,
      );
      if (e.skipReason !== undefined) {
        assert.equal(cmd.type, 'phase.skip');
        assert.ok(SKIPPABLE.includes(e.from), `${at}: ${e.from} skipped`);
        assert.ok(filled(e.skipReason), `${at}: skipped without a reason`);
      } else {
        // Every voice heard: the round of the phase was closed, not dropped, before moving on.
        assert.equal(roundOpen(s), undefined, `${at}: left ${e.from} with its round open`);
        if (e.from === 'opening')
          assert.ok(
            s.review.every((r) => r.status === 'done' || r.outcome !== undefined),
            `${at}: the review of the meeting before unfinished`,
          );
        if (e.from === 'roles')
          assert.ok(s.chairId && s.noteTakerId, `${at}: without a chair and a note-taker`);
      }
      if (e.from === 'summary')
        assert.ok(
          s.commitments.every((c) => c.confirmation),
          `${at}: a commitment not checked with the client`,
        );
      if (e.to === 'feedback') {
        responsibleAndFollowUp(s, at);
        // Check with the client: they confirmed the responsible worker and the follow-up as they stand.
        assert.ok(s.followUpConfirmation, `${at}: feedback opened without the client's confirmation`);
      }
      break;
    }
    case 'round.started':
      assert.equal(roundOpen(s), undefined, `${at}: two rounds open`);
      assert.ok(
        ROUND_PHASES.includes(e.phase) && e.phase === (cmd.type === 'meeting.start' ? 'opening' : t.phase),
      );
      break;
    case 'round.closed': {
      const r = s.rounds.find((x) => x.id === e.roundId);
      assert.equal(r?.status, 'open', `${at}: closed a round not open`);
      const missing = here(s).filter((p) => !hasTurn(r, p.id));
      assert.deepEqual(
        missing.map((p) => p.name),
        [],
        `${at}: a round closed before everyone present was heard`,
      );
      break;
    }
    case 'round.abandoned': {
      assert.equal(cmd.type, 'phase.skip', `${at}: a round dropped other than by a skip`);
      // Asked first: a skip leaves unheard only those the chair was told of.
      const r = s.rounds.find((x) => x.id === e.roundId);
      const unasked = here(s).filter((p) => r && !hasTurn(r, p.id) && !confirmedWithout(cmd).includes(p.id));
      assert.deepEqual(
        unasked.map((p) => p.name),
        [],
        `${at}: skipped leaving unheard people the chair was not told of`,
      );
      break;
    }
    case 'floor.given': {
      assert.ok(isHere(s, e.participantId), `${at}: the floor to someone not here`);
      assert.ok(TURN_PHASES.includes(s.phase), `${at}: the floor in ${s.phase}`);
      const r = roundOpen(s);
      if (!e.outOfTurn) {
        inTurn(e.participantId, 'the floor');
        if (r) assert.ok(!hasTurn(r, e.participantId), `${at}: the floor twice in a round`);
        break;
      }
      // Out of the round's order: a raised hand in the discussion, once the client has had their turn.
      assert.ok(r, `${at}: out of turn outside a round`);
      assert.equal(s.phase, 'discussion', `${at}: out of turn in ${s.phase}`);
      assert.ok(s.hands.includes(e.participantId), `${at}: out of turn to someone with no hand up`);
      const client = here(s).filter((p) => p.role === 'client' && !hasTurn(r, p.id));
      assert.deepEqual(
        client.map((p) => p.name),
        [],
        `${at}: out of turn before the client had their turn`,
      );
      // And only when it is out of turn: else the turn would not count in the round.
      const p = person(s, e.participantId);
      const earlier = here(s).filter((q) => p && RANK[q.role] < RANK[p.role] && !hasTurn(r, q.id));
      assert.ok(
        hasTurn(r, e.participantId) || earlier.length > 0,
        `${at}: given out of turn to ${p?.name}, whose turn it was`,
      );
      break;
    }
    case 'turn.passed':
      assert.ok(roundOpen(s), `${at}: a pass outside a round`);
      assert.ok(isHere(s, e.participantId), `${at}: a pass by someone not here`);
      assert.ok(
        subject === e.participantId || (actor === chairOf(B) && s.floor === e.participantId),
        `${at}: a pass for someone else`,
      );
      inTurn(e.participantId, 'a pass');
      break;
    case 'turn.ended': {
      assert.ok(isHere(s, e.participantId), `${at}: the turn of someone not here`);
      assert.equal(e.participantId, s.floor, `${at}: the turn of someone without the floor`);
      assert.ok(subject === e.participantId || actor === chairOf(B), `${at}: someone else's turn ended`);
      // A floor given in this round was given in turn (checked then; someone may have come in since).
      // One given outside it, before the round began, counts in the round only in turn.
      const given = floorGivenIn.get(s);
      const r = roundOpen(s);
      if (r && given !== undefined && given.round !== r.id) inTurn(e.participantId, 'a turn');
      // A reply out of the round's order is not the speaker's turn in the round.
      if (r && given?.outOfTurn)
        assert.deepEqual(
          t.rounds.find((x) => x.id === r.id)?.turns,
          r.turns,
          `${at}: a reply out of turn counted as a turn in the round`,
        );
      assert.ok(t.spoken.includes(e.participantId), `${at}: spoke, and not recorded as having spoken`);
      break;
    }
    case 'floor.requested':
      assert.equal(e.participantId, subject, `${at}: a hand raised for someone else`);
      assert.ok(isHere(s, e.participantId), `${at}: a hand raised by someone not here`);
      break;
    case 'floor.withdrawn':
      assert.equal(e.participantId, subject, `${at}: a hand lowered for someone else`);
      break;
    case 'note.added':
    case 'note.edited':
      // Written while it runs, and after closing only while the memo is still a draft.
      assert.ok(
        running(s) || (s.phase === 'closed' && s.memoDraft === true),
        `${at}: notes of a meeting not running`,
      );
      assert.ok(keepers(B).includes(actor ?? ''), `${at}: a note by someone who keeps no record`);
      assert.ok(filled(e.text), `${at}: an empty note`);
      break;
    case 'wish.recorded':
      assert.ok(running(s));
      assert.ok(
        person(s, subject)?.role === 'client' || keepers(B).includes(actor ?? ''),
        `${at}: the client's wish in someone else's words`,
      );
      assert.ok(filled(e.text));
      break;
    case 'view.recorded': {
      // Written down by the record keeper, of someone who was there, as they said it: never empty texts;
      // while the meeting runs, or after it while its memo is still a draft.
      assert.ok(running(s) || (s.phase === 'closed' && s.memoDraft === true), `${at}: a view in ${s.phase}`);
      assert.ok(keepers(B).includes(actor ?? ''), `${at}: a view written by someone who keeps no record`);
      const who = person(s, e.participantId);
      assert.ok(
        who && (who.attendance === 'present' || who.attendance === 'left'),
        `${at}: the view of ${who?.name ?? 'nobody'}, who was not there`,
      );
      for (const text of [e.wish, e.worry, e.possibility])
        assert.ok(
          text === undefined || (filled(text) && text.length <= 2000),
          `${at}: a view's text "${text}"`,
        );
      // It stands as said: the client's wish is the meeting's one wish of the client.
      const own = t.views[e.participantId] ?? {};
      const wish = who?.role === 'client' ? t.clientWish : own.wish;
      for (const [f, now] of [
        ['wish', wish],
        ['worry', own.worry],
        ['possibility', own.possibility],
      ] as const)
        assert.equal(now, e[f], `${at}: the ${f} of the view, not as said`);
      break;
    }
    case 'commitment.added':
    case 'commitment.edited': {
      // Concrete: what, whose (a participant), by when (a real day, not past where the meeting is), with whom.
      assert.ok(AGREEING.includes(s.phase), `${at}: agreed in ${s.phase}`);
      assert.ok(filled(e.what), `${at}: no what`);
      assert.ok(person(s, e.ownerId), `${at}: owned by nobody`);
      assert.ok(realDay(e.due), `${at}: due ${e.due} is no day`);
      const today = dayIn(e.at, s.invitation.timeZone);
      assert.ok(e.due >= today, `${at}: due ${e.due}, before today (${today})`);
      assert.ok(
        e.withParticipants.every((id) => person(s, id) && id !== e.ownerId),
        `${at}: with whom: not the participants named`,
      );
      assert.ok(e.withOthers.every(filled), `${at}: with whom: an empty name`);
      // The record keeper writes commitments down; anyone may write down their own.
      const old = s.commitments.find((c) => c.id === e.commitmentId);
      for (const owner of [e.ownerId, old?.ownerId])
        if (owner !== undefined)
          assert.ok(
            keepers(B).includes(actor ?? '') || owner === subject,
            `${at}: someone else's commitment written by someone who keeps no record`,
          );
      if (e.type === 'commitment.edited') {
        assert.ok(old, `${at}: edited a commitment that is not there`);
        assert.equal(
          t.commitments.find((c) => c.id === e.commitmentId)?.confirmation,
          undefined,
          `${at}: changed and still counted as checked with the client`,
        );
      } else assert.ok(!old, `${at}: a commitment added twice`);
      break;
    }
    case 'commitment.removed':
      assert.ok(AGREEING.includes(s.phase), `${at}: removed in ${s.phase}`);
      assert.ok(keepers(B).includes(actor ?? ''), `${at}: removed by someone who keeps no record`);
      break;
    case 'commitment.confirmed': {
      assert.ok(AGREEING.includes(s.phase), `${at}: checked in ${s.phase}`);
      assert.ok(
        person(s, subject)?.role === 'client' || keepers(B).includes(actor ?? ''),
        `${at}: checked with someone other than the client`,
      );
      const c = s.commitments.find((x) => x.id === e.commitmentId);
      assert.ok(c && !c.confirmation, `${at}: confirmed twice, or nothing`);
      break;
    }
    case 'commitment.status_changed': {
      assert.ok(
        ['summary', 'followup', 'feedback', 'closed'].includes(s.phase),
        `${at}: progress reported in ${s.phase}`,
      );
      const c = s.commitments.find((x) => x.id === e.commitmentId);
      assert.ok(c, `${at}: no such commitment`);
      assert.ok(
        subject === c.ownerId || actor === chairOf(B) || actor === B.responsibleId,
        `${at}: progress told by someone other than its owner, the chair or the responsible worker`,
      );
      assert.ok(['open', 'done', 'needs_help', 'postponed'].includes(e.status));
      if (e.status === 'postponed') {
        assert.ok(
          realDay(e.due) && e.due >= dayIn(e.at, s.invitation.timeZone),
          `${at}: postponed into the past`,
        );
        assert.ok(e.due > c.due, `${at}: postponed to no later day`);
      } else {
        assert.equal(e.due, c.due, `${at}: the due day moved without a postponement`);
        assert.notEqual(e.status, c.status, `${at}: nothing changed`);
      }
      break;
    }
    case 'review.recorded': {
      const item = s.review.find((r) => r.id === e.itemId);
      assert.ok(item, `${at}: no such item`);
      assert.ok(running(s));
      assert.ok(
        (item.ownerId !== undefined && item.ownerId === subject) || keepers(B).includes(actor ?? ''),
        `${at}: told by someone other than its owner or the record keeper`,
      );
      break;
    }
    case 'reminders.muted':
      assert.equal(e.participantId, subject, `${at}: someone else's reminders`);
      break;
    case 'responsible.assigned':
      assert.equal(t.followUpConfirmation, undefined, `${at}: changed and still confirmed by the client`);
      assert.equal(s.phase, 'followup', `${at}: in ${s.phase}`);
      assert.equal(person(s, e.participantId)?.role, 'worker', `${at}: the responsible one is not a worker`);
      assert.ok(isHere(s, e.participantId), `${at}: the responsible worker is not here`);
      break;
    case 'followup.agreed': {
      assert.equal(t.followUpConfirmation, undefined, `${at}: changed and still confirmed by the client`);
      assert.equal(s.phase, 'followup', `${at}: in ${s.phase}`);
      const f = e.followUp;
      if ('at' in f) {
        assert.match(f.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/);
        assert.ok(Date.parse(f.at) > Date.parse(e.at), `${at}: a follow-up in the past`);
        if (f.place !== undefined) assert.ok(filled(f.place), `${at}: an empty place`);
        if (f.onlineUrl !== undefined) assert.match(f.onlineUrl, /^https?:\/\/\S+$/i, `${at}: not a link`);
        if (f.hostId !== undefined) assert.ok(person(s, f.hostId), `${at}: hosted by nobody`);
      } else if ('agreeBy' in f) {
        assert.ok(realDay(f.agreeBy), `${at}: agreed by ${f.agreeBy}, no day`);
        assert.ok(
          f.agreeBy > dayIn(e.at, s.invitation.timeZone),
          `${at}: the time to be agreed by a day gone`,
        );
        assert.ok(person(s, f.agreerId), `${at}: the time to be agreed by nobody`);
      } else assert.ok(filled(f.noneReason), `${at}: no follow-up and no reason`);
      break;
    }
    case 'followup.confirmed':
      assert.equal(s.phase, 'followup', `${at}: confirmed in ${s.phase}`);
      assert.ok(
        person(s, subject)?.role === 'client' || keepers(B).includes(actor ?? ''),
        `${at}: confirmed by someone other than the client`,
      );
      assert.ok(s.responsibleId && s.followUp, `${at}: confirmed before both were agreed`);
      assert.equal(s.followUpConfirmation, undefined, `${at}: confirmed twice`);
      break;
    case 'feedback.answered': {
      assert.equal(s.phase, 'feedback', `${at}: answered in ${s.phase}`);
      assert.ok(!s.pollClosed, `${at}: answered a closed poll`);
      assert.equal(e.participantId, subject, `${at}: answered for someone else without saying so`);
      const who = person(s, e.participantId);
      assert.ok(
        who && (who.attendance === 'present' || who.attendance === 'left'),
        `${at}: ${who?.name} (${who?.attendance}) did not attend and answered`,
      );
      const a: FeedbackAnswer = e.answer;
      for (const x of [a.hopeful, a.trusting, a.clearer])
        assert.ok(Number.isInteger(x) && x >= 1 && x <= 5, `${at}: a score of ${x}`);
      assert.equal(a.onBehalf, cmd.onBehalfOf !== undefined, `${at}: on behalf, unmarked`);
      break;
    }
    case 'poll.closed': {
      // Asked first: the poll closes on nobody who has not answered unless the chair was told of them.
      const unasked = s.participants.filter(
        (p) =>
          (p.attendance === 'present' || p.attendance === 'left') &&
          s.feedback[p.id] === undefined &&
          !confirmedWithout(cmd).includes(p.id),
      );
      assert.deepEqual(
        unasked.map((p) => p.name),
        [],
        `${at}: the poll closed on people who had not answered, unasked`,
      );
      assert.equal(B.phase, 'feedback', `${at}: closed from ${B.phase}`);
      responsibleAndFollowUp(s, at);
      break;
    }
    case 'meeting.closed':
      assert.equal(B.phase, 'feedback', `${at}: closed from ${B.phase}`);
      responsibleAndFollowUp(s, at);
      assert.equal(e.memoReview, true, `${at}: closed without the memo's review to come`);
      assert.equal(t.memoDraft, true, `${at}: the memo is not a draft at closing`);
      break;
    case 'memo.approved': {
      assert.equal(s.phase, 'closed', `${at}: the memo approved before closing`);
      assert.equal(s.memoDraft, true, `${at}: the memo approved a second time`);
      const byClient = person(s, subject)?.role === 'client';
      assert.ok(byClient || keepers(s).includes(actor ?? ''), `${at}: approved by someone not reviewing it`);
      assert.equal(e.withClient === true, !byClient, `${at}: whether it was done with the client`);
      assert.equal(t.memoDraft, undefined, `${at}: still a draft after approval`);
      break;
    }
    case 'participant.erased':
      assert.fail(`${at}: erasing is not a command`);
  }
}

/** One responsible worker, and a follow-up or a reason for none. */
function responsibleAndFollowUp(m: Meeting, at: string): void {
  assert.equal(person(m, m.responsibleId)?.role, 'worker', `${at}: without one responsible worker`);
  assert.ok(m.followUp, `${at}: without a follow-up or a reason for none`);
}

// ——— A meeting at rest ———

export function checkState(m: Meeting): void {
  assert.ok(m.rounds.filter((r) => r.status === 'open').length <= 1, 'at most one open round');
  if (m.floor) assert.ok(isHere(m, m.floor), 'the speaker is here');
  assert.equal(new Set(m.hands).size, m.hands.length, 'a hand is raised once');
  for (const h of m.hands) assert.ok(isHere(m, h), 'hands are raised by people here');
  assert.equal(m.participants.filter((p) => p.role === 'client').length, 1, 'one client');
  // The safe adult beside a young client: at most one, and one of the close ones.
  const safe = m.participants.filter((p) => p.safeAdult);
  assert.ok(safe.length <= 1, `two safe adults: ${safe.map((p) => p.name).join(', ')}`);
  for (const p of safe) assert.equal(p.role, 'close', `${p.name}, a ${p.role}, named the safe adult`);
  for (const c of m.commitments) assert.ok(person(m, c.ownerId), 'owners are participants');
  for (const r of m.rounds)
    for (const t of r.turns) assert.ok(person(m, t.participantId), 'turns are taken by participants');
  for (const id of m.spoken) assert.ok(person(m, id), 'who has spoken are participants');
  if (running(m)) {
    // The chair and the note-taker hand over before they go.
    assert.ok(isHere(m, chairOf(m)), 'the chair is here while the meeting runs');
    if (m.noteTakerId) assert.ok(isHere(m, m.noteTakerId), 'the note-taker is here while the meeting runs');
  }
  if (['followup', 'feedback', 'closed'].includes(m.phase))
    assert.ok(
      m.commitments.every((c) => c.confirmation),
      'after the summary every commitment has been checked with the client',
    );
  if (['feedback', 'closed'].includes(m.phase)) {
    responsibleAndFollowUp(m, `in ${m.phase}`);
    assert.ok(
      m.followUpConfirmation,
      `in ${m.phase}: the client never confirmed the responsible worker and follow-up`,
    );
  }
  if (m.phase === 'closed') assert.ok(pollClosed(m));
  for (const id of Object.keys(m.feedback)) assert.ok(person(m, id), 'answers are participants’');
  // Accounts: none belongs to two people; a claim waits once, and at most 20 wait.
  const accounts = m.participants.flatMap((p) => (p.chatUserId === undefined ? [] : [p.chatUserId]));
  assert.equal(new Set(accounts).size, accounts.length, 'no account belongs to two participants');
  const pairs = m.claims.map((c) => `${c.participantId} ${c.chatUserId}`);
  assert.equal(new Set(pairs).size, pairs.length, 'a claim waits once');
  assert.ok(m.claims.length <= 20, 'at most 20 claims wait');
  // One view a person, of someone in the meeting, never an empty one; the client's wish is kept once.
  for (const [id, view] of Object.entries(m.views)) {
    assert.ok(person(m, id), 'views are participants’');
    assert.ok(Object.values(view).some(filled), 'no view is empty');
    if (person(m, id)?.role === 'client') assert.equal(view.wish, undefined, 'the client’s wish kept twice');
  }
  checkViews(m);
}

/**
 * Anonymous feedback, in every view of it the core gives: who answered and how many, always; the
 * figures and comments only once the poll has closed with at least three answers, and then exactly
 * the answers' aggregates.
 */
export function checkViews(m: Meeting): void {
  const answers = Object.entries(m.feedback).map(([, a]) => a);
  const allowed = pollClosed(m) && answers.length >= ENOUGH_ANSWERS;
  for (const [view, r] of [
    ['feedbackResults', feedbackResults(m)],
    ['the memo', memoContentOf(m, false).feedback],
  ] as const) {
    assert.equal(r.count, answers.length, `${view}: every answer counted`);
    assert.deepEqual(
      [...r.answeredBy].sort(),
      Object.keys(m.feedback).sort(),
      `${view}: who answered, and nobody else`,
    );
    assert.equal(r.onBehalf, answers.filter((a) => a.onBehalf).length, `${view}: on behalf, as a count`);
    const shows = r.status === 'shown' || r.statements !== undefined || r.comments !== undefined;
    assert.equal(
      shows,
      allowed,
      `${view}: figures ${shows ? 'shown' : 'hidden'} with ${answers.length} answers, poll ${pollClosed(m) ? 'closed' : 'open'}`,
    );
    if (!r.statements) continue;
    for (const key of ['hopeful', 'trusting', 'clearer'] as const) {
      const scores = answers.map((a) => a[key]);
      const mean = scores.reduce((sum, x) => sum + x, 0) / scores.length;
      assert.ok(Math.abs(r.statements[key].average - mean) <= 0.05 + 1e-9, `${view}: the mean of ${key}`);
      assert.deepEqual(
        r.statements[key].distribution,
        [1, 2, 3, 4, 5].map((n) => scores.filter((x) => x === n).length),
        `${view}: the counts per score of ${key}`,
      );
    }
    assert.deepEqual(
      [...(r.comments ?? [])].sort(),
      answers.flatMap((a) => (a.comment === undefined ? [] : [a.comment])).sort(),
      `${view}: every comment, once`,
    );
  }
}
