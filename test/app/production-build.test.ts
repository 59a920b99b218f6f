/**
 * The production start: `npm run build` (scripts/build.mjs) into a folder of its own, laid out as a
 * deployment would be (the build, package.json and the installed packages beside it), then
 * `node <build>/src/main.js` with no TypeScript runtime anywhere: the playground answers a click
 * with a card, its template and its texts found beside the build. The same for the build `npm
 * start` makes (transpiled file by file, no type-check).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Page } from './store-faults-support.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** `node scripts/build.mjs …args` until it ends: its exit code and everything it printed. */
function build(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/build.mjs'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

/** A folder as a deployment has it: the build, with package.json and node_modules beside it. */
function deployment(): string {
  const at = mkdtempSync(join(tmpdir(), 'toivo-build-'));
  copyFileSync(join(ROOT, 'package.json'), join(at, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(at, 'node_modules'), 'dir');
  return at;
}

/** The built Toivo, run by plain node (no tsx, nothing in NODE_OPTIONS) from another folder. */
async function startBuilt(at: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (
      value !== undefined &&
      !/^(SLACK_|MICROSOFT_|Microsoft|STORE_URL$|PORT$|HOST$|NODE_OPTIONS$)/.test(key)
    )
      env[key] = value;
  // A path the tests give relative to the repository holds in the child's own folder too.
  if (env.NODE_EXTRA_CA_CERTS) env.NODE_EXTRA_CA_CERTS = resolve(ROOT, env.NODE_EXTRA_CA_CERTS);
  const cwd = mkdtempSync(join(tmpdir(), 'toivo-cwd-'));
  const child = spawn(process.execPath, [join(at, 'src/main.js')], {
    cwd,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', STORE_URL: `sqlite://${join(cwd, 'toivo.sqlite')}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = await new Promise<string>((done, fail) => {
    child.stdout?.on('data', () => {
      const found = /Toivo is running at (http:\/\/\S+)/.exec(output)?.[1];
      if (found) done(found);
    });
    child.once('close', (code) => fail(new Error(`the build stopped at start (${code}):\n${output}`)));
  });
  return { url, child, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((done) => child.once('close', done));
  child.kill('SIGTERM');
  await closed;
}

/** The page, a click that calls a meeting together and starts it, and the page drawn with its cards. */
async function firstAnswers(url: string): Promise<void> {
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i);
  const client = await fetch(`${url}/playground/client.js`);
  assert.equal(client.status, 200, 'the page script is found beside the build');
  const browser = new Page(url);
  const meeting = await browser.startedMeeting();
  const state = await browser.get(`/api/state?meeting=${meeting}`);
  assert.equal(state.status, 200, JSON.stringify(state.json).slice(0, 300));
  const messages = state.json.messages as { teams?: { type?: string; body?: unknown } }[];
  assert.ok(messages.length > 0, 'the meeting has its cards');
  const card = JSON.stringify(messages.at(-1)?.teams);
  assert.match(card, /"type":"AdaptiveCard"/);
  // The template was filled from the locale's texts: the purpose and a Finnish text of the board.
  assert.match(card, /Koulunkäynnin tukeminen/);
  assert.doesNotMatch(card, /\$\{/, 'every placeholder of the template is filled');
}

describe('the production build', () => {
  const made: string[] = [];
  after(() => {
    for (const at of made) rmSync(at, { recursive: true, force: true });
  });

  it('`npm run build` runs by plain node from wherever it lands, templates and texts found', async function () {
    this.timeout(300_000);
    const at = deployment();
    made.push(at);
    const built = await build('--out-dir', at);
    assert.equal(built.code, 0, built.output);
    assert.ok(existsSync(join(at, 'src/main.js')));
    const toivo = await startBuilt(at);
    try {
      await firstAnswers(toivo.url);
    } finally {
      await stop(toivo.child);
    }
    assert.doesNotMatch(toivo.output(), /Error|failed/i, toivo.output());
  });

  it("`npm start`'s own build (transpiled file by file) runs the same way", async function () {
    this.timeout(120_000);
    const at = deployment();
    made.push(at);
    const built = await build('--out-dir', at, '--no-check');
    assert.equal(built.code, 0, built.output);
    const toivo = await startBuilt(at);
    try {
      await firstAnswers(toivo.url);
    } finally {
      await stop(toivo.child);
    }
  });
});
