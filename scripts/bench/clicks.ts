/**
 * A click's cost, side by side with the frameworks Toivo runs on: each server under measure runs in
 * a process of its own (scripts/bench/subject.ts), so that process.cpuUsage() there is its CPU
 * alone; the requests, the fakes of Teams and Slack (their signing keys, their APIs Toivo calls
 * back) and the counting proxies run here. A click is the note-taker's next note in a meeting in
 * its discussion, sent as Teams sends it (a signed `adaptiveCard/action` invoke) or as Slack does
 * (a signed `block_actions`); the floors get the same bytes. Every subject, Toivo's and the floors
 * alike, runs as production does: plain JavaScript, transpiled as `npm start` does it
 * (scripts/build.mjs) into a folder of its own, with no TypeScript runtime.
 */
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type FakeSlackApi, interaction, sign, startFakeSlackApi } from '../../test/support/fake-slack.js';
import {
  botSettings,
  FAKE_TEAMS,
  type FakeAad,
  type FakeBotIdentity,
  type FakeConnector,
  invokeActivity,
  startFakeAad,
  startFakeBotIdentity,
  startFakeConnector,
} from '../../test/support/fake-teams.js';
import { NOTETAKER } from './long-meeting.js';
import type { StartRequest, SubjectRequest, Usage } from './subject.js';

export const SLACK_SECRET = 'toivo-bench-signing-secret';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** subject.ts and what it imports beyond src/ (a file missing here fails the subject's start, loudly). */
const SUBJECT_SOURCES = [
  'scripts/bench/subject.ts',
  'scripts/bench/long-meeting.ts',
  'test/support/realistic-meeting.ts',
  'test/support/driver.ts',
];
/** Kept between runs (only what changed is transpiled again), one folder per clone. */
const BUILT = join(
  tmpdir(),
  `toivo-bench-js-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`,
);
let built: Promise<string> | undefined;

/** How long this run took to bring the subjects' JavaScript up to date and to start them. */
export const subjectTimes = { transpileMs: 0, starts: 0, startMs: 0 };

/**
 * subject.js, up to date: the repository's sources it runs, transpiled by scripts/build.mjs with
 * the files read at run time beside them, package.json (ES modules) and node_modules by its side.
 */
function subjectScript(): Promise<string> {
  built ??= (async () => {
    const began = performance.now();
    mkdirSync(BUILT, { recursive: true });
    copyFileSync(join(ROOT, 'package.json'), join(BUILT, 'package.json'));
    try {
      symlinkSync(join(ROOT, 'node_modules'), join(BUILT, 'node_modules'), 'dir');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await promisify(execFile)(process.execPath, [
      join(ROOT, 'scripts/build.mjs'),
      '--no-check',
      '--out-dir',
      BUILT,
      ...SUBJECT_SOURCES.flatMap((source) => ['--with', source]),
    ]);
    subjectTimes.transpileMs += performance.now() - began;
    return join(BUILT, 'scripts/bench/subject.js');
  })();
  return built;
}

/** A server under measure in its own process. */
export class Subject {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(request: Omit<StartRequest, 'op'>): Promise<Subject> {
    const script = await subjectScript();
    const began = performance.now();
    const child = fork(script, [], {
      // Not the bench's own (tsx's loader): node alone, as production runs.
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await ask<string>(child, { op: 'start', ...request });
    subjectTimes.starts++;
    subjectTimes.startMs += performance.now() - began;
    return new Subject(child, url);
  }

  private call<T>(request: SubjectRequest): Promise<T> {
    const answer = this.queue.then(() => ask<T>(this.child, request));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  usage = () => this.call<Usage>({ op: 'usage' });
  settled = () => this.call<null>({ op: 'settled' });
  profile = (start: boolean, file?: string) =>
    this.call<null>({ op: 'profile', start, ...(file ? { file } : {}) });
  version = (meetingId: string) => this.call<number>({ op: 'version', meetingId });
  seed = (meetingId: string, events: number, channel: 'teams' | 'slack') =>
    this.call<number>({ op: 'seed', meetingId, events, channel });

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    await this.call({ op: 'stop' }).catch(() => undefined);
    // It ends on its own once stopped; one that does not is ended.
    const timer = setTimeout(() => this.child.kill(), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function ask<T>(child: ChildProcess, request: SubjectRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const exit = (code: number | null) =>
      reject(new Error(`the subject exited (${code}) during ${request.op}`));
    child.once('exit', exit);
    child.once('message', (message: { ok: boolean; value?: T; error?: string }) => {
      child.off('exit', exit);
      if (message.ok) resolve(message.value as T);
      else reject(new Error(`${request.op}: ${message.error}`));
    });
    child.send(request);
  });
}

/** Microsoft's and Slack's servers, faked, for every subject of a run. */
export class Platforms {
  private constructor(
    readonly identity: FakeBotIdentity,
    readonly aad: FakeAad,
    readonly connector: FakeConnector,
    readonly slackApi: FakeSlackApi,
    private readonly token: string,
  ) {}

  static async start(): Promise<Platforms> {
    const aad = await startFakeAad();
    const identity = await startFakeBotIdentity({ appId: FAKE_TEAMS.appId });
    const connector = await startFakeConnector(aad);
    const slackApi = await startFakeSlackApi();
    // Toivo asks Slack the note-taker's language once.
    slackApi.users.set(NOTETAKER.slack, { name: 'hanna', real_name: 'Hanna', locale: 'fi-FI' });
    // One token for the whole run, as Teams sends the same one for an hour: its signature is checked every time.
    const token = await identity.token({}, { serviceUrl: connector.serviceUrl, lifetimeSeconds: 3600 });
    return new Platforms(identity, aad, connector, slackApi, token);
  }

  get teams(): NonNullable<StartRequest['teams']> {
    const settings = Object.fromEntries(
      Object.entries(botSettings(this.identity, this.aad)).map(([k, v]) => [k, String(v)]),
    );
    return { appId: FAKE_TEAMS.appId, password: FAKE_TEAMS.password, settings };
  }

  get slack(): NonNullable<StartRequest['slack']> {
    return { apiUrl: this.slackApi.url, secret: SLACK_SECRET };
  }

  /**
   * The last redraw of a shared card Toivo sent, as it sent it: the activity of Teams'
   * `updateActivity`, or the arguments of Slack's `chat.update`, as JSON (the floors with I/O send it).
   */
  lastRedraw(channel: 'teams' | 'slack'): string | undefined {
    const sent =
      channel === 'teams'
        ? this.connector
            .activities()
            .filter((c) => c.method === 'PUT')
            .at(-1)?.body
        : this.slackApi.callsOf('chat.update').at(-1)?.args;
    return sent === undefined ? undefined : JSON.stringify(sent);
  }

  /** Forgets the calls the fakes recorded (a long run would keep them all). */
  reset(): void {
    this.connector.reset();
    this.slackApi.reset();
  }

  async close(): Promise<void> {
    await this.slackApi.close();
    await this.connector.close();
    await this.identity.close();
    await this.aad.close();
  }

  /** The note-taker's note `n` in `meetingId`, as Teams posts it: path, headers and body. */
  teamsClick(meetingId: string, n: number): Click {
    const activity = invokeActivity({
      serviceUrl: this.connector.serviceUrl,
      conversation: { id: `19:bench-${meetingId}@thread.v2`, conversationType: 'groupChat' },
      from: NOTETAKER.teams,
      verb: 'note.add',
      data: { meetingId, phase: 'discussion', noteText: noteText(n) },
    });
    return {
      path: '/api/messages',
      headers: () => ({
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${this.token}`,
      }),
      body: JSON.stringify(activity),
    };
  }

  /** The same note as Slack posts it: a button of the board in the meeting's channel, signed. */
  slackClick(meetingId: string, n: number): Click {
    const channel = `CB${meetingId.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
    const { body, contentType } = interaction({
      type: 'block_actions',
      user: { id: NOTETAKER.slack, username: 'hanna', name: 'hanna', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'fake-verification-token',
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: channel,
        is_ephemeral: false,
      },
      trigger_id: `${n}.1.${randomUUID().replace(/-/g, '')}`,
      team: { id: 'T1', domain: 'toivo-bench' },
      is_enterprise_install: false,
      channel: { id: channel, name: 'general' },
      message: {
        type: 'message',
        user: 'UBOT',
        bot_id: 'BBOT',
        ts: '1700000000.000100',
        text: '',
        blocks: [],
      },
      state: { values: { note: { noteText: { type: 'plain_text_input', value: noteText(n) } } } },
      actions: [
        {
          type: 'button',
          action_id: 'note.add#0',
          block_id: 'toivo_actions',
          value: JSON.stringify({ meetingId, phase: 'discussion' }),
          text: { type: 'plain_text', text: 'Lisää', emoji: true },
          action_ts: `${(Date.now() / 1000).toFixed(6)}`,
        },
      ],
    });
    return {
      path: '/slack/events',
      // Signed as it is sent: Slack's signatures go stale in five minutes.
      headers: () => ({ 'content-type': contentType, ...sign(SLACK_SECRET, body) }),
      body,
    };
  }
}

const noteText = (n: number) => `Muistiinpano ${n}: sovittiin, että Aino kokeilee uutta aamurutiinia.`;

export interface Click {
  readonly path: string;
  headers(): Record<string, string>;
  readonly body: string;
}

export interface Run {
  readonly clicks: number;
  /** CPU of the subject per click, milliseconds (everything it did for them, also after answering). */
  readonly cpuMs: number;
  /** Until the answer; with `untilDone`, until the subject had also done what it does after answering. */
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  /** The last answer's body (the card Toivo answered with). */
  readonly lastBody: string;
  /** Every click's latency, in milliseconds, shortest first. */
  readonly latencies: readonly number[];
}

/** Several runs of the same clicks as one: their CPU per click weighed by clicks, their latencies together. */
export function together(runs: readonly Run[]): Run {
  const clicks = runs.reduce((n, r) => n + r.clicks, 0);
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    clicks,
    cpuMs: runs.reduce((sum, r) => sum + r.cpuMs * r.clicks, 0) / clicks,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    lastBody: runs.at(-1)?.lastBody ?? '',
    latencies,
  };
}

export interface RunOptions {
  readonly clicks: number;
  readonly concurrency: number;
  /** The meetings clicked; the concurrent clickers share them evenly (each clicker one meeting). */
  readonly meetings: readonly string[];
  readonly click: (meetingId: string, n: number) => Click;
  /** Waits, after each answer, until the subject has done all it does for the click (Slack answers first). */
  readonly untilDone?: boolean;
  /**
   * Names the run: with BENCH_PROFILE=<folder>, each subject's CPU profile of the measured clicks
   * is written there as <label>-<n>.cpuprofile (open it in Chrome's DevTools).
   */
  readonly label?: string;
  /** Which of several subjects (instances) each clicker sends to; all get the CPU counted. */
  readonly route?: (clicker: number) => number;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** `clicks` clicks at `concurrency` at once: the subjects' CPU per click and the latencies. */
export async function measure(subjects: readonly Subject[], options: RunOptions): Promise<Run> {
  const { clicks, concurrency, meetings, click } = options;
  const route = options.route ?? (() => 0);
  const prepared = Array.from({ length: clicks }, (_, n) => n);
  await Promise.all(subjects.map((s) => s.settled()));
  const folder = options.label && process.env.BENCH_PROFILE;
  if (folder) for (const s of subjects) await s.profile(true);
  const before = await Promise.all(subjects.map((s) => s.usage()));
  const latencies: number[] = [];
  let failed = 0;
  let lastBody = '';
  let next = 0;
  let firstFailure = '';
  const clicker = async (w: number) => {
    const subject = subjects[route(w) % subjects.length] as Subject;
    const meeting = meetings[Math.floor((w * meetings.length) / concurrency)] as string;
    for (let i = next++; i < prepared.length; i = next++) {
      const c = click(meeting, i + 1_000_000 * w);
      const start = performance.now();
      const res = await fetch(`${subject.url}${c.path}`, {
        method: 'POST',
        headers: c.headers(),
        body: c.body,
      });
      const text = await res.text();
      if (options.untilDone) await subject.settled();
      latencies.push(performance.now() - start);
      if (res.status !== 200) {
        failed++;
        firstFailure ||= `${res.status} ${text.slice(0, 200)}`;
      } else lastBody = text;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => clicker(w)));
  await Promise.all(subjects.map((s) => s.settled()));
  const after = await Promise.all(subjects.map((s) => s.usage()));
  if (folder)
    for (const [i, s] of subjects.entries())
      await s.profile(false, join(folder, `${options.label}-${i}.cpuprofile`));
  const cpu = after.reduce((sum, u, i) => sum + u.cpuMicros - (before[i]?.cpuMicros ?? 0), 0);
  if (firstFailure) console.log(`  (a click failed: ${firstFailure})`);
  latencies.sort((a, b) => a - b);
  return {
    clicks,
    cpuMs: cpu / clicks / 1000,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    failed,
    lastBody,
    latencies,
  };
}
