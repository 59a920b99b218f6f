/**
 * People who come after the start (issue 13, item 2): the grandmother without a chat account who
 * was left unticked, and someone not invited who turns up. The chair's board lets both in, only
 * when the core would take it; whoever comes in mid-round is asked in that round.
 */
import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { commandsOf } from '../../src/cards/submit.js';
import { boardView } from '../../src/cards/view-models/board.js';
import { isRejection, notHeardInRound } from '../../src/core/index.js';
import { describeRejection, t } from '../../src/i18n/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { type Execute, type InputNode, inputById } from './aftercare-checks.js';
import { elementsIn } from './support.js';

const board = (d: MeetingDriver, viewer: string) =>
  renderCard('board', boardView({ locale: 'en', meeting: d.m, now: d.now, viewerId: viewer }));
const buttonOf = (card: unknown, verb: string) =>
  (elementsIn(card).filter((n) => n.type === 'Action.Execute') as unknown as Execute[]).find(
    (b) => b.verb === verb,
  );
const choices = (card: unknown, id: string) =>
  ((inputById(card, id) as InputNode | undefined)?.choices ?? []).map((c) => c.value);

/** Presses a board button as a person would: its data and the inputs, with what they typed or chose. */
function press(d: MeetingDriver, viewerName: string, verb: string, typed: Record<string, string>) {
  const card = board(d, d.id(viewerName));
  const button = buttonOf(card, verb);
  assert.ok(button, `${viewerName} has no ${verb} button`);
  const fields = Object.fromEntries(Object.entries(button.data).map(([k, v]) => [k, String(v ?? '')]));
  const routed = commandsOf({ verb, fields: { ...fields, ...typed } }, d.m, undefined, d.id(viewerName));
  assert.ok(!isRejection(routed) && routed.kind === 'commands', JSON.stringify(routed));
  for (const command of routed.commands) d.do(viewerName, command);
}

/** The opening, with everyone ticked present but the grandfather; the client has spoken. */
function withoutGrandfather(): MeetingDriver {
  const d = realisticMeeting('invited');
  d.now = '2026-11-26T14:00:00+02:00';
  for (const name of Object.values(P))
    if (name !== P.grandfather)
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
  d.do(P.social, { type: 'meeting.start' });
  d.do(P.social, { type: 'floor.next' });
  d.do(P.client, { type: 'turn.end' });
  return d;
}

describe('latecomers on the board', () => {
  it('lets the chair mark present the grandfather left unticked at the start, and he is asked in the round under way', () => {
    const d = withoutGrandfather();
    const chair = board(d, d.id(P.social));
    assert.deepEqual(choices(chair, 'presentId'), [d.id(P.grandfather)], 'only he is not here');
    assert.ok(
      JSON.stringify(chair).includes(t('en', 'card.board.arrivals_round')),
      'the chair is told he is asked',
    );
    for (const name of [P.client, P.mother, P.teacher])
      assert.equal(
        buttonOf(board(d, d.id(name)), 'attendance.mark'),
        undefined,
        `${name} has no such button`,
      );
    press(d, P.social, 'attendance.mark', { presentId: d.id(P.grandfather) });
    assert.equal(d.m.participants.find((p) => p.name === P.grandfather)?.attendance, 'present');
    // Close ones before workers: he comes right after the mother, and the round waits for him.
    assert.deepEqual(
      notHeardInRound(d.m).map((p) => p.name),
      [P.mother, P.grandfather, P.social, P.teacher, P.nurse, P.youth],
    );
    assert.equal(inputById(board(d, d.id(P.social)), 'presentId'), undefined, 'nobody left to mark');
  });

  it('lets the chair add someone who arrived uninvited, who is then asked in the round, the client still first', () => {
    const d = realisticMeeting('invited');
    d.now = '2026-11-26T14:00:00+02:00';
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    assert.ok(buttonOf(board(d, d.id(P.social)), 'participant.join'), 'the chair may let someone in');
    assert.equal(buttonOf(board(d, d.id(P.mother)), 'participant.join'), undefined, 'not the mother');
    press(d, P.social, 'participant.join', {
      joinName: 'Eeva Salo',
      joinRole: 'close',
      joinRelation: 'kummi',
    });
    const eeva = d.m.participants.find((p) => p.name === 'Eeva Salo');
    assert.deepEqual([eeva?.invited, eeva?.attendance, eeva?.relation], [false, 'present', 'kummi']);
    const waiting = notHeardInRound(d.m).map((p) => p.name);
    assert.equal(waiting[0], P.client, 'the client still speaks first');
    assert.ok(waiting.indexOf('Eeva Salo') < waiting.indexOf(P.social), 'a close one before the workers');
    const closing = d.try(d.id(P.social), { type: 'phase.skip', reason: 'x', without: [] });
    assert.ok(isRejection(closing) && closing.code === 'phase.skip_unheard');
  });

  it('outside a round, lets people in without saying they are asked in one', () => {
    const d = realisticMeeting('roles');
    const chair = board(d, d.m.chairId ?? d.m.convenerId);
    assert.ok(buttonOf(chair, 'participant.join'));
    assert.ok(!JSON.stringify(chair).includes(t('en', 'card.board.arrivals_round')));
  });

  it('an empty choice says to choose a person first', () => {
    const d = withoutGrandfather();
    const fields = { ...buttonOf(board(d, d.id(P.social)), 'attendance.mark')?.data, presentId: '' };
    const routed = commandsOf(
      { verb: 'attendance.mark', fields: fields as Record<string, string> },
      d.m,
      undefined,
      d.id(P.social),
    );
    assert.ok(isRejection(routed) && routed.code === 'input.no_person', JSON.stringify(routed));
    assert.equal(
      describeRejection('en', routed),
      'Please choose a person first: invitee who is here after all.',
    );
  });

  it('offers neither once the meeting is over, nor before it starts', () => {
    for (const stage of ['invited', 'closed'] as const) {
      const d = realisticMeeting(stage);
      const card = board(d, d.m.chairId ?? d.m.convenerId);
      assert.equal(buttonOf(card, 'participant.join'), undefined, stage);
      assert.equal(inputById(card, 'presentId'), undefined, stage);
    }
  });
});
