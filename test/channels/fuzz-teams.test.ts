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
import { messageActivity } from '../support/fake-teams.js';
import type { Answer, EntryPoint, JsonObject, Lane, Op, Wire } from './fuzz-support.js';
import * as fuzz from './fuzz-support.js';
import { actionsOf, answered, invitationBy, type Json, TeamsBot } from './teams/teams-bot.js';

const LANES = 4;
const CHAT = { id: '19:fuzzed_meeting@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000a001', name: 'Sanna Korhonen' };
const AINO = { id: '29:aino', aadObjectId: '00000000-0000-4000-8000-00000000a002', name: 'Aino Laine' };
const OUTSIDER = {
  id: '29:olli',
  aadObjectId: '00000000-0000-4000-8000-00000000a009',
  name: 'Olli Ulkopuolinen',
};

interface TeamsLane extends Lane<JsonObject> {
  readonly bot: TeamsBot;
}

/** A chat where Sanna has called a meeting with Aino, started it and clicked around, each activity kept as a seed. */
async function openLane(): Promise<TeamsLane> {
  const bot = new TeamsBot(CHAT);
  await bot.start();
  const activities: unknown[] = [];
  const sendNow = bot.send.bind(bot);
  bot.send = (activity: unknown) => {
    activities.push(structuredClone(activity));
    return sendNow(activity);
  };
  bot.connector.members.set(CHAT.id, [{ ...AINO, tenantId: 'tenant' }]);
  const { meetingId } = await bot.callMeeting(SANNA, {
    ...invitationBy(SANNA.name),
    clientAccount: AINO.aadObjectId,
  });
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
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    bot,
    store,
    base: bot.server.url,
    agent,
    seeds: activities as JsonObject[],
    known: [...known],
    settled: () => bot.channel.settled(),
    log: bot.log,
    close: async () => {
      await bot.stop();
    },
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
  contentType: fuzz.contentTypeArb('application/json; charset=utf-8'),
  body: fuzz.bodyChangeArb,
});
type Envelope = typeof envelopeArb extends fc.Arbitrary<infer T> ? T : never;

async function wireOf(
  lane: TeamsLane,
  seed: JsonObject,
  ops: readonly Op[],
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
    body: fuzz.changeBody(fuzz.mutate(seed, ops), envelope.body),
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

/** `activity` (or a body that is none) as Teams sends it, with a valid token. */
async function authenticated(lane: TeamsLane, activity: JsonObject | string): Promise<Wire> {
  const token = await lane.bot.identity.token({}, { serviceUrl: lane.bot.connector.serviceUrl });
  return {
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  };
}

/** Teams' messaging endpoint: activities with a valid token (mostly). */
const TEAMS: EntryPoint<TeamsLane, Envelope> = {
  lanes: LANES,
  // One chat after another: botbuilder keeps the bot's token process-wide, so two fake clouds at once do not mix.
  oneAtATime: true,
  open: openLane,
  envelope: envelopeArb,
  wire: wireOf,
  expected5xx: notTaken,
  // A real "@Toivo help" is still answered.
  stillAnswers: (lane) =>
    authenticated(
      lane,
      messageActivity({
        serviceUrl: lane.bot.connector.serviceUrl,
        conversation: CHAT,
        from: SANNA,
        text: 'help',
        mentionBot: true,
      }) as unknown as JsonObject,
    ),
};

describe('Teams’ endpoint under fuzzing', function () {
  this.timeout(120_000);

  fuzz.itFuzzes('activities', TEAMS);

  it('what the fuzzing found stays refused at the door, though authenticated: 400 saying so, nothing changed', () =>
    fuzz.onALane(openLane, async (lane) => {
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
      const requests = await Promise.all(
        cases.map(
          async ([what, activity]): Promise<[string, Wire]> => [what, await authenticated(lane, activity)],
        ),
      );
      await fuzz.assertRefusedAtTheDoor(lane, requests, {
        status: 400,
        body: { error: 'The request is not a Bot Framework activity.' },
      });
      // The same activities as Teams sends them are taken.
      const taken = await fuzz.send(lane.base, await authenticated(lane, message), lane.agent);
      assert.equal(taken.status, 200, taken.text);
    }));

  it('a body over the limit is answered at once, and the same connection carries the next activity', () =>
    fuzz.onALane(openLane, async (lane) => {
      const url = new URL(lane.base);
      const token = await lane.bot.identity.token({}, { serviceUrl: lane.bot.connector.serviceUrl });
      const head = (bytes: number) =>
        `POST /api/messages HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Length: ${bytes}\r\n\r\n`;
      // Over Teams' limit (512 KB) but not far: drained, and the connection goes on.
      const over = Buffer.alloc(600 * 1024, 'x');
      await fuzz.assertAnsweredAndKept(lane.base, { head: head(over.length), body: over }, 413);
      // Far over: refused at the server's door, the connection closed cleanly.
      const far = Buffer.alloc(3 * 1024 * 1024, 'x');
      await fuzz.assertClosedCleanly(lane, { head: head(far.length), body: far });
    }));
});
