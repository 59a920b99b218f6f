/**
 * Start: `npm start` (the playground, on a fresh SQLite file) until its first answer, against a
 * Node process that only imports botbuilder and @slack/bolt, the frameworks Toivo is built on.
 * Each is started `starts` times; the medians are compared. `npm start` runs the build in dist/ and
 * first transpiles what changed since it (scripts/start.mjs): a first start, not measured, brings it
 * up to date, as the first start after a change or a fresh clone does once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Sizes, Target } from './sizes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Settings that would make Toivo start a platform instead of the playground. */
const PLATFORM = /^(SLACK_|MICROSOFT_|MicrosoftApp|TEAMS_|ToBot|ToChannel|STORE_URL|PORT$|HOST$|ENCRYPTION_)/;

const median = (all: number[]) => all.sort((a, b) => a - b)[Math.floor(all.length / 2)] ?? Number.NaN;

/** This process's environment without any platform's settings: Toivo starts its playground. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !PLATFORM.test(key)) env[key] = value;
  return env;
}

/** The address `child` (a Toivo starting) says it is running at; fails with its output if it stops first. */
export function runningAt(child: ChildProcess, what: string): Promise<string> {
  let out = '';
  return new Promise<string>((done, fail) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const found = /Toivo is running at (http:\/\/\S+)/.exec(out)?.[1];
      if (found) done(found);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.once('exit', (code) => fail(new Error(`${what} stopped (${code}): ${out}`)));
  });
}

/** `npm start` until /healthz first answers; the process group is stopped afterwards. */
async function npmStart(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'toivo-bench-start-'));
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...cleanEnv(), PORT: '0', HOST: '127.0.0.1', STORE_URL: `sqlite://${join(dir, 'toivo.sqlite')}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  try {
    const url = await runningAt(child, 'npm start');
    const res = await fetch(`${url}/healthz`);
    await res.text();
    if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
    return performance.now() - started;
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Node process that imports both frameworks and ends. */
async function frameworksAlone(): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', "await import('botbuilder'); await import('@slack/bolt');"],
    { cwd: ROOT, stdio: 'ignore' },
  );
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`importing the frameworks failed (${code})`);
  return performance.now() - started;
}

export async function startBench(sizes: Sizes): Promise<Target[]> {
  const toivo: number[] = [];
  const frameworks: number[] = [];
  const first = await npmStart();
  for (let i = 0; i < sizes.starts; i++) {
    toivo.push(await npmStart());
    frameworks.push(await frameworksAlone());
  }
  const a = median(toivo);
  const b = median(frameworks);
  console.log(
    `start: npm start to its first answer ${a.toFixed(0)} ms; node importing botbuilder and @slack/bolt alone ` +
      `${b.toFixed(0)} ms (medians of ${sizes.starts}; the first start, which brought dist/ up to date, ` +
      `${first.toFixed(0)} ms, is not counted)`,
  );
  return [{ name: 'start-vs-framework-import', value: a / b, goal: 1.5, ratio: true }];
}
