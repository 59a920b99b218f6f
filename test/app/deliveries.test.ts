/** Who gets what after each kind of click, in each phase: decided in the app, with no channel at all. */
import assert from 'node:assert/strict';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, click, fixedClock, freshApp, said, seed } from './support.js';

const directs = (surface: string, accounts: readonly string[]) =>
  accounts.map((a) => `direct ${surface} → ${a}`);

describe('what a click delivers', () => {
  const fresh = freshApp();

  async function deliveries(...args: Parameters<typeof click> extends [unknown, ...infer R] ? R : never) {
    const handled = await click(fresh.app, ...args);
    return handled.deliveries.map(said);
  }

  it('a new invitation: posted with the board in its conversation, and sent to each invitee who uses the chat', async () => {
    fresh.at(fixedClock('2026-11-23T09:00:00+02:00'));
    const form = await fresh.app.interactions.handle(
      undefined,
      { verb: 'ui.invitation_form', fields: {} },
      { account: 'U-SANNA' },
    );
    assert.deepEqual(form.deliveries.map(said), ['form invitation-form → U-SANNA']);
    const created = await fresh.app.interactions.handle(
      undefined,
      {
        verb: 'meeting.create',
        fields: {
          purpose: 'Ainon koulunkäynti',
          date: '2027-01-14',
          time: '14:00',
          durationMinutes: '90',
          place: 'Koulu',
          meetingLocale: 'fi',
          convenerName: P.social,
          clientName: P.client,
          invitee1Name: P.mother,
          invitee1Role: 'close',
          invitee2Name: P.grandfather,
          invitee2Role: 'close',
          invitee2Account: 'no',
        },
      },
      { account: 'U-SANNA', accountFor: (row) => ({ client: 'U-AINO', invitee1: 'U-LIISA' })[row] },
      { conversation: { channel: 'slack', id: 'C-FAMILY' } },
    );
    assert.equal(created.rejection, undefined, JSON.stringify(created.rejection));
    assert.deepEqual(created.deliveries.map(said), [
      'post invitation',
      'post board',
      'direct invitation → U-AINO',
      'direct invitation → U-LIISA',
    ]);
    const posted = created.deliveries.find((d) => d.kind === 'post');
    assert.deepEqual(posted && 'conversation' in posted && posted.conversation, {
      channel: 'slack',
      id: 'C-FAMILY',
    });
    assert.deepEqual((await fresh.app.conversations.get(created.meetingId ?? ''))?.conversation, {
      channel: 'slack',
      id: 'C-FAMILY',
    });
  });

  it('before the start: an answer to the invitation redraws it and the board; a change is sent to the invitees again', async () => {
    fresh.at(fixedClock('2026-11-23T09:00:00+02:00'));
    await seed(fresh.app, 'invited');
    assert.deepEqual(await deliveries('m1', ACCOUNT[P.mother], 'attendance.mark', { status: 'present' }), [
      'update invitation',
      'update board',
    ]);
    const changed = await deliveries('m1', ACCOUNT[P.social], 'invitation.update', {
      purpose: 'Ainon koulunkäynti',
      date: '2026-11-27',
      time: '10:00',
      durationMinutes: '60',
      meetingLocale: 'fi',
    });
    const invitees = [P.client, P.mother, P.teacher, P.nurse, P.youth].map((n) => ACCOUNT[n]);
    assert.deepEqual(changed, ['update invitation', 'update board', ...directs('invitation', invitees)]);
  });

  it('before the start: someone added on the invitation editor gets the invitation, and nobody else is sent it again', async () => {
    fresh.at(fixedClock('2026-11-23T09:00:00+02:00'));
    await seed(fresh.app, 'invited');
    const handled = await fresh.app.interactions.handle(
      'm1',
      {
        verb: 'invitation.update',
        fields: {
          meetingId: 'm1',
          purpose: 'Ainon koulunkäynnin tukeminen ja arjen rytmi',
          topics: 'Koulupoissaolot\nNukkuminen ja arjen rytmi\nHarrastukset ja kaverit',
          date: '2026-11-26',
          time: '14:00',
          durationMinutes: '90',
          place: 'Koulun neuvotteluhuone 2',
          meetingLocale: 'fi',
          editsInvitees: 'true',
          removeIds: 'p4',
          invitee1Name: 'Eeva Salo',
          invitee1Role: 'close',
          invitee1Relation: 'kummi',
        },
      },
      { account: ACCOUNT[P.social] ?? '', accountFor: (row) => (row === 'invitee1' ? 'U-EEVA' : undefined) },
    );
    assert.equal(handled.rejection, undefined, JSON.stringify(handled.rejection));
    assert.deepEqual(handled.deliveries.map(said), [
      'update invitation',
      'update board',
      'direct invitation → U-EEVA',
    ]);
  });

  it('a form opens for the one who asked, and nothing else moves', async () => {
    await seed(fresh.app, 'summary');
    assert.deepEqual(await deliveries('m1', ACCOUNT[P.nurse], 'ui.commitment_form'), [
      'form commitment-form → U-HANNA',
    ]);
    const handled = await click(fresh.app, 'm1', ACCOUNT[P.nurse], 'ui.commitment_form', {
      commitmentId: 'c2',
    });
    const form = handled.deliveries[0];
    assert.equal(form?.view.commitmentId, 'c2', 'the edit form is about the commitment pressed');
    assert.equal(form?.view.viewerId, 'p6', 'drawn for the nurse');
  });

  it('the card that asks before closing opens for the chair alone; the meeting waits for the answer', async () => {
    await seed(fresh.app, 'followup');
    await click(fresh.app, 'm1', ACCOUNT[P.youth], 'phase.next', { phase: 'followup' });
    assert.deepEqual(await deliveries('m1', ACCOUNT[P.youth], 'ui.confirm_form', { phase: 'feedback' }), [
      'form confirm-form → U-JARI',
    ]);
    // Anyone else pressing it (a crafted click): nothing opens.
    assert.deepEqual(
      await deliveries('m1', ACCOUNT[P.teacher], 'ui.confirm_form', { phase: 'feedback' }),
      [],
    );
    assert.equal((await fresh.app.meetings.get('m1'))?.phase, 'feedback');
  });

  it('commitments: the list is posted with the first one and redrawn with each change', async () => {
    await seed(fresh.app, 'discussion');
    const add = (what: string) =>
      deliveries('m1', ACCOUNT[P.nurse], 'commitment.add', {
        what,
        ownerId: 'p6',
        due: '2026-12-10',
        phase: 'discussion',
      });
    assert.deepEqual(await add('Soittaa koululle'), ['update board', 'post commitments']);
    assert.deepEqual(await add('Varata aika'), ['update board', 'update commitments']);
  });

  it('the follow-up form stays open for the chair after each save', async () => {
    await seed(fresh.app, 'summary');
    await click(fresh.app, 'm1', ACCOUNT[P.youth], 'phase.next', { phase: 'summary' });
    assert.deepEqual(
      await deliveries('m1', ACCOUNT[P.youth], 'responsible.assign', { responsibleId: 'p5' }),
      ['update board', 'update commitments', 'form followup-form → U-JARI'],
    );
  });

  it('the feedback poll: its results are posted when it opens and redrawn with each answer', async () => {
    await seed(fresh.app, 'followup');
    assert.deepEqual(await deliveries('m1', ACCOUNT[P.youth], 'phase.next', { phase: 'followup' }), [
      'update board',
      'update commitments',
      'post feedback-results',
    ]);
    assert.deepEqual(
      await deliveries('m1', ACCOUNT[P.client], 'feedback.answer', {
        hopeful: '4',
        trusting: '4',
        clearer: '5',
        phase: 'feedback',
      }),
      ['update board', 'update feedback-results'],
    );
  });

  it('closing: the memo’s draft goes to its reviewers only, the client, the note-taker and the chair', async () => {
    await seed(fresh.app, 'feedback');
    const closed = await click(fresh.app, 'm1', ACCOUNT[P.youth], 'meeting.close', { phase: 'feedback' });
    const reviewers = [P.client, P.nurse, P.youth].map((n) => ACCOUNT[n]);
    assert.deepEqual(closed.deliveries.map(said), [
      'update board',
      'update commitments',
      'update feedback-results',
      ...directs('memo', reviewers),
    ]);
    for (const d of closed.deliveries.filter((x) => x.surface === 'memo'))
      assert.equal(d.view.meeting?.memoDraft, true, 'sent as a draft, to be reviewed');
  });

  it('approved: the memo goes to each participant’s own messages, never into the conversation', async () => {
    await seed(fresh.app, 'closed');
    const approved = await deliveries('m1', ACCOUNT[P.client], 'memo.approve', {
      memoComment: 'Hyvä näin.',
    });
    const people = [P.social, P.client, P.mother, P.teacher, P.nurse, P.youth].map((n) => ACCOUNT[n]);
    assert.deepEqual(approved, ['update board', ...directs('memo', people)]);
    assert.ok(
      !approved.some((line) => line.startsWith('post memo')),
      'rule 7: the memo is not posted for all to see',
    );
    // Approved once: a second click sends nothing to anyone but the one who clicked.
    const again = await deliveries('m1', ACCOUNT[P.youth], 'memo.approve');
    assert.deepEqual(again, ['notice notice → U-JARI']);
  });

  it('a refused click is told to the one who clicked, and nobody else hears of it', async () => {
    await seed(fresh.app, 'discussion');
    const refused = await click(fresh.app, 'm1', ACCOUNT[P.teacher], 'phase.next', { phase: 'discussion' });
    assert.equal(refused.rejection?.code, 'auth.chair_only');
    assert.deepEqual(refused.deliveries.map(said), ['notice notice → U-PEKKA']);
    assert.equal(refused.deliveries[0]?.view.rejection?.code, 'auth.chair_only');
  });

  it('a refresh draws every card of the conversation again and tells nobody anything', async () => {
    await seed(fresh.app, 'summary');
    assert.deepEqual(await deliveries('m1', ACCOUNT[P.client], 'ui.refresh'), [
      'update invitation',
      'update board',
      'update commitments',
    ]);
  });

  it('"this is me": the one who asks hears what happens next; once confirmed, they get the invitation', async () => {
    await seed(fresh.app, 'why');
    const claimed = await deliveries('m1', 'U-MATTI', 'account.claim', { claimFor: 'p4' });
    assert.deepEqual(claimed, ['update invitation', 'update board', 'notice notice → U-MATTI']);
    const confirmed = await deliveries('m1', ACCOUNT[P.social], 'account.confirm', {
      participantId: 'p4',
      chatUserId: 'U-MATTI',
    });
    assert.deepEqual(confirmed, ['update invitation', 'update board', 'direct invitation → U-MATTI']);
  });
});
