/**
 * A network's chain of meetings handed over to the client record (Markdown and JSON), who has
 * read or exported it, and one person erased from the whole chain on their request while the
 * others' records stay whole.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { App } from '../../src/app/app.js';
import { followUpIdOf } from '../../src/app/followups.js';
import { buildCard } from '../../src/cards/cards.js';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import { SURFACES } from '../../src/cards/render.js';
import { type Meeting, replay } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import { MovableClock } from '../support/movable-clock.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';
import { ACCOUNT, freshApp, RecordingPort, seed } from './support.js';

const NEXT = followUpIdOf('m1');
const account = (name: string): string => {
  const a = ACCOUNT[name as keyof typeof ACCOUNT];
  assert.ok(a, `${name} has no account`);
  return a;
};

describe('export for the client record, and erasing one person', () => {
  const fresh = freshApp();

  /** The realistic meeting closed, its follow-up held up to the review, and a task noted in it. */
  async function chain() {
    await seed(fresh.app, 'feedback');
    const clock = new MovableClock('2026-11-26T15:40:00+02:00');
    const app = new App(fresh.store, { clock, log: () => undefined, retry: { delaysMs: [] } });
    app.aftercare.usePort(new RecordingPort());
    const act = async (
      meetingId: string,
      name: string,
      verb: string,
      fields: Record<string, string> = {},
    ) => {
      const handled = await app.interactions.handle(
        meetingId,
        { verb, fields: { meetingId, ...fields } },
        { account: account(name) },
      );
      assert.ok(handled.ok, `${verb} by ${name}: ${handled.rejection?.code}`);
    };
    // Each one's view, written down by the note-taker before the meeting closes.
    const held = (await app.meetings.get('m1')) as Meeting;
    const idOf = (name: string) => held.participants.find((p) => p.name === name)?.id ?? '';
    await act('m1', P.nurse, 'view.record', {
      participantId: idOf(P.mother),
      viewWorry: 'Aamujen kiire huolettaa',
      viewPossibility: 'Herätän ajoissa',
    });
    await act('m1', P.nurse, 'view.record', {
      participantId: idOf(P.client),
      viewWish: held.clientWish ?? '',
      viewWorry: 'Väsyttää koulussa',
    });
    await act('m1', P.youth, 'meeting.close');
    // The chair goes through the memo with the client, who adds a word; then it goes to everyone.
    await act('m1', P.youth, 'memo.approve', { memoComment: 'Aamupalasta sovitaan vielä kotona.' });
    clock.set('2026-12-02T10:00:00+02:00');
    await act('m1', P.mother, 'commitment.status', {
      commitmentId: 'c1',
      status: 'needs_help',
      statusNote: 'Aamut ovat vaikeita kotona',
    });
    clock.set('2027-01-14T14:00:00+02:00');
    const next = await app.meetings.get(NEXT);
    assert.ok(next, 'the follow-up meeting was made');
    await act(NEXT, P.social, 'meeting.start', { presentIds: next.participants.map((p) => p.id).join(',') });
    await act(NEXT, P.mother, 'review.record', {
      itemId: 'c1',
      outcome: 'continues',
      reviewNote: 'Jatkuu aamujen kanssa yhä',
      phase: 'opening',
    });
    return { app, clock, act };
  }

  it('names the client’s safe adult among the people of the JSON', async () => {
    const events = realisticMeeting('closed').events.map((e) =>
      e.type === 'meeting.created'
        ? {
            ...e,
            meetingId: 'm1',
            participants: e.participants.map((p) =>
              p.name === P.mother ? { ...p, safeAdult: true as const } : p,
            ),
          }
        : e,
    );
    assert.ok((await fresh.store.append('m1', 0, events)).ok);
    const app = new App(fresh.store, { log: () => undefined });
    const file = await app.export('m1', account(P.social), 'json');
    const people = JSON.parse(file?.body ?? '{}').meetings[0].people as { name: string; safeAdult?: true }[];
    assert.deepEqual(
      people.filter((p) => p.safeAdult).map((p) => p.name),
      [P.mother],
    );
  });

  it('the convener, chair or responsible worker exports the whole chain; nobody else, and nobody learns if it exists', async () => {
    const { app } = await chain();
    // Sanna convened the first and is its responsible worker; Jari chaired it.
    for (const name of [P.social, P.youth]) {
      const md = await app.export('m1', account(name), 'markdown');
      assert.ok(md, `${name} may export`);
    }
    for (const name of [P.mother, P.client, P.teacher]) {
      assert.equal(await app.export('m1', account(name), 'markdown'), undefined, `${name} may not`);
    }
    assert.equal(await app.export('m1', 'U-STRANGER', 'json'), undefined);
    assert.equal(await app.export('m-guessed', account(P.social), 'json'), undefined);

    // From either meeting of the chain, both meetings, the first first.
    const file = await app.export(NEXT, account(P.social), 'markdown');
    assert.ok(file);
    assert.match(file.filename, /^toivo-export-2026-11-26\.md$/);
    const first = buildMemo(await app.meetings.events('m1')).split('\n')[0] ?? '';
    const second = buildMemo(await app.meetings.events(NEXT)).split('\n')[0] ?? '';
    assert.ok(first && file.body.startsWith(first), 'the first meeting’s memo comes first');
    assert.ok(file.body.indexOf(second) > file.body.indexOf(first), 'the follow-up’s memo after it');
    assert.match(file.body, /Jatkuu aamujen kanssa yhä/, 'what the follow-up heard is in it');
  });

  it('the JSON holds everything recorded, but no one’s feedback answer, no answering time and no chat account', async () => {
    const { app } = await chain();
    const file = await app.export('m1', account(P.social), 'json');
    assert.ok(file);
    const body = JSON.parse(file.body);
    assert.equal(body.format, 'toivo.export');
    assert.equal(body.version, 1);
    assert.deepEqual(
      body.meetings.map((m: { id: string }) => m.id),
      ['m1', NEXT],
    );
    const [m1] = body.meetings;
    const meeting = (await app.meetings.get('m1')) as Meeting;
    assert.equal(m1.clientWish, meeting.clientWish);
    // Each one's view, the client first; her wish is clientWish, not said again.
    assert.deepEqual(m1.views, [
      { participantId: 'p2', worry: 'Väsyttää koulussa' },
      { participantId: 'p3', worry: 'Aamujen kiire huolettaa', possibility: 'Herätän ajoissa' },
    ]);
    assert.deepEqual(
      m1.commitments.map((c: { what: string }) => c.what),
      meeting.commitments.map((c) => c.what),
    );
    assert.equal(m1.people.length, meeting.participants.length);
    assert.ok(m1.events.length > 50, 'the event log is in it');
    assert.ok(!m1.events.some((e: { type: string }) => e.type === 'feedback.answered'));
    // The client's comment is one of the results' comments, not tied to her.
    assert.ok(m1.feedback.comments?.includes('Tuntui, että minua kuunneltiin.'));
    const text = file.body;
    for (const score of ['"hopeful": 4', '"hopeful":4']) assert.ok(!text.includes(score), 'no single answer');
    // Every field is documented in docs/export.md, and nothing documented is missing.
    const doc = readFileSync(new URL('../../docs/export.md', import.meta.url), 'utf8');
    const documented = new Set<string>(
      [...doc.matchAll(/^\| ((?:`\w+(?:\[\])?`(?:, )?)+) \|/gm)].flatMap((row) =>
        [...(row[1] ?? '').matchAll(/`(\w+)(?:\[\])?`/g)].map((x) => x[1] ?? ''),
      ),
    );
    const fields = new Set<string>(body.meetings.flatMap((m: object) => Object.keys(m)));
    assert.deepEqual(
      [...fields].filter((f) => !documented.has(f)),
      [],
      'undocumented fields',
    );
    // Only a cancelled meeting has a reason for it.
    const always = [...documented].filter((f) => f !== 'cancelReason');
    assert.deepEqual(
      always.filter((f) => !fields.has(f)),
      [],
      'documented fields missing',
    );
    for (const a of Object.values(ACCOUNT)) assert.ok(!text.includes(a), `no chat account (${a})`);
  });

  it('who read or exported each meeting is on record: who, when and what kind, never what', async () => {
    const { app, clock } = await chain();
    clock.set('2027-01-15T09:30:00+02:00');
    assert.ok(await app.memoFor('m1', account(P.mother)));
    assert.equal(await app.memoFor('m1', 'U-STRANGER'), undefined, 'a stranger reads nothing');
    clock.set('2027-01-15T10:00:00+02:00');
    await app.export('m1', account(P.social), 'json');
    const trail = await app.access.of('m1');
    const mother = (await app.meetings.get('m1'))?.participants.find((p) => p.name === P.mother)?.id;
    const social = (await app.meetings.get('m1'))?.participants.find((p) => p.name === P.social)?.id;
    assert.deepEqual(trail, [
      { at: '2027-01-15T07:30:00.000Z', by: mother, what: 'memo' },
      { at: '2027-01-15T08:00:00.000Z', by: social, what: 'export.json' },
    ]);
    // The follow-up meeting, exported with it, has the export on its own trail.
    assert.equal((await app.access.of(NEXT)).length, 1);
    // The next export shows the client both readings, by name.
    const md = await app.export('m1', account(P.social), 'markdown', 'en');
    assert.ok(md);
    assert.match(md.body, new RegExp(`2027-01-15 07:30 UTC: ${P.mother}, read the memo`));
    assert.match(md.body, new RegExp(`2027-01-15 08:00 UTC: ${P.social}, exported it as JSON`));
  });

  it('erasing the mother takes her out of both meetings; the others’ records stay whole', async () => {
    const { app } = await chain();
    const before = (await app.meetings.get('m1')) as Meeting;
    const mother = before.participants.find((p) => p.name === P.mother);
    assert.ok(mother);
    const held = JSON.stringify([...(await app.meetings.events('m1')), ...(await app.meetings.events(NEXT))]);
    for (const there of ['U-LIISA', 'äiti', 'Aamut ovat vaikeita kotona', 'Jatkuu aamujen kanssa yhä'])
      assert.ok(held.includes(there), `the chain held "${there}" before`);
    const done = await app.erasure.person('m1', mother.id, before.convenerId);
    assert.deepEqual(
      done.map((m) => m.id),
      ['m1', NEXT],
    );
    for (const id of ['m1', NEXT]) {
      const events = await app.meetings.events(id);
      const stored = JSON.stringify(events);
      for (const gone of [
        P.mother,
        'Liisa',
        'U-LIISA',
        'äiti',
        'Aamuherätys ja yhteinen aamupala arkisin',
        'Aamut ovat vaikeita kotona',
        'Jatkuu aamujen kanssa yhä',
        'Aamujen kiire huolettaa',
        'Herätän ajoissa',
      ])
        assert.ok(!stored.includes(gone), `${id} still holds "${gone}"`);
      const m = replay(events) as Meeting;
      assert.deepEqual(m, await app.meetings.get(id), 'the state is the history’s');
      const standIn = m.participants.find((p) => p.name === t('fi', 'person.erased'));
      assert.ok(standIn, 'she stands in the records under a neutral name');
      assert.equal(standIn.chatUserId, undefined);
      assert.ok(!m.commitments.some((c) => c.ownerId === standIn.id), 'her tasks are gone');
      // The others' are whole: Jari's and Pekka's tasks, the client's wish, everyone else's names.
      for (const kept of ['Viikoittainen tapaaminen koulun jälkeen', 'Tukiopetus matematiikassa tiistaisin'])
        assert.ok(stored.includes(kept), `${id} lost "${kept}"`);
      for (const name of [P.client, P.grandfather, P.teacher, P.social, P.nurse, P.youth])
        assert.ok(
          m.participants.some((p) => p.name === name),
          `${id} lost ${name}`,
        );
      assert.equal(
        m.participants.length,
        before.participants.length,
        'nobody else went, and her place in the records stays',
      );
      // Every card still draws, for everyone, and the memo too.
      for (const viewer of m.participants)
        for (const surface of SURFACES.filter((s) =>
          ['board', 'commitments', 'invitation', 'memo'].includes(s),
        ))
          assert.doesNotThrow(() =>
            buildCard(surface, {
              locale: 'fi',
              now: '2027-01-14T15:00:00+02:00',
              meeting: m,
              viewerId: viewer.id,
            }),
          );
      assert.ok(!buildMemo(events).includes('Liisa'));
    }
    // The client's wish and view were hers to keep: they stay; the mother's view is gone.
    const after = (await app.meetings.get('m1')) as Meeting;
    assert.equal(after.clientWish, before.clientWish);
    assert.deepEqual(after.views, { p2: { worry: 'Väsyttää koulussa' } });
    // Her own overview no longer lists them; her reminders are gone from the schedule.
    assert.deepEqual(await app.meetingsFor('U-LIISA'), []);
  });

  it('erasing the client takes her wish, her comments and her name where others wrote it', async () => {
    const { app } = await chain();
    const before = (await app.meetings.get('m1')) as Meeting;
    const client = before.participants.find((p) => p.role === 'client');
    assert.ok(client);
    await app.erasure.person('m1', client.id, before.convenerId);
    const m1 = (await app.meetings.get('m1')) as Meeting;
    // Her wish is gone (the view the note-taker wrote last held it), and her view with it.
    assert.ok(!m1.clientWish);
    assert.deepEqual(Object.keys(m1.views), ['p3'], 'only the mother’s view is left');
    assert.ok(!m1.commitments.some((c) => c.confirmation?.clientComment));
    // What she added to the memo as it was reviewed with her goes; that it was reviewed with her stays.
    assert.equal(m1.memoApproval?.clientComment, undefined);
    assert.equal(m1.memoApproval?.withClient, true);
    const stored = JSON.stringify(await app.meetings.events('m1'));
    for (const gone of [
      'Aino',
      'Ainon',
      'U-AINO',
      'Ei ennen seitsemää.',
      'Tuntui, että minua kuunneltiin.',
      'Väsyttää koulussa',
      before.clientWish ?? '-',
      'Aamupalasta sovitaan vielä kotona.',
    ])
      assert.ok(!stored.includes(gone), `still holds "${gone}"`);
    // The note the nurse wrote about her keeps its sense, with a neutral name.
    assert.ok(m1.notes.some((n) => n.text.startsWith(`${t('fi', 'person.erased')} toivoo`)));
    // Her tasks with others stay theirs: the mother's morning routine is still there, without her.
    const routine = m1.commitments.find((c) => c.id === 'c1');
    assert.ok(routine && !routine.withParticipants.includes(client.id));
  });

  it('from the cards: the convener or responsible worker erases the meeting once it is over; nobody else, never before', async () => {
    await seed(fresh.app, 'feedback');
    const port = new RecordingPort();
    const app = new App(fresh.store, {
      clock: new MovableClock('2026-11-26T15:40:00+02:00'),
      log: () => undefined,
      retry: { delaysMs: [] },
    });
    app.aftercare.usePort(port);
    const press = (name: string, verb: string, fields: Record<string, string> = {}) =>
      app.interactions.handle(
        'm1',
        { verb, fields: { meetingId: 'm1', ...fields } },
        { account: account(name) },
      );
    assert.equal((await press(P.social, 'ui.erase_form')).rejection?.code, 'erase.not_over');
    // The conversation shows its cards, drawn by a click.
    const shown = await app.click(
      'm1',
      { verb: 'meeting.close', fields: { meetingId: 'm1' } },
      { account: account(P.youth) },
      port,
    );
    assert.ok(shown.handled.ok);
    assert.equal(
      (await press(P.mother, 'ui.erase_form')).rejection?.code,
      'auth.convener_or_responsible_only',
    );
    assert.equal(
      (await press(P.youth, 'ui.erase_form')).rejection?.code,
      'auth.convener_or_responsible_only',
    );
    assert.equal(
      (await press(P.mother, 'meeting.erase', { eraseWhat: 'meeting' })).rejection?.code,
      'auth.convener_or_responsible_only',
    );
    assert.ok(await app.meetings.get('m1'), 'a refused erase erases nothing');
    const form = await press(P.social, 'ui.erase_form');
    assert.ok(form.deliveries.some((d) => d.kind === 'form' && d.surface === 'erase-form'));
    assert.equal((await press(P.social, 'meeting.erase', { eraseWhat: '' })).rejection?.code, 'erase.choose');
    const social = (await app.meetings.get('m1'))?.convenerId ?? '';
    assert.equal(
      (await press(P.social, 'meeting.erase', { eraseWhat: social })).rejection?.code,
      'erase.self',
    );
    const posted = [
      ...Object.entries((await app.conversations.get('m1'))?.messages ?? {}),
      ...Object.entries((await app.conversations.get(NEXT))?.messages ?? {}),
    ].map(([surface, m]) => `update ${surface} ${m?.id}`);
    assert.ok(posted.length >= 5, posted.join(', '));
    port.calls.length = 0;
    const erased = await press(P.social, 'meeting.erase', { eraseWhat: 'meeting' });
    assert.ok(erased.ok);
    assert.equal(await app.meetings.get('m1'), undefined);
    assert.equal(await app.meetings.get(NEXT), undefined, 'its follow-up too');
    // Every card the conversation showed of either is drawn again, and says only that it was erased.
    assert.deepEqual(
      port.calls
        .filter((c) => c.startsWith('update'))
        .map((c) => c.replace(/ v\S*$/, ''))
        .sort(),
      posted.sort(),
    );
    assert.equal(await app.conversations.get('m1'), undefined);
    const notice = erased.deliveries.find((d) => d.kind === 'notice');
    assert.ok(notice && !notice.view.meeting, 'the word to the one who erased it names nothing of it');
    // The same click again (a retry) finds no meeting.
    assert.equal(
      (await press(P.social, 'meeting.erase', { eraseWhat: 'meeting' })).rejection?.code,
      'meeting.not_found',
    );
  });

  it('from the cards: export for those who hold the records, erasing a person redraws the conversation', async () => {
    const { app } = await chain();
    const press = (name: string, verb: string, fields: Record<string, string> = {}) =>
      app.interactions.handle(
        'm1',
        { verb, fields: { meetingId: 'm1', ...fields } },
        { account: account(name) },
      );
    assert.equal((await press(P.mother, 'ui.export')).rejection?.code, 'auth.record_holders_only');
    const asked = await press(P.youth, 'ui.export');
    assert.ok(
      asked.deliveries.some(
        (d) => d.kind === 'direct' && d.surface === 'export' && d.to.account === account(P.youth),
      ),
    );
    const mother = (await app.meetings.get('m1'))?.participants.find((p) => p.name === P.mother)?.id ?? '';
    const erased = await press(P.social, 'meeting.erase', { eraseWhat: mother });
    assert.ok(erased.ok, erased.rejection?.code);
    const updates = erased.deliveries.filter((d) => d.kind === 'update');
    assert.ok(updates.length > 0, 'the conversation’s cards are drawn again');
    for (const d of updates) assert.ok(!JSON.stringify(d.view.meeting).includes(P.mother));
  });

  it('a click decided just before the erasure schedules nothing after it', async () => {
    const { app } = await chain();
    const late = (await app.meetings.get('m1')) as Meeting;
    const events = await app.meetings.events('m1');
    await app.erase('m1');
    assert.equal(await fresh.store.due('reminders').size(), 0);
    assert.equal(await fresh.store.due('retention').size(), 0);
    // What the click would do next, with the state it decided on.
    await app.aftercare.changed(late, events);
    assert.equal(await fresh.store.due('reminders').size(), 0, 'no reminder of it again');
    assert.equal(await fresh.store.due('retention').size(), 0, 'no retention entry of it again');
  });
});
