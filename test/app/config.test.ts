/** Without Teams or Slack credentials nobody can authenticate a request, so Toivo stays on this machine. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/app/server.js';
import { BOT_FRAMEWORK_SETTINGS, ConfigError, loadConfig, readEnvFile } from '../../src/config.js';
import { openEventStore } from '../../src/store/open-store.js';

describe('configuration', () => {
  it('defaults to port 3978 on 127.0.0.1 with the embedded SQLite store', () => {
    assert.deepEqual(loadConfig({}), {
      port: 3978,
      host: '127.0.0.1',
      hasPlatformCredentials: false,
      reminders: {},
      retentionDays: 90,
    });
  });

  it('refuses to listen beyond loopback while no platform credentials are set', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      assert.throws(() => loadConfig({ HOST: host }), ConfigError);
    }
    assert.throws(
      () => loadConfig({ HOST: '0.0.0.0', MicrosoftAppId: 'id-only' }),
      ConfigError,
      'an id alone is not a credential',
    );
    assert.equal(loadConfig({ HOST: '::1' }).host, '::1');
  });

  it('listens on all interfaces by default once Teams or Slack credentials are set', () => {
    assert.equal(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret' }).host, '0.0.0.0');
    assert.equal(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb' }).host, '0.0.0.0');
  });

  it('rejects a port that is not a number', () => {
    assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
  });

  it('npm start refuses to listen beyond loopback without credentials, and says why', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '0.0.0.0', PORT: '0' };
    for (const name of [
      'MicrosoftAppId',
      'MicrosoftAppPassword',
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
    ])
      delete env[name];
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /HOST=0\.0\.0\.0 is refused/);
  });

  it('starts a server that answers on loopback', async () => {
    const running = await startServer({ ...loadConfig({ PORT: '0' }) });
    try {
      assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${running.url}/healthz`);
      assert.deepEqual(await res.json(), { ok: true });
    } finally {
      await running.close();
    }
  });

  describe('Slack', () => {
    const HTTP = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1' };

    it('HTTP mode takes the signing secret and the bot token; Socket Mode the app token instead of the secret', () => {
      assert.deepEqual(loadConfig(HTTP).slack, { botToken: 'xoxb-1', signingSecret: 'secret' });
      assert.deepEqual(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack, {
        botToken: 'xoxb-1',
        appToken: 'xapp-1',
      });
      assert.equal(loadConfig({}).slack, undefined);
    });

    it('refuses half a Slack configuration with a message that names what is missing', () => {
      assert.throws(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }), /SLACK_SIGNING_SECRET is missing/);
      assert.throws(() => loadConfig({ SLACK_SIGNING_SECRET: 's' }), /SLACK_BOT_TOKEN is missing/);
      assert.throws(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' }), /SLACK_BOT_TOKEN is missing/);
      assert.throws(() => loadConfig({ ...HTTP, SLACK_API_URL: 'slack.example' }), /SLACK_API_URL/);
    });

    it('takes the public address links point to, and refuses one that is not a web address', () => {
      assert.equal(
        loadConfig({ PUBLIC_URL: 'https://toivo.example.org/' }).publicUrl,
        'https://toivo.example.org',
      );
      assert.throws(() => loadConfig({ PUBLIC_URL: 'toivo.example.org' }), /PUBLIC_URL/);
    });

    it('talks to another Slack host when SLACK_API_URL is set (GovSlack, tests)', () => {
      assert.equal(
        loadConfig({ ...HTTP, SLACK_API_URL: 'https://slack-gov.com/api' }).slack?.apiUrl,
        'https://slack-gov.com/api/',
      );
    });

    it('npm start refuses to run Slack in HTTP mode without the signing secret, and says why', () => {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', SLACK_BOT_TOKEN: 'xoxb-1' };
      delete env.SLACK_SIGNING_SECRET;
      delete env.SLACK_APP_TOKEN;
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /SLACK_SIGNING_SECRET is missing/);
    });
  });

  describe('Teams', () => {
    it('takes the app id and secret, and passes every Bot Framework setting through', () => {
      const teams = loadConfig({
        MicrosoftAppId: 'app',
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: 'tenant',
        ToBotFromChannelOpenIdMetadataUrl: 'https://login.example/openid',
        ValidateAuthority: 'false',
        UNRELATED: 'x',
      }).teams;
      assert.deepEqual(teams, {
        appId: 'app',
        password: 'secret',
        settings: {
          MicrosoftAppId: 'app',
          MicrosoftAppPassword: 'secret',
          MicrosoftAppType: 'SingleTenant',
          MicrosoftAppTenantId: 'tenant',
          ValidateAuthority: 'false',
          ToBotFromChannelOpenIdMetadataUrl: 'https://login.example/openid',
        },
      });
    });

    it('refuses Teams settings without an app id, which would let every request in unauthenticated', () => {
      assert.throws(() => loadConfig({ MicrosoftAppPassword: 'secret' }), /MicrosoftAppId is missing/);
      assert.throws(() => loadConfig({ MicrosoftAppType: 'MultiTenant' }), /MicrosoftAppId is missing/);
      assert.throws(() => loadConfig({ MicrosoftAppId: 'app' }), /MicrosoftAppPassword is missing/);
    });

    it('npm start refuses Teams settings without an app id, and says why', () => {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', MicrosoftAppPassword: 'secret' };
      delete env.MicrosoftAppId;
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /MicrosoftAppId is missing/);
    });
  });

  it('takes when reminders go out, and refuses a setting out of its range', () => {
    assert.deepEqual(
      loadConfig({ REMINDER_LEAD_DAYS: '3', REMINDER_HOUR: '8', DIGEST_WEEKDAY: '5' }).reminders,
      {
        leadDays: 3,
        hour: 8,
        digestWeekday: 5,
      },
    );
    assert.throws(
      () => loadConfig({ REMINDER_HOUR: '23' }),
      /REMINDER_HOUR must be a whole number from 6 to 20/,
    );
    assert.throws(() => loadConfig({ DIGEST_WEEKDAY: 'sunday' }), /DIGEST_WEEKDAY/);
  });

  describe('encryption at rest', () => {
    const key = randomBytes(32);
    const other = randomBytes(32);

    it('takes ENCRYPTION_KEY as 64 hex characters or as base64 (standard or URL-safe, padded or not)', () => {
      for (const text of [
        key.toString('hex'),
        key.toString('hex').toUpperCase(),
        key.toString('base64'),
        key.toString('base64url'),
        ` ${key.toString('base64')}\n`,
      ])
        assert.deepEqual(loadConfig({ ENCRYPTION_KEY: text }).encryption, { key, previous: [] });
      assert.equal(loadConfig({}).encryption, undefined);
      assert.equal(loadConfig({ ENCRYPTION_KEY: '' }).encryption, undefined);
    });

    it('takes the previous keys, comma-separated, in either form', () => {
      const third = randomBytes(32);
      assert.deepEqual(
        loadConfig({
          ENCRYPTION_KEY: key.toString('base64'),
          ENCRYPTION_PREVIOUS_KEYS: `${other.toString('hex')}, ${third.toString('base64')},${key.toString('hex')},`,
        }).encryption,
        { key, previous: [other, third] },
        'the current key among them is left out',
      );
    });

    it('refuses a malformed key by the setting’s name, never showing the key', () => {
      const secret = key.toString('hex');
      for (const bad of [
        secret.slice(0, 62),
        `${secret}00`,
        key.subarray(0, 31).toString('base64'),
        'hunter2',
      ])
        assert.throws(
          () => loadConfig({ ENCRYPTION_KEY: bad }),
          (error: Error) =>
            error instanceof ConfigError &&
            /^ENCRYPTION_KEY is not a valid key: it must be 32 random bytes/.test(error.message) &&
            !error.message.includes(bad),
        );
      const previous = `${other.toString('hex')},${secret.slice(1)}`;
      assert.throws(
        () => loadConfig({ ENCRYPTION_KEY: key.toString('base64'), ENCRYPTION_PREVIOUS_KEYS: previous }),
        (error: Error) =>
          error instanceof ConfigError &&
          /^ENCRYPTION_PREVIOUS_KEYS: key 2 of 2 is not a valid key/.test(error.message) &&
          !error.message.includes(secret.slice(1)) &&
          !error.message.includes(other.toString('hex')),
      );
    });

    it('refuses previous keys without a current one', () => {
      assert.throws(
        () => loadConfig({ ENCRYPTION_PREVIOUS_KEYS: other.toString('hex') }),
        (error: Error) => error instanceof ConfigError && /ENCRYPTION_KEY is not/.test(error.message),
      );
    });

    it('npm start refuses a key that does not open the store, and says so', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'toivo-key-'));
      try {
        const url = `sqlite://${join(dir, 'toivo.sqlite')}`;
        const store = await openEventStore<string>({ url, encryption: { key } });
        await store.append('m', 0, ['a']);
        await store.close();
        const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', STORE_URL: url };
        for (const name of [
          ...BOT_FRAMEWORK_SETTINGS,
          'SLACK_SIGNING_SECRET',
          'SLACK_BOT_TOKEN',
          'SLACK_APP_TOKEN',
          'HOST',
        ])
          delete env[name];
        delete env.ENCRYPTION_PREVIOUS_KEYS;
        const run = (encryptionKey: string | undefined) =>
          spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
            env: { ...env, ENCRYPTION_KEY: encryptionKey ?? '' },
            encoding: 'utf8',
            timeout: 30_000,
          });
        const wrong = run(other.toString('hex'));
        assert.equal(wrong.status, 1);
        assert.match(wrong.stderr, /ENCRYPTION_KEY does not open the data in this store/);
        assert.ok(
          !wrong.stderr.includes(other.toString('hex')) && !wrong.stderr.includes(key.toString('hex')),
        );
        const none = run(undefined);
        assert.equal(none.status, 1);
        assert.match(none.stderr, /encrypted .* but ENCRYPTION_KEY is not set/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('takes how many days ended meetings are kept, from 1 to 3650, 90 when unset', () => {
    assert.equal(loadConfig({}).retentionDays, 90);
    assert.equal(loadConfig({ RETENTION_DAYS: '' }).retentionDays, 90);
    assert.equal(loadConfig({ RETENTION_DAYS: '1' }).retentionDays, 1);
    assert.equal(loadConfig({ RETENTION_DAYS: '3650' }).retentionDays, 3650);
    assert.equal(loadConfig({ RETENTION_DAYS: '30' }).retentionDays, 30);
    for (const bad of ['0', '3651', '-5', '1.5', 'ninety', '90 days'])
      assert.throws(
        () => loadConfig({ RETENTION_DAYS: bad }),
        (error: Error) =>
          error instanceof ConfigError &&
          /^RETENTION_DAYS must be a whole number from 1 to 3650/.test(error.message),
        bad,
      );
  });

  describe('the .env file', () => {
    let dir = '';
    const NAME = 'TOIVO_TEST_FROM_ENV_FILE';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'toivo-env-'));
    });
    afterEach(() => {
      delete process.env[NAME];
      delete process.env[`${NAME}_2`];
      rmSync(dir, { recursive: true, force: true });
    });

    it('is read into the environment, and what the environment sets already wins', () => {
      const file = join(dir, '.env');
      writeFileSync(file, `# a comment\n${NAME}=from-file\n${NAME}_2=also-from-file\n`);
      process.env[NAME] = 'from-environment';
      readEnvFile(file);
      assert.equal(process.env[NAME], 'from-environment');
      assert.equal(process.env[`${NAME}_2`], 'also-from-file');
    });

    it('may be missing', () => {
      assert.doesNotThrow(() => readEnvFile(join(dir, 'none.env')));
    });
  });
});
