/**
 * Every request from Teams is authenticated by botbuilder's real code, against a local OpenID
 * metadata and key server; the bot's answers go out with a token MSAL got from a local Azure AD
 * over HTTPS. A request that fails authentication gets 401, reaches no handler, changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../../src/app/index.js';
import { type Running, startServer } from '../../../src/app/server.js';
import { type TeamsChannel, teamsChannel } from '../../../src/channels/teams/index.js';
import type { Event } from '../../../src/core/index.js';
import { t } from '../../../src/i18n/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import {
  type BotTokenOptions,
  botSettings,
  FAKE_TEAMS,
  type FakeAad,
  type FakeBotIdentity,
  type FakeConnector,
  messageActivity,
  postActivity,
  startFakeAad,
  startFakeBotIdentity,
  startFakeConnector,
} from '../../support/fake-teams.js';

const CONVERSATION = { id: '19:meeting_abc@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000a001', name: 'Sanna Korhonen' };

interface Bot {
  readonly identity: FakeBotIdentity;
  readonly channel: TeamsChannel;
  readonly server: Running;
  readonly url: string;
}

describe('Teams: authentication through botbuilder against local Microsoft servers', function () {
  this.timeout(30_000);
  let dir = '';
  let store: EventStore<Event>;
  let aad: FakeAad;
  let connector: FakeConnector;
  const bots: Bot[] = [];
  const log: string[] = [];

  /** Toivo's Teams channel on a server of its own, trusting `identity`'s keys. */
  async function bot(identity: FakeBotIdentity): Promise<Bot> {
    const settings = Object.fromEntries(
      Object.entries(botSettings(identity, aad)).map(([k, v]) => [k, String(v)]),
    );
    const channel = teamsChannel(
      new App(store, { log: (l) => log.push(l) }),
      { appId: FAKE_TEAMS.appId, password: FAKE_TEAMS.password, settings },
      { log: (l) => log.push(l), messageGapMs: 0 },
    );
    const server = await startServer({ port: 0, host: '127.0.0.1' }, [channel.route]);
    const made = { identity, channel, server, url: `${server.url}/api/messages` };
    bots.push(made);
    return made;
  }

  let main: Bot;
  before(async () => {
    // The local Azure AD speaks HTTPS with a test certificate that Node trusts only from the start.
    assert.ok(
      process.env.NODE_EXTRA_CA_CERTS?.endsWith('test/support/tls/ca.pem'),
      'run with NODE_EXTRA_CA_CERTS=test/support/tls/ca.pem (npm test and npm run test:unit set it)',
    );
    dir = mkdtempSync(join(tmpdir(), 'toivo-teams-auth-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    aad = await startFakeAad();
    connector = await startFakeConnector(aad);
    main = await bot(await startFakeBotIdentity({ appId: FAKE_TEAMS.appId }));
  });

  after(async () => {
    for (const b of bots) {
      await b.channel.stop();
      await b.server.close();
      await b.identity.close();
    }
    await connector.close();
    await aad.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const help = () =>
    messageActivity({
      serviceUrl: connector.serviceUrl,
      conversation: CONVERSATION,
      from: SANNA,
      text: 'help',
      mentionBot: true,
    });

  /** Posts "@Toivo help" with a token made with `options`; the status and what reached Teams. */
  async function ask(b: Bot, options?: BotTokenOptions | 'none') {
    const before = connector.calls.length;
    const token =
      options === 'none'
        ? undefined
        : await b.identity.token({}, { serviceUrl: connector.serviceUrl, ...options });
    const res = await postActivity(b.url, help(), token);
    await b.channel.settled();
    return { status: res.status, calls: connector.calls.slice(before) };
  }

  it('a request Teams signed is handled, and the answer goes out with a token from Azure AD through MSAL', async () => {
    const { status, calls } = await ask(main);
    assert.equal(status, 200);
    const [reply] = calls;
    assert.ok(reply, 'Toivo answered');
    assert.match(reply.path, /\/v3\/conversations\/.+\/activities/);
    assert.ok(String((reply.body as { text?: string }).text).includes(t('fi', 'teams.help').slice(0, 40)));
    assert.ok(aad.isIssued(reply.token), 'with a token the local Azure AD issued');
    assert.ok(
      aad.requests.some((r) => r.path.endsWith('/oauth2/v2.0/token')),
      'MSAL asked the configured authority',
    );
  });

  const refused: [string, BotTokenOptions | 'none'][] = [
    ['no token', 'none'],
    ['another audience', { audience: '00000000-0000-4000-8000-000000000bad' }],
    ['another issuer', { issuer: 'https://evil.example' }],
    ['a token that expired ten minutes ago', { expiredSecondsAgo: 600 }],
    ['a key the metadata does not list', { key: 'unknown' }],
    ['a forged signature under the served key id', { key: 'forged' }],
    ['an HS256 token', { alg: 'HS256' }],
    [
      'a serviceUrl that is not the one in the token',
      { serviceUrl: 'https://smba.trafficmanager.net/other/' },
    ],
  ];
  for (const [what, options] of refused)
    it(`${what}: 401, no handler, nothing sent`, async () => {
      const { status, calls } = await ask(main, options);
      assert.equal(status, 401);
      assert.deepEqual(calls, [], 'nothing reached Teams');
    });

  it('a key that is not endorsed for Teams: 401, no handler, nothing sent', async () => {
    const identity = await startFakeBotIdentity({ appId: FAKE_TEAMS.appId, endorsements: ['skype'] });
    const { status, calls } = await ask(await bot(identity));
    assert.equal(status, 401);
    assert.deepEqual(calls, []);
  });

  it('each request is answered at its own service address, also with the clients for calls to Teams kept between requests', async () => {
    const other = await startFakeConnector(aad);
    try {
      const at = async (c: FakeConnector) => {
        const before = [connector.calls.length, other.calls.length] as const;
        const token = await main.identity.token({}, { serviceUrl: c.serviceUrl });
        const activity = messageActivity({
          serviceUrl: c.serviceUrl,
          conversation: CONVERSATION,
          from: SANNA,
          text: 'help',
          mentionBot: true,
        });
        const res = await postActivity(main.url, activity, token);
        await main.channel.settled();
        assert.equal(res.status, 200);
        return [connector.calls.slice(before[0]), other.calls.slice(before[1])] as const;
      };
      for (const c of [connector, other, connector, other]) {
        const [first, second] = await at(c);
        const [here, there] = c === connector ? [first, second] : [second, first];
        assert.equal(here.length, 1, `answered at ${c.serviceUrl}`);
        assert.deepEqual(there, [], 'and nowhere else');
        assert.ok(aad.isIssued(here[0]?.token), 'with a token the local Azure AD issued');
      }
    } finally {
      await other.close();
    }
  });

  it('a body that is not an activity: 400', async () => {
    const token = await main.identity.token({}, { serviceUrl: connector.serviceUrl });
    const res = await postActivity(main.url, [1, 2], token);
    assert.equal(res.status, 400);
  });
});
