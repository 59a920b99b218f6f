/** "Nothing changed" is told by the fields, not by how the stored record happens to order its keys. */
import assert from 'node:assert/strict';
import { type Event, isRejection, replay } from '../../src/core/index.js';
import { MeetingDriver } from '../support/driver.js';
import { PEOPLE as P, realisticMeeting, type Stage } from '../support/realistic-meeting.js';

/** The same record with its keys in the opposite order, as an older version of Toivo may have stored it. */
const reversed = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).reverse()) as T;

/** The realistic meeting as if loaded from a store that wrote its records' keys in another order. */
function reloaded(stage: Stage, rewrite: (e: Event) => Event): MeetingDriver {
  const original = realisticMeeting(stage);
  const d = new MeetingDriver(original.now);
  d.events.push(...original.events.map(rewrite));
  d.meeting = replay(d.events);
  return d;
}

describe('unchanged is unchanged, whatever the key order', () => {
  it('an invitation saved again as it is, is refused as unchanged', () => {
    const d = reloaded('invited', (e) =>
      e.type === 'meeting.created' ? { ...e, invitation: reversed(e.invitation) } : e,
    );
    const { purpose, startsAt, durationMinutes, place, topics } = d.m.invitation;
    d.rejects(
      P.social,
      { type: 'invitation.update', changes: { startsAt, place, topics, durationMinutes, purpose } },
      'invitation.unchanged',
    );
  });

  it('the same feedback answered again is refused as unchanged', () => {
    const d = reloaded('feedback', (e) =>
      e.type === 'feedback.answered' ? { ...e, answer: reversed(e.answer) } : e,
    );
    d.rejects(
      P.mother,
      { type: 'feedback.answer', hopeful: 5, trusting: 4, clearer: 4 },
      'feedback.unchanged',
    );
  });

  it('a commitment saved again as it is, is refused as unchanged; one changed field is a change', () => {
    const d = reloaded('summary', (e) => (e.type === 'commitment.added' ? reversed(e) : e));
    const c = d.m.commitments[0];
    assert.ok(c);
    const same = { what: c.what, ownerId: c.ownerId, due: c.due };
    d.rejects(P.nurse, { type: 'commitment.edit', commitmentId: c.id, ...same }, 'commitment.unchanged');
    const moved = d.try(d.id(P.nurse), {
      type: 'commitment.edit',
      commitmentId: c.id,
      ...same,
      due: '2026-12-05',
    });
    assert.ok(!isRejection(moved));
  });
});
