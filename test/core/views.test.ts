/** Each one's view: what they wish for, what worries them, what they can do themself, as the record keeper wrote it. */
import assert from 'node:assert/strict';
import { type Command, LIMITS, memoContentOf, viewOf } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

/** In the discussion: the youth worker chairs, the nurse keeps the notes. */
const discussion = () => realisticMeeting('discussion');

const view = (
  participantId: string,
  said: Omit<Extract<Command, { type: 'view.record' }>, 'type' | 'participantId'>,
): Command => ({
  type: 'view.record',
  participantId,
  ...said,
});

describe('each one’s view', () => {
  it('the note-taker writes down the mother’s view, and the memo has it under her name', () => {
    const d = discussion();
    const mother = d.id(P.mother);
    const [e] = d.do(P.nurse, view(mother, { wish: ' Rauhallisemmat aamut ', worry: 'Ainon väsymys' }));
    assert.equal(e?.by, d.id(P.nurse));
    assert.deepEqual(d.m.views[mother], { wish: 'Rauhallisemmat aamut', worry: 'Ainon väsymys' });
    assert.deepEqual(
      memoContentOf(d.m, false).views.map((v) => [v.person.name, v.view]),
      [[P.mother, { wish: 'Rauhallisemmat aamut', worry: 'Ainon väsymys' }]],
    );
  });

  it('a save replaces the whole view; saved all empty, the view is gone', () => {
    const d = discussion();
    const mother = d.id(P.mother);
    d.do(P.nurse, view(mother, { wish: 'Rauhallisemmat aamut', worry: 'Ainon väsymys' }));
    // The form is prefilled: what it sends is the view as it now stands, the worry taken out.
    d.do(P.youth, view(mother, { wish: 'Rauhallisemmat aamut', possibility: 'Voin herättää ajoissa' }));
    assert.deepEqual(d.m.views[mother], {
      wish: 'Rauhallisemmat aamut',
      possibility: 'Voin herättää ajoissa',
    });
    d.do(P.nurse, view(mother, { wish: '  ', worry: '', possibility: '' }));
    assert.equal(d.m.views[mother], undefined);
    assert.deepEqual(memoContentOf(d.m, false).views, []);
  });

  it('saved as it is, a view is refused as unchanged; so is an empty one where there is none', () => {
    const d = discussion();
    const mother = d.id(P.mother);
    d.rejects(P.nurse, view(mother, {}), 'view.unchanged');
    d.do(P.nurse, view(mother, { worry: 'Ainon väsymys' }));
    d.rejects(P.nurse, view(mother, { worry: ' Ainon väsymys', wish: '' }), 'view.unchanged');
  });

  it('the client’s wish is her one wish: the view’s wish is it, and the memo gives it once', () => {
    const d = discussion();
    const client = d.id(P.client);
    const wish = d.m.clientWish;
    assert.ok(wish);
    // The form holds her wish as she recorded it; saving it with a worry added keeps the wish as it was.
    assert.equal(viewOf(d.m, client)?.wish, wish);
    d.do(P.nurse, view(client, { wish, worry: 'Aamut ovat raskaita' }));
    assert.equal(d.m.clientWish, wish);
    assert.deepEqual(d.m.views[client], { worry: 'Aamut ovat raskaita' });
    const memo = memoContentOf(d.m, false);
    assert.deepEqual(
      memo.views.map((v) => v.view),
      [{ worry: 'Aamut ovat raskaita' }],
      'the wish is in its own section, not again here',
    );
    d.do(P.nurse, view(client, { wish: 'Haluan jaksaa koulussa', worry: 'Aamut ovat raskaita' }));
    assert.equal(d.m.clientWish, 'Haluan jaksaa koulussa');
    d.rejects(
      P.nurse,
      view(client, { wish: 'Haluan jaksaa koulussa', worry: 'Aamut ovat raskaita' }),
      'view.unchanged',
    );
    // Emptied on the form, the wish is taken away too.
    d.do(P.nurse, view(client, { worry: 'Aamut ovat raskaita' }));
    assert.equal(d.m.clientWish, undefined);
  });

  it('views come in the round’s order: the client, close ones, workers', () => {
    const d = discussion();
    // The convener, a worker, is the first on the list: she is still heard after the close ones.
    for (const name of [P.teacher, P.mother, P.social, P.client, P.grandfather])
      d.do(P.nurse, view(d.id(name), { possibility: `Mitä ${name} voi tehdä` }));
    assert.deepEqual(
      memoContentOf(d.m, false).views.map((v) => v.person.name),
      [P.client, P.mother, P.grandfather, P.social, P.teacher],
    );
  });

  it('only the chair or the note-taker writes down a view', () => {
    const d = discussion();
    const mother = d.id(P.mother);
    d.rejects(P.mother, view(mother, { wish: 'Oma toiveeni' }), 'auth.chair_or_notetaker_only');
    d.rejects(P.teacher, view(mother, { wish: 'Hänen toiveensa' }), 'auth.chair_or_notetaker_only');
    d.do(P.youth, view(mother, { wish: 'Hänen toiveensa' }));
  });

  it('a view is of someone who is in the meeting and was there', () => {
    const d = discussion();
    d.rejects(P.nurse, view('p99', { wish: 'Toive' }), 'participant.unknown');
    d.do(P.youth, { type: 'participant.leave', participantId: d.id(P.teacher) });
    d.do(P.nurse, view(d.id(P.teacher), { possibility: 'Tukiopetus' }));
    const absent = realisticMeeting('invited');
    absent.now = '2026-11-26T14:00:00+02:00';
    for (const name of [P.client, P.social])
      absent.do(P.social, { type: 'attendance.mark', participantId: absent.id(name), status: 'present' });
    absent.do(P.social, { type: 'attendance.mark', participantId: absent.id(P.mother), status: 'absent' });
    absent.do(P.social, { type: 'meeting.start' });
    absent.rejects(P.social, view(absent.id(P.mother), { wish: 'Toive' }), 'participant.not_present');
  });

  it('each text has a length; too long is refused, naming the field', () => {
    const d = discussion();
    const long = 'x'.repeat(LIMITS.view + 1);
    const refused = d.rejects(P.nurse, view(d.id(P.mother), { worry: long }), 'input.too_long');
    assert.deepEqual(refused.params, { field: 'viewWorry', max: LIMITS.view });
    d.rejects(P.nurse, view(d.id(P.mother), { possibility: long }), 'input.too_long');
  });

  it('a view is written while the meeting runs and while its memo is a draft, not before or once it is sent', () => {
    const invited = realisticMeeting('invited');
    invited.rejects(P.social, view(invited.id(P.mother), { wish: 'Toive' }), 'phase.wrong');
    const closed = realisticMeeting('closed');
    closed.do(P.nurse, view(closed.id(P.mother), { worry: 'Huoli aamuista' }));
    assert.equal(closed.m.views[closed.id(P.mother)]?.worry, 'Huoli aamuista');
    closed.do(P.client, { type: 'memo.approve' });
    closed.rejects(P.youth, view(closed.id(P.mother), { wish: 'Toive' }), 'memo.already_sent');
  });
});
