/**
 * The cards ask the core which buttons work instead of keeping their own copy of its rules. For
 * the realistic meeting at every stage and for every participant as viewer: each button a card
 * offers, pressed as a person would (the way submit.ts turns it into commands), is accepted by
 * `decide`; and each step the core would accept from the viewer has its button, where the card
 * has a button for that step. A copied rule that drifts from the core fails here.
 */
import assert from 'node:assert/strict';
import { buildCard } from '../../src/cards/cards.js';
import type { AdaptiveCard, Surface } from '../../src/cards/render.js';
import { commandsOf } from '../../src/cards/submit.js';
import { refusal } from '../../src/cards/view-models/can.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { viewPersonOf } from '../../src/cards/view-models/view-form.js';
import {
  type Command,
  type Commitment,
  decide,
  evolve,
  isRejection,
  type Meeting,
  type Rejection,
} from '../../src/core/index.js';
import { localDate } from '../../src/core/validate.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE, realisticMeeting, STAGES } from '../support/realistic-meeting.js';
import { type Execute, type InputNode, inputById } from './aftercare-checks.js';
import { elementsIn } from './support.js';

type Input = InputNode & { readonly type: string };
type Fields = Record<string, string>;

/** The forms that `ui.*` buttons open. */
const FORM_OF: Readonly<Record<string, Surface>> = {
  'ui.commitment_form': 'commitment-form',
  'ui.followup_form': 'followup-form',
  'ui.feedback_poll': 'feedback-poll',
  'ui.confirm_form': 'confirm-form',
  'ui.view_form': 'view-form',
};

/**
 * Steps the app takes itself, not the core (app.export, app.erasure): the core has no rule to ask.
 * Who is offered them is tested in records.test.ts.
 */
const APP_STEPS: ReadonlySet<string> = new Set(['ui.export', 'ui.erase_form']);

/** Inputs that choose a person: a button is pressed with each of their choices in turn. */
const WHO = new Set([
  'floorTo',
  'newChairId',
  'newNoteTakerId',
  'onBehalfOf',
  'ownerId',
  'responsibleId',
  'presentId',
  'viewFor',
]);
/** Saving again what a form already shows changes nothing; the core says so, and that is no fault of the card. */
const NOTHING_TO_CHANGE = new Set(['responsible.already']);

const inputsOf = (card: unknown): Input[] =>
  elementsIn(card).filter((n) => String(n.type).startsWith('Input.')) as unknown as Input[];
/** The card's buttons; the Action.Submit fallbacks repeat them. */
const buttonsOf = (card: unknown): Execute[] =>
  elementsIn(card).filter((n) => n.type === 'Action.Execute') as unknown as Execute[];
const choicesOf = (input: Input | undefined): string[] => (input?.choices ?? []).map((c) => c.value);

const nextDay = (date: string): string => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const later = (a: string, b: string): string => (a > b ? a : b);
const todayOf = (m: Meeting, now: string): string => localDate(now, m.invitation.timeZone);
const commitment = (m: Meeting, id: string | number | undefined): Commitment | undefined =>
  m.commitments.find((c) => c.id === id);

/** What a person types or picks in an input, so that the step itself is what gets judged. */
function typed(input: Input, button: Execute, m: Meeting, now: string, card: unknown): string {
  switch (input.id) {
    // Someone who arrived uninvited, by name.
    case 'joinName':
      return 'Eeva Salo';
    case 'noteText':
    case 'wishText':
    case 'skipReason':
      return 'Sovittiin yhdessä';
    // A view with something more said: the core refuses saving one unchanged.
    case 'viewPossibility':
      return `${input.value ?? ''} Voin auttaa aamuisin`.trim();
    // A changed commitment: the core refuses saving one unchanged.
    case 'what':
      return 'Uusi sanamuoto';
    case 'due':
      return later(input.value ?? '', todayOf(m, now));
    // A different answer than the one given, as the core refuses an unchanged one.
    case 'hopeful':
    case 'trusting':
    case 'clearer':
      return input.value === '1' ? '2' : '1';
    case 'newDue': {
      const c = commitment(m, button.data.commitmentId);
      return c ? later(nextDay(c.due), todayOf(m, now)) : '';
    }
    // A date for the follow-up, or else a reason for none.
    case 'noneReason':
      return inputById(card, 'followupDate')?.value ? '' : 'Asiat jatkuvat koulun palavereissa';
    // Everyone is here.
    case 'presentIds':
      return choicesOf(input).join(',');
    default:
      return WHO.has(input.id) ? input.value || (choicesOf(input)[0] ?? '') : (input.value ?? '');
  }
}

/** Runs commands one after another as the app does: the first refusal, or undefined when all are taken. */
function refusalOf(
  m: Meeting,
  now: string,
  actor: string,
  commands: readonly Command[],
): Rejection | undefined {
  let meeting = m;
  for (const command of commands) {
    const result = decide(meeting, command, { now, actor });
    if (isRejection(result)) return result;
    for (const e of result) meeting = evolve(meeting, e) as Meeting;
  }
  return undefined;
}

const draw = (
  surface: Surface,
  m: Meeting,
  now: string,
  viewerId: string,
  commitmentId?: string,
  personId?: string,
) =>
  buildCard(surface, {
    locale: 'en',
    meeting: m,
    now,
    viewerId,
    ...(commitmentId ? { commitmentId } : {}),
    ...(personId ? { personId } : {}),
  } satisfies ViewContext);

interface Press {
  /** The person input chosen for this press, if any, and whether it is the one the card shows chosen. */
  readonly who?: { readonly id: string; readonly value: string; readonly shown: boolean };
  /** Why it did not work (the core's code), or undefined when it did. */
  readonly refused: string | undefined;
}

/** Presses a button with each choice of each person input; a `ui.*` button is taken when its form is. */
function press(card: AdaptiveCard, button: Execute, m: Meeting, now: string, actor: string): Press[] {
  if (APP_STEPS.has(button.verb)) return [{ refused: undefined }];
  const inputs = inputsOf(card);
  const base: Fields = Object.fromEntries(inputs.map((i) => [i.id, typed(i, button, m, now, card)]));
  for (const [key, value] of Object.entries(button.data)) base[key] = String(value ?? '');
  const variants: { who?: Press['who']; fields: Fields }[] = [];
  for (const input of inputs.filter((i) => WHO.has(i.id)))
    for (const value of choicesOf(input))
      variants.push({
        who: { id: input.id, value, shown: value === input.value },
        fields: { ...base, [input.id]: value },
      });
  if (variants.length === 0) variants.push({ fields: base });
  return variants.map(({ who, fields }): Press => {
    const routed = commandsOf({ verb: button.verb, fields }, m, undefined, actor);
    if (isRejection(routed)) return { who, refused: routed.code };
    if (routed.kind === 'commands') return { who, refused: refusalOf(m, now, actor, routed.commands)?.code };
    const form = FORM_OF[routed.verb];
    assert.ok(form, `no form for ${routed.verb}`);
    const opened = draw(
      form,
      m,
      now,
      actor,
      fields.commitmentId || undefined,
      viewPersonOf(fields) || undefined,
    );
    const works = buttonsOf(opened).some((b) =>
      press(opened, b, m, now, actor).some((p) => p.refused === undefined),
    );
    return { who, refused: works ? undefined : `nothing works in the ${form}` };
  });
}

const said = (b: Execute) =>
  `${b.verb} ${JSON.stringify(b.data).replace(/"(meetingId|version)":[^,}]*,?/g, '')}`;

/** Every button on the card, pressed; what the core refused. */
function refusedButtons(card: AdaptiveCard, m: Meeting, now: string, actor: string): string[] {
  const faults: string[] = [];
  const behalf: { button: Execute; presses: Press[] }[] = [];
  for (const button of buttonsOf(card)) {
    const presses = press(card, button, m, now, actor);
    // The board's steps for someone else share one "on behalf of" choice: each step has to work for
    // someone offered, and each person offered for some step. The poll's choice is its answer's alone.
    if (button.data.behalf === 'true' && button.verb !== 'feedback.answer') {
      behalf.push({ button, presses });
      continue;
    }
    for (const p of presses) {
      if (!p.refused) continue;
      if (p.who?.shown && NOTHING_TO_CHANGE.has(p.refused)) continue;
      const who = p.who ? ` with ${p.who.id}=${p.who.value}` : '';
      faults.push(`${said(button)}${who}: ${p.refused}`);
    }
  }
  for (const { button, presses } of behalf)
    if (!presses.some((p) => !p.refused)) faults.push(`${said(button)}: works for nobody offered`);
  const offered = choicesOf(inputsOf(card).find((i) => i.id === 'onBehalfOf'));
  for (const value of behalf.length > 0 ? offered : []) {
    const works = behalf.some(({ presses }) =>
      presses.some((p) => p.who?.id === 'onBehalfOf' && p.who.value === value && !p.refused),
    );
    if (!works) faults.push(`on behalf of ${value}: no step works`);
  }
  return faults;
}

const hasButton = (card: unknown, verb: string, data: Fields = {}): boolean =>
  buttonsOf(card).some(
    (b) =>
      b.verb === verb &&
      Object.entries(data).every(([k, v]) => String(b.data[k] ?? '') === v) &&
      (data.behalf !== undefined || b.data.behalf !== 'true'),
  );
const offers = (card: unknown, inputId: string, value: string): boolean =>
  choicesOf(inputById(card, inputId) as Input | undefined).includes(value);

/** A step the core would take, and whether the card offers it. */
interface Step {
  readonly what: string;
  readonly command: Command;
  readonly offered: boolean;
}

const addTrial = (m: Meeting, now: string, ownerId: string): Command => ({
  type: 'commitment.add',
  what: 'Uusi lupaus',
  ownerId,
  due: todayOf(m, now),
});
const editTrial = (m: Meeting, now: string, c: Commitment, ownerId = c.ownerId): Command => ({
  type: 'commitment.edit',
  commitmentId: c.id,
  what: `${c.what} (muutettu)`,
  ownerId,
  due: later(c.due, todayOf(m, now)),
});
const answerTrial = (m: Meeting, subject: string): Command => {
  const score = m.feedback[subject]?.hopeful === 1 ? 2 : 1;
  return { type: 'feedback.answer', hopeful: score, trusting: score, clearer: score };
};

function commitmentsSteps(card: unknown, m: Meeting, now: string, me: string): Step[] {
  const steps: Step[] = m.commitments.flatMap((c): Step[] => {
    const id = { commitmentId: c.id };
    const status = (status: 'done' | 'needs_help' | 'postponed'): Step => ({
      what: `${c.id} ${status}`,
      command: {
        type: 'commitment.status',
        commitmentId: c.id,
        status,
        ...(status === 'postponed' ? { newDue: later(nextDay(c.due), todayOf(m, now)) } : {}),
      },
      offered: hasButton(card, 'commitment.status', { ...id, status }),
    });
    return [
      {
        what: `${c.id} confirm`,
        command: { type: 'commitment.confirm', ...id },
        offered: hasButton(card, 'commitment.confirm', id),
      },
      status('done'),
      status('needs_help'),
      status('postponed'),
      {
        what: `${c.id} edit`,
        command: editTrial(m, now, c),
        offered: hasButton(card, 'ui.commitment_form', id),
      },
    ];
  });
  const add = buttonsOf(card).some((b) => b.verb === 'ui.commitment_form' && !b.data.commitmentId);
  return [...steps, { what: 'add', command: addTrial(m, now, me), offered: add }];
}

function commitmentFormSteps(card: unknown, m: Meeting, now: string, c: Commitment | undefined): Step[] {
  return m.participants.map((p) => ({
    what: `${c ? `edit ${c.id}` : 'add'} for ${p.name}`,
    command: c ? editTrial(m, now, c, p.id) : addTrial(m, now, p.id),
    offered: offers(card, 'ownerId', p.id) && hasButton(card, c ? 'commitment.edit' : 'commitment.add'),
  }));
}

function followupSteps(card: unknown, m: Meeting): Step[] {
  return [
    ...m.participants.map((p) => ({
      what: `responsible ${p.name}`,
      command: { type: 'responsible.assign', participantId: p.id } as Command,
      offered: offers(card, 'responsibleId', p.id) && hasButton(card, 'responsible.assign'),
    })),
    {
      what: 'follow-up',
      command: { type: 'followup.agree', noneReason: 'Ei tarvita' },
      offered: hasButton(card, 'followup.agree'),
    },
  ];
}

function pollSteps(card: unknown, m: Meeting, me: string): Step[] {
  return [
    { what: 'own answer', command: answerTrial(m, me), offered: hasButton(card, 'feedback.answer') },
    ...m.participants
      .filter((p) => p.id !== me)
      .map((p) => ({
        what: `answer for ${p.name}`,
        command: { ...answerTrial(m, p.id), onBehalfOf: p.id },
        offered: offers(card, 'onBehalfOf', p.id) && hasButton(card, 'feedback.answer', { behalf: 'true' }),
      })),
  ];
}

/**
 * The board's steps for a viewer with a chat account. Left out on purpose, each a choice of where
 * a step is asked for rather than a rule: in the feedback phase "close the meeting" stands for
 * moving on and skipping; the note-taker is chosen in the roles phase; the client's wish is asked
 * for in "why we are here", from the client and the note-taker; notes are the note-taker's; the
 * chair gives the floor to themself instead of asking for it, and has no button for recording
 * the pass of whoever speaks; people who come late are the chair's to let in (the note-taker
 * may too, and anyone may mark themself present from the invitation).
 */
function boardSteps(card: unknown, m: Meeting, now: string, me: string): Step[] {
  const chair = (m.chairId ?? m.convenerId) === me;
  const steps: Step[] = [];
  const step = (what: string, command: Command, offered: boolean) => steps.push({ what, command, offered });
  const verb = (command: Command) => step(command.type, command, hasButton(card, command.type));
  if (m.phase !== 'feedback') {
    verb({ type: 'phase.next' });
    verb({ type: 'phase.skip', reason: 'Aika loppui' });
  }
  verb({ type: 'round.start' });
  verb({ type: 'round.close' });
  verb({ type: 'floor.next' });
  verb({ type: 'turn.end' });
  verb({ type: 'floor.withdraw' });
  verb({ type: 'meeting.close' });
  if (!chair || m.floor === undefined || m.floor === me) verb({ type: 'turn.pass' });
  if (!chair) verb({ type: 'floor.request' });
  if (
    m.phase === 'why' &&
    (me === m.noteTakerId || m.participants.find((p) => p.id === me)?.role === 'client')
  )
    verb({ type: 'wish.record', text: 'Toive' });
  if (me === m.noteTakerId) verb({ type: 'note.add', text: 'Muistiinpano' });
  for (const p of m.participants) {
    const give: Command = { type: 'floor.give', participantId: p.id };
    step(`floor to ${p.name}`, give, hasButton(card, 'floor.give') && offers(card, 'floorTo', p.id));
    const chairTo: Command = { type: 'chair.assign', participantId: p.id };
    step(`chair ${p.name}`, chairTo, hasButton(card, 'chair.assign') && offers(card, 'newChairId', p.id));
    if (m.phase === 'roles') {
      const notes: Command = { type: 'notetaker.assign', participantId: p.id };
      step(
        `note-taker ${p.name}`,
        notes,
        hasButton(card, 'notetaker.assign') && offers(card, 'newNoteTakerId', p.id),
      );
    }
    const forThem = (command: Command) =>
      step(
        `${command.type} for ${p.name}`,
        { ...command, onBehalfOf: p.id },
        hasButton(card, command.type, { behalf: 'true' }) && offers(card, 'onBehalfOf', p.id),
      );
    forThem({ type: 'turn.pass' });
    forThem({ type: 'floor.request' });
    // "Done" for someone else ends the speaker's turn: it is asked for the one who speaks.
    if (p.id === m.floor) forThem({ type: 'turn.end' });
  }
  // Before the start, who is here is ticked in the box that starts the meeting.
  if (chair && m.phase !== 'invited') {
    for (const p of m.participants)
      step(
        `present ${p.name}`,
        { type: 'attendance.mark', participantId: p.id, status: 'present' },
        hasButton(card, 'attendance.mark', { markPresent: 'true' }) && offers(card, 'presentId', p.id),
      );
    verb({ type: 'participant.join', person: { name: 'Eeva Salo', role: 'close' } });
  }
  const form = (verb: string) => hasButton(card, verb);
  step('commitment form', addTrial(m, now, me), form('ui.commitment_form'));
  for (const p of m.participants) {
    const own = p.id === me;
    const answer = own ? answerTrial(m, me) : { ...answerTrial(m, p.id), onBehalfOf: p.id };
    step(`feedback poll (${p.name})`, answer, form('ui.feedback_poll'));
    step(
      `follow-up form (${p.name})`,
      { type: 'responsible.assign', participantId: p.id },
      form('ui.followup_form'),
    );
  }
  step('follow-up form', { type: 'followup.agree', noneReason: 'Ei tarvita' }, form('ui.followup_form'));
  return steps;
}

/** The steps the core would take from the viewer that the card does not offer. */
const missing = (steps: readonly Step[], m: Meeting, now: string, me: string): string[] =>
  steps.filter((s) => !s.offered && refusalOf(m, now, me, [s.command]) === undefined).map((s) => s.what);

/**
 * Each card the viewer may see at this point of the meeting, with the steps it should offer. The
 * commitment form is a form: its buttons are pressed where a button of the board or the list opens
 * it, and its choices are checked everywhere.
 */
function cardsFor(d: MeetingDriver, me: string) {
  const { m, now } = d;
  const viewer = m.participants.find((p) => p.id === me);
  // Without a chat account one cannot press buttons: the record keepers act for them on the board.
  const board = draw('board', m, now, me);
  const drawn = [
    {
      what: 'board',
      card: board,
      steps: viewer?.chatUserId ? boardSteps(board, m, now, me) : [],
      opened: true,
    },
    ...(['commitments', 'followup-form', 'feedback-poll'] as const).map((surface) => {
      const card = draw(surface, m, now, me);
      const steps =
        surface === 'commitments'
          ? commitmentsSteps(card, m, now, me)
          : surface === 'followup-form'
            ? followupSteps(card, m)
            : pollSteps(card, m, me);
      return { what: surface, card, steps, opened: true };
    }),
  ];
  // The memo reaches its reviewers as a draft: the client approves it there, or the chair or note-taker with them.
  if (m.phase === 'closed') {
    const card = draw('memo', m, now, me);
    const approve: Command = { type: 'memo.approve' };
    drawn.push({
      what: 'memo',
      card,
      steps: viewer?.chatUserId
        ? [{ what: 'approve', command: approve, offered: hasButton(card, approve.type) }]
        : [],
      opened: true,
    });
  }
  const opens = new Set(
    drawn.flatMap(({ card }) =>
      buttonsOf(card)
        .filter((b) => b.verb === 'ui.commitment_form')
        .map((b) => String(b.data.commitmentId ?? '')),
    ),
  );
  for (const c of [undefined, ...m.commitments]) {
    const card = draw('commitment-form', m, now, me, c?.id);
    const steps = commitmentFormSteps(card, m, now, c);
    drawn.push({ what: `commitment-form ${c?.id ?? 'add'}`, card, steps, opened: opens.has(c?.id ?? '') });
  }
  return drawn;
}

describe('the cards ask the core which buttons work', () => {
  for (const stage of STAGES) {
    it(`${stage}: every button works, and every step the core would take is offered, for everyone`, () => {
      const d = realisticMeeting(stage, 'en');
      const faults: string[] = [];
      let pressed = 0;
      for (const p of d.m.participants) {
        for (const { what, card, steps, opened } of cardsFor(d, p.id)) {
          if (opened) {
            pressed += buttonsOf(card).length;
            for (const fault of refusedButtons(card, d.m, d.now, p.id))
              faults.push(`${what} for ${p.name} offers ${fault}`);
          }
          for (const step of missing(steps, d.m, d.now, p.id))
            faults.push(`${what} for ${p.name} lacks ${step}, which the core would take`);
        }
      }
      assert.deepEqual(faults, []);
      if (stage !== 'closed' && stage !== 'invited')
        assert.ok(pressed > 5, `${stage}: only ${pressed} buttons`);
    });
  }

  it('offers the status of a commitment from the summary on, as the core takes it then', () => {
    const d = realisticMeeting('summary', 'en');
    const mother = d.id(PEOPLE.mother);
    const card = draw('commitments', d.m, d.now, mother);
    const statuses = buttonsOf(card)
      .filter((b) => b.verb === 'commitment.status' && b.data.commitmentId === 'c1')
      .map((b) => b.data.status);
    assert.deepEqual(statuses, ['done', 'needs_help', 'postponed']);
    for (const button of buttonsOf(card).filter((b) => b.verb === 'commitment.status'))
      for (const p of press(card, button, d.m, d.now, mother))
        assert.equal(p.refused, undefined, said(button));
    // And the owner can indeed mark it done in the summary.
    d.do(PEOPLE.mother, { type: 'commitment.status', commitmentId: 'c1', status: 'done' });
    const after = draw('commitments', d.m, d.now, mother);
    assert.ok(!hasButton(after, 'commitment.status', { commitmentId: 'c1', status: 'done' }));
    assert.ok(hasButton(after, 'commitment.status', { commitmentId: 'c1', status: 'needs_help' }));
  });

  it('offers the commitment form to someone who has left, as the core takes their own commitment', () => {
    const d = realisticMeeting('summary', 'en');
    d.do(PEOPLE.mother, { type: 'participant.leave', participantId: d.id(PEOPLE.mother) });
    const mother = d.id(PEOPLE.mother);
    assert.ok(hasButton(draw('board', d.m, d.now, mother), 'ui.commitment_form'), 'on the board');
    assert.ok(hasButton(draw('commitments', d.m, d.now, mother), 'ui.commitment_form'), 'on the list');
    d.do(PEOPLE.mother, {
      type: 'commitment.add',
      what: 'Soitan koululle',
      ownerId: mother,
      due: '2026-12-01',
    });
  });

  it('asks the core with the view’s clock, on which the date rules depend', () => {
    const d = realisticMeeting('summary', 'en');
    const nurse = d.id(PEOPLE.nurse);
    const add: Command = { type: 'commitment.add', what: 'Soitto', ownerId: nurse, due: '2026-11-30' };
    assert.equal(refusal(d.m, '2026-11-26T15:00:00+02:00', nurse, add), undefined);
    assert.equal(refusal(d.m, '2026-12-01T09:00:00+02:00', nurse, add)?.code, 'input.date_in_past');
  });

  it('postpones long after the due date: tried with, and picked from, a date the core takes today', () => {
    const d = realisticMeeting('closed', 'en');
    const mother = d.id(PEOPLE.mother);
    // Long after c1 was due: the day after its due date is already past, yet postponing works.
    const now = '2027-03-01T09:00:00+02:00';
    const card = draw('commitments', d.m, now, mother);
    const postpone = buttonsOf(card).find(
      (b) => b.verb === 'commitment.status' && b.data.commitmentId === 'c1' && b.data.status === 'postponed',
    );
    assert.ok(postpone, 'postponing is offered');
    for (const p of press(card, postpone, d.m, now, mother)) assert.equal(p.refused, undefined);
    const reminder = buildCard('reminder', {
      locale: 'en',
      meeting: d.m,
      now,
      viewerId: mother,
      commitmentId: 'c1',
    });
    assert.equal(inputById(reminder, 'newDue')?.min, '2027-03-01', 'the reminder starts from today');
  });

  it('the reminder offers its owner what the core would take, after the meeting', () => {
    for (const stage of ['followup', 'feedback', 'closed'] as const) {
      const d = realisticMeeting(stage, 'en');
      for (const c of d.m.commitments) {
        const card = buildCard('reminder', {
          locale: 'en',
          meeting: d.m,
          now: d.now,
          viewerId: c.ownerId,
          commitmentId: c.id,
        });
        assert.deepEqual(refusedButtons(card, d.m, d.now, c.ownerId), [], `${stage} ${c.id}`);
        for (const status of ['done', 'needs_help'] as const) {
          const takes = refusalOf(d.m, d.now, c.ownerId, [
            { type: 'commitment.status', commitmentId: c.id, status },
          ]);
          assert.equal(
            hasButton(card, 'commitment.status', { status }),
            takes === undefined,
            `${stage} ${c.id} ${status}`,
          );
        }
      }
    }
  });
});
