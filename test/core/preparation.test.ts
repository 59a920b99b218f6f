/** Preparing with the client: the answers the worker and the client agree on, and the client's consent. */
import assert from 'node:assert/strict';
import { type Command, erasePerson, replay } from '../../src/core/index.js';
import { PEOPLE as P, PREPARED, realisticMeeting } from '../support/realistic-meeting.js';

const prepare = (changes: Extract<Command, { type: 'preparation.update' }>['changes']): Command => ({
  type: 'preparation.update',
  changes,
});

describe('preparing the meeting with the client', () => {
  it('the convener creates a meeting with what was prepared, the consent recorded as theirs', () => {
    const base = realisticMeeting('invited');
    const created = base.events[0];
    assert.ok(created?.type === 'meeting.created');
    const d = realisticMeeting('invited');
    d.meeting = undefined;
    d.events.length = 0;
    const { meetingId: _, type: __, invitation, participants, at: ___, by: ____ } = created;
    const [convener, ...invitees] = participants.map(({ id: _id, invited: _i, attendance: _a, ...p }) => p);
    assert.ok(convener);
    d.do(undefined, {
      type: 'meeting.create',
      invitation,
      convener,
      invitees,
      preparation: {
        help: '  Saisimme kaikki saman pöydän ääreen ',
        who: 'Äiti, isoisä ja koulun väki',
        goal: 'Koulupäivät sujuvat',
        clientAgreed: true,
      },
    });
    assert.deepEqual(d.m.preparation, {
      help: 'Saisimme kaikki saman pöydän ääreen',
      who: 'Äiti, isoisä ja koulun väki',
      goal: 'Koulupäivät sujuvat',
      consent: { at: d.now, by: d.id(P.social) },
    });
  });

  it('a meeting created without preparing has none, and the client has not agreed', () => {
    assert.equal(realisticMeeting('invited').m.preparation, undefined);
  });

  it('the convener changes an answer; the others stay, and an emptied one is cleared', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, prepare({ help: 'Yhdessä sovitaan', goal: 'Arki rauhoittuu' }));
    d.do(P.social, prepare({ help: '', who: 'Äiti' }));
    assert.deepEqual(d.m.preparation, { who: 'Äiti', goal: 'Arki rauhoittuu' });
  });

  it('the convener records the client agreed, and can take it back', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, prepare({ clientAgreed: true }));
    assert.deepEqual(d.m.preparation?.consent, { at: d.now, by: d.id(P.social) });
    d.do(P.social, prepare({ clientAgreed: false }));
    assert.equal(d.m.preparation?.consent, undefined);
  });

  it('saved again as it is, is refused as unchanged', () => {
    const d = realisticMeeting('invited');
    d.do(P.social, prepare({ goal: 'Arki rauhoittuu', clientAgreed: true }));
    d.advance(5);
    d.rejects(P.social, prepare({ goal: ' Arki rauhoittuu ', clientAgreed: true }), 'preparation.unchanged');
    d.rejects(P.social, prepare({}), 'preparation.unchanged');
  });

  it('only the convener changes it', () => {
    const d = realisticMeeting('invited');
    d.rejects(P.client, prepare({ goal: 'Jotain muuta' }), 'auth.convener_only');
    d.rejects(P.teacher, prepare({ clientAgreed: true }), 'auth.convener_only');
  });

  it('once the meeting has started, it is no longer changed', () => {
    const d = realisticMeeting('opening');
    d.rejects(P.social, prepare({ goal: 'Arki rauhoittuu' }), 'phase.wrong');
    d.rejects(P.client, { type: 'preparation.agree' }, 'phase.wrong');
  });

  it('an answer too long is refused, naming the answer', () => {
    const d = realisticMeeting('invited');
    const r = d.rejects(P.social, prepare({ who: 'x'.repeat(1001) }), 'input.too_long');
    assert.deepEqual(r.params, { field: 'preparation_who', max: 1000 });
  });

  it('the client agrees themself, once; no one else can agree for them this way', () => {
    const d = realisticMeeting('invited');
    d.rejects(P.mother, { type: 'preparation.agree' }, 'auth.client_only');
    d.rejects(P.social, { type: 'preparation.agree' }, 'auth.client_only');
    d.advance(60);
    const [event] = d.do(P.client, { type: 'preparation.agree' });
    assert.equal(event?.by, d.id(P.client));
    assert.deepEqual(d.m.preparation, { consent: { at: d.now, by: d.id(P.client) } });
    d.rejects(P.client, { type: 'preparation.agree' }, 'preparation.already_agreed');
    // The convener's later change keeps the client's own word.
    d.do(P.social, prepare({ goal: 'Arki rauhoittuu', clientAgreed: true }));
    assert.equal(d.m.preparation?.consent?.by, d.id(P.client));
  });

  it('erasing the client takes the answers out of every event; that they agreed stays', () => {
    const d = realisticMeeting('closed', 'fi', 'agreed');
    const erase = (name: string) =>
      erasePerson(d.events, { participantId: d.id(name), names: [name], standIn: 'Poistettu henkilö' })
        .events;
    const client = erase(P.client);
    const text = JSON.stringify(client);
    for (const answer of Object.values(PREPARED)) assert.ok(!text.includes(answer), `"${answer}" is gone`);
    assert.deepEqual(replay(client)?.preparation, { consent: d.m.preparation?.consent });
    // Someone else's erasure leaves the client's answers as they were.
    assert.deepEqual(replay(erase(P.mother))?.preparation, d.m.preparation);
  });
});
