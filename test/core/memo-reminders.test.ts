/** A memo still waiting for review reminds those who review it, daily for a few working days, until it is approved. */
import assert from 'node:assert/strict';
import { type Meeting, remindersOf } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

const memoReminders = (m: Meeting) =>
  remindersOf(m)
    .filter((r) => r.kind === 'memo.review')
    .map((r) => `${r.at} ${m.participants.find((p) => p.id === r.to)?.name}`);

describe('reminders of a memo waiting for review', () => {
  it('the chair, the note-taker and the client are reminded on the three working days after the meeting, at 9', () => {
    // Closed on Thursday 26 November 2026: Friday, then Monday and Tuesday (not the weekend).
    const d = realisticMeeting('closed');
    const days = ['2026-11-27', '2026-11-30', '2026-12-01'];
    const expected = days.flatMap((day) =>
      [P.client, P.nurse, P.youth].map((name) => `${day}T09:00:00+02:00 ${name}`),
    );
    assert.deepEqual([...memoReminders(d.m)].sort(), [...expected].sort());
  });

  it('approved, the memo reminds nobody any more', () => {
    const d = realisticMeeting('closed');
    d.do(P.youth, { type: 'memo.approve' });
    assert.deepEqual(memoReminders(d.m), []);
  });

  it('a meeting closed before memos were reviewed is not reminded of', () => {
    const d = realisticMeeting('closed');
    const { memoDraft: _, ...old } = d.m;
    assert.deepEqual(memoReminders(old), []);
  });

  it('nobody without a chat account, and nobody who asked for no reminders', () => {
    const d = realisticMeeting('closed');
    d.do(P.nurse, { type: 'reminders.mute', muted: true });
    const client = d.m.participants.find((p) => p.name === P.client);
    assert.ok(client);
    const { chatUserId: _, ...noAccount } = client;
    const m = { ...d.m, participants: d.m.participants.map((p) => (p.id === client.id ? noAccount : p)) };
    const to = new Set(memoReminders(m).map((line) => line.split(' ').slice(1).join(' ')));
    assert.deepEqual([...to], [P.youth]);
  });
});
