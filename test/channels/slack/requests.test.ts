/**
 * Bad and repeated requests to Toivo's Slack endpoint, through Toivo's real server, Bolt's real
 * receiver and a fake Slack Web API: what a forged, stale or malformed request, a click Toivo
 * never drew, a click from someone outside the meeting, a retried delivery and a Web API that
 * says "wait" or "no" each do — as the people in the channel and the operator reading the log
 * would notice it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../../src/app/index.js';
import type { Event } from '../../../src/core/index.js';
import { type Params, t } from '../../../src/i18n/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import {
  blockActionsPayload,
  eventCallback,
  interaction,
  type PostSignedOptions,
  postSigned,
  type RecordedCall,
  type SignedResponse,
  type SlackRequest,
  sign,
} from '../../support/fake-slack.js';
import { buttonsOf, type Message, type Modal, type Person, SECRET, textOf, Workspace } from './workspace.js';

const T = (key: string, params?: Params): string => t('fi', key, params);
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const now = (): number => Math.floor(Date.now() / 1000);

const [CONVENER, CLIENT, INVITEE] = ['Sanna Korhonen', 'Eetu Laine', 'Liisa Laine'];
const PURPOSE = 'Eetun koulupolun tukeminen';
const TOPICS = 'Poissaolot\nKotiaamut';
const PLACE = 'Nuorisotalon yläkerta';
/** What people typed into Toivo: it may be shown to the meeting's people, never written to a log. */
const TYPED = [CONVENER, CLIENT, INVITEE, PURPOSE, PLACE, ...TOPICS.split('\n')];

/** Everything one can read in a message Slack got: its text and its blocks. */
const said = (call: RecordedCall): string =>
  `${String(call.args.text ?? '')}\n${textOf((call.args.blocks ?? []) as never)}`;

const START = T('card.board.action.start');
const FORM = 'application/x-www-form-urlencoded';
/** When Toivo tries a failed delivery again: soon, so that a test sees it given up. */
const RETRY_DELAYS_MS = [100, 200];

/** Resolves once `done` holds; polls every 10 ms. */
async function waitUntil(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    assert.ok(Date.now() < until, 'timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Slack: bad and repeated requests', function () {
  this.timeout(20_000);
  let dir = '';
  let store: EventStore<Event>;
  let ws: Workspace;
  let sanna: Person;
  let outsider: Person;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-slack-requests-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    ws = await Workspace.start({ store, retryDelaysMs: RETRY_DELAYS_MS });
    for (const [id, name] of [
      ['USANNA', CONVENER],
      ['UEETU', CLIENT],
      ['ULIISA', INVITEE],
      ['UOUTSIDER', 'Olli Ulkopuolinen'],
    ] as const)
      ws.api.users.set(id, { real_name: name, locale: 'fi-FI' });
    sanna = ws.person('USANNA');
    outsider = ws.person('UOUTSIDER');
  });

  after(async () => {
    await ws.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // --- helpers -------------------------------------------------------------------------------

  /** The meeting's stored version (its number of events); 0 when there is none. */
  const version = async (id: string): Promise<number> => (await store.load(id))?.version ?? 0;

  /** Sanna calls a meeting in `channel` with Eetu (the client) and Liisa, both Slack users. */
  async function callMeeting(channel: string): Promise<{ id: string; board: () => Message }> {
    await invite(channel);
    return meetingIn(channel);
  }

  /** Sanna sends the invitation form for a meeting in `channel`. */
  async function invite(channel: string): Promise<void> {
    while (sanna.hasModal) sanna.close();
    await sanna.command('', channel);
    await sanna.submit({
      purpose: PURPOSE,
      topics: TOPICS,
      date: inDays(3),
      time: '14:00',
      place: PLACE,
      convenerName: CONVENER,
      clientName: CLIENT,
      clientAccount: 'UEETU',
      invitee1Name: INVITEE,
      invitee1Role: 'close',
      invitee1Account: 'ULIISA',
    });
  }

  /** The meeting whose board is in `channel`. */
  async function meetingIn(channel: string): Promise<{ id: string; board: () => Message }> {
    const board = () => ws.message(T('card.board.title'), channel);
    const open = buttonsOf(board().blocks)[0];
    const id = (JSON.parse(String(open?.value)) as { meetingId?: string }).meetingId;
    assert.ok(id, 'the board names its meeting');
    assert.equal(await version(id), 1, 'the meeting is created');
    return { id, board };
  }

  /**
   * Waits until Toivo is done: every request handled, no failed delivery waiting to be tried
   * again. What Slack shows is then rebuilt from the calls.
   */
  async function quiet(): Promise<void> {
    await ws.slack.settled();
    // A retry being tried is no longer counted as waiting: quiet is no retry waiting, no call, for a while.
    let seen = -1;
    while (seen !== ws.api.calls.length || ws.app.deliverer.retrying > 0) {
      seen = ws.api.calls.length;
      await waitUntil(() => ws.app.deliverer.retrying === 0);
      await new Promise((done) => setTimeout(done, 50));
    }
    ws.sync();
  }

  /** The same call as `refused` (method, target and content), as Slack took it after refusing it. */
  const takenAfter = (refused: RecordedCall | undefined): RecordedCall | undefined =>
    refused &&
    ws.api.calls.find(
      (c) =>
        c.at >= refused.at &&
        !c.error &&
        c.method === refused.method &&
        c.args.channel === refused.args.channel &&
        c.args.ts === refused.args.ts &&
        said(c) === said(refused),
    );

  /** Sanna's own view of the meeting, opened from the board's button. */
  async function ownView(board: Message): Promise<Modal> {
    while (sanna.hasModal) sanna.close();
    await sanna.press(board, T('card.board.action.my_view'));
    assert.equal(sanna.modal.view.callback_id, 'toivo.my_view');
    return sanna.modal;
  }

  /** Presses "Start" in Sanna's own view with Sanna and the client present. */
  const start = (who: Person, view: Modal) => who.press(view, START, { presentIds: [CONVENER, CLIENT] });

  interface Unsent {
    readonly request: SlackRequest;
    readonly user: string;
    readonly trigger: string;
  }

  /** The signed request a person's act would make, built by the workspace but not sent. */
  async function unsent(act: () => Promise<unknown>): Promise<Unsent> {
    let got: Unsent | undefined;
    const send = ws.send;
    ws.send = async (request, user, trigger) => {
      got = { request, user: user ?? '', trigger: trigger ?? '' };
      return { status: 0, text: '', headers: {} };
    };
    try {
      await act();
    } finally {
      ws.send = send;
    }
    assert.ok(got, 'the act made a request');
    return got;
  }

  /**
   * Posts `request` with its own signing options, then waits for whatever Toivo does about it.
   * Unlike `ws.send`, it leaves the workspace's picture alone: these tests look at the Web API calls.
   */
  async function post(
    request: SlackRequest,
    options: Partial<PostSignedOptions> = {},
  ): Promise<SignedResponse> {
    const res = await postSigned(ws.url, request, { secret: SECRET, ...options });
    await ws.slack.settled();
    return res;
  }

  /** Posts `request` with exactly `headers` (no signature unless given); gives up waiting after `waitMs`. */
  async function postBare(
    request: SlackRequest,
    headers: Record<string, string>,
    waitMs = 5000,
  ): Promise<number | 'no answer'> {
    const res = await fetch(ws.url, {
      method: 'POST',
      headers: { 'content-type': request.contentType, ...headers },
      body: request.body,
      signal: AbortSignal.timeout(waitMs),
    }).catch((error: Error) => {
      if (error.name === 'TimeoutError') return undefined;
      throw error;
    });
    await res?.text();
    await ws.slack.settled();
    return res?.status ?? 'no answer';
  }

  /** The Web API methods called since `from`, but users.info (asking someone's language). */
  const methodsSince = (from: number): string[] =>
    ws.api.calls
      .slice(from)
      .map((c) => c.method)
      .filter((m) => m !== 'users.info');

  /** What Toivo told `user` privately since `from`. */
  const noticesTo = (user: string, from: number): string[] =>
    ws.api.calls
      .slice(from)
      .filter((c) => c.method === 'chat.postEphemeral' && c.args.user === user)
      .map(said);

  // --- 1 -------------------------------------------------------------------------------------

  describe('a request Slack did not sign (or signed for another body or time) or could not have sent changes nothing', () => {
    const CHANNEL = 'CBADSIG';
    let id = '';
    let command: Unsent;
    let press: Unsent;

    before(async () => {
      const meeting = await callMeeting(CHANNEL);
      id = meeting.id;
      const view = await ownView(meeting.board());
      // Both would work (the last test sends them as Slack would): /toivo opens a modal, "Start" starts.
      command = await unsent(() => sanna.command('', CHANNEL));
      press = await unsent(() => start(sanna, view));
    });

    const BAD: readonly {
      readonly name: string;
      send(request: SlackRequest): Promise<number | 'no answer'>;
    }[] = [
      { name: 'no signature headers', send: (r) => postBare(r, {}) },
      {
        name: 'a signature made with another secret',
        send: async (r) => (await post(r, { secret: 'not-the-signing-secret' })).status,
      },
      {
        name: 'a valid signature over a body that was then tampered with',
        send: async (r) => {
          const signed = sign(SECRET, r.body);
          const tampered = { ...r, body: r.body.replaceAll('USANNA', 'UEVIL') };
          assert.notEqual(tampered.body, r.body);
          return postBare(tampered, { ...signed });
        },
      },
      {
        name: 'a timestamp older than five minutes',
        send: async (r) => (await post(r, { timestamp: now() - 6 * 60 })).status,
      },
      {
        // Bolt takes these; Toivo's route refuses them.
        name: 'a timestamp more than five minutes in the future',
        send: async (r) => (await post(r, { timestamp: now() + 6 * 60 })).status,
      },
    ];

    for (const bad of BAD)
      it(`${bad.name}: 401, no Web API call, the meeting unchanged`, async () => {
        const calls = ws.api.calls.length;
        const before = await version(id);
        assert.equal(await bad.send(command.request), 401, '/toivo is refused');
        assert.equal(await bad.send(press.request), 401, 'the button press is refused');
        assert.deepEqual(
          ws.api.calls.slice(calls).map((c) => c.method),
          [],
          'no handler ran: no modal, no message, no Web API call at all',
        );
        assert.equal(await version(id), before, 'the meeting is unchanged');
      });

    it('a malformed payload, correctly signed: 4xx, nothing changes', async () => {
      const calls = ws.api.calls.length;
      const before = await version(id);
      const malformed: SlackRequest = { contentType: FORM, body: 'payload=not-json' };
      const res = await post(malformed);
      assert.ok(res.status >= 400 && res.status < 500, `4xx, not ${res.status}`);
      assert.deepEqual(
        ws.api.calls.slice(calls).map((c) => c.method),
        [],
        'no Web API call',
      );
      assert.equal(await version(id), before, 'the meeting is unchanged');
    });

    // Bolt's receiver reads `body.ssl_check` of a body that parses to null outside its try: the
    // request would never be answered and the rejection would stop Toivo. Toivo's route answers it.
    for (const [what, malformed] of [
      ['payload=null', { contentType: FORM, body: 'payload=null' }],
      ['a JSON body of null', { contentType: 'application/json', body: 'null' }],
    ] as const)
      it(`${what}, correctly signed: 4xx, nothing changes, nothing thrown`, async () => {
        const calls = ws.api.calls.length;
        const before = await version(id);
        const thrown: unknown[] = [];
        const note = (reason: unknown) => thrown.push(reason);
        process.on('unhandledRejection', note);
        try {
          const status = await postBare(malformed, { ...sign(SECRET, malformed.body) }, 1000);
          const answered = typeof status === 'number' && status >= 400 && status < 500;
          assert.ok(
            answered && thrown.length === 0,
            `4xx, nothing thrown; got: ${status}, thrown: ${thrown.map(String).join(' | ') || 'nothing'}`,
          );
        } finally {
          process.off('unhandledRejection', note);
        }
        assert.deepEqual(
          ws.api.calls.slice(calls).map((c) => c.method),
          [],
          'no Web API call',
        );
        assert.equal(await version(id), before, 'the meeting is unchanged');
      });

    it('the same requests, signed as Slack signs them, are taken (they were good ones)', async () => {
      const calls = ws.api.calls.length;
      const before = await version(id);
      assert.equal((await ws.send(command.request, command.user, command.trigger)).status, 200);
      assert.deepEqual(methodsSince(calls), ['views.open'], '/toivo opens the invitation form');
      assert.equal((await ws.send(press.request, press.user, press.trigger)).status, 200);
      assert.ok((await version(id)) > before, 'the meeting started');
      assert.ok(
        textOf(ws.message(T('card.board.title'), CHANNEL).blocks).includes(
          T('card.board.part', { n: 1, total: 7, phase: T('phase.opening') }),
        ),
        'the board shows it',
      );
    });
  });

  // --- 2 -------------------------------------------------------------------------------------

  describe('a click Toivo never drew, or from someone not in the meeting: a private notice, nothing else', () => {
    const CHANNEL = 'CWHO';
    let id = '';
    let board: () => Message;

    before(async () => {
      ({ id, board } = await callMeeting(CHANNEL));
    });

    for (const actionId of ['evil.verb#1', 'meeting.start', 'meeting.start#x'])
      it(`an unknown action id (${actionId}) from a participant`, async () => {
        const calls = ws.api.calls.length;
        const before = await version(id);
        const shown = JSON.stringify(ws.channel(CHANNEL));
        const message = board();
        const payload = blockActionsPayload({
          user: 'USANNA',
          channel: CHANNEL,
          message_ts: message.ts,
          actionId,
          value: JSON.stringify({ meetingId: id, version: before }),
        });
        assert.equal((await ws.send(interaction(payload))).status, 200);
        const notices = noticesTo('USANNA', calls);
        assert.equal(notices.length, 1, 'one private notice');
        assert.ok(notices[0]?.includes(T('rejection.command.unknown')), `told why: ${notices[0]}`);
        assert.deepEqual(methodsSince(calls), ['chat.postEphemeral'], 'and nothing else');
        assert.equal(await version(id), before, 'the meeting is unchanged');
        assert.equal(JSON.stringify(ws.channel(CHANNEL)), shown);
      });

    it('an outsider’s "Open my view" on the board: a notice, no view of the meeting', async () => {
      const calls = ws.api.calls.length;
      const before = await version(id);
      await outsider.press(board(), T('card.board.action.my_view'));
      const notices = noticesTo('UOUTSIDER', calls);
      assert.equal(notices.length, 1, 'one private notice');
      assert.ok(notices[0]?.includes(T('rejection.meeting.not_found')), `told why: ${notices[0]}`);
      assert.deepEqual(methodsSince(calls), ['chat.postEphemeral'], 'no modal, nothing else');
      assert.equal(outsider.hasModal, false);
      assert.equal(await version(id), before, 'the meeting is unchanged');
    });

    it('a button of a participant’s own view replayed by an outsider under the outsider’s id', async () => {
      const view = await ownView(board());
      const calls = ws.api.calls.length;
      const before = await version(id);
      const shown = JSON.stringify(ws.channel(CHANNEL));
      const drawn = JSON.stringify(view.view);
      await start(outsider, view);
      const notices = noticesTo('UOUTSIDER', calls);
      assert.equal(notices.length, 1, 'one private notice');
      assert.ok(notices[0]?.includes(T('rejection.meeting.not_found')), `told why: ${notices[0]}`);
      assert.deepEqual(methodsSince(calls), ['chat.postEphemeral'], 'Sanna’s view and the board untouched');
      assert.equal(await version(id), before, 'the meeting is unchanged');
      assert.equal(JSON.stringify(ws.channel(CHANNEL)), shown);
      assert.equal(JSON.stringify(view.view), drawn);
      // The button was a live one: Sanna's own press of it starts the meeting.
      await start(sanna, view);
      assert.ok((await version(id)) > before, 'Sanna starts the meeting with the same button');
    });
  });

  // --- 3 -------------------------------------------------------------------------------------

  describe('a delivery Slack retries is applied and answered once', () => {
    const CHANNEL = 'CRETRY';

    it('a retried button press: the meeting changes once, the channel message is updated once', async () => {
      const { id, board } = await callMeeting(CHANNEL);
      const view = await ownView(board());
      const press = await unsent(() => start(sanna, view));
      const toChannel = () =>
        ws.api.calls.filter((c) => c.method.startsWith('chat.') && c.args.channel === CHANNEL).length;
      const v0 = await version(id);
      const c0 = toChannel();
      assert.equal((await ws.send(press.request, press.user, press.trigger)).status, 200);
      const v1 = await version(id);
      const c1 = toChannel();
      assert.ok(v1 > v0, 'the first delivery starts the meeting');
      assert.ok(c1 > c0, 'and updates the board');
      const calls = ws.api.calls.length;
      assert.equal((await post(press.request, { retryNum: 1 })).status, 200);
      assert.equal(await version(id), v1, 'the retry changes nothing');
      assert.equal(toChannel(), c1, 'the channel is not updated again, nor told anything');
      assert.deepEqual(
        methodsSince(calls).filter((m) => m.startsWith('chat.')),
        [],
        'nobody gets a message or a notice for the retry',
      );
    });

    it('a retry that comes while the first delivery is still being handled is applied once too', async () => {
      const { id, board } = await callMeeting('CRACE');
      const view = await ownView(board());
      const press = await unsent(() => start(sanna, view));
      const calls = ws.api.calls.length;
      const before = await version(id);
      const [first, retry] = await Promise.all([
        ws.send(press.request, press.user, press.trigger),
        post(press.request, { retryNum: 1 }),
      ]);
      assert.deepEqual([first.status, retry.status], [200, 200]);
      const started = await version(id);
      assert.ok(started > before, 'the meeting started');
      // Applied twice, "Start" would be refused the second time: a notice, or a second update.
      const updates = ws.api.calls
        .slice(calls)
        .filter((c) => c.method === 'chat.update' && c.args.ts === board().ts);
      assert.equal(updates.length, 1, 'the board is updated once');
      assert.deepEqual(noticesTo('USANNA', calls), [], 'nobody is told anything was refused');
    });

    it('a retried app_mention gets one help answer', async () => {
      const calls = ws.api.calls.length;
      const mention = eventCallback(
        {
          type: 'app_mention',
          user: 'ULIISA',
          channel: CHANNEL,
          text: '<@UBOT> apua?',
          ts: `${now()}.000100`,
        },
        { eventId: 'EvMENTION001' },
      );
      assert.equal((await post(mention)).status, 200);
      assert.equal((await post(mention, { retryNum: 1 })).status, 200);
      const help = noticesTo('ULIISA', calls);
      assert.equal(help.length, 1, 'one answer');
      assert.ok(help[0]?.includes(T('slack.help')), `the help: ${help[0]}`);
    });

    it('a DM to Toivo gets the help text once, also when Slack retries it', async () => {
      const calls = ws.api.calls.length;
      const dm = eventCallback(
        {
          type: 'message',
          channel_type: 'im',
          channel: 'DULIISA',
          user: 'ULIISA',
          text: 'hei',
          ts: `${now()}.000200`,
        },
        { eventId: 'EvDIRECT001' },
      );
      assert.equal((await post(dm)).status, 200);
      assert.equal((await post(dm, { retryNum: 1 })).status, 200);
      const answers = ws.api.calls
        .slice(calls)
        .filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'DULIISA')
        .map(said);
      assert.equal(answers.length, 1, 'one answer');
      assert.ok(answers[0]?.includes(T('slack.help')), `the help: ${answers[0]}`);
    });
  });

  // --- 4 -------------------------------------------------------------------------------------

  describe('when Slack says "wait" or "no"', () => {
    it('a 429 with Retry-After is waited out: each card’s update arrives once, a second later', async () => {
      const CHANNEL = 'CLIMIT';
      const { id, board } = await callMeeting(CHANNEL);
      const view = await ownView(board());
      const calls = ws.api.calls.length;
      const limited = ws.api.rateLimited.length;
      const logged = ws.log.length;
      ws.api.failNext('chat.update', { status: 429, retryAfter: 1 });
      await start(sanna, view);
      const refused = ws.api.rateLimited.slice(limited);
      assert.deepEqual(
        refused.map((c) => c.method),
        ['chat.update'],
        'Slack refused one update with a 429',
      );
      await waitUntil(() => takenAfter(refused[0]) !== undefined);
      await quiet();
      // Starting updates the channel's cards (the invitation's attendance, the board) in place.
      const updates = ws.api.calls
        .slice(calls)
        .filter((c) => c.method === 'chat.update' && c.args.channel === CHANNEL);
      const times = new Map<string, number>();
      for (const u of updates) times.set(String(u.args.ts), (times.get(String(u.args.ts)) ?? 0) + 1);
      assert.ok(times.has(board().ts), 'the board was updated');
      assert.deepEqual(
        [...times.values()],
        [...times.keys()].map(() => 1),
        'each card exactly once',
      );
      const retried = takenAfter(refused[0]);
      assert.ok(retried, 'the refused update arrived after all');
      const waited = retried.at - (refused[0]?.at ?? 0);
      assert.ok(waited >= 950, `Retry-After was waited out: ${waited} ms`);
      assert.ok(
        textOf(board().blocks).includes(T('card.board.part', { n: 1, total: 7, phase: T('phase.opening') })),
        'the board shows the meeting started',
      );
      assert.ok((await version(id)) > 1);
      assert.deepEqual(
        ws.log.slice(logged).filter((l) => l.includes('delivery failed')),
        [],
        'nothing failed',
      );
    });

    it('a 429 when a meeting is created is waited out: every message is posted once', async () => {
      const CHANNEL = 'CLIMITNEW';
      const calls = ws.api.calls.length;
      const limited = ws.api.rateLimited.length;
      const logged = ws.log.length;
      ws.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      await invite(CHANNEL);
      const refused = ws.api.rateLimited.slice(limited);
      assert.deepEqual(
        refused.map((c) => c.method),
        ['chat.postMessage'],
        'Slack refused one message with a 429',
      );
      await waitUntil(() => takenAfter(refused[0]) !== undefined);
      await quiet();
      const posts = ws.api.calls.slice(calls).filter((c) => c.method === 'chat.postMessage');
      const where = posts.map((c) => `${String(c.args.channel)}: ${said(c).split('\n')[0]}`);
      assert.deepEqual(where, [...new Set(where)], 'no message twice');
      assert.deepEqual(
        ws.channel(CHANNEL).map((m) => textOf(m.blocks.slice(0, 1))),
        [T('card.invitation.title'), T('card.board.title')],
        'the channel shows the invitation and the board, once each',
      );
      const retried = takenAfter(refused[0]);
      assert.ok(retried, 'the refused message arrived after all');
      const waited = retried.at - (refused[0]?.at ?? 0);
      assert.ok(waited >= 950, `Retry-After was waited out: ${waited} ms`);
      await meetingIn(CHANNEL);
      assert.deepEqual(
        ws.log.slice(logged).filter((l) => l.includes('delivery failed')),
        [],
        'nothing failed',
      );
    });

    it('a call Slack refuses for good is logged with ids and the error code, never what people typed', async () => {
      const CHANNEL = 'CGONE';
      const { id, board } = await callMeeting(CHANNEL);
      await start(sanna, await ownView(board()));
      const calls = ws.api.calls.length;
      const logged = ws.log.length;
      // Giving Eetu the floor updates the board only (it names him); Slack refuses it every time.
      for (let i = 0; i <= RETRY_DELAYS_MS.length; i++)
        ws.api.failNext('chat.update', { error: 'channel_not_found' });
      await sanna.press(sanna.modal, T('card.board.action.give_floor'), { floorTo: CLIENT });
      await waitUntil(() => ws.log.slice(logged).some((l) => l.includes('abandoned')));
      const refused = ws.api.calls.slice(calls).filter((c) => c.method === 'chat.update');
      assert.equal(refused.length, RETRY_DELAYS_MS.length + 1, 'the board update was tried, and again');
      assert.ok(
        refused.every((c) => c.error === 'channel_not_found'),
        'and refused each time',
      );
      // There was something to leak: the refused update carried a name Sanna typed.
      assert.ok(said(refused[0] as RecordedCall).includes(CLIENT));
      const lines = ws.log.slice(logged);
      const failed = lines.filter((l) => l.includes('channel_not_found'));
      assert.equal(failed.length, refused.length, `a line for each refusal: ${JSON.stringify(lines)}`);
      for (const line of failed) {
        assert.ok(line.includes(id), `the meeting's id: ${line}`);
        assert.ok(line.includes(CHANNEL), `the channel's id: ${line}`);
      }
      const abandoned = lines.filter((l) => l.includes('abandoned'));
      assert.equal(abandoned.length, 1, 'giving up is told once');
      assert.ok(abandoned[0]?.includes(id), `the meeting's id: ${abandoned[0]}`);
      // The click itself is kept: Eetu has the floor, though the board could not show it.
      const meeting = await new App(store).meetings.get(id);
      const eetu = meeting?.participants.find((p) => p.name === CLIENT);
      assert.ok(eetu && meeting?.floor === eetu.id, 'Eetu has the floor');
      for (const l of ws.log)
        for (const typed of TYPED) assert.ok(!l.includes(typed), `"${typed}" was written to the log: ${l}`);
    });
  });
});
