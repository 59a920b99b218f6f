/**
 * What the playground takes at its door: only its own page's requests (its own Host, its own
 * Origin, JSON), the clock moved forward within sane bounds, and ids, people and languages that
 * are well-formed; anything else gets a clear answer, the same as for a meeting that does not
 * exist where it is about one, and changes nothing. On SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Locale } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { VERBS } from '../../src/cards/verbs.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import type { Event } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import { type Answer, assertClear, changed, send, snapshot, type Wire } from './fuzz-support.js';
import { invitationFields } from './playground-browser.js';

const NOW = Date.parse('2026-11-23T09:00:00+02:00');
const YEAR = 366 * 24 * 60;

// biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON loosely, as the page does
type Json = Record<string, any>;

const BACKENDS = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'toivo-doors-'));
      const store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
      return { store, done: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    probe: probePostgres,
    open: async () => {
      const store = await openEventStore<Event>({
        url: POSTGRES_URL,
        namespace: `toivo-doors-${randomUUID()}`,
      });
      return { store, done: () => undefined };
    },
  },
];

for (const backend of BACKENDS)
  describe(`the playground's door (${backend.name})`, function () {
    this.timeout(30_000);
    let store: EventStore<Event>;
    let done: () => void;
    let clock: SimulatedClock;
    let running: Running;
    let agent: Agent;
    let own: URL;
    let cookie = '';
    /** A meeting opened from this browser, and its people's ids. */
    let meeting = '';
    let people: string[] = [];

    const page = (): Record<string, string> => ({
      origin: running.url,
      'content-type': 'application/json',
      cookie,
    });
    const wire = (method: string, path: string, headers: Record<string, string>, body?: unknown): Wire => ({
      method,
      path,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const call = (w: Wire) => send(running.url, w, agent);
    const json = (a: Answer): Json => JSON.parse(a.text) as Json;
    const invoke = (m: string | null, as: string | null, verb: string, data: Json = {}) => ({
      kind: 'invoke',
      value: { action: { type: 'Action.Execute', verb, data } },
      meeting: m,
      as,
      locale: 'fi',
    });

    before(async function () {
      if (backend.probe) await requireService(this, backend.name, backend.probe);
      ({ store, done } = await backend.open());
      clock = new SimulatedClock(() => NOW);
      running = await startServer({ port: 0, host: '127.0.0.1' }, [
        playground(new App(store, { clock }), clock),
      ]);
      own = new URL(running.url);
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const first = await call(wire('GET', '/', {}));
      cookie = String(first.headers['set-cookie']?.[0]).split(';')[0] ?? '';
      const made = json(
        await call(
          wire('POST', '/api/teams', page(), invoke(null, null, 'meeting.create', invitationFields())),
        ),
      );
      assert.equal(made.ok, true, JSON.stringify(made));
      meeting = made.meeting;
      people = json(await call(wire('GET', `/api/state?meeting=${meeting}`, { cookie }))).people.map(
        (p: Json) => p.id,
      );
    });

    after(async () => {
      agent?.destroy();
      await running?.close();
      if (store) {
        for (const id of await store.streamIds()) await store.erase(id);
        await store.close();
      }
      done?.();
    });

    /** Runs `request`, and checks that it changed no meeting and did not move the clock. */
    async function unchanged(request: () => Promise<Answer>): Promise<Answer> {
      const before = await snapshot(store);
      const time = clock.now().getTime();
      const answer = await request();
      assert.deepEqual(changed(before, await snapshot(store)), [], 'no meeting changed, none made');
      assert.equal(clock.now().getTime(), time, 'the clock did not move');
      return answer;
    }

    describe('only its own page', () => {
      const start = () =>
        invoke(meeting, people[0] ?? null, 'meeting.start', {
          meetingId: meeting,
          presentIds: people.join(','),
        });

      it('a form posted as text/plain from another page: 415, saying why, nothing changed', async () => {
        const answer = await unchanged(() =>
          call(
            wire(
              'POST',
              '/api/teams',
              { ...page(), origin: 'http://evil.example', 'content-type': 'text/plain' },
              start(),
            ),
          ),
        );
        assert.equal(answer.status, 403, 'another origin is refused first');
        const plain = await unchanged(() =>
          call(
            wire('POST', '/api/teams', { ...page(), 'content-type': 'text/plain;charset=UTF-8' }, start()),
          ),
        );
        assert.equal(plain.status, 415);
        assert.deepEqual(json(plain), { ok: false, error: t('fi', 'playground.wrong_content_type') });
        for (const type of [
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonx',
        ])
          assert.equal(
            (
              await unchanged(() =>
                call(wire('POST', '/api/teams', { ...page(), 'content-type': type }, start())),
              )
            ).status,
            415,
            type,
          );
        const none = { ...page() };
        delete none['content-type'];
        assert.equal((await unchanged(() => call(wire('POST', '/api/teams', none, start())))).status, 415);
      });

      it('a POST from another origin, or saying none: 403, saying why, nothing changed', async () => {
        for (const origin of [
          'http://evil.example',
          'null',
          `https://${own.host}`,
          `http://${own.host}.evil.example`,
          'http://localhost:1',
        ]) {
          const answer = await unchanged(() =>
            call(wire('POST', '/api/teams', { ...page(), origin }, start())),
          );
          assert.equal(answer.status, 403, origin);
          assert.deepEqual(json(answer), { ok: false, error: t('fi', 'playground.wrong_origin') });
        }
        const none = { ...page() };
        delete none.origin;
        assert.equal((await unchanged(() => call(wire('POST', '/api/teams', none, start())))).status, 403);
        // A new meeting, the clock, a Slack click: none from elsewhere.
        const elsewhere = { ...page(), origin: 'http://evil.example' };
        for (const [path, body] of [
          ['/api/teams', invoke(null, null, 'meeting.create', invitationFields())],
          ['/api/clock', { minutes: 60 }],
          ['/api/slack', { meeting, as: people[0], payload: { type: 'block_actions', actions: [] } }],
        ] as const)
          assert.equal((await unchanged(() => call(wire('POST', path, elsewhere, body)))).status, 403, path);
      });

      it('a name that is not its own address (DNS rebinding): 403 for the API and the page, saying why', async () => {
        for (const host of [
          'evil.example',
          `evil.example:${own.port}`,
          `127.0.0.1:${Number(own.port) + 1}`,
          `localhost.evil.example:${own.port}`,
        ]) {
          const post = await unchanged(() =>
            call(wire('POST', '/api/teams', { ...page(), host, origin: `http://${host}` }, start())),
          );
          assert.equal(post.status, 403, host);
          assert.deepEqual(json(post), { ok: false, error: t('fi', 'playground.wrong_host') });
          const state = await call(wire('GET', `/api/state?meeting=${meeting}&locale=en`, { host, cookie }));
          assert.equal(state.status, 403, host);
          assert.deepEqual(json(state), { ok: false, error: t('en', 'playground.wrong_host') });
          assert.equal((await call(wire('GET', '/', { host }))).status, 403, host);
          assert.equal(
            (await call(wire('GET', `/api/memo?meeting=${meeting}`, { host, cookie }))).status,
            403,
            host,
          );
        }
      });

      it('a GET with another origin is refused; the page’s own GETs and POSTs, by any of its names, are served', async () => {
        const foreign = await call(
          wire('GET', `/api/state?meeting=${meeting}`, { cookie, origin: 'http://evil.example' }),
        );
        assert.equal(foreign.status, 403);
        assertClear(foreign, 'a foreign GET');
        assert.equal((await call(wire('GET', `/api/state?meeting=${meeting}`, { cookie }))).status, 200);
        assert.equal(
          (await call(wire('GET', `/api/state?meeting=${meeting}`, { cookie, origin: running.url }))).status,
          200,
        );
        const local = `localhost:${own.port}`;
        const refreshed = await call(
          wire(
            'POST',
            '/api/teams',
            { ...page(), host: local, origin: `http://${local}` },
            invoke(meeting, people[0] ?? null, 'ui.refresh', { meetingId: meeting }),
          ),
        );
        assert.equal(refreshed.status, 200, refreshed.text);
        const charset = await call(
          wire(
            'POST',
            '/api/teams',
            { ...page(), 'content-type': 'application/json; charset=utf-8' },
            invoke(meeting, people[0] ?? null, 'ui.refresh', { meetingId: meeting }),
          ),
        );
        assert.equal(charset.status, 200, charset.text);
      });
    });

    describe('ids, people and languages', () => {
      const MALFORMED = [
        'm1\u0000',
        '\u0000',
        `${'m'.repeat(40)}\u0000x`,
        'm-\u0001\u0002',
        'm\nx',
        'm x',
        'ä',
        'm'.repeat(81),
        '../m1',
      ];
      const unknown = 'm-doesnotexist';

      it('a malformed meeting id, person or language in a GET gets what an unknown meeting gets', async () => {
        for (const path of ['/api/state', '/api/memo', '/api/export']) {
          const expected = await call(
            wire('GET', `${path}?${new URLSearchParams({ meeting: unknown, format: 'json', as: 'p1' })}`, {
              cookie,
            }),
          );
          assert.equal(expected.status, 404);
          for (const bad of MALFORMED) {
            for (const query of [
              { meeting: bad, format: 'json', as: 'p1' } as Record<string, string>,
              { meeting, format: 'json', as: bad },
              { meeting, format: 'json', as: 'p1', locale: bad },
            ]) {
              const answer = await unchanged(() =>
                call(wire('GET', `${path}?${new URLSearchParams(query)}`, { cookie })),
              );
              assert.equal(answer.status, 404, `${path} ${JSON.stringify(query)}: ${answer.text}`);
              assert.equal(answer.text, expected.text, `${path} ${JSON.stringify(query)}`);
            }
          }
        }
        const calendar = await call(wire('GET', `/api/calendar?meeting=${unknown}`, { cookie }));
        for (const bad of MALFORMED) {
          const answer = await call(
            wire('GET', `/api/calendar?${new URLSearchParams({ meeting: bad })}`, { cookie }),
          );
          assert.equal(answer.status, 404);
          assert.equal(answer.text, calendar.text);
        }
      });

      it('a malformed meeting id, card id, click id, person or language in a click gets what an unknown meeting gets, and changes nothing', async () => {
        const as = people[0] ?? null;
        const expected = json(
          await call(wire('POST', '/api/teams', page(), invoke(unknown, as, 'floor.request'))),
        );
        assert.equal(expected.ok, false);
        for (const bad of MALFORMED)
          for (const body of [
            invoke(bad, as, 'floor.request'),
            invoke(bad, as, 'ui.refresh', { meetingId: meeting }),
            invoke(meeting, bad, 'floor.request'),
            { ...invoke(meeting, as, 'floor.request'), locale: bad },
            { ...invoke(meeting, as, 'floor.request'), commandId: bad },
            { ...invoke(null, null, 'meeting.create', invitationFields()), commandId: bad },
            invoke(meeting, as, 'ui.refresh', { meetingId: bad }),
            invoke(null, null, 'meeting.create', { ...invitationFields(), meetingId: bad }),
            {
              meeting: bad,
              as,
              payload: {
                type: 'block_actions',
                actions: [
                  {
                    type: 'button',
                    action_id: 'ui.refresh#1',
                    value: JSON.stringify({ meetingId: meeting }),
                  },
                ],
                state: { values: {} },
              },
            },
          ]) {
            const path = 'payload' in body ? '/api/slack' : '/api/teams';
            const answer = await unchanged(() => call(wire('POST', path, page(), body)));
            assert.equal(answer.status, 404, `${JSON.stringify(body)}: ${answer.text.slice(0, 200)}`);
            assert.deepEqual(json(answer), { ok: false, notice: expected.notice }, JSON.stringify(body));
          }
        for (const as of [1, true, { id: 'p1' }, ['p1']]) {
          const answer = await unchanged(() =>
            call(wire('POST', '/api/teams', page(), invoke(meeting, as as never, 'floor.request'))),
          );
          assert.equal(answer.status, 404, JSON.stringify(as));
          const click = { ...invoke(meeting, people[0] ?? null, 'floor.request'), commandId: as };
          const clicked = await unchanged(() => call(wire('POST', '/api/teams', page(), click)));
          assert.equal(clicked.status, 404, `click id ${JSON.stringify(as)}`);
        }
      });

      it('a click on a form or view with no meeting is answered (never an empty 500), and changes nothing', async () => {
        for (const verb of Object.values(VERBS).filter(
          (v) => String(v).startsWith('ui.') && v !== VERBS.openInvitationForm,
        ))
          for (const data of [{}, { meetingId: meeting }, { meetingId: unknown }]) {
            const answer = await unchanged(() =>
              call(wire('POST', '/api/teams', page(), invoke(null, null, verb, data))),
            );
            assertClear(answer, `${verb} ${JSON.stringify(data)}`);
            assert.equal(
              json(answer).ok,
              false,
              `${verb} ${JSON.stringify(data)}: ${answer.text.slice(0, 200)}`,
            );
          }
      });
    });
    describe('the clock', () => {
      const move = (minutes: unknown, locale: Locale = 'fi') =>
        call(wire('POST', '/api/clock', page(), { minutes, locale, meeting: null, as: null }));

      it('moves forward by whole minutes, at most a year at a time; anything else is a 400 saying so, in the page’s language', async () => {
        const start = clock.now().getTime();
        const hour = await move(60);
        assert.equal(hour.status, 200);
        assert.equal(json(hour).now, new Date(start + 3_600_000).toISOString());
        const year = await move(YEAR);
        assert.equal(year.status, 200, 'a year at a time');
        for (const [minutes, locale] of [
          [YEAR + 1, 'fi'],
          [1e15, 'sv'],
          [Number.MAX_VALUE, 'en'],
          [0, 'fi'],
          [-600, 'fi'],
          [1.5, 'fi'],
          ['60', 'fi'],
          [null, 'fi'],
          [undefined, 'fi'],
          [[60], 'fi'],
          [{ minutes: 60 }, 'fi'],
        ] as const) {
          const before = clock.now().toISOString();
          const answer = await unchanged(() => move(minutes, locale));
          assert.equal(answer.status, 400, `${String(minutes)}: ${answer.text}`);
          assert.deepEqual(json(answer), {
            ok: false,
            error: t(locale, 'playground.clock_bounds'),
            now: before,
          });
        }
        // Every action still works: the page's state, a click (the meeting itself may be gone by now:
        // retention deletes meetings months past their time).
        assert.equal((await call(wire('GET', '/api/state', { cookie }))).status, 200);
        const tomorrow = new Date(clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
        const made = json(
          await call(
            wire(
              'POST',
              '/api/teams',
              page(),
              invoke(null, null, 'meeting.create', invitationFields({ date: tomorrow })),
            ),
          ),
        );
        assert.equal(made.ok, true, JSON.stringify(made));
      });

      it('never goes past what dates can hold: a century ahead at most, and the page works all along', async () => {
        let refused: Answer | undefined;
        for (let i = 0; i < 120 && !refused; i++) {
          const answer = await move(YEAR);
          if (answer.status !== 200) refused = answer;
        }
        assert.ok(refused, 'the clock stops somewhere');
        assert.equal(refused.status, 400);
        assert.equal(json(refused).error, t('fi', 'playground.clock_bounds'));
        assert.ok(clock.now().getUTCFullYear() < 2130, `the clock is at ${clock.now().toISOString()}`);
        const form = await call(wire('GET', '/api/state', { cookie }));
        assert.equal(form.status, 200, form.text);
        const tomorrow = new Date(clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
        const made = json(
          await call(
            wire(
              'POST',
              '/api/teams',
              page(),
              invoke(null, null, 'meeting.create', invitationFields({ date: tomorrow })),
            ),
          ),
        );
        assert.equal(made.ok, true, JSON.stringify(made));
        const state = await call(wire('GET', `/api/state?meeting=${made.meeting}`, { cookie }));
        assert.equal(state.status, 200, state.text);
      });
    });
  });
