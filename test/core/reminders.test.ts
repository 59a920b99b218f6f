/**
 * Aftercare as the meeting's state implies it: who is reminded of what, and when, on working days
 * at a local hour, across daylight saving; derived again after every change.
 */
import assert from 'node:assert/strict';
import { followUpCommand, type Meeting, type Reminder, remindersOf } from '../../src/core/index.js';
import { MeetingDriver } from '../support/driver.js';
import { realisticMeeting } from '../support/realistic-meeting.js';

const closed = (): Meeting => realisticMeeting('closed').m;
const of = (m: Meeting, filter: (r: Reminder) => boolean = () => true) =>
  remindersOf(m)
    .filter(filter)
    .map((r) => `${r.kind} ${r.at} ${r.to}${r.onBehalfOf ? ` for ${r.onBehalfOf}` : ''}`);

/** The realistic meeting (closed on Thursday 26 November 2026) with its commitments replaced. */
function withCommitments(m: Meeting, ...changes: Partial<Meeting['commitments'][number]>[]): Meeting {
  const [first] = m.commitments;
  assert.ok(first);
  return { ...m, commitments: changes.map((c, i) => ({ ...first, id: `c${i + 1}`, ...c })) };
}

describe('aftercare reminders', () => {
  it('a commitment is reminded two working days before, on its day and, if still open, the next working day, at 9 local time', () => {
    // Due on Friday 4 December: Wednesday, Friday, and Monday (not Saturday) after it.
    const m = withCommitments(closed(), { ownerId: 'p3', due: '2026-12-04' });
    assert.deepEqual(
      of(m, (r) => r.kind.startsWith('commitment')),
      [
        'commitment.soon 2026-12-02T09:00:00+02:00 p3',
        'commitment.due 2026-12-04T09:00:00+02:00 p3',
        'commitment.overdue 2026-12-07T09:00:00+02:00 p3',
      ],
    );
  });

  it('a reminder that would fall on a weekend comes on the Friday before, and one a day is enough', () => {
    // Due on Sunday 13 December: "soon" and "today" would both fall on Friday 11th; one reminder then.
    const m = withCommitments(closed(), { ownerId: 'p3', due: '2026-12-13' });
    assert.deepEqual(
      of(m, (r) => r.kind.startsWith('commitment')),
      ['commitment.due 2026-12-11T09:00:00+02:00 p3', 'commitment.overdue 2026-12-14T09:00:00+02:00 p3'],
    );
  });

  it('keeps the local hour across the end of daylight saving time', () => {
    const m = { ...closed(), closedAt: '2026-10-20T15:00:00+03:00' };
    // Due on Tuesday 27 October; summer time ends on Sunday 25 October in Finland.
    const dst = withCommitments(m, { ownerId: 'p3', due: '2026-10-27' });
    assert.deepEqual(
      of(dst, (r) => r.kind.startsWith('commitment')),
      [
        'commitment.soon 2026-10-23T09:00:00+03:00 p3',
        'commitment.due 2026-10-27T09:00:00+02:00 p3',
        'commitment.overdue 2026-10-28T09:00:00+02:00 p3',
      ],
    );
  });

  it('a done commitment has no reminders; a postponed one has new ones, and the old are gone', () => {
    const m = withCommitments(closed(), { ownerId: 'p3', due: '2026-12-04' });
    const before = remindersOf(m).filter((r) => r.commitmentId === 'c1');
    assert.deepEqual(
      remindersOf(withCommitments(closed(), { ownerId: 'p3', due: '2026-12-04', status: 'done' })).filter(
        (r) => r.commitmentId === 'c1',
      ),
      [],
    );
    const moved = remindersOf(
      withCommitments(closed(), { ownerId: 'p3', due: '2026-12-18', status: 'postponed' }),
    ).filter((r) => r.commitmentId === 'c1');
    assert.equal(moved.length, 3);
    assert.ok(
      moved.every((r) => !before.some((b) => b.id === r.id)),
      'new ids: the old reminders are not sent',
    );
  });

  it('the same state gives the same reminders, with the same ids', () => {
    assert.deepEqual(remindersOf(closed()), remindersOf(closed()));
  });

  it('someone without a chat account is reminded through the responsible worker', () => {
    // Matti (p4) has no chat account; Sanna (p1) is the responsible worker.
    const m = withCommitments(closed(), { ownerId: 'p4', due: '2026-12-04' });
    assert.deepEqual(
      of(m, (r) => r.kind === 'commitment.due'),
      ['commitment.due 2026-12-04T09:00:00+02:00 p1 for p4'],
    );
  });

  it('everyone invited to the follow-up meeting with a chat account is reminded on the working day before it, at its own time', () => {
    // The first meeting, closed, leaves it to the follow-up meeting made from it.
    assert.deepEqual(
      remindersOf(closed()).filter((r) => r.kind === 'followup.eve'),
      [],
    );
    const command = followUpCommand(closed());
    assert.ok(command);
    const next = new MeetingDriver('2026-11-26T16:00:00+02:00');
    next.do(undefined, command);
    // The follow-up is on Thursday 14 January 2027.
    const eve = remindersOf(next.m).filter((r) => r.kind === 'followup.eve');
    assert.deepEqual(
      eve.map((r) => r.to),
      next.m.participants.filter((p) => p.invited && p.chatUserId).map((p) => p.id),
    );
    assert.ok(eve.every((r) => r.at === '2027-01-13T09:00:00+02:00' && r.meetingId === next.m.id));
    // Moved to a Monday: the Friday before.
    next.do('Sanna Korhonen', {
      type: 'invitation.update',
      changes: { startsAt: '2027-01-18T14:00:00+02:00' },
    });
    assert.ok(
      remindersOf(next.m)
        .filter((r) => r.kind === 'followup.eve')
        .every((r) => r.at.startsWith('2027-01-15')),
    );
    // Once it is held, its own aftercare takes over.
    assert.deepEqual(
      remindersOf({ ...next.m, phase: 'opening' }).filter((r) => r.kind === 'followup.eve'),
      [],
    );
  });

  it('the responsible worker gets a weekly digest until the follow-up meeting, and one the day before it', () => {
    const digests = remindersOf(closed()).filter((r) => r.kind === 'digest');
    assert.ok(digests.every((r) => r.to === 'p1'));
    assert.deepEqual(
      digests.map((r) => r.at.slice(0, 10)),
      [
        '2026-11-30',
        '2026-12-07',
        '2026-12-14',
        '2026-12-21',
        '2026-12-28',
        '2027-01-04',
        '2027-01-11',
        '2027-01-13',
      ],
    );
  });

  it('a meeting that was cancelled, or not yet held, reminds nobody', () => {
    assert.deepEqual(remindersOf({ ...closed(), phase: 'cancelled' }), []);
    assert.deepEqual(remindersOf(realisticMeeting('invited').m), []);
  });
});
