import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { type Event, isMemoDraft, isRejection, replay } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

describe('the memo is reviewed before it goes', () => {
  it('closing leaves the memo a draft, marked on the closing event', () => {
    const d = realisticMeeting('closed');
    const closed = d.events.find((e) => e.type === 'meeting.closed');
    assert.deepEqual(closed && 'memoReview' in closed ? closed.memoReview : undefined, true);
    assert.equal(isMemoDraft(d.m), true);
  });

  it('the client approves it themself, with what they wish to add', () => {
    const d = realisticMeeting('closed');
    const [e] = d.do(P.client, { type: 'memo.approve', clientComment: 'Hyvä, kiitos.' });
    assert.equal(e?.type, 'memo.approved');
    assert.equal(isMemoDraft(d.m), false);
    assert.deepEqual(d.m.memoApproval, {
      at: d.now,
      by: d.id(P.client),
      withClient: false,
      clientComment: 'Hyvä, kiitos.',
    });
  });

  it('the chair approves it with the client, and the memo says so', () => {
    const d = realisticMeeting('closed');
    d.do(P.youth, { type: 'memo.approve' });
    assert.equal(d.m.memoApproval?.by, d.id(P.youth));
    assert.equal(d.m.memoApproval?.withClient, true);
  });

  it('the note-taker may approve it with the client too', () => {
    const d = realisticMeeting('closed');
    d.do(P.nurse, { type: 'memo.approve' });
    assert.equal(d.m.memoApproval?.withClient, true);
  });

  it('is approved once: a second approval is refused and changes nothing', () => {
    const d = realisticMeeting('closed');
    d.do(P.client, { type: 'memo.approve' });
    const before = d.m;
    d.rejects(P.youth, { type: 'memo.approve', clientComment: 'Vielä' }, 'memo.already_sent');
    assert.deepEqual(d.m, before);
  });

  it('is not approved before the meeting has closed', () => {
    const d = realisticMeeting('feedback');
    d.rejects(P.client, { type: 'memo.approve' }, 'memo.not_closed');
    assert.equal(d.m.memoApproval, undefined);
  });

  it('nobody else approves it: a close one or another worker is refused', () => {
    const d = realisticMeeting('closed');
    d.rejects(P.mother, { type: 'memo.approve' }, 'auth.client_or_record_keeper_only');
    d.rejects(P.social, { type: 'memo.approve' }, 'auth.client_or_record_keeper_only');
    assert.equal(isMemoDraft(d.m), true);
  });

  it('a comment too long is refused', () => {
    const d = realisticMeeting('closed');
    d.rejects(P.client, { type: 'memo.approve', clientComment: 'x'.repeat(1001) }, 'input.too_long');
    assert.equal(isMemoDraft(d.m), true);
  });

  it('the note-taker adds and edits notes after closing while the memo is a draft', () => {
    const d = realisticMeeting('closed');
    d.do(P.nurse, { type: 'note.add', text: 'Lisäys: koulu ilmoittaa poissaoloista äidille.' });
    const note = d.m.notes.at(-1);
    assert.equal(note?.text, 'Lisäys: koulu ilmoittaa poissaoloista äidille.');
    d.do(P.nurse, { type: 'note.edit', noteId: note?.id ?? '', text: 'Koulu ilmoittaa poissaoloista.' });
    assert.equal(d.m.notes.at(-1)?.text, 'Koulu ilmoittaa poissaoloista.');
    // Only the record keeper writes it, as during the meeting.
    d.rejects(P.mother, { type: 'note.add', text: 'Minunkin lisäys' }, 'auth.chair_or_notetaker_only');
  });

  it('once approved the memo has been sent: notes are refused, other steps after closing as before', () => {
    const d = realisticMeeting('closed');
    const noteId = d.m.notes[0]?.id ?? '';
    d.do(P.client, { type: 'memo.approve' });
    const before = d.m.notes;
    d.rejects(P.nurse, { type: 'note.add', text: 'Myöhästynyt lisäys' }, 'memo.already_sent');
    d.rejects(P.nurse, { type: 'note.edit', noteId, text: 'Muutettu' }, 'memo.already_sent');
    assert.deepEqual(d.m.notes, before);
    d.rejects(P.youth, { type: 'phase.next' }, 'meeting.closed');
  });

  it('a meeting closed before the review step existed counts as sent, as it did then', () => {
    const d = realisticMeeting('closed');
    // Its closing event carries no marker: the memo went out as it closed.
    const old = d.events.map((e): Event => {
      if (e.type !== 'meeting.closed') return e;
      const { memoReview: _, ...rest } = e;
      return rest;
    });
    const m = replay(old);
    assert.ok(m);
    assert.equal(isMemoDraft(m), false);
    d.meeting = m;
    d.rejects(P.nurse, { type: 'note.add', text: 'Lisäys' }, 'memo.already_sent');
    d.rejects(P.client, { type: 'memo.approve' }, 'memo.already_sent');
    const status = d.try(d.id(P.teacher), {
      type: 'commitment.status',
      commitmentId: d.m.commitments.find((c) => c.ownerId === d.id(P.teacher))?.id ?? '',
      status: 'done',
    });
    assert.ok(!isRejection(status), 'aftercare goes on as before');
  });
});
