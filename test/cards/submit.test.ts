/** What people submit on a card becomes the command they meant, and the core accepts it. */
import assert from 'node:assert/strict';
import { commandsOf, type Submission } from '../../src/cards/submit.js';
import { type Command, decide, isRejection } from '../../src/core/index.js';
import { describeRejection } from '../../src/i18n/index.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

const commands = (r: ReturnType<typeof commandsOf>): readonly Command[] => {
  assert.ok(!isRejection(r) && r.kind === 'commands', `not commands: ${JSON.stringify(r)}`);
  return r.commands;
};

describe('card submissions', () => {
  it('the invitation form becomes a meeting, with the time read in Finland’s time zone', () => {
    const sub: Submission = {
      verb: 'meeting.create',
      fields: {
        purpose: 'Ainon koulunkäynti',
        topics: 'Poissaolot\n\nHarrastukset\n',
        date: '2027-01-14',
        time: '14:00',
        durationMinutes: '90',
        place: 'Koulu',
        meetingLocale: 'fi',
        convenerName: 'Sanna Korhonen',
        convenerOrganisation: 'Lastensuojelu',
        clientName: 'Aino Laine',
        invitee1Name: 'Liisa Laine',
        invitee1Role: 'close',
        invitee1Relation: 'äiti',
        invitee2Name: '',
        invitee3Name: 'Pekka Virtanen',
        invitee3Role: 'worker',
        invitee3Organisation: 'Kuusikon koulu',
      },
    };
    const [create] = commands(commandsOf(sub, undefined, { account: 'U-SANNA' }));
    assert.ok(create?.type === 'meeting.create');
    assert.equal(create.invitation.startsAt, '2027-01-14T14:00:00+02:00');
    assert.deepEqual(create.invitation.topics, ['Poissaolot', 'Harrastukset']);
    assert.deepEqual(create.convener, {
      name: 'Sanna Korhonen',
      role: 'worker',
      organisation: 'Lastensuojelu',
      chatUserId: 'U-SANNA',
    });
    assert.deepEqual(
      create.invitees.map((p) => [p.name, p.role]),
      [
        ['Aino Laine', 'client'],
        ['Liisa Laine', 'close'],
        ['Pekka Virtanen', 'worker'],
      ],
    );
    const result = decide(undefined, create, { now: '2026-11-23T09:00:00+02:00', meetingId: 'm1' });
    assert.ok(!isRejection(result), JSON.stringify(result));
  });

  it('people marked as using the chat get the account the channel gives them; the others none', () => {
    const fields = {
      clientName: 'Aino',
      clientAccount: 'yes',
      invitee1Name: 'Matti',
      invitee1Account: 'no',
      invitee2Name: 'Liisa',
    };
    const [create] = commands(
      commandsOf({ verb: 'meeting.create', fields }, undefined, {
        account: 'play:convener',
        accountFor: (row) => `play:${row}`,
      }),
    );
    assert.ok(create?.type === 'meeting.create');
    assert.deepEqual(
      create.invitees.map((p) => [p.name, p.chatUserId]),
      [
        ['Aino', 'play:client'],
        ['Matti', undefined],
        ['Liisa', 'play:invitee2'],
      ],
    );
  });

  it('an unfilled form is refused by the core with a plain answer, not a crash', () => {
    const [create] = commands(commandsOf({ verb: 'meeting.create', fields: {} }, undefined));
    const result = decide(undefined, create as Command, {
      now: '2026-11-23T09:00:00+02:00',
      meetingId: 'm1',
    });
    assert.ok(isRejection(result));
    assert.match(describeRejection('fi', result), /tavoite|Täytä/);
  });

  it('the commitment form becomes a commitment the core accepts', () => {
    const d = realisticMeeting('discussion');
    const fields = {
      meetingId: 'm1',
      what: 'Soittaa koululle',
      ownerId: d.id(P.mother),
      due: '2026-12-03',
      withParticipants: `${d.id(P.client)},${d.id(P.teacher)}`,
      withOthers: 'Rehtori, ',
    };
    const [add] = commands(commandsOf({ verb: 'commitment.add', fields }, d.m));
    assert.deepEqual(add, {
      type: 'commitment.add',
      what: 'Soittaa koululle',
      ownerId: d.id(P.mother),
      due: '2026-12-03',
      withWhom: { participantIds: [d.id(P.client), d.id(P.teacher)], others: ['Rehtori'] },
    });
    d.do(P.nurse, add as Command);
  });

  it('the follow-up time is an instant in the meeting’s zone; a date without a time is refused by the core', () => {
    const d = realisticMeeting('summary');
    d.do(P.youth, { type: 'phase.next' });
    const [agree] = commands(
      commandsOf(
        {
          verb: 'followup.agree',
          fields: { meetingId: 'm1', followupDate: '2027-06-10', followupTime: '09:30', noneReason: '' },
        },
        d.m,
      ),
    );
    assert.deepEqual(agree, { type: 'followup.agree', at: '2027-06-10T09:30:00+03:00' });
    const [broken] = commands(
      commandsOf(
        { verb: 'followup.agree', fields: { meetingId: 'm1', followupDate: '2027-06-10', followupTime: '' } },
        d.m,
      ),
    );
    d.rejects(P.youth, broken as Command, 'input.invalid_time');
  });

  it('the follow-up form gives the place, link and host with the time, or the day and who agrees it; the client’s check carries her comment', () => {
    const d = realisticMeeting('summary');
    d.do(P.youth, { type: 'phase.next' });
    const agree = (fields: Record<string, string>) =>
      commands(commandsOf({ verb: 'followup.agree', fields: { meetingId: 'm1', ...fields } }, d.m))[0];
    assert.deepEqual(
      agree({
        followupDate: '2027-06-10',
        followupTime: '09:30',
        followupPlace: ' Nuorisotalo ',
        followupUrl: 'https://meet.example/a',
        hostId: d.id(P.teacher),
        agreeBy: '',
        agreerId: '',
        noneReason: '',
      }),
      {
        type: 'followup.agree',
        at: '2027-06-10T09:30:00+03:00',
        place: 'Nuorisotalo',
        onlineUrl: 'https://meet.example/a',
        hostId: d.id(P.teacher),
      },
    );
    const later = agree({ followupDate: '', agreeBy: '2026-12-10', agreerId: d.id(P.nurse), noneReason: '' });
    assert.deepEqual(later, { type: 'followup.agree', agreeBy: '2026-12-10', agreerId: d.id(P.nurse) });
    d.do(P.youth, { type: 'responsible.assign', participantId: d.id(P.social) });
    d.do(P.youth, later as Command);
    const [check] = commands(
      commandsOf({ verb: 'followup.confirm', fields: { meetingId: 'm1', followupComment: ' Sopii. ' } }, d.m),
    );
    assert.deepEqual(check, { type: 'followup.confirm', clientComment: 'Sopii.' });
    d.do(P.client, check as Command);
    assert.equal(d.m.followUpConfirmation?.clientComment, 'Sopii.');
  });

  it('the start button marks the ticked people present, then starts', () => {
    const d = realisticMeeting('invited');
    const present = [P.social, P.client, P.mother].map((n) => d.id(n)).join(',');
    const start = commands(
      commandsOf({ verb: 'meeting.start', fields: { meetingId: 'm1', presentIds: present } }, d.m),
    );
    assert.deepEqual(
      start.map((c) => c.type),
      ['attendance.mark', 'attendance.mark', 'attendance.mark', 'meeting.start'],
    );
    for (const c of start) d.do(P.social, c);
    assert.equal(d.m.phase, 'opening');
  });

  it('acts for someone only from the buttons made for it', () => {
    const d = realisticMeeting('why');
    const own = commands(
      commandsOf({ verb: 'turn.pass', fields: { meetingId: 'm1', onBehalfOf: d.id(P.grandfather) } }, d.m),
    );
    assert.deepEqual(
      own,
      [{ type: 'turn.pass' }],
      'an input left on the card does not make a pass someone else’s',
    );
    const forHim = commands(
      commandsOf(
        { verb: 'turn.pass', fields: { meetingId: 'm1', onBehalfOf: d.id(P.grandfather), behalf: 'true' } },
        d.m,
      ),
    );
    assert.deepEqual(forHim, [{ type: 'turn.pass', onBehalfOf: d.id(P.grandfather) }]);
    const nobody = commandsOf(
      {
        verb: 'feedback.answer',
        fields: {
          meetingId: 'm1',
          hopeful: '4',
          trusting: '4',
          clearer: '4',
          behalf: 'true',
          onBehalfOf: '',
        },
      },
      d.m,
    );
    assert.ok(
      isRejection(nobody) && nobody.code === 'input.no_person',
      'an answer for nobody is not taken as one’s own',
    );
  });

  it('a click on a card from an earlier phase or speaker is answered as stale, and changes nothing', () => {
    const d = realisticMeeting('why');
    const old = commandsOf({ verb: 'phase.next', fields: { meetingId: 'm1', phase: 'roles' } }, d.m);
    assert.ok(isRejection(old) && old.code === 'stale');
    assert.match(describeRejection('fi', old), /\S/);
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.youth, { type: 'floor.next' });
    const wrongSpeaker = commandsOf(
      { verb: 'turn.end', fields: { meetingId: 'm1', speakerId: d.id(P.mother) } },
      d.m,
    );
    assert.ok(isRejection(wrongSpeaker) && wrongSpeaker.code === 'stale');
    commands(
      commandsOf(
        { verb: 'turn.end', fields: { meetingId: 'm1', speakerId: d.id(P.client), phase: 'discussion' } },
        d.m,
      ),
    );
  });

  it('form steps are not commands, and an unknown verb is refused', () => {
    const ui = commandsOf({ verb: 'ui.commitment_form', fields: { meetingId: 'm1' } }, undefined);
    assert.ok(!isRejection(ui) && ui.kind === 'ui');
    const unknown = commandsOf({ verb: 'meeting.delete_everything', fields: {} }, undefined);
    assert.ok(isRejection(unknown) && unknown.code === 'command.unknown');
  });

  it('the export and the erase form open as ui steps; erasing is no command of the core’s, the app takes it first', () => {
    const d = realisticMeeting('closed');
    const fields = { meetingId: d.m.id, version: String(d.m.version) };
    for (const verb of ['ui.export', 'ui.erase_form']) {
      const ui = commandsOf({ verb, fields }, d.m);
      assert.ok(!isRejection(ui) && ui.kind === 'ui' && ui.verb === verb, verb);
    }
    for (const eraseWhat of ['meeting', d.id(P.mother)]) {
      const erase = commandsOf({ verb: 'meeting.erase', fields: { ...fields, eraseWhat } }, d.m);
      assert.ok(isRejection(erase) && erase.code === 'command.unknown', JSON.stringify(erase));
    }
  });
});
