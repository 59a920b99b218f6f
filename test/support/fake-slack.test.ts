/** Proves the Slack fakes speak the real packages' protocol: WebClient, Bolt's verifier and App, SocketModeClient. */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { WebClient } from '@slack/web-api';
import {
  blockActionsPayload,
  type FakeSlackApi,
  type FakeSocketMode,
  interaction,
  postSigned,
  sign,
  slashCommand,
  slashCommandPayload,
  startFakeSlackApi,
  startFakeSocketMode,
} from './fake-slack.js';

const SECRET = 'test-signing-secret';
const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hei*' } }];

describe('fake Slack', () => {
  let api: FakeSlackApi;
  let socket: FakeSocketMode;
  let socketClient: SocketModeClient | undefined;
  let app: App | undefined;

  before(async () => {
    api = await startFakeSlackApi();
    socket = await startFakeSocketMode(api);
  });
  afterEach(() => api.reset());
  after(async () => {
    await socketClient?.disconnect();
    await app?.stop();
    await socket.close();
    await api.close();
  });

  const client = (retries: number) =>
    new WebClient('xoxb-test', {
      slackApiUrl: api.url,
      retryConfig: { retries, minTimeout: 10 },
      logLevel: LogLevel.ERROR,
    });

  it('records a WebClient post with its blocks decoded', async () => {
    const result = await client(0).chat.postMessage({ channel: 'C1', text: 'Hei', blocks });
    assert.match(String(result.ts), /^\d{10}\.\d{6}$/);
    const [call] = api.callsOf('chat.postMessage');
    assert.deepEqual(call?.args.blocks, blocks);
    assert.equal(call?.token, 'xoxb-test');
    assert.equal('token' in (call?.args ?? {}), false);
  });

  it('has WebClient wait out a 429 with Retry-After and send the message once', async () => {
    api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await client(1).chat.postMessage({ channel: 'C1', text: 'Hei' });
    assert.ok(Date.now() - started >= 950, `retried after ${Date.now() - started} ms`);
    assert.equal(api.rateLimited.length, 1);
    assert.equal(api.callsOf('chat.postMessage').length, 1);
  });

  it('uploads a file through files.uploadV2', async () => {
    await client(0).files.uploadV2({ channel_id: 'C1', filename: 'notes.txt', content: 'muistiinpanot' });
    assert.equal(api.uploads.length, 1);
    assert.match(api.uploads[0]?.body.toString('utf8') ?? '', /muistiinpanot/);
    assert.equal(api.callsOf('files.completeUploadExternal').length, 1);
  });

  it('signs requests the way Bolt verifies them', () => {
    const body = slashCommand({ user_id: 'U1', channel_id: 'C1', text: 'new' }).body;
    const headers = sign(SECRET, body);
    const check = (b: string) =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: b,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    assert.doesNotThrow(() => check(body));
    assert.throws(() => check(`${body}x`), /signature mismatch/);
  });

  it('drives a real Bolt app over signed HTTP', async () => {
    app = new App({
      signingSecret: SECRET,
      token: 'xoxb-test',
      botId: 'BBOT',
      botUserId: 'UBOT',
      tokenVerificationEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: api.url, retryConfig: { retries: 0 } },
    });
    app.command('/toivo', async ({ ack, command, client: web }) => {
      await ack();
      await web.chat.postMessage({ channel: command.channel_id, text: `got ${command.text}` });
    });
    app.action('join', async ({ ack, respond, body }) => {
      await ack();
      await respond({ text: `joined ${body.user.id}` });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

    const ok = await postSigned(url, slashCommand({ user_id: 'U1', channel_id: 'C1', text: 'new' }), {
      secret: SECRET,
    });
    assert.equal(ok.status, 200);
    await api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    assert.equal(api.callsOf('chat.postMessage')[0]?.args.text, 'got new');

    const press = blockActionsPayload({
      user: 'U1',
      channel: 'C1',
      message_ts: '1700000000.000101',
      actionId: 'join',
      value: 'm1',
      responseUrl: api.responseUrl(),
    });
    assert.equal((await postSigned(url, interaction(press), { secret: SECRET })).status, 200);
    const forged = await postSigned(url, interaction(press), { secret: SECRET, signature: 'v0=00' });
    assert.equal(forged.status, 401);
    const waitForResponse = async () => {
      for (let i = 0; i < 100 && api.responses.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await waitForResponse();
    assert.deepEqual(
      api.responses.map((r) => r.body),
      [{ text: 'joined U1' }],
    );
  });

  it('connects a SocketModeClient and carries its ack back', async () => {
    socketClient = new SocketModeClient({
      appToken: 'xapp-test',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: api.url },
    });
    socketClient.on('slash_commands', async ({ ack, body }) => {
      await ack({ text: `ok ${body.text}` });
    });
    await socketClient.start();
    await socket.connected();
    assert.equal(api.callsOf('apps.connections.open')[0]?.token, 'xapp-test');

    const ack = await socket.send({
      type: 'slash_commands',
      payload: slashCommandPayload({ user_id: 'U1', channel_id: 'C1', text: 'help' }),
    });
    assert.ok(ack.envelope_id);
    assert.deepEqual(ack.payload, { text: 'ok help' });
  });
});

describe('fake Slack enforcing its message limit', () => {
  let api: FakeSlackApi;
  before(async () => {
    api = await startFakeSlackApi({ messageGapMs: 300 });
  });
  after(() => api.close());

  const post = (channel: string) =>
    fetch(`${api.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel, text: 'Hei' }),
    });

  it('refuses a second message in a channel within the gap with 429 and Retry-After; other channels and later messages go through', async () => {
    assert.equal((await post('D1')).status, 200);
    const refused = await post('D1');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal((await post('D2')).status, 200, 'another channel is not held up');
    await new Promise((done) => setTimeout(done, 320));
    assert.equal((await post('D1')).status, 200, 'after the gap');
    assert.equal(api.rateLimited.length, 1);
    assert.equal(api.callsOf('chat.postMessage').length, 3);
  });
});
