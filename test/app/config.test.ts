/** Without Teams or Slack credentials nobody can authenticate a request, so Toivo stays on this machine. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from '../../src/app/server.js';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('defaults to port 3978 on 127.0.0.1 with the embedded SQLite store', () => {
    assert.deepEqual(loadConfig({}), { port: 3978, host: '127.0.0.1', hasPlatformCredentials: false });
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
});
