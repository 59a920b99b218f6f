/**
 * Slack's endpoint under fuzzing (fuzz-support.ts says what is checked): the slash command, clicks,
 * modal submits and events a real meeting sends, mutated (their kind too: one Toivo does not take is
 * acknowledged at once) and then signed (so that they pass Bolt's real signature check and reach
 * Toivo's handlers), or sent unsigned, tampered with, stale or from the future; through Toivo's real
 * server and Bolt's receiver, Slack's Web API a local fake.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import fc from 'fast-check';
import { t } from '../../src/i18n/index.js';
import { eventCallback, type SlackRequest, sign, slashCommand } from '../support/fake-slack.js';
import type { EntryPoint, JsonObject, Lane, Op, Wire } from './fuzz-support.js';
import * as fuzz from './fuzz-support.js';
import { buttonsOf, CHANNEL, callMeeting, ownView, SECRET, Workspace } from './slack/workspace.js';

const LANES = 4;
const FORM = 'application/x-www-form-urlencoded';
/** The content type the seed came with. */
const REAL = 'the real one';
const PEOPLE = [
  ['USANNA', 'Sanna Korhonen'],
  ['UAINO', 'Aino Laine'],
  ['ULIISA', 'Liisa Laine'],
  ['UOUTSIDER', 'Olli Ulkopuolinen'],
] as const;

/** A request Slack sent, taken apart: a form with a JSON payload, a slash command's fields, or JSON. */
type Seed =
  | { readonly kind: 'payload'; readonly json: JsonObject }
  | { readonly kind: 'fields'; readonly fields: JsonObject }
  | { readonly kind: 'json'; readonly json: JsonObject };

function seedOf(request: SlackRequest): Seed {
  if (request.contentType !== FORM) return { kind: 'json', json: JSON.parse(request.body) as JsonObject };
  const form = new URLSearchParams(request.body);
  const payload = form.get('payload');
  return payload === null
    ? { kind: 'fields', fields: Object.fromEntries(form) }
    : { kind: 'payload', json: JSON.parse(payload) as JsonObject };
}

interface SlackLane extends Lane<Seed> {
  readonly ws: Workspace;
}

/** A workspace where Sanna has called a meeting, started it and clicked around, each request kept as a seed. */
async function openLane(): Promise<SlackLane> {
  const { store, remove } = await fuzz.sqliteStore('toivo-fuzz-slack-');
  const ws = await Workspace.start({ store, retryDelaysMs: [50], retries: 0 });
  for (const [id, name] of PEOPLE) ws.api.users.set(id, { real_name: name, locale: 'fi-FI' });
  const requests: SlackRequest[] = [];
  const sendNow = ws.send.bind(ws);
  ws.send = (request, user, trigger) => {
    requests.push(request);
    return sendNow(request, user, trigger);
  };
  const sanna = ws.person('USANNA');
  const board = t('fi', 'card.board.title');
  await callMeeting(sanna, { invitee1Name: 'Liisa Laine', invitee1Role: 'close', invitee1Account: 'ULIISA' });
  const before = await ownView(ws, sanna, board);
  await sanna.press(before, t('fi', 'card.board.action.start'), {
    presentIds: ['Sanna Korhonen', 'Aino Laine'],
  });
  // The buttons of the board and of Sanna's own view during the discussion, each pressed once.
  for (const where of [ws.message(board), await ownView(ws, sanna, board)]) {
    for (const button of buttonsOf('view' in where ? where.view.blocks : where.blocks).slice(0, 8)) {
      const title = String((button.text as { text?: string } | undefined)?.text ?? '');
      if (!title || typeof button.url === 'string') continue;
      while (sanna.hasModal) sanna.close();
      await sanna.press(where, title).catch(() => undefined);
    }
  }
  await sanna.openHome();
  await sanna.command('help');
  ws.send = sendNow;
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  requests.push(
    eventCallback({ type: 'app_mention', user: 'USANNA', text: '<@UBOT> apua', channel: CHANNEL, ts }),
    eventCallback({
      type: 'message',
      channel_type: 'im',
      user: 'USANNA',
      text: 'hei',
      channel: 'DUSANNA',
      ts,
    }),
  );
  const seeds = requests.map(seedOf);
  const known = new Set<string>(PEOPLE.map(([id]) => id));
  for (const id of await store.streamIds()) known.add(id);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    ws,
    store,
    base: new URL(ws.url).origin,
    agent,
    seeds,
    known: [...known, CHANNEL, 'DUSANNA', 'T1', '/toivo'],
    settled: () => ws.slack.settled(),
    log: ws.log,
    close: async () => {
      await ws.close();
      await remove();
    },
  };
}

/** How a request is sent: signed (mostly), or not, or tampered with after, or out of Slack's window. */
const envelopeArb = fc.record({
  signing: fc.oneof(
    { weight: 20, arbitrary: fc.constant('signed' as const) },
    { weight: 1, arbitrary: fc.constantFrom('none', 'tampered', 'stale', 'future', 'other secret') },
  ),
  method: fc.oneof(
    { weight: 30, arbitrary: fc.constant('POST') },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE') },
  ),
  body: fuzz.bodyChangeArb,
  retry: fc.oneof(
    { weight: 9, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('1', 'x', '') },
  ),
});
type Envelope = typeof envelopeArb extends fc.Arbitrary<infer T> ? T : never;

function wireOf(
  _lane: SlackLane,
  seed: Seed,
  ops: readonly Op[],
  [envelope, type]: [Envelope, string | undefined],
): Wire {
  const contentType = type === REAL ? (seed.kind === 'json' ? 'application/json' : FORM) : type;
  // A mutation may change what kind of request it is too: a kind nobody takes is acknowledged at once.
  const text =
    seed.kind === 'payload'
      ? new URLSearchParams({ payload: fuzz.mutate(seed.json, ops) }).toString()
      : seed.kind === 'fields'
        ? new URLSearchParams(fuzz.mutateFields(seed.fields, ops)).toString()
        : fuzz.mutate(seed.json, ops);
  const body = fuzz.changeBody(text, envelope.body);
  const now = Math.floor(Date.now() / 1000);
  const timestamp =
    envelope.signing === 'stale' ? now - 600 : envelope.signing === 'future' ? now + 600 : now;
  const signed = sign(envelope.signing === 'other secret' ? 'another-secret' : SECRET, body, timestamp);
  const headers: Record<string, string> = {
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...(contentType !== undefined ? { 'content-type': contentType } : {}),
    ...(envelope.signing === 'none' ? {} : signed),
    ...(envelope.retry !== undefined
      ? { 'x-slack-retry-num': envelope.retry, 'x-slack-retry-reason': 'http_timeout' }
      : {}),
  };
  return {
    method: envelope.method,
    path: '/slack/events',
    headers,
    body: envelope.signing === 'tampered' ? body.replace(/U[A-Z]+/, 'UEVIL') : body,
  };
}

/** `request` signed as Slack signs it, for Slack's endpoint. */
const signed = ({ contentType, body }: SlackRequest): Wire => ({
  method: 'POST',
  path: '/slack/events',
  headers: { 'content-type': contentType, ...sign(SECRET, body) },
  body,
});

/** Slack's endpoint: signed requests (mostly) with the content type they came with (mostly). */
const SLACK: EntryPoint<SlackLane, [Envelope, string | undefined]> = {
  lanes: LANES,
  open: openLane,
  envelope: fc.tuple(envelopeArb, fuzz.contentTypeArb(REAL)),
  wire: wireOf,
  // Bolt's answer when nothing acknowledged a request in 3 seconds: Slack shows the person an error.
  wrong: (answer) => (answer.status === 404 ? 'not acknowledged' : undefined),
  // A real /toivo is still taken.
  stillAnswers: () => signed(slashCommand({ user_id: 'USANNA', channel_id: CHANNEL, text: 'help' })),
};

describe('Slack’s endpoint under fuzzing', function () {
  this.timeout(120_000);

  fuzz.itFuzzes('requests', SLACK);

  it('what the fuzzing found stays refused at the door, though signed: 400 saying so at once, nothing changed', () =>
    fuzz.onALane(openLane, async (lane) => {
      const click = lane.seeds.find((s) => s.kind === 'payload' && s.json.type === 'block_actions');
      const event = lane.seeds.find((s) => s.kind === 'json');
      assert.ok(click?.kind === 'payload' && event?.kind === 'json', 'a click and an event to start from');
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const form = (json: JsonObject | string) =>
        new URLSearchParams({ payload: typeof json === 'string' ? json : JSON.stringify(json) }).toString();
      const cases: [string, string, string][] = [
        ['actions that are no list', FORM, form({ ...click.json, actions: {} })],
        ['an empty list of actions', FORM, form({ ...click.json, actions: [] })],
        ['an action that is no object', FORM, form({ ...click.json, actions: [null] })],
        ['no user', FORM, form({ ...click.json, user: null })],
        ['a channel of null', FORM, form({ ...click.json, channel: null })],
        ['a payload of null', FORM, form('null')],
        [
          'nested ten thousand deep',
          FORM,
          form(JSON.stringify(click.json).replace(/}$/, `,"actions2":${deep}}`)),
        ],
        ['an event that is no object', 'application/json', JSON.stringify({ ...event.json, event: 'x' })],
        [
          'an event whose user is null',
          'application/json',
          JSON.stringify({ ...event.json, event: { ...(event.json.event as JsonObject), user: null } }),
        ],
        ['a form sent as JSON with a charset Bolt does not read', `${FORM}; charset=utf-8`, form(click.json)],
      ];
      const requests = cases.map(([what, contentType, body]): [string, Wire] => [
        what,
        signed({ contentType, body }),
      ]);
      await fuzz.assertRefusedAtTheDoor(lane, requests, {
        status: 400,
        body: { ok: false, error: 'The request is not one Slack sends.' },
      });
    }));

  it('a body over the limit is refused at once and its connection closed cleanly; a bad request leaves its connection usable', () =>
    fuzz.onALane(openLane, async (lane) => {
      const url = new URL(lane.ws.url);
      const head = (bytes: number, signed: Record<string, string>) =>
        `POST /slack/events HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${FORM}\r\n` +
        Object.entries(signed)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('') +
        `Content-Length: ${bytes}\r\n\r\n`;
      const big = Buffer.alloc(1100 * 1024, 'x');
      await fuzz.assertClosedCleanly(lane, {
        head: head(big.length, { ...sign(SECRET, big.toString()) }),
        body: big,
      });
      // An unsigned request: 401 saying why, and the same connection carries the next one.
      const small = Buffer.from('payload=%7B%7D');
      await fuzz.assertAnsweredAndKept(lane.base, { head: head(small.length, {}), body: small }, 401);
    }));
});
