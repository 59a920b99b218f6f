/** A commitment past its day and not done is marked overdue wherever it is shown. */
import assert from 'node:assert/strict';
import { buildCard } from '../../src/cards/cards.js';
import { t } from '../../src/i18n/index.js';
import { realisticMeeting } from '../support/realistic-meeting.js';

describe('overdue commitments', () => {
  const d = realisticMeeting('closed');
  // 10 December: c3 (due 1 December) and c1 (4 December) are past their day, c2 (11 December) is not.
  const now = '2026-12-10T10:00:00+02:00';
  const overdue = (json: string) => json.split(t('fi', 'commitment.overdue')).length - 1;

  it('the list of commitments marks each one past its day, and only those', () => {
    const card = JSON.stringify(
      buildCard('commitments', { locale: 'fi', now, meeting: d.m, viewerId: d.id('Sanna Korhonen') }),
    );
    assert.equal(overdue(card), 2);
    const earlier = JSON.stringify(
      buildCard('commitments', { locale: 'fi', now: '2026-11-27T10:00:00+02:00', meeting: d.m }),
    );
    assert.equal(overdue(earlier), 0, 'nothing is overdue before its day');
  });

  it('the owner’s reminder says so too; a commitment marked done is never overdue', () => {
    const c3 = d.m.commitments.find((c) => c.id === 'c3');
    assert.ok(c3);
    const owner = d.m.participants.find((p) => p.id === c3.ownerId);
    const reminder = (meeting = d.m) =>
      JSON.stringify(
        buildCard('reminder', { locale: 'fi', now, meeting, viewerId: owner?.id, commitmentId: 'c3' }),
      );
    assert.equal(overdue(reminder()), 1);
    const done = {
      ...d.m,
      commitments: d.m.commitments.map((c) => (c.id === 'c3' ? { ...c, status: 'done' as const } : c)),
    };
    assert.equal(overdue(reminder(done)), 0);
  });

  it('the responsible worker’s digest lists every task and counts the overdue ones', () => {
    const digest = buildCard('digest', { locale: 'fi', now, meeting: d.m, viewerId: d.id('Sanna Korhonen') });
    const json = JSON.stringify(digest);
    for (const c of d.m.commitments) assert.ok(json.includes(c.what.slice(0, 40)), c.what);
    assert.equal(overdue(json), 3, 'the two overdue tasks, and the count');
    assert.ok(json.includes(t('fi', 'card.digest.counts', { done: 0, open: 1, overdue: 2, help: 0 })));
  });
});
