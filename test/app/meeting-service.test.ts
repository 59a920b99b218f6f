/** The app layer over a real store: versioned saves, retries, restarts, many clicks at once. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { MeetingService } from '../../src/app/meeting-service.js';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import { type Command, type Event, replay } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { probePostgres, requireService, twoInstancesOnPostgres } from '../store/services.js';
import { PEOPLE as P, realisticMeeting } from '../support/realistic-meeting.js';

const fixedClock = (iso: string) => ({ now: () => new Date(iso) });
const MEETING_TIME = '2026-11-26T15:00:00+02:00';

/** A store holding the realistic meeting at the start of the discussion. */
async function seeded(store: EventStore<Event>, id: string) {
  const d = realisticMeeting('why');
  d.do(P.youth, { type: 'phase.next' });
  const events = d.events.map((e) => (e.type === 'meeting.created' ? { ...e, meetingId: id } : e));
  assert.ok((await store.append(id, 0, events)).ok);
  return d;
}

/** 60 notes, 30 raised hands from 6 people, 10 turn passes: 100 commands to one meeting. */
function hundredCommands(d: ReturnType<typeof realisticMeeting>): { actor: string; command: Command }[] {
  const notes = Array.from({ length: 60 }, (_, i) => ({
    actor: d.id(P.nurse),
    command: { type: 'note.add', text: `Muistiinpano ${i}` } as Command,
  }));
  const hands = [P.mother, P.grandfather, P.teacher, P.social, P.nurse, P.client].flatMap((name) =>
    Array.from({ length: 5 }, () => ({
      actor: d.id(P.nurse),
      command: {
        type: 'floor.request',
        ...(name === P.grandfather ? { onBehalfOf: d.id(name) } : {}),
      } as Command,
    })).map((c) => (name === P.grandfather ? c : { ...c, actor: d.id(name) })),
  );
  const passes = Array.from({ length: 10 }, () => ({
    actor: d.id(P.client),
    command: { type: 'turn.pass' } as Command,
  }));
  return [...notes, ...hands, ...passes];
}

async function assertNothingLost(
  service: MeetingService,
  id: string,
  before: number,
  outcomes: Awaited<ReturnType<MeetingService['dispatch']>>[],
) {
  const events = await service.events(id);
  const accepted = outcomes.filter((o) => o.ok);
  const added = accepted.reduce((n, o) => n + (o.ok ? o.events.length : 0), 0);
  assert.equal(events.length, before + added, 'every accepted event is stored, and nothing else');
  for (const o of outcomes) if (!o.ok) assert.ok(o.message.length > 0 && !o.message.includes('{'));
  const m = replay(events);
  assert.equal(m?.notes.length, 1 + 60, 'all 60 notes landed (one was there before)');
  assert.equal(m?.hands.length, 6, 'each raised hand once');
  assert.equal(m?.rounds.at(-1)?.turns.length, 1, 'the client passed once');
  return accepted.length;
}

describe('the meeting service on an SQLite file', () => {
  let dir: string;
  let store: EventStore<Event>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-service-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('100 commands sent at once to one meeting are each applied or cleanly rejected, none lost', async () => {
    const d = await seeded(store, 'm1');
    const service = new MeetingService(store, fixedClock(MEETING_TIME));
    const outcomes = await Promise.all(
      hundredCommands(d).map(({ actor, command }) => service.dispatch('m1', command, { actor })),
    );
    const accepted = await assertNothingLost(service, 'm1', d.events.length, outcomes);
    assert.equal(accepted, 60 + 6 + 1);
    const reasons = new Set(outcomes.flatMap((o) => (o.ok ? [] : [o.rejection.code])));
    assert.deepEqual([...reasons].sort(), ['floor.already_requested', 'turn.already_heard']);
  });

  it('a rejection answers in the meeting’s language and changes nothing', async () => {
    const d = await seeded(store, 'm1');
    const service = new MeetingService(store, fixedClock(MEETING_TIME));
    const outcome = await service.dispatch('m1', { type: 'phase.next' }, { actor: d.id(P.teacher) });
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.message.includes('puheenjohtaja'), 'a Finnish answer');
    assert.equal((await service.events('m1')).length, d.events.length);
  });

  it('a retried command (same platform id) is applied once', async () => {
    const d = await seeded(store, 'm1');
    const service = new MeetingService(store, fixedClock(MEETING_TIME));
    const first = await service.dispatch(
      'm1',
      { type: 'note.add', text: 'Kerran' },
      { actor: d.id(P.nurse), commandId: 'activity-1' },
    );
    const retry = await service.dispatch(
      'm1',
      { type: 'note.add', text: 'Kerran' },
      { actor: d.id(P.nurse), commandId: 'activity-1' },
    );
    assert.ok(first.ok && !first.duplicate);
    assert.ok(retry.ok && retry.duplicate && retry.events.length === 0);
    assert.equal((await service.get('m1'))?.notes.filter((n) => n.text === 'Kerran').length, 1);
  });

  it('a refused command is remembered: its retry is refused the same way, even once it would now be accepted', async () => {
    const d = await seeded(store, 'm1');
    const service = new MeetingService(store, fixedClock(MEETING_TIME));
    // The discussion's round goes client first: the chair gives the floor to the mother before that.
    const give = { type: 'floor.give', participantId: d.id(P.mother) } as const;
    const first = await service.dispatch('m1', give, { actor: d.id(P.youth), commandId: 'activity-7' });
    assert.ok(!first.ok && first.rejection.code === 'turn.client_first', JSON.stringify(first));
    // The client speaks; the same command now would be accepted...
    assert.ok((await service.dispatch('m1', { type: 'floor.next' }, { actor: d.id(P.youth) })).ok);
    assert.ok((await service.dispatch('m1', { type: 'turn.end' }, { actor: d.id(P.client) })).ok);
    const events = await service.events('m1');
    // ...but its retry, late, is not: it is answered as it was the first time, and nothing is saved.
    const retry = await service.dispatch('m1', give, { actor: d.id(P.youth), commandId: 'activity-7' });
    assert.ok(!retry.ok && retry.rejection.code === 'turn.client_first');
    assert.deepEqual(await service.events('m1'), events);
    // A new click of the same is another command, and is taken.
    assert.ok((await service.dispatch('m1', give, { actor: d.id(P.youth), commandId: 'activity-8' })).ok);
  });

  it('a retried invitation form creates one meeting', async () => {
    const d = realisticMeeting('invited');
    const create = d.events[0] as Extract<Event, { type: 'meeting.created' }>;
    const command = {
      type: 'meeting.create',
      invitation: create.invitation,
      convener: create.participants[0],
      invitees: create.participants.slice(1),
    } as Extract<Command, { type: 'meeting.create' }>;
    const service = new MeetingService(store, fixedClock('2026-11-23T09:00:00+02:00'));
    const a = await service.create(command, { commandId: 'view-42' });
    const b = await service.create(command, { commandId: 'view-42' });
    assert.ok(a.ok && b.ok && b.duplicate);
    assert.equal(a.meeting.id, b.meeting.id);
    // The id cannot be worked out from the click's id, which is no secret: another Toivo (another
    // store, another key) gives the same click another id, and the id is no plain hash of it.
    const other = join(dir, 'other.sqlite');
    const elsewhere = await openEventStore<Event>({ url: `sqlite://${other}` });
    try {
      const there = await new MeetingService(elsewhere).newMeetingId('view-42');
      assert.notEqual(there, a.meeting.id);
      for (const hash of ['sha256', 'sha1', 'md5']) {
        for (const encoding of ['hex', 'base64url'] as const) {
          const plain = createHash(hash).update('view-42').digest(encoding);
          assert.ok(!a.meeting.id.includes(plain.slice(0, 12)), `not a ${hash} of the click's id`);
        }
      }
      // Restarted, the same store gives the same id, so a retry after a restart still finds the meeting.
      await store.close();
      store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
      assert.equal(await new MeetingService(store).newMeetingId('view-42'), a.meeting.id);
      const random = new MeetingService(store);
      assert.notEqual(await random.newMeetingId(undefined), await random.newMeetingId(undefined));
    } finally {
      await elsewhere.close();
    }
  });

  it('stamps events with the system clock and judges due dates in the meeting’s time zone', async () => {
    const d = await seeded(store, 'm1');
    // 23:30 in UTC on 30 November is already 1 December in Helsinki.
    const clock = sinon.useFakeTimers({ now: Date.parse('2026-11-30T23:30:00Z'), toFake: ['Date'] });
    try {
      const service = new MeetingService(store);
      const add = (due: string) =>
        service.dispatch(
          'm1',
          { type: 'commitment.add', what: 'Soittaa', ownerId: d.id(P.nurse), due },
          { actor: d.id(P.nurse) },
        );
      const late = await add('2026-11-30');
      assert.ok(!late.ok && late.rejection.code === 'input.date_in_past');
      const today = await add('2026-12-01');
      assert.ok(today.ok);
      assert.equal(today.events[0]?.at, '2026-11-30T23:30:00.000Z');
    } finally {
      clock.restore();
    }
  });

  it('everything agreed survives a restart', async () => {
    const d = realisticMeeting('closed');
    assert.ok((await store.append('m1', 0, d.events)).ok);
    const memo = buildMemo(await new MeetingService(store).events('m1'));
    await store.close();
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    const reopened = new MeetingService(store);
    assert.equal(buildMemo(await reopened.events('m1')), memo);
    assert.equal((await reopened.get('m1'))?.commitments.length, 3);
  });
});

describe('the meeting service on PostgreSQL shared by two bot instances', () => {
  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
  });

  it('100 commands split over two instances are each applied or cleanly rejected, none lost', async () => {
    await twoInstancesOnPostgres(async (a, b) => {
      const d = await seeded(a, 'm1');
      const one = new MeetingService(a, fixedClock(MEETING_TIME));
      const two = new MeetingService(b, fixedClock(MEETING_TIME));
      const outcomes = await Promise.all(
        hundredCommands(d).map(({ actor, command }, i) =>
          (i % 2 ? one : two).dispatch('m1', command, { actor }),
        ),
      );
      assert.equal(await assertNothingLost(one, 'm1', d.events.length, outcomes), 67);
      await a.erase('m1');
    });
  });
});

describe('two bot instances clicking in turn on one meeting', function () {
  this.timeout(30_000);

  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
  });

  it('each sees the other’s clicks, and a history rewritten on one is never mixed with what the other held', async () => {
    await twoInstancesOnPostgres(async (storeA, storeB) => {
      const clock = fixedClock(MEETING_TIME);
      const a = new MeetingService(storeA, clock);
      const b = new MeetingService(storeB, clock);
      const id = `m-instances-${Date.now()}`;
      const d = await seeded(storeA, id);
      const note = (service: MeetingService, text: string) =>
        service.dispatch(id, { type: 'note.add', text }, { actor: d.id(P.nurse) });
      const seededNotes = (await a.get(id))?.notes.length ?? 0;
      const texts = async (service: MeetingService) =>
        (await service.get(id))?.notes.slice(seededNotes).map((n) => n.text);

      assert.ok((await note(a, 'Ensimmäinen')).ok);
      assert.ok((await note(b, 'Toinen: Ainon asia')).ok);
      assert.ok((await note(a, 'Kolmas')).ok);
      assert.deepEqual(await texts(b), ['Ensimmäinen', 'Toinen: Ainon asia', 'Kolmas']);
      assert.ok((await note(b, 'Neljäs')).ok);
      assert.deepEqual(await texts(a), ['Ensimmäinen', 'Toinen: Ainon asia', 'Kolmas', 'Neljäs']);

      // B rewrites the history (as an erasure does): the second note's words go, and the stream grows.
      await b.rewrite(id, (events) => {
        const kept = events.map((e) =>
          e.type === 'note.added' && e.text.startsWith('Toinen') ? { ...e, text: 'Poistettu' } : e,
        );
        const last = kept.findLast((e) => e.type === 'note.added');
        return last ? [...kept, { ...last, noteId: `${last.noteId}-again`, text: 'Viides' }] : kept;
      });
      const seenByA = await texts(a);
      assert.deepEqual(seenByA, ['Ensimmäinen', 'Poistettu', 'Kolmas', 'Neljäs', 'Viides']);
      assert.ok((await note(a, 'Kuudes')).ok);
      assert.deepEqual((await texts(b))?.at(-1), 'Kuudes');
      assert.ok(!JSON.stringify(await a.get(id)).includes('Ainon asia'), 'the erased words are gone from A');
    });
  });
});
