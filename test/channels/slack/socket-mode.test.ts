/**
 * Toivo in Socket Mode: Bolt's real SocketModeReceiver connects with the app token to a local fake
 * (`apps.connections.open` hands out a `ws://127.0.0.1` server that sends envelopes); Toivo acks over
 * the socket and calls the fake Web API. No public URL, no HTTP route.
 *
 * Nothing may leave the machine: a fetch guard keeps every call on loopback, and the first test
 * fails if a call went anywhere but the Web API address Toivo was given (SLACK_API_URL). Bolt 5's
 * SocketModeReceiver reads that address only from `installerOptions.clientOptions`; given anywhere
 * else, the socket's client would call slack.com and retry for a very long time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../../src/app/index.js';
import { type SlackChannel, slackChannel } from '../../../src/channels/slack/index.js';
import type { Event } from '../../../src/core/index.js';
import { t } from '../../../src/i18n/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import {
  blockActionsPayload,
  eventCallbackPayload,
  type FakeSlackApi,
  type FakeSocketMode,
  newTriggerId,
  type RecordedCall,
  type SocketAck,
  slashCommandPayload,
  startFakeSlackApi,
  startFakeSocketMode,
  viewSubmissionPayload,
} from '../../support/fake-slack.js';
import { changed, snapshot } from '../fuzz-support.js';
import { stateOf, textOf } from './workspace.js';

type Json = Record<string, unknown>;
type Block = Json & { type: string; block_id?: string; element?: Json };
interface Modal {
  readonly type: string;
  readonly callback_id: string;
  readonly private_metadata: string;
  readonly blocks: Block[];
}

const SLACK_API = 'https://slack.com/api/';
const CHANNEL = 'C0SOCKET';
const CONVENER = 'USANNA';
/** A convener whose Slack speaks Swedish. */
const SVEN = 'USVEN';
/** Someone whose Slack speaks English. */
const ASKER = 'UMIKKO';
const [CLIENT, MOTHER, TEACHER] = ['UAINO', 'ULIISA', 'UPEKKA'];
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A good invitation: the client and two invitees picked with Slack's people picker, one invitee not. */
const INVITATION: Readonly<Record<string, string>> = {
  purpose: 'Ainon koulunkäynnin tukeminen',
  topics: 'Koulupoissaolot\nArjen rytmi',
  date: inDays(3),
  time: '14:00',
  place: 'Koulun neuvotteluhuone 2',
  meetingLocale: 'fi',
  convenerName: 'Sanna Korhonen',
  clientName: 'Aino Laine',
  clientAccount: CLIENT,
  invitee1Name: 'Liisa Laine',
  invitee1Role: 'close',
  invitee1Account: MOTHER,
  invitee1Relation: 'äiti',
  invitee2Name: 'Matti Laine',
  invitee2Role: 'close',
  invitee2Relation: 'isoisä',
  invitee3Name: 'Pekka Virtanen',
  invitee3Role: 'worker',
  invitee3Account: TEACHER,
  invitee3Relation: 'luokanvalvoja',
};

describe('Slack in Socket Mode, through a fake Socket Mode server', function () {
  this.timeout(20_000);
  let dir = '';
  let store: EventStore<Event>;
  let api: FakeSlackApi | undefined;
  let socket: FakeSocketMode;
  let channel: SlackChannel | undefined;
  let stopped = false;
  const log: string[] = [];
  /** Web API calls that were not sent to `config.apiUrl` (the fake): each would have left the machine. */
  const escaped: string[] = [];
  const realFetch = globalThis.fetch;

  before(async () => {
    // Nothing may leave loopback. WebClient takes `globalThis.fetch` when it is made, so this goes first.
    // A call to Slack's own address is noted (the first test fails on it) and sent to the fake instead.
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) return realFetch(input, init);
      escaped.push(url);
      if (url.startsWith(SLACK_API) && api) return realFetch(api.url + url.slice(SLACK_API.length), init);
      // Slack's "not_authed" makes the clients give up at once; anything else they retry for long.
      return Promise.resolve(Response.json({ ok: false, error: 'not_authed' }));
    };
    dir = mkdtempSync(join(tmpdir(), 'toivo-slack-socket-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    api = await startFakeSlackApi();
    socket = await startFakeSocketMode(api);
    api.users.set(CONVENER, { real_name: 'Sanna Korhonen', locale: 'fi-FI' });
    api.users.set(SVEN, { real_name: 'Sven Svensson', locale: 'sv-SE' });
    api.users.set(ASKER, { real_name: 'Mikko Mallikas', locale: 'en-US' });
    const app = new App(store, { log: (l) => log.push(l) });
    channel = await slackChannel(
      app,
      { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: api.url },
      { log: (l) => log.push(l), messageGapMs: 0, retries: 1 },
    );
    await channel.start();
  });

  after(async () => {
    try {
      if (!stopped) await channel?.stop();
      await socket?.close();
      await api?.close();
      await store?.close();
    } finally {
      globalThis.fetch = realFetch;
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  const fake = (): FakeSlackApi => api as FakeSlackApi;
  const slack = (): SlackChannel => channel as SlackChannel;

  /** The Web API calls since `from` (an index into the fake's calls), once Toivo has done all it does. */
  async function callsSince(from: number): Promise<RecordedCall[]> {
    await slack().settled();
    return fake().calls.slice(from);
  }

  /** `/toivo` from `user` as a slash_commands envelope: its ack and what Toivo called because of it. */
  async function command(user: string) {
    const from = fake().calls.length;
    const triggerId = newTriggerId();
    const envelopeId = `env-command-${triggerId}`;
    const ack = await socket.send({
      type: 'slash_commands',
      envelope_id: envelopeId,
      payload: slashCommandPayload({ user_id: user, channel_id: CHANNEL, text: '', trigger_id: triggerId }),
    });
    return { ack, envelopeId, triggerId, calls: await callsSince(from) };
  }

  /** Opens the invitation form with `/toivo`: the modal Toivo opened. */
  async function invitationForm(user: string): Promise<Modal> {
    const { calls } = await command(user);
    const opened = calls.filter((c) => c.method === 'views.open');
    assert.equal(opened.length, 1, 'the form opens');
    return opened[0]?.args.view as Modal;
  }

  /** Sends the modal as an `interactive` envelope with a view_submission: its ack and the calls it led to. */
  async function submit(user: string, modal: Modal, inputs: Readonly<Record<string, string>>) {
    const envelopeId = `env-submit-${newTriggerId()}`;
    const from = fake().calls.length;
    const payload = viewSubmissionPayload({
      user,
      view: {
        id: 'V0FORM',
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        state: stateOf(modal.blocks, inputs),
        blocks: modal.blocks as never,
      },
    });
    const ack = await socket.send({ type: 'interactive', envelope_id: envelopeId, payload });
    assert.equal(ack.envelope_id, envelopeId, 'the ack is for the submit');
    return { ack, calls: await callsSince(from) };
  }

  /** `@Toivo` in the channel as an `events_api` envelope. */
  function mention(eventId: string, retryAttempt = 0): Promise<SocketAck> {
    const ts = `${(Date.now() / 1000).toFixed(6)}`;
    const event = {
      type: 'app_mention',
      user: ASKER,
      text: '<@UBOT> apua',
      channel: CHANNEL,
      ts,
      event_ts: ts,
    };
    return socket.send({
      type: 'events_api',
      envelope_id: `env-event-${eventId}-${retryAttempt}`,
      payload: eventCallbackPayload(event, { eventId }),
      retry_attempt: retryAttempt,
      ...(retryAttempt > 0 ? { retry_reason: 'timeout' } : {}),
    });
  }

  const posted = (calls: readonly RecordedCall[], to: string) =>
    calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === to);

  it('connects with the app token to the Web API it is given, and needs no HTTP route', async () => {
    await socket.connected();
    const opens = fake().callsOf('apps.connections.open');
    assert.equal(opens.length, 1, 'one connection was opened');
    assert.equal(opens[0]?.token, 'xapp-test', 'with the app-level token');
    assert.equal(socket.connectionCount, 1);
    assert.equal(slack().route, undefined, 'Socket Mode needs no public URL');
    assert.deepEqual(
      escaped,
      [],
      'Socket Mode uses the Web API address it is given (SocketModeReceiver reads it from installerOptions.clientOptions)',
    );
  });

  it('acks /toivo over the socket and opens the invitation form with its trigger', async () => {
    const { ack, envelopeId, triggerId, calls } = await command(CONVENER);
    assert.equal(ack.envelope_id, envelopeId, 'the ack is for the command');
    const opened = calls.filter((c) => c.method === 'views.open');
    assert.equal(opened.length, 1, 'views.open once');
    assert.equal(opened[0]?.args.trigger_id, triggerId, 'with the command’s trigger');
    const view = opened[0]?.args.view as Modal;
    assert.equal(view.type, 'modal');
    assert.ok(
      view.blocks.some((b) => b.type === 'input' && b.block_id === 'purpose'),
      'the invitation form asks for the purpose',
    );
  });

  it('a submitted invitation form creates the meeting: the modal closes, the channel and the invitees are told', async () => {
    const form = await invitationForm(CONVENER);
    const { ack, calls } = await submit(CONVENER, form, INVITATION);
    assert.deepEqual(ack.payload ?? {}, {}, 'an empty ack closes the modal');
    const fi = (key: string) => t('fi', key);
    const inChannel = posted(calls, CHANNEL).map((c) => textOf(c.args.blocks as never));
    assert.ok(
      inChannel.some((text) => text.includes(fi('card.invitation.title')) && text.includes('Aino Laine')),
      `the invitation is posted to the channel; posted: ${inChannel.map((x) => x.split('\n')[0]).join(' | ')}`,
    );
    assert.ok(
      inChannel.some((text) => text.includes(fi('card.board.title'))),
      'the board is posted to the channel',
    );
    const opened = calls.filter((c) => c.method === 'conversations.open').map((c) => c.args.users);
    for (const user of [CLIENT, MOTHER, TEACHER]) {
      assert.ok(opened.includes(user), `a DM with ${user} is opened`);
      assert.equal(posted(calls, `D${user}`).length, 1, `${user} gets the invitation as a direct message`);
    }
  });

  it('a bad invitation form is acked with the error on its field and posts nothing', async () => {
    const form = await invitationForm(SVEN);
    const { ack, calls } = await submit(SVEN, form, { ...INVITATION, purpose: '' });
    assert.deepEqual(ack.payload, {
      response_action: 'errors',
      errors: { purpose: t('sv', 'rejection.input.empty', { field: t('sv', 'field.purpose') }) },
    });
    const said = calls.filter((c) => c.method !== 'users.info').map((c) => c.method);
    assert.deepEqual(said, [], 'nothing is posted, opened or updated');
  });

  it('answers @Toivo with the short help in the asker’s language, once even when Slack retries', async () => {
    const from = fake().calls.length;
    const first = await mention('Ev0MENTION1');
    assert.equal(first.envelope_id, 'env-event-Ev0MENTION1-0', 'the event is acked');
    const help = (await callsSince(from)).filter((c) => c.method === 'chat.postEphemeral');
    assert.equal(help.length, 1, 'one short help');
    assert.notEqual(t('en', 'slack.help'), t('fi', 'slack.help'));
    assert.deepEqual(
      { channel: help[0]?.args.channel, user: help[0]?.args.user, text: help[0]?.args.text },
      { channel: CHANNEL, user: ASKER, text: t('en', 'slack.help') },
    );

    const retry = await mention('Ev0MENTION1', 1);
    assert.equal(retry.envelope_id, 'env-event-Ev0MENTION1-1', 'the retry is acked too');
    const again = (await callsSince(from)).filter((c) => c.method === 'chat.postEphemeral');
    assert.equal(again.length, 1, 'the retried event is not answered again');
  });

  // No door stands before Bolt here, as Toivo's route does over HTTP: what Bolt cannot read fails inside it.
  it('what Bolt cannot read, or Toivo does not take, is acked at once over the socket; nothing called or changed', async () => {
    const click = blockActionsPayload({
      user: CONVENER,
      channel: CHANNEL,
      message_ts: '1.000100',
      actionId: 'ui.my_view#1',
      value: '{}',
    });
    const someone = { user: click.user, team: click.team };
    for (const [what, payload] of [
      ['a click from no user', { ...click, user: null }],
      ['a click whose actions are no list', { ...click, actions: {} }],
      ['a shortcut', { ...someone, type: 'shortcut', callback_id: 'someone.else', trigger_id: '1.2.3' }],
      ['an options request', { ...someone, type: 'block_suggestion', action_id: 'x', value: 'Ai' }],
      ['a kind no app gets', { ...someone, type: 'no_such_kind' }],
    ] as const) {
      const before = await snapshot(store);
      const from = fake().calls.length;
      const ack = await socket.send({ type: 'interactive', payload }, 1_000).catch((e: Error) => e.message);
      assert.equal(typeof ack === 'string' ? ack : 'acked', 'acked', what);
      const calls = (await callsSince(from)).map((c) => c.method).filter((m) => m !== 'users.info');
      assert.deepEqual(calls, [], `${what}: nothing called`);
      assert.deepEqual(changed(before, await snapshot(store)), [], `${what}: nothing changed`);
    }
  });

  it('stop() lets the work in flight finish, closes the socket and resolves', async () => {
    const from = fake().calls.length;
    await mention('Ev0MENTION2');
    await slack().stop();
    stopped = true;
    const help = fake()
      .calls.slice(from)
      .filter((c) => c.method === 'chat.postEphemeral');
    assert.equal(help.length, 1, 'the mention taken before stop() is answered by the time it resolves');
    const connected = await socket.connected(1).then(
      () => true,
      () => false,
    );
    assert.equal(connected, false, 'the fake saw the socket close');
    await new Promise((done) => setTimeout(done, 200));
    assert.equal(socket.connectionCount, 1, 'no reconnect after stop()');
  });
});
