/**
 * What people type never reaches Toivo's logs. The real server runs as a child process (the
 * playground, no platform credentials); a whole meeting with a marker in every field goes through
 * its HTTP API as the page sends it (Teams invokes and Slack payloads), with refused clicks whose
 * bad input carries markers too, the memo downloaded, and the clock moved so that reminders go
 * out. Then it is stopped with SIGTERM, and no marker may be in anything it printed.
 *
 * A second run keeps the store behind a proxy that is cut mid-way, so that clicks, reads and the
 * reminders' tick fail: failures are logged, and still without anything anyone typed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { followUpIdOf } from '../../src/app/followups.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import {
  type PlaygroundClient as Client,
  PlaygroundClient,
  startProxy,
  startToivo,
} from '../support/toivo-process.js';

/** A date in Helsinki `days` from now, as a date input gives it. */
const dayIn = (days: number): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));

const MINUTES_A_DAY = 24 * 60;

/** Markers of one run: `MRK-label-nonce`, ASCII only. */
function markers() {
  const nonce = randomBytes(4).toString('hex');
  const all: string[] = [];
  const mark = (label: string): string => {
    const text = `MRK-${label}-${nonce}`;
    all.push(text);
    return text;
  };
  return { all, mark };
}
type Mark = (label: string) => string;

/** Whom the card that asks first names, as its button carries them. */
const withoutOn = (answer: unknown): string => {
  const without = /"without":"([^"]*)"/.exec(JSON.stringify(answer))?.[1];
  assert.ok(without, 'a card asks first, naming whom the step leaves out');
  return without;
};

/** The page's clicks, as it sends them. */
function pageOf(client: Client) {
  const invoke = (
    meeting: string | null,
    as: string | null,
    verb: string,
    data: Record<string, unknown> = {},
  ) =>
    client.post('/api/teams', {
      kind: 'invoke',
      meeting,
      as,
      locale: 'fi',
      value: {
        action: { type: 'Action.Execute', verb, data: meeting ? { meetingId: meeting, ...data } : data },
      },
    });
  const act = async (meeting: string, as: string, verb: string, data: Record<string, unknown> = {}) => {
    const answer = await invoke(meeting, as, verb, data);
    assert.equal(
      answer.json.ok,
      true,
      `${verb} as ${as}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`,
    );
    return answer;
  };
  const refused = async (
    answer: Promise<{ status: number; json: Record<string, unknown> }>,
    what: string,
  ) => {
    const { status, json } = await answer;
    assert.ok(
      status !== 200 || json.ok === false,
      `${what} was not refused: ${status} ${JSON.stringify(json).slice(0, 200)}`,
    );
  };
  /** The chair gives the floor round the room and ends each turn, until everyone has been heard. */
  const hearEveryone = async (meeting: string, chair: string) => {
    for (let turn = 0; turn < 20; turn++) {
      if ((await invoke(meeting, chair, 'floor.next')).json.ok !== true) return;
      await act(meeting, chair, 'turn.end');
    }
    assert.fail('the round did not end');
  };
  return { invoke, act, refused, hearEveryone };
}

/** The invitation form, filled in with markers. */
const invitationOf = (mark: Mark, topics: readonly string[]) => ({
  purpose: `Ainon koulunkäynnin tukeminen ${mark('purpose')}`,
  topics: topics.join('\n'),
  date: dayIn(2),
  time: '14:00',
  durationMinutes: '90',
  place: `Koulun neuvotteluhuone ${mark('place')}`,
  onlineUrl: `https://meet.example.org/${mark('online-url')}`,
  meetingLocale: 'fi',
  convenerName: `Sanna ${mark('name-convener')}`,
  convenerOrganisation: `Lastensuojelu ${mark('organisation-convener')}`,
  clientName: `Aino ${mark('name-client')}`,
  clientAccount: 'yes',
  invitee1Name: `Liisa ${mark('name-mother')}`,
  invitee1Role: 'close',
  invitee1Relation: `äiti ${mark('relation-mother')}`,
  invitee1Account: 'yes',
  invitee2Name: `Matti ${mark('name-grandfather')}`,
  invitee2Role: 'close',
  invitee2Relation: `isoisä ${mark('relation-grandfather')}`,
  invitee2Account: 'no',
  invitee3Name: `Pekka ${mark('name-teacher')}`,
  invitee3Role: 'worker',
  invitee3Relation: `opettaja ${mark('relation-teacher')}`,
  invitee3Organisation: `Kuusikon koulu ${mark('organisation-teacher')}`,
  invitee3Account: 'yes',
  invitee4Name: `Hanna ${mark('name-nurse')}`,
  invitee4Role: 'worker',
  invitee4Relation: `terveydenhoitaja ${mark('relation-nurse')}`,
  invitee4Organisation: `Kouluterveydenhuolto ${mark('organisation-nurse')}`,
  invitee4Account: 'yes',
});

/**
 * Participant ids are given in the form's order: the convener p1, the client p2, then the invitees.
 * The grandfather (p4) has no account, so the page does not offer him; the rest it does.
 */
const P = { convener: 'p1', client: 'p2', mother: 'p3', grandfather: 'p4', teacher: 'p5', nurse: 'p6' };

/** A new meeting from the form, after two refused ones; gives its id. */
async function invite(client: Client, mark: Mark): Promise<{ id: string; topics: string[] }> {
  const page = pageOf(client);
  const topics = [`Koulupoissaolot ${mark('topic-1')}`, `Arjen rytmi ${mark('topic-2')}`];
  const invitation = invitationOf(mark, topics);
  await page.refused(
    page.invoke(null, null, 'meeting.create', {
      ...invitation,
      onlineUrl: `ei linkki ${mark('refused-url')}`,
    }),
    'an invitation with a link that is not one',
  );
  await page.refused(
    page.invoke(null, null, 'meeting.create', {
      ...invitation,
      date: dayIn(-20),
      place: mark('refused-place'),
    }),
    'an invitation in the past',
  );
  const created = await page.invoke(null, null, 'meeting.create', invitation);
  assert.equal(created.json.ok, true, JSON.stringify(created.json).slice(0, 300));
  const id = created.json.meeting as string;
  const state = await client.get(`/api/state?meeting=${encodeURIComponent(id)}`);
  assert.equal(state.status, 200, state.text.slice(0, 200));
  const people = (state.json.people as { id: string; name: string }[]).map(
    (p) => `${p.id} ${p.name.split(' ')[0]}`,
  );
  assert.deepEqual(people, ['p1 Sanna', 'p2 Aino', 'p3 Liisa', 'p5 Pekka', 'p6 Hanna']);
  return { id, topics };
}

/** The whole meeting, from the invitation to the reminders after it; gives its id. */
async function wholeMeeting(client: Client, mark: Mark): Promise<string> {
  const page = pageOf(client);
  const { act, invoke, refused, hearEveryone } = page;
  await client.get('/');
  const { id, topics } = await invite(client, mark);
  await act(id, P.convener, 'meeting.start', { presentIds: Object.values(P).join(',') });
  await act(id, P.convener, 'note.add', { noteText: `Avaus ${mark('note-opening')}` });
  await hearEveryone(id, P.convener);
  await act(id, P.convener, 'phase.next');
  await act(id, P.convener, 'chair.assign', { newChairId: P.teacher });
  await act(id, P.teacher, 'notetaker.assign', { newNoteTakerId: P.nurse });
  await act(id, P.teacher, 'phase.next');

  // Why we are here: the wish, a note from Slack's modal, and the round skipped with a reason.
  await act(id, P.client, 'wish.record', { wishText: `Haluan jaksaa ${mark('wish')}` });
  const slackNote = await client.post('/api/slack', {
    meeting: id,
    as: P.nurse,
    locale: 'fi',
    payload: {
      type: 'view_submission',
      view: {
        private_metadata: JSON.stringify({ verb: 'note.add', data: { meetingId: id } }),
        state: {
          values: { note: { noteText: { type: 'plain_text_input', value: `Aamut ${mark('note-slack')}` } } },
        },
      },
    },
  });
  assert.equal(slackNote.json.ok, true, JSON.stringify(slackNote.json).slice(0, 300));
  // Some are not heard yet: the card that asks first opens, and its button carries whom it names.
  const skipAsked = await act(id, P.teacher, 'ui.confirm_form', { phase: 'why' });
  await act(id, P.teacher, 'phase.skip', {
    skipReason: `Aika loppuu ${mark('skip-reason')}`,
    without: withoutOn(skipAsked.json),
  });

  // Discussion, with everything a page (or someone at its console) can send wrong.
  await hearEveryone(id, P.teacher);
  await act(id, P.nurse, 'note.add', {
    noteText: `Nukkuminen ${mark('note-discussion')}`,
    noteTopic: topics[1],
  });
  await act(id, P.nurse, 'commitment.add', {
    what: `Yhteinen aamupala ${mark('what-mother')}`,
    ownerId: P.mother,
    due: dayIn(5),
    withParticipants: P.client,
    withOthers: `Naapuri ${mark('with-others')}`,
  });
  await act(id, P.nurse, 'commitment.add', {
    what: `Tukiopetus ${mark('what-teacher')}`,
    ownerId: P.teacher,
    due: dayIn(3),
  });
  await refused(
    invoke(id, P.nurse, 'commitment.add', {
      what: `Myöhässä ${mark('refused-what')}`,
      ownerId: P.client,
      due: dayIn(-3),
    }),
    'a commitment due in the past',
  );
  await refused(
    invoke(id, P.nurse, 'note.add', { noteText: `${mark('refused-long-note')} ${'x'.repeat(5100)}` }),
    'a note too long',
  );
  await refused(
    invoke(id, P.nurse, 'note.add', {
      noteText: mark('refused-topic-note'),
      noteTopic: mark('refused-topic'),
    }),
    'a note under a topic the meeting does not have',
  );
  await refused(
    invoke(id, P.client, 'note.add', { noteText: mark('refused-client-note') }),
    'a note by the client',
  );
  await refused(
    invoke(id, P.teacher, mark('refused-verb'), { text: mark('refused-verb-field') }),
    'an unknown verb',
  );
  await refused(
    invoke(id, P.teacher, 'floor.give', { floorTo: mark('refused-floor-to') }),
    'the floor to nobody',
  );
  await refused(invoke(id, mark('refused-as'), 'floor.request'), 'someone not in the meeting');
  await refused(
    client.post('/api/teams', undefined, `{"meeting": "${id}", "value": "${mark('refused-not-json')}`),
    'a body that is not JSON',
  );
  await refused(
    client.post('/api/slack', {
      meeting: id,
      as: P.nurse,
      payload: { type: 'block_actions', actions: mark('refused-slack') },
    }),
    'a malformed Slack payload',
  );
  await refused(
    client.post('/api/slack', {
      meeting: id,
      as: P.nurse,
      payload: {
        type: 'view_submission',
        view: { private_metadata: `{${mark('refused-metadata')}`, state: {} },
      },
    }),
    'a Slack modal whose metadata is not JSON',
  );
  await act(id, P.teacher, 'phase.next');

  // Summary, follow-up, feedback; the meeting closes and its follow-up meeting is made.
  await act(id, P.client, 'commitment.confirm', {
    commitmentId: 'c1',
    'clientComment-c1': `Ei ennen seitsemää ${mark('client-comment')}`,
  });
  await act(id, P.client, 'commitment.confirm', { commitmentId: 'c2' });
  await act(id, P.teacher, 'phase.next');
  await act(id, P.teacher, 'responsible.assign', { responsibleId: P.convener });
  await act(id, P.teacher, 'followup.agree', {
    followupDate: dayIn(30),
    followupTime: '14:00',
    followupPlace: `Nuorisotalo ${mark('followup-place')}`,
  });
  await act(id, P.client, 'followup.confirm', { followupComment: `Sopii ${mark('followup-comment')}` });
  await act(id, P.teacher, 'phase.next');
  const scores = { hopeful: '4', trusting: '4', clearer: '5' };
  await act(id, P.client, 'feedback.answer', {
    ...scores,
    comment: `Minua kuunneltiin ${mark('feedback-client')}`,
  });
  await act(id, P.mother, 'feedback.answer', { ...scores, comment: `Hyvä ${mark('feedback-mother')}` });
  await act(id, P.nurse, 'feedback.answer', {
    ...scores,
    comment: `Toivoa on ${mark('feedback-grandfather')}`,
    behalf: 'true',
    onBehalfOf: P.grandfather,
  });
  const closeAsked = await act(id, P.teacher, 'ui.confirm_form', { phase: 'feedback' });
  await act(id, P.teacher, 'meeting.close', { without: withoutOn(closeAsked.json) });
  // The memo is reviewed: the client approves it, with a word of their own; then it goes to everyone.
  await act(id, P.client, 'memo.approve', { memoComment: `Hyvä muistio ${mark('memo-comment')}` });

  // The memo, downloaded; and one of a meeting that is not there.
  const memo = await client.get(`/api/memo?meeting=${encodeURIComponent(id)}`);
  assert.equal(memo.status, 200, memo.text.slice(0, 200));
  assert.ok(memo.text.includes('MRK-purpose-'), 'the memo is the meeting’s');
  assert.equal((await client.get(`/api/memo?meeting=${mark('refused-memo')}`)).status, 404);
  assert.equal((await client.get(`/api/state?meeting=${mark('refused-state')}`)).status, 404);

  // Days pass: reminders go out; people say how their commitments stand.
  await client.post('/api/clock', { minutes: 1 * MINUTES_A_DAY });
  await act(id, P.mother, 'commitment.status', {
    commitmentId: 'c1',
    status: 'needs_help',
    statusNote: `En jaksa ${mark('status-note-mother')}`,
  });
  await act(id, P.teacher, 'commitment.status', {
    commitmentId: 'c2',
    status: 'postponed',
    newDue: dayIn(20),
    statusNote: `Sairasloma ${mark('status-note-teacher')}`,
  });
  for (const days of [2, 3, 7]) await client.post('/api/clock', { minutes: days * MINUTES_A_DAY });
  const direct = async (as: string) =>
    (
      (await client.get(`/api/state?meeting=${encodeURIComponent(id)}&as=${as}`)).json.direct as {
        surface: string;
      }[]
    ).map((d) => d.surface);
  const sent = [...(await direct(P.mother)), ...(await direct(P.teacher)), ...(await direct(P.convener))];
  assert.ok(
    sent.some((s) => s === 'reminder' || s === 'digest'),
    `reminders went out: ${sent.join(', ')}`,
  );
  // The follow-up meeting's board, seen where the first one lives.
  const next = await client.get(`/api/state?meeting=${encodeURIComponent(followUpIdOf(id))}`);
  assert.equal(next.status, 200, 'the follow-up meeting was made');
  return id;
}

/** The lines of `output` that hold any of `markers`, each with the markers in it. */
const leaks = (output: string, markers: readonly string[]): string[] =>
  output.split('\n').flatMap((line) => {
    const found = markers.filter((m) => line.includes(m));
    return found.length > 0 ? [`${found.join(', ')} in: ${line.slice(0, 300)}`] : [];
  });

describe('the logs of a running Toivo', function () {
  this.timeout(60_000);

  it('a whole meeting in the playground, refused clicks, the memo and reminders: no marker is printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toivo-logs-'));
    const { all, mark } = markers();
    const toivo = await startToivo({ STORE_URL: `sqlite://${join(dir, 'data', 'toivo.sqlite')}` });
    try {
      await wholeMeeting(new PlaygroundClient(toivo.url), mark);
    } finally {
      const end = await toivo.stop();
      const { stdout, stderr } = toivo.output();
      rmSync(dir, { recursive: true, force: true });
      assert.deepEqual(leaks(`${stdout}\n${stderr}`, all), [], 'what people typed reached the log');
      assert.deepEqual(
        end,
        { code: 0, signal: null, killed: false },
        `it stops cleanly:\n${stdout}\n${stderr}`,
      );
    }
  });

  describe('with the store failing mid-way (PostgreSQL behind a proxy that is cut)', () => {
    const database = `toivo_logs_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = () => new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });

    before(async function () {
      await requireService(this, 'PostgreSQL', probePostgres);
      const client = admin();
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${database}`);
      } finally {
        await client.end();
      }
    });

    after(async () => {
      const client = admin();
      await client.connect().catch(() => undefined);
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await client.end().catch(() => undefined);
    });

    it('clicks, reads and the reminders’ tick fail and are logged, without anything anyone typed', async () => {
      const { all, mark } = markers();
      const target = new URL(POSTGRES_URL);
      const proxy = await startProxy(Number(target.port || 5432), target.hostname);
      const url = new URL(POSTGRES_URL);
      url.port = String(proxy.port);
      url.pathname = `/${database}`;
      const toivo = await startToivo({ STORE_URL: url.href });
      let failures: number[] = [];
      let crashed: ReturnType<typeof toivo.ended>;
      try {
        const client = new PlaygroundClient(toivo.url);
        const { act, invoke } = pageOf(client);
        await client.get('/');
        const { id } = await invite(client, mark);
        await act(id, P.convener, 'meeting.start', { presentIds: Object.values(P).join(',') });
        await act(id, P.convener, 'note.add', { noteText: `Avaus ${mark('note-before-cut')}` });
        proxy.cut();
        // A request the server does not answer at all counts as failed too (status 0).
        const status = (answer: Promise<{ status: number }>) => answer.then((a) => a.status).catch(() => 0);
        failures = [
          await status(invoke(id, P.convener, 'note.add', { noteText: `Katkos ${mark('note-after-cut')}` })),
          await status(invoke(id, P.client, 'wish.record', { wishText: `Toive ${mark('wish-after-cut')}` })),
          await status(invoke(null, null, 'meeting.create', invitationOf(mark, [mark('topic-after-cut')]))),
          await status(client.get(`/api/state?meeting=${encodeURIComponent(id)}&as=${P.client}`)),
          await status(client.get(`/api/memo?meeting=${encodeURIComponent(id)}`)),
          await status(client.post('/api/clock', { minutes: 3 * MINUTES_A_DAY })),
        ];
        // The pool's idle connections are found lost, and the minute's tick may run.
        await new Promise((done) => setTimeout(done, 1_500));
      } finally {
        crashed = toivo.ended();
        await toivo.stop();
        await proxy.close();
      }
      const { stdout, stderr } = toivo.output();
      assert.ok(
        failures.some((status) => status >= 500),
        `the store's failure reached the requests (${failures.join(', ')})`,
      );
      assert.match(
        `${stdout}\n${stderr}`,
        /request failed|connection lost|failed/,
        'the failures were logged',
      );
      assert.deepEqual(leaks(`${stdout}\n${stderr}`, all), [], 'what people typed reached the log');
      assert.equal(crashed, undefined, `it kept running while its store failed:\n${stdout}\n${stderr}`);
    });
  });
});
