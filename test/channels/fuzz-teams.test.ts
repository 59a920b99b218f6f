/**
 * Teams' messaging endpoint under fuzzing (fuzz-support.ts says what is checked): the activities a
 * real meeting sends (messages to Toivo, card clicks as Universal Actions, Action.Submit fallbacks),
 * mutated and sent with a valid Bot Framework token (so that they pass botbuilder's real
 * authentication and reach Toivo's handlers), or with none, an expired or a forged one; through
 * Toivo's real server, with Microsoft's servers local fakes.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import fc from 'fast-check';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import {
  type Answer,
  assertClear,
  bodyChangeArb,
  changeBody,
  changed,
  contentTypeArb,
  describe as describeWire,
  FUZZ_RUNS,
  FUZZ_SEED,
  type JsonObject,
  mutate,
  opsArb,
  send,
  snapshot,
  statusOf,
  Tally,
  twoOnOneConnection,
  type Wire,
} from './fuzz-support.js';
import { actionsOf, answered, cardOf, invitationBy, type Json, TeamsBot } from './teams/teams-bot.js';

const LANES = 4;
const CHAT = { id: '19:fuzzed_meeting@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000a001', name: 'Sanna Korhonen' };
const AINO = { id: '29:aino', aadObjectId: '00000000-0000-4000-8000-00000000a002', name: 'Aino Laine' };
const OUTSIDER = {
  id: '29:olli',
  aadObjectId: '00000000-0000-4000-8000-00000000a009',
  name: 'Olli Ulkopuolinen',
};

interface Lane {
  readonly bot: TeamsBot;
  readonly store: EventStore<Event>;
  readonly agent: Agent;
  readonly seeds: readonly JsonObject[];
  readonly known: readonly string[];
}

/** A chat where Sanna has called a meeting with Aino, started it and clicked around, each activity kept as a seed. */
async function openLane(): Promise<Lane> {
  const bot = new TeamsBot(CHAT);
  await bot.start();
  const activities: unknown[] = [];
  const sendNow = bot.send.bind(bot);
  bot.send = (activity: unknown) => {
    activities.push(structuredClone(activity));
    return sendNow(activity);
  };
  await bot.say(SANNA, 'new');
  const form = cardOf(bot.connector.activities(CHAT.id)[0]);
  const create = actionsOf(form).find((a) => a.verb === 'meeting.create');
  assert.ok(create, 'the form sends the invitation');
  bot.connector.members.set(CHAT.id, [{ ...AINO, tenantId: 'tenant' }]);
  const invitation = answered(
    await bot.click(SANNA, 'meeting.create', {
      ...create.data,
      ...invitationBy(SANNA.name),
      clientAccount: AINO.aadObjectId,
    }),
  );
  const meetingId = String(actionsOf(invitation).find((a) => a.data.meetingId)?.data.meetingId ?? '');
  assert.ok(meetingId.startsWith('m-'), JSON.stringify(invitation).slice(0, 300));
  const board = answered(await bot.click(SANNA, 'ui.refresh', { meetingId, surface: 'board' }));
  const start = actionsOf(board).find((a) => a.verb === 'meeting.start');
  assert.ok(start, 'Sanna can start the meeting');
  await bot.click(SANNA, 'meeting.start', { ...start.data, presentIds: 'p1,p2' });
  // Each button of Sanna's board and Aino's during the discussion, pressed once, and an outsider's refresh.
  for (const who of [SANNA, AINO]) {
    const res = await bot.click(who, 'ui.refresh', { meetingId, surface: 'board' });
    if (res.status !== 200) continue;
    for (const action of actionsOf((res.body as { value?: Json }).value ?? {}).slice(0, 8))
      await bot.click(who, action.verb, action.data);
  }
  await bot.click(OUTSIDER, 'ui.refresh', { meetingId, surface: 'board' });
  await bot.submit(SANNA, { verb: 'ui.refresh', meetingId });
  await bot.say(SANNA, 'help');
  await bot.say(SANNA, 'my commitments', { id: 'a:personal-sanna', conversationType: 'personal' });
  bot.send = sendNow;
  const store = (bot as unknown as { store: EventStore<Event> }).store;
  const known = new Set<string>([meetingId, SANNA.id, AINO.id, OUTSIDER.id, CHAT.id, 'p1', 'p2']);
  return {
    bot,
    store,
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    seeds: activities as JsonObject[],
    known: [...known],
  };
}

/** How an activity is sent: with a valid token (mostly), or none, a malformed, expired or forged one. */
const envelopeArb = fc.record({
  token: fc.oneof(
    { weight: 20, arbitrary: fc.constant('valid' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('none', 'garbage', 'expired', 'other audience', 'forged', 'other service'),
    },
  ),
  method: fc.oneof(
    { weight: 30, arbitrary: fc.constant('POST') },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE') },
  ),
  contentType: contentTypeArb('application/json; charset=utf-8'),
  body: bodyChangeArb,
});
type Envelope = typeof envelopeArb extends fc.Arbitrary<infer T> ? T : never;

async function wireOf(
  lane: Lane,
  seed: JsonObject,
  ops: Parameters<typeof mutate>[1],
  envelope: Envelope,
): Promise<Wire> {
  const { identity, connector } = lane.bot;
  const serviceUrl = connector.serviceUrl;
  const token =
    envelope.token === 'valid'
      ? await identity.token({}, { serviceUrl })
      : envelope.token === 'expired'
        ? await identity.token({}, { serviceUrl, expiredSecondsAgo: 3_600 })
        : envelope.token === 'other audience'
          ? await identity.token({}, { serviceUrl, audience: '00000000-0000-4000-8000-000000000bad' })
          : envelope.token === 'forged'
            ? await identity.token({}, { serviceUrl, key: 'forged' })
            : envelope.token === 'other service'
              ? await identity.token({}, { serviceUrl: 'https://evil.example/' })
              : envelope.token === 'garbage'
                ? 'not.a.token'
                : undefined;
  return {
    method: envelope.method,
    path: '/api/messages',
    headers: {
      ...(envelope.contentType !== undefined ? { 'content-type': envelope.contentType } : {}),
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    },
    body: changeBody(mutate(seed, ops), envelope.body),
  };
}

/**
 * botbuilder answers an invoke that no handler answered with 501 Not Implemented, as Teams expects
 * of a bot: Toivo answers card actions only (adaptiveCard/action). Allowed for that alone, saying so.
 */
const notTaken = (wire: Wire) => (answer: Answer) => {
  let name: unknown;
  try {
    const activity = JSON.parse(String(wire.body)) as { type?: unknown; name?: unknown };
    name = activity.type === 'invoke' ? activity.name : 'not an invoke';
  } catch {
    return false;
  }
  return (
    answer.status === 501 &&
    name !== 'adaptiveCard/action' &&
    (JSON.parse(answer.text) as { error?: unknown }).error === 'Toivo does not take invokes of this kind.'
  );
};

describe('Teams’ endpoint under fuzzing', function () {
  this.timeout(120_000);

  it(`${FUZZ_RUNS} mutated activities: each answered in time, never a 500, errors said, nothing changed by a refused one`, async () => {
    console.log(`      fuzz seed ${FUZZ_SEED} (FUZZ_SEED replays it), ${FUZZ_RUNS} runs`);
    const tally = new Tally();
    // One chat after another: botbuilder keeps the bot's token process-wide, so two fake clouds at once do not mix.
    for (let i = 0; i < LANES; i++) {
      const lane = await openLane();
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.nat({ max: lane.seeds.length - 1 }),
            opsArb(lane.known),
            fc.boolean(),
            envelopeArb,
            async (index, ops, untouched, envelope) => {
              const seed = lane.seeds[index] as JsonObject;
              const wire = await wireOf(lane, seed, untouched ? [] : ops, envelope);
              const what = describeWire(wire);
              const before = await snapshot(lane.store);
              const answer: Answer = await send(lane.bot.server.url, wire, lane.agent);
              await lane.bot.channel.settled();
              tally.note(answer);
              assertClear(
                answer,
                answer.status >= 500 ? `${what}\nlog: ${lane.bot.log.slice(-3).join(' | ')}` : what,
                notTaken(wire),
              );
              if (answer.status >= 400)
                assert.deepEqual(
                  changed(before, await snapshot(lane.store)),
                  [],
                  `${what}\n→ ${answer.status}: changed meetings`,
                );
            },
          ),
          { numRuns: Math.ceil(FUZZ_RUNS / LANES), seed: FUZZ_SEED + i, endOnFailure: true },
        );
        // Still serving: its health, and a real "@Toivo help".
        assert.equal(
          (await send(lane.bot.server.url, { method: 'GET', path: '/healthz', headers: {} }, lane.agent))
            .status,
          200,
        );
        assert.equal((await lane.bot.say(SANNA, 'help')).status, 200);
      } finally {
        lane.agent.destroy();
        await lane.bot.stop();
      }
    }
    console.log(`      answers: ${tally}`);
  });

  it('what the fuzzing found stays refused at the door, though authenticated: 400 saying so, nothing changed', async () => {
    const lane = await openLane();
    try {
      const invoke = lane.seeds.find((a) => a.type === 'invoke' && a.name === 'adaptiveCard/action');
      const message = lane.seeds.find(
        (a) => a.type === 'message' && Array.isArray(a.entities) && typeof a.text === 'string',
      );
      assert.ok(invoke && message, 'a click and a message to start from');
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const cases: [string, JsonObject | string][] = [
        [
          'a conversation id with a control character',
          { ...invoke, conversation: { ...(invoke.conversation as JsonObject), id: '19:x\u001d@thread.v2' } },
        ],
        [
          'a conversation id with letters no header takes',
          {
            ...invoke,
            conversation: { ...(invoke.conversation as JsonObject), id: '19:\u{1c329}@thread.v2' },
          },
        ],
        ['an activity id with a slash', { ...invoke, id: '<script>alert(1)</script>' }],
        ['an activity id past any URL', { ...invoke, id: 'x'.repeat(5_000) }],
        ['no sender', (({ from: _, ...rest }) => rest)(invoke)],
        [
          'a recipient whose Azure id is a number',
          { ...invoke, recipient: { ...(invoke.recipient as JsonObject), aadObjectId: -1 } },
        ],
        ['an entity that is no object', { ...message, entities: ['p2'] }],
        ['a mention without the message text', (({ text: _, ...rest }) => rest)(message)],
        ['a text that is no text', { ...message, text: 42 }],
        ['a locale that is no locale', { ...invoke, locale: 'fi FI\u0000' }],
        ['nested ten thousand deep', JSON.stringify(invoke).replace(/}$/, `,"value2":${deep}}`)],
      ];
      for (const [what, activity] of cases) {
        const before = await snapshot(lane.store);
        const token = await lane.bot.identity.token({}, { serviceUrl: lane.bot.connector.serviceUrl });
        const body = typeof activity === 'string' ? activity : JSON.stringify(activity);
        const answer = await send(
          lane.bot.server.url,
          {
            method: 'POST',
            path: '/api/messages',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body,
          },
          lane.agent,
        );
        await lane.bot.channel.settled();
        assert.equal(answer.status, 400, `${what}: ${answer.status} ${answer.text}`);
        assert.deepEqual(
          JSON.parse(answer.text),
          { error: 'The request is not a Bot Framework activity.' },
          what,
        );
        assert.deepEqual(changed(before, await snapshot(lane.store)), [], what);
      }
      // The same activities as Teams sends them are taken.
      const token = await lane.bot.identity.token({}, { serviceUrl: lane.bot.connector.serviceUrl });
      const taken = await send(
        lane.bot.server.url,
        {
          method: 'POST',
          path: '/api/messages',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(message),
        },
        lane.agent,
      );
      assert.equal(taken.status, 200, taken.text);
    } finally {
      lane.agent.destroy();
      await lane.bot.stop();
    }
  });

  it('a body over the limit is answered at once, and the same connection carries the next activity', async () => {
    const lane = await openLane();
    try {
      const url = new URL(lane.bot.server.url);
      const token = await lane.bot.identity.token({}, { serviceUrl: lane.bot.connector.serviceUrl });
      const head = (bytes: number) =>
        `POST /api/messages HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Length: ${bytes}\r\n\r\n`;
      // Over Teams' limit (512 KB) but not far: drained, and the connection goes on.
      const over = Buffer.alloc(600 * 1024, 'x');
      const drained = await twoOnOneConnection(
        url.origin,
        { head: head(over.length), body: over },
        '/healthz',
      );
      assert.equal(statusOf(drained.first), 413, drained.first);
      assert.match(drained.first, /"error":"[^"]+"/);
      assert.equal(statusOf(drained.second), 200, drained.second || drained.error);
      assert.ok(drained.ms < 1_000, `answered in ${drained.ms} ms`);
      // Far over: refused at the server's door, the connection closed cleanly.
      const far = Buffer.alloc(3 * 1024 * 1024, 'x');
      const closed = await twoOnOneConnection(url.origin, { head: head(far.length), body: far }, '/healthz');
      assert.equal(statusOf(closed.first), 413, closed.first);
      assert.match(closed.first.toLowerCase(), /connection: close/);
      assert.equal(closed.error, undefined, 'closed, not reset');
      const next = await send(
        lane.bot.server.url,
        { method: 'GET', path: '/healthz', headers: {} },
        lane.agent,
      );
      assert.equal(next.status, 200);
    } finally {
      lane.agent.destroy();
      await lane.bot.stop();
    }
  });
});
