/**
 * Proves the Teams fakes speak the real packages' protocol: botbuilder's CloudAdapter and
 * ConfigurationBotFrameworkAuthentication check our JWTs against the fake identity's keys, and
 * MsalAppCredentials gets the bot's token through @azure/msal-node from the fake AAD over HTTPS.
 * Needs NODE_EXTRA_CA_CERTS=test/support/tls/ca.pem at process start.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Response as BotResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
  TeamsActivityHandler,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { MsalAppCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';
import {
  botSettings,
  FAKE_TEAMS,
  type FakeAad,
  type FakeBotIdentity,
  type FakeConnector,
  invokeActivity,
  messageActivity,
  postActivity,
  startFakeAad,
  startFakeBotIdentity,
  startFakeConnector,
} from './fake-teams.js';

const APP_ID = FAKE_TEAMS.appId;
const PASSWORD = FAKE_TEAMS.password;
const CONVERSATION = {
  id: '19:meeting-1@thread.v2',
  conversationType: 'groupChat',
  tenantId: FAKE_TEAMS.tenantId,
} as const;
const USER = { id: '29:user-1', aadObjectId: 'aad-user-1', name: 'Maija Meikäläinen' };

type Credentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;

/** Like botbuilder's MsalServiceClientCredentialsFactory, with MSAL told that the fake AAD is a known authority. */
class FakeAadCredentialsFactory extends ServiceClientCredentialsFactory {
  readonly loginEndpoints: string[] = [];
  private readonly clients = new Map<string, ConfidentialClientApplication>();

  constructor(private readonly aad: FakeAad) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === APP_ID;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string, audience: string, loginEndpoint: string): Promise<Credentials> {
    if (appId !== APP_ID) throw new Error('Invalid appId.');
    this.loginEndpoints.push(loginEndpoint);
    let client = this.clients.get(loginEndpoint);
    if (!client) {
      client = new ConfidentialClientApplication({
        auth: {
          clientId: APP_ID,
          clientSecret: PASSWORD,
          authority: loginEndpoint,
          knownAuthorities: [this.aad.host],
        },
      });
      this.clients.set(loginEndpoint, client);
    }
    // The ESM and CommonJS builds of @azure/msal-node have distinct types; botbuilder only calls methods.
    return new MsalAppCredentials(client as never, appId, loginEndpoint, audience) as unknown as Credentials;
  }
}

/** CloudAdapter.process wants Express/restify's status/header/send/end; Node's ServerResponse has none of them. */
function botResponse(res: ServerResponse): BotResponse {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body: unknown) {
      if (body === undefined) return;
      if (typeof body === 'string' || Buffer.isBuffer(body)) res.write(body);
      else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.write(JSON.stringify(body));
      }
    },
    end() {
      res.end();
    },
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

class Probe extends TeamsActivityHandler {
  readonly seen: string[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.seen.push(`message:${context.activity.text ?? ''}`);
      await context.sendActivity('ok');
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    _context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    this.seen.push(`invoke:${value.action.verb}:${JSON.stringify(value.action.data)}`);
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: value.action.verb }] },
    };
  }
}

/** A field of a JSON object the fakes recorded, or undefined. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** botbuilder console.error()s every refused request; keep the test output readable. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const original = console.error;
  console.error = () => {};
  try {
    return await run();
  } finally {
    console.error = original;
  }
}

describe('fake Teams', () => {
  // Typed as set, though `after` also runs when `before` failed half-way and left some unset.
  let identity: FakeBotIdentity;
  let aad: FakeAad;
  let connector: FakeConnector;
  let bot: Server;
  let factory: FakeAadCredentialsFactory;
  let adapter: CloudAdapter;
  let probe: Probe;
  let botUrl: string;

  before(async () => {
    identity = await startFakeBotIdentity({ appId: APP_ID });
    aad = await startFakeAad({ clients: { [APP_ID]: PASSWORD } });
    connector = await startFakeConnector(aad);
    factory = new FakeAadCredentialsFactory(aad);
    adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication(botSettings(identity, aad, APP_ID, PASSWORD), factory),
    );
    probe = new Probe();
    bot = createServer((req, res) => {
      void readJson(req)
        .then((body) =>
          adapter.process({ method: req.method, headers: req.headers, body }, botResponse(res), (context) =>
            probe.run(context),
          ),
        )
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`;
  });

  afterEach(() => {
    connector.reset();
    probe.seen.length = 0;
  });

  after(async () => {
    // Whatever `before` got to start, even if it failed half-way (e.g. the test CA not trusted).
    if (bot?.listening) {
      await new Promise<void>((resolve) => {
        bot.close(() => resolve());
        bot.closeAllConnections();
      });
    }
    await connector?.close();
    await aad?.close();
    await identity?.close();
  });

  const message = (text = 'hei') =>
    messageActivity({
      serviceUrl: connector.serviceUrl,
      conversation: CONVERSATION,
      from: USER,
      text,
      mentionBot: true,
    });
  const token = (claims?: Record<string, unknown>, options?: Parameters<FakeBotIdentity['token']>[1]) =>
    identity.token(claims, { serviceUrl: connector.serviceUrl, ...options });

  it('accepts a valid token, and the reply reaches the connector with a token MSAL got from the fake AAD', async () => {
    const activity = message();
    const answer = await postActivity(botUrl, activity, await token());
    assert.equal(answer.status, 200);
    assert.deepEqual(probe.seen, [`message:<at>Toivo</at> hei`]);

    const [reply, ...others] = connector.activities(CONVERSATION.id);
    assert.equal(others.length, 0);
    assert.equal(reply?.method, 'POST');
    assert.equal(reply?.path, `/v3/conversations/${CONVERSATION.id}/activities/${activity.id}`);
    assert.equal(reply?.activityId, activity.id);
    assert.equal(field(reply?.body, 'text'), 'ok');
    assert.match(String(field(reply?.result, 'id')), /^\d{13}$/);
    assert.ok(aad.isIssued(reply?.token), 'the reply carries a token the fake AAD issued');

    // botbuilder handed the configured login URL to the factory (twice a turn: for the connector client and
    // for the user-token client), and MSAL fetched the metadata once, then one token.
    assert.deepEqual(new Set(factory.loginEndpoints), new Set([`${aad.loginUrl}/botframework.com`]));
    const requests = aad.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.deepEqual(requests, [
      'GET /botframework.com/v2.0/.well-known/openid-configuration 200',
      'POST /botframework.com/oauth2/v2.0/token 200',
    ]);
    const form = aad.requests[1]?.form;
    assert.equal(form?.grant_type, 'client_credentials');
    assert.equal(form?.client_id, APP_ID);
    assert.equal(form?.scope, 'https://api.botframework.com/.default');
    assert.equal(form?.client_secret, '<redacted>');
  });

  it('answers an adaptiveCard/action invoke with the card from onAdaptiveCardInvoke', async () => {
    const activity = invokeActivity({
      serviceUrl: connector.serviceUrl,
      conversation: CONVERSATION,
      from: USER,
      verb: 'join',
      data: { meetingId: 'm1' },
      replyToId: '1700000000001',
    });
    const answer = await postActivity(botUrl, activity, await token());
    assert.equal(answer.status, 200);
    assert.deepEqual(probe.seen, ['invoke:join:{"meetingId":"m1"}']);
    const body = answer.body as { statusCode: number; type: string; value: { body: { text: string }[] } };
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(body.value.body[0]?.text, 'join');
  });

  it('tolerates a token that expired 2 minutes ago (botbuilder allows 300 s of skew)', async () => {
    const answer = await postActivity(botUrl, message(), await token({}, { expiredSecondsAgo: 120 }));
    assert.equal(answer.status, 200);
  });

  const refusals: {
    name: string;
    status: number;
    /** botbuilder's error message, which CloudAdapter puts in the body. */
    reason: RegExp;
    make: () => Promise<{ token?: string; activity?: unknown }>;
  }[] = [
    { name: 'no token', status: 401, reason: /Request is not authorized/, make: async () => ({}) },
    {
      name: 'another audience',
      status: 401,
      reason: /Invalid AppId passed on token: other-app/,
      make: async () => ({ token: await token({}, { audience: 'other-app' }) }),
    },
    {
      name: 'another issuer',
      status: 401,
      reason: /No valid identity/,
      make: async () => ({ token: await token({}, { issuer: 'https://evil.example' }) }),
    },
    {
      name: 'expired 10 minutes ago',
      status: 401,
      reason: /The token has expired/,
      make: async () => ({ token: await token({}, { expiredSecondsAgo: 600 }) }),
    },
    {
      name: 'an unknown key id',
      status: 401,
      reason: /Signing Key could not be retrieved/,
      make: async () => ({ token: await token({}, { key: 'unknown' }) }),
    },
    {
      name: 'another serviceurl',
      status: 401,
      reason: /ServiceUrl claim do not match/,
      make: async () => ({ token: await token({}, { serviceUrl: 'http://127.0.0.1:9/elsewhere/' }) }),
    },
    {
      name: 'no serviceurl claim',
      status: 401,
      reason: /ServiceUrl claim do not match/,
      make: async () => ({ token: await token({}, { omitServiceUrl: true }) }),
    },
    {
      name: 'a channel the key is not endorsed for',
      status: 401,
      reason: /Could not validate endorsement/,
      make: async () => ({ token: await token(), activity: { ...message(), channelId: 'slack' } }),
    },
    // Not AuthenticationErrors inside botbuilder: jsonwebtoken's own errors, which CloudAdapter answers with 500.
    {
      name: 'a forged signature under the real kid',
      status: 500,
      reason: /invalid signature/,
      make: async () => ({ token: await token({}, { key: 'forged' }) }),
    },
    {
      name: 'HS256 keyed with the public key',
      status: 500,
      reason: /invalid algorithm/,
      make: async () => ({ token: await token({}, { alg: 'HS256' }) }),
    },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name} with ${refusal.status} and runs no handler`, async () => {
      const { token: bearer, activity } = await refusal.make();
      const answer = await quietly(() => postActivity(botUrl, activity ?? message(), bearer));
      assert.notEqual(answer.status, 200);
      assert.equal(answer.status, refusal.status);
      assert.match(String(answer.body), refusal.reason);
      assert.deepEqual(probe.seen, []);
      assert.equal(connector.calls.length, 0);
    });
  }

  it('fetched the OpenID metadata and keys once for all of the above', () => {
    assert.deepEqual(
      identity.requests.map((r) => r.path.split('?')[0]),
      ['/v1/.well-known/openidconfiguration', '/keys'],
    );
  });

  it('has botbuilder wait out a 429 with Retry-After and deliver the reply once', async () => {
    connector.failNext('POST /v3/conversations/*/activities**', { status: 429, retryAfter: 0.05 });
    const answer = await postActivity(botUrl, message(), await token());
    assert.equal(answer.status, 200);
    assert.deepEqual(
      connector.calls.map((c) => [c.status, c.failed ?? false]),
      [
        [429, true],
        [201, false],
      ],
    );
    assert.equal(connector.activities().length, 1);
  });

  it('serves members, updates and new conversations to a proactive turn', async () => {
    connector.members.set(CONVERSATION.id, [
      { id: '29:user-1', aadObjectId: 'aad-user-1', name: 'Maija', userPrincipalName: 'maija@example.fi' },
      { id: '29:user-2', aadObjectId: 'aad-user-2', name: 'Pekka', userPrincipalName: 'pekka@example.fi' },
    ]);
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: {
        id: CONVERSATION.id,
        isGroup: true,
        conversationType: 'groupChat',
        name: '',
        tenantId: CONVERSATION.tenantId,
      },
      bot: { id: `28:${APP_ID}`, name: 'Toivo' },
    };
    let memberName: string | undefined;
    let pages: string[][] = [];
    await adapter.continueConversationAsync(APP_ID, reference, async (context) => {
      memberName = (await TeamsInfo.getMember(context, 'aad-user-2')).name;
      const first = await TeamsInfo.getPagedMembers(context, 1);
      const second = await TeamsInfo.getPagedMembers(context, 1, first.continuationToken);
      pages = [first.members.map((m) => m.id), second.members.map((m) => m.id)];
      const sent = await context.sendActivity('reminder');
      await context.updateActivity({ id: sent?.id, type: 'message', text: 'reminder (edited)' });
    });
    assert.equal(memberName, 'Pekka');
    assert.deepEqual(pages, [['29:user-1'], ['29:user-2']]);
    const [post, put] = connector.activities(CONVERSATION.id);
    // A proactive send is a "reply" to the made-up id of botbuilder's continueConversation event.
    assert.match(
      String(post?.path),
      /^\/v3\/conversations\/19:meeting-1@thread\.v2\/activities\/[0-9a-f-]{36}$/,
    );
    assert.equal(post?.method, 'POST');
    assert.equal(put?.method, 'PUT');
    assert.equal(put?.activityId, field(post?.result, 'id'));

    await adapter.createConversationAsync(
      APP_ID,
      'msteams',
      connector.serviceUrl,
      FAKE_TEAMS.oAuthScope,
      // As Teams wants a new 1:1 chat: no initial activity (the type insists on one), the tenant twice.
      {
        isGroup: false,
        bot: { id: `28:${APP_ID}`, name: 'Toivo' },
        members: [{ id: '29:user-2', name: '' }],
        tenantId: FAKE_TEAMS.tenantId,
        channelData: { tenant: { id: FAKE_TEAMS.tenantId } },
      } as ConversationParameters,
      async (context) => {
        await context.sendActivity('hello in private');
      },
    );
    const created = connector.callsMatching('POST /v3/conversations')[0];
    const newId = String(field(created?.result, 'id'));
    assert.match(newId, /^a:new-\d+$/);
    assert.equal(connector.activities(newId).length, 1);
    assert.ok(connector.calls.every((c) => aad.isIssued(c.token)));
  });

  it('refuses a call whose token the fake AAD did not issue', async () => {
    const res = await fetch(
      `${connector.serviceUrl}v3/conversations/${encodeURIComponent(CONVERSATION.id)}/activities`,
      {
        method: 'POST',
        headers: { authorization: 'Bearer not-from-aad', 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'spoof' }),
      },
    );
    assert.equal(res.status, 401);
    await res.text();
    assert.equal(connector.calls[0]?.rejected, true);
    assert.equal(connector.activities().length, 0);
  });
});
