/** `npm start` with Slack's settings serves Slack: the real entry point, against a fake Slack Web API. */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FakeSlackApi,
  newTriggerId,
  postSigned,
  slashCommand,
  startFakeSlackApi,
} from '../../support/fake-slack.js';

const SECRET = 'start-test-signing-secret';

describe('npm start with Slack settings', function () {
  this.timeout(30_000);
  let api: FakeSlackApi;
  let toivo: ChildProcess | undefined;
  let dir = '';

  before(async () => {
    api = await startFakeSlackApi();
    dir = mkdtempSync(join(tmpdir(), 'toivo-start-'));
  });

  after(async () => {
    toivo?.kill('SIGTERM');
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes /toivo at /slack/events and opens the invitation form through the Web API it is given', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      STORE_URL: `sqlite://${join(dir, 'toivo.sqlite')}`,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-start-test',
      SLACK_API_URL: api.url,
    };
    delete env.SLACK_APP_TOKEN;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env });
    toivo = child;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /Toivo is running at (http:\/\/[^\s]+)/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`Toivo stopped (${code}): ${out}`)));
    });
    assert.equal(api.callsOf('auth.test')[0]?.token, 'xoxb-start-test', 'the bot token is checked at start');
    const trigger = newTriggerId();
    const res = await postSigned(
      `${url}/slack/events`,
      slashCommand({ user_id: 'USANNA', channel_id: 'C0START', text: '', trigger_id: trigger }),
      { secret: SECRET },
    );
    assert.equal(res.status, 200);
    const [opened] = (await api.waitFor((calls) => calls.some((c) => c.method === 'views.open'))).filter(
      (c) => c.method === 'views.open',
    );
    assert.equal(opened?.args.trigger_id, trigger);
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 404, 'with platform credentials the playground is not served');
  });
});
