/**
 * The playground's API under fuzzing (fuzz-support.ts says what is checked): the clicks, forms,
 * clock moves and downloads the page really sends, mutated, from the page's own origin and from
 * elsewhere, through Toivo's real server over one store per lane.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import fc from 'fast-check';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import type { Answer, EntryPoint, JsonObject, Lane, Op, Wire } from './fuzz-support.js';
import * as fuzz from './fuzz-support.js';
import { invitationFields } from './playground-browser.js';

const LANES = 4;
const NOW = Date.parse('2026-11-23T09:00:00+02:00');

type Card = Record<string, unknown>;
interface Drawn {
  readonly surface: string;
  readonly teams: Card;
  readonly slack: { readonly html: string; readonly modal?: { readonly privateMetadata: string } };
}

/** Every Action.Execute and Action.Submit of a card, with the data an untouched card sends (its inputs' values). */
function actionsOf(card: unknown): { type: string; verb?: string; data: JsonObject }[] {
  const inputs: JsonObject = {};
  const found: { type: string; verb?: string; data: JsonObject }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
        inputs[o.id] = typeof o.value === 'string' ? o.value : '';
      if (o.type === 'Action.Execute' || o.type === 'Action.Submit')
        found.push({
          type: o.type,
          ...(typeof o.verb === 'string' ? { verb: o.verb } : {}),
          data: (o.data as JsonObject) ?? {},
        });
      for (const [k, v] of Object.entries(o)) if (k !== 'fallback') walk(v);
    }
  };
  walk(card);
  return found.map((a) => ({ ...a, data: { ...inputs, ...a.data } }));
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The Slack buttons drawn in a card's HTML, as the page sends their click. */
const slackButtons = (html: string): { action_id: string; value: string }[] =>
  [...html.matchAll(/data-action-id="([^"]*)" data-value="([^"]*)"/g)].map((m) => ({
    action_id: unescapeHtml(m[1] ?? ''),
    value: unescapeHtml(m[2] ?? ''),
  }));

/** A request the page really sends: a POST of JSON to a path, or a GET with a query. */
type Seed =
  | { readonly method: 'POST'; readonly path: string; readonly body: JsonObject }
  | { readonly method: 'GET'; readonly path: string; readonly query: JsonObject };

/** One playground over a store of its own, with a browser that has opened two meetings in it. */
interface PlaygroundLane extends Lane<Seed> {
  readonly store: EventStore<Event>;
  readonly clock: SimulatedClock;
  readonly running: Running;
  readonly cookie: string;
}

async function openLane(): Promise<PlaygroundLane> {
  const { store, remove } = await fuzz.sqliteStore('toivo-fuzz-playground-');
  const clock = new SimulatedClock(() => NOW);
  const app = new App(store, { clock });
  const running = await startServer({ port: 0, host: '127.0.0.1' }, [playground(app, clock)]);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = running.url;
  const page = await fuzz.send(base, { method: 'GET', path: '/', headers: {} }, agent);
  const cookie = String(page.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  const headers = { origin: base, 'content-type': 'application/json', cookie };
  const post = async (path: string, body: JsonObject) =>
    JSON.parse(
      (await fuzz.send(base, { method: 'POST', path, headers, body: JSON.stringify(body) }, agent)).text,
    );
  const get = async (path: string) =>
    JSON.parse((await fuzz.send(base, { method: 'GET', path, headers: { cookie } }, agent)).text);

  const seeds: Seed[] = [];
  const known = new Set<string>(['guest']);
  const invoke = (meeting: string | null, as: string | null, verb: string, data: JsonObject): JsonObject => ({
    kind: 'invoke',
    value: { action: { type: 'Action.Execute', verb, data } },
    meeting,
    as,
    locale: 'fi',
  });
  const create = invoke(
    null,
    null,
    'meeting.create',
    invitationFields({ invitee3Name: 'Pekka Virtanen', invitee3Role: 'worker', invitee3Account: 'yes' }),
  );
  seeds.push({ method: 'POST', path: '/api/teams', body: create });
  const meetings: string[] = [];
  for (let i = 0; i < 2; i++) {
    const made = await post('/api/teams', create);
    assert.equal(made.ok, true, JSON.stringify(made));
    meetings.push(made.meeting);
  }
  // The second is started: its board has the discussion's buttons.
  const started = await get(`/api/state?meeting=${meetings[1]}`);
  const people = (started.people as { id: string }[]).map((p) => p.id);
  const begun = await post(
    '/api/teams',
    invoke(meetings[1] ?? '', people[0] ?? null, 'meeting.start', {
      meetingId: meetings[1] ?? '',
      presentIds: people.join(','),
    }),
  );
  assert.equal(begun.ok, true, JSON.stringify(begun));

  for (const meeting of meetings) {
    known.add(meeting);
    const state = await get(`/api/state?meeting=${meeting}`);
    const ids = [...(state.people as { id: string }[]).map((p) => p.id), 'guest'];
    for (const id of ids) known.add(id);
    for (const as of [...ids, null]) {
      const view = await get(`/api/state?meeting=${meeting}${as ? `&as=${as}` : ''}`);
      const drawn: Drawn[] = [...(view.messages ?? []), ...(view.direct ?? [])];
      for (const card of drawn) {
        for (const action of actionsOf(card.teams)) {
          if (action.verb) known.add(action.verb);
          seeds.push({
            method: 'POST',
            path: '/api/teams',
            body:
              action.type === 'Action.Execute'
                ? invoke(meeting, as, action.verb ?? '', action.data)
                : { kind: 'submit', value: action.data, meeting, as, locale: 'fi' },
          });
        }
        for (const button of slackButtons(card.slack.html))
          seeds.push({
            method: 'POST',
            path: '/api/slack',
            body: {
              payload: {
                type: 'block_actions',
                actions: [{ type: 'button', ...button }],
                state: { values: {} },
              },
              meeting,
              as,
              locale: 'fi',
            },
          });
      }
    }
    seeds.push(
      { method: 'GET', path: '/api/state', query: { meeting, as: ids[0] ?? 'p1', locale: 'fi' } },
      { method: 'GET', path: '/api/memo', query: { meeting, locale: 'sv' } },
      { method: 'GET', path: '/api/calendar', query: { meeting } },
      { method: 'GET', path: '/api/calendar', query: { meeting, followup: '1' } },
      { method: 'GET', path: '/api/export', query: { meeting, format: 'json', as: ids[0] ?? 'p1' } },
    );
  }
  // The forms the board's buttons open, submitted as they come.
  for (const seed of [...seeds]) {
    if (seed.method !== 'POST' || seed.path !== '/api/teams') continue;
    const verb = ((seed.body.value as JsonObject)?.action as JsonObject | undefined)?.verb;
    if (typeof verb !== 'string' || !verb.startsWith('ui.') || verb === 'ui.refresh') continue;
    const answer = await post(seed.path, seed.body);
    const form = answer.form as Drawn | undefined;
    if (!form) continue;
    for (const action of actionsOf(form.teams))
      if (action.verb)
        seeds.push({
          method: 'POST',
          path: '/api/teams',
          body: invoke(seed.body.meeting as string, seed.body.as as string, action.verb, action.data),
        });
    if (form.slack.modal)
      seeds.push({
        method: 'POST',
        path: '/api/slack',
        body: {
          payload: {
            type: 'view_submission',
            view: { private_metadata: form.slack.modal.privateMetadata, state: { values: {} } },
          },
          meeting: seed.body.meeting as string,
          as: seed.body.as as string,
          locale: 'fi',
        },
      });
  }
  for (const minutes of [60, 60 * 24, 60 * 24 * 7])
    seeds.push({
      method: 'POST',
      path: '/api/clock',
      body: { minutes, meeting: meetings[1] ?? null, as: null, locale: 'fi' },
    });
  seeds.push({ method: 'GET', path: '/api/state', query: { locale: 'en' } });
  return {
    store,
    clock,
    running,
    base,
    agent,
    cookie,
    seeds,
    known: [...known],
    close: async () => {
      await running.close();
      await remove();
    },
  };
}

/** How a request is sent: which method, Host, Origin, content type, cookie (the page's own most of the time). */
const envelopeArb = fc.record({
  method: fc.oneof(
    { weight: 20, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') },
  ),
  host: fc.oneof(
    { weight: 20, arbitrary: fc.constant('own') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('evil.example', 'localhost.evil.example', '127.0.0.1:1', 'localhost', ''),
    },
  ),
  origin: fc.oneof(
    { weight: 20, arbitrary: fc.constant('own') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'none',
        'null',
        'http://evil.example',
        'https://own',
        'http://own.evil.example',
        'http://localhost:1',
      ),
    },
  ),
  contentType: fuzz.contentTypeArb('application/json'),
  cookie: fc.oneof(
    { weight: 20, arbitrary: fc.constant('own') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'none',
        'toivo_playground=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        'toivo_playground=%00',
        'x=1',
      ),
    },
  ),
  body: fuzz.bodyChangeArb,
});

function wireOf(lane: PlaygroundLane, seed: Seed, ops: readonly Op[], envelope: EnvelopeValue): Wire {
  const own = new URL(lane.running.url);
  const headers: Record<string, string> = {};
  headers.host =
    envelope.host === 'own'
      ? own.host
      : envelope.host === 'localhost'
        ? `localhost:${own.port}`
        : envelope.host;
  if (envelope.origin === 'own') {
    if (seed.method === 'POST' || envelope.method) headers.origin = lane.running.url;
  } else if (envelope.origin === 'https://own') headers.origin = `https://${own.host}`;
  else if (envelope.origin === 'http://own.evil.example') headers.origin = `http://${own.host}.evil.example`;
  else if (envelope.origin !== 'none') headers.origin = envelope.origin;
  if (envelope.cookie === 'own') headers.cookie = lane.cookie;
  else if (envelope.cookie !== 'none') headers.cookie = envelope.cookie;
  if (seed.method === 'GET') {
    // The query as JSON, mutated, then written as the page's links are: every value a string.
    const params = new URLSearchParams(fuzz.mutateFields(seed.query, ops));
    const method = envelope.method ?? 'GET';
    const body = method === 'GET' ? undefined : fuzz.changeBody('{}', envelope.body);
    if (body !== undefined && envelope.contentType !== undefined)
      headers['content-type'] = envelope.contentType;
    return { method, path: `${seed.path}?${params}`, headers, ...(body !== undefined ? { body } : {}) };
  }
  if (envelope.contentType !== undefined) headers['content-type'] = envelope.contentType;
  return {
    method: envelope.method ?? 'POST',
    path: seed.path,
    headers,
    body: fuzz.changeBody(fuzz.mutate(seed.body, ops), envelope.body),
  };
}
type EnvelopeValue = typeof envelopeArb extends fc.Arbitrary<infer T> ? T : never;

/** Whether an answer refused the request: an error, or a click the app did not take. */
function refused(answer: Answer): boolean {
  if (answer.status >= 400) return true;
  try {
    return (JSON.parse(answer.text) as { ok?: unknown }).ok === false;
  } catch {
    return false;
  }
}

/** The playground's API: a GET changes nothing, nor a request refused; nor does either move the clock. */
const PLAYGROUND: EntryPoint<PlaygroundLane, EnvelopeValue> = {
  lanes: LANES,
  open: openLane,
  envelope: envelopeArb,
  wire: wireOf,
  changesNothing: (wire, answer) => wire.method === 'GET' || refused(answer),
  alsoUnchanged: { name: 'the clock', read: (lane) => lane.clock.now().getTime() },
  // The page's own state is still served.
  stillAnswers: (lane) => ({ method: 'GET', path: '/api/state', headers: { cookie: lane.cookie } }),
};

describe('the playground API under fuzzing', function () {
  this.timeout(120_000);

  fuzz.itFuzzes('requests', PLAYGROUND);

  it('a body over the limit is answered at once, and the same connection carries the next request', () =>
    fuzz.onALane(openLane, async (lane) => {
      const url = new URL(lane.base);
      const head = (bytes: number) =>
        `POST /api/teams HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${lane.base}\r\n` +
        `Content-Type: application/json\r\nCookie: ${lane.cookie}\r\nContent-Length: ${bytes}\r\n\r\n`;
      // A little over the limit: what is left is read and dropped, and the connection goes on.
      const small = 300 * 1024;
      await fuzz.assertAnsweredAndKept(
        lane.base,
        { head: head(small), body: Buffer.alloc(small, 'x') },
        413,
        2_000,
      );
      // Far over: the answer closes the connection cleanly (no reset), and a new one is served at once.
      const huge = 3 * 1024 * 1024;
      await fuzz.assertClosedCleanly(lane, { head: head(huge), body: Buffer.alloc(huge, 'x') });
    }));
});
