/**
 * One server under measure, in a process of its own, so that its CPU (process.cpuUsage) and its
 * memory are its alone: the load, the fakes of Teams and Slack and the counting proxies run in the
 * parent (scripts/bench/clicks.ts). Driven over IPC, one request at a time: start, seed, usage,
 * settled, stop. Every server listens on 127.0.0.1 on a port of its own.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { App as Bolt, HTTPReceiver } from '@slack/bolt';
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import { App } from '../../src/app/index.js';
import { readBody, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import { type SlackChannel, slackChannel } from '../../src/channels/slack/index.js';
import { KnownAuthorityCredentialsFactory } from '../../src/channels/teams/credentials.js';
import { type TeamsChannel, teamsChannel } from '../../src/channels/teams/index.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { longMeeting } from './long-meeting.js';

export type SubjectKind =
  | 'bare'
  | 'teams-floor'
  | 'slack-floor'
  | 'teams-io-floor'
  | 'slack-io-floor'
  | 'toivo-teams'
  | 'toivo-slack'
  | 'playground';

export interface StartRequest {
  readonly op: 'start';
  readonly kind: SubjectKind;
  /** Toivo's store (Toivo's kinds only). */
  readonly storeUrl?: string;
  readonly namespace?: string;
  /** ConfigurationBotFrameworkAuthentication's settings (Teams kinds). */
  readonly teams?: {
    readonly appId: string;
    readonly password: string;
    readonly settings: Record<string, string>;
  };
  /** The fake Slack Web API and the signing secret (Slack kinds). */
  readonly slack?: { readonly apiUrl: string; readonly secret: string };
  /** What the bare server and botbuilder's floor answer: the bytes Toivo answers a click with. */
  readonly answer?: string;
  /**
   * What the floors with I/O send to redraw the shared card, as Toivo sent it: the activity
   * (Teams' `updateActivity`) or the arguments of Slack's `chat.update`, as JSON.
   */
  readonly update?: string;
}

export type SubjectRequest =
  | StartRequest
  /** A meeting of `events` events, in discussion, its people's accounts those of `channel`. */
  | {
      readonly op: 'seed';
      readonly meetingId: string;
      readonly events: number;
      readonly channel: 'teams' | 'slack';
    }
  /** The meeting's version (its number of events), or -1 when there is no such meeting. */
  | { readonly op: 'version'; readonly meetingId: string }
  | { readonly op: 'usage' }
  /** A CPU profile of what it does from `start` to `stop`, written to `file` at the stop. */
  | { readonly op: 'profile'; readonly start: boolean; readonly file?: string }
  | { readonly op: 'settled' }
  | { readonly op: 'stop' };

export interface Usage {
  /** process.cpuUsage(), user + system, microseconds. */
  readonly cpuMicros: number;
  readonly rss: number;
  /** Lines Toivo logged since it started (failures are told here). */
  readonly log: readonly string[];
}

const json = { 'content-type': 'application/json; charset=utf-8' };
const listen = (server: Server) =>
  new Promise<string>((done) =>
    server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const close = (server: Server) =>
  new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });

let stopAll: () => Promise<void> = async () => {};
let settled: () => Promise<void> = async () => {};
let store: EventStore<Event> | undefined;
let toivoApp: App | undefined;
const log: string[] = [];
const inspector = new Session();

/** The meeting's day, as the seeded meetings have it; time moves on from there as it does here. */
const DAY = Date.parse('2026-11-26T15:00:00+02:00');
const started = Date.now();
const clock = { now: () => new Date(DAY + (Date.now() - started)) };

async function toivo(request: StartRequest): Promise<string> {
  store = await openEventStore<Event>({
    url: request.storeUrl,
    ...(request.namespace ? { namespace: request.namespace } : {}),
  });
  const kept = store;
  const app = new App(kept, { log: (line) => log.push(line), clock, retry: { delaysMs: [100] } });
  toivoApp = app;
  const routes: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>)[] = [];
  const running = await startServer({ port: 0, host: '127.0.0.1' }, routes);
  let channel: TeamsChannel | SlackChannel | undefined;
  if (request.kind === 'toivo-teams' && request.teams) {
    const teams = teamsChannel(app, request.teams, {
      log: (line) => log.push(line),
      messageGapMs: 0,
      publicUrl: running.url,
    });
    routes.push(teams.route);
    channel = teams;
  } else if (request.kind === 'toivo-slack' && request.slack) {
    const slack = await slackChannel(
      app,
      { botToken: 'xoxb-bench', signingSecret: request.slack.secret, apiUrl: request.slack.apiUrl },
      { log: (line) => log.push(line), messageGapMs: 0, retries: 0, publicUrl: running.url },
    );
    if (slack.route) routes.push(slack.route);
    channel = slack;
  } else if (request.kind === 'playground') {
    routes.push(playground(app, new SimulatedClock()));
  } else throw new Error(`${request.kind}: its settings are missing`);
  await channel?.start();
  settled = async () => channel?.settled();
  stopAll = async () => {
    await channel?.stop();
    await app.deliverer.stop();
    await running.close();
    await kept.close();
  };
  return running.url;
}

/**
 * botbuilder's own CloudAdapter.process, as its samples serve it: the body parsed, answered with
 * `answer`. With I/O (`teams-io-floor`), the turn first redraws the shared card with `update`, as
 * any bot must for everyone in the conversation to see what a click changed.
 */
async function teamsFloor(request: StartRequest): Promise<string> {
  if (!request.teams) throw new Error('teams-floor: its settings are missing');
  const { appId, password, settings } = request.teams;
  const adapter = new CloudAdapter(
    request.kind === 'teams-io-floor'
      ? // Its token for the fake login is asked as Toivo asks it (MSAL told the authority is known).
        new ConfigurationBotFrameworkAuthentication(
          settings as never,
          new KnownAuthorityCredentialsFactory(appId, password),
        )
      : new ConfigurationBotFrameworkAuthentication(settings as never),
  );
  const card = JSON.parse(request.answer ?? '{}') as unknown;
  const update =
    request.kind === 'teams-io-floor' ? (JSON.parse(request.update ?? '{}') as object) : undefined;
  const logic = async (context: TurnContext) => {
    if (context.activity.name !== 'adaptiveCard/action') return;
    // With I/O: the shared card redrawn for everyone, in the same turn (botbuilder's cheapest way).
    if (update) await context.updateActivity({ ...update, id: context.activity.replyToId ?? 'bench' });
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: card } });
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req, 512 * 1024);
    const shim = Object.assign(req, { body: JSON.parse(body?.toString('utf8') ?? '{}') as unknown });
    // The response as express gives it: status, send, end.
    const response = {
      status: (code: number) => {
        res.statusCode = code;
      },
      send: (out: unknown) => {
        res.setHeader('content-type', json['content-type']);
        res.write(typeof out === 'string' ? out : JSON.stringify(out));
      },
      end: () => res.end(),
      header: (name: string, value: string) => res.setHeader(name, value),
    };
    await adapter.process(shim as never, response as never, logic);
  });
  stopAll = () => close(server);
  return listen(server);
}

/**
 * Bolt's HTTPReceiver with its signature check, and a handler that only acknowledges. With I/O
 * (`slack-io-floor`), it then redraws the shared message with `update` (`chat.update`).
 */
async function slackFloor(request: StartRequest): Promise<string> {
  if (!request.slack) throw new Error('slack-floor: its settings are missing');
  const receiver = new HTTPReceiver({
    signingSecret: request.slack.secret,
    endpoints: ['/slack/events'],
    processBeforeResponse: false,
  });
  const bolt = new Bolt({
    token: 'xoxb-bench',
    receiver,
    tokenVerificationEnabled: false,
    botId: 'BBOT',
    botUserId: 'UBOT',
    clientOptions: { slackApiUrl: request.slack.apiUrl, retryConfig: { retries: 0 } },
  });
  const update =
    request.kind === 'slack-io-floor' ? (JSON.parse(request.update ?? '{}') as object) : undefined;
  const pending = new Set<Promise<unknown>>();
  bolt.action({ type: 'block_actions' }, async ({ ack, client }) => {
    await ack();
    // With I/O: the shared message redrawn after the answer, through Bolt's own Web API client.
    if (!update) return;
    const call = client.chat.update(update as never).catch(() => undefined);
    pending.add(call);
    await call;
    pending.delete(call);
  });
  settled = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  const server = createServer(receiver.requestListener);
  stopAll = () => close(server);
  return listen(server);
}

/** node:http answering every request, once read, with the same bytes: the floor under every floor. */
async function bare(request: StartRequest): Promise<string> {
  const answer = request.answer ?? '{}';
  const server = createServer(async (req, res) => {
    await readBody(req, 512 * 1024);
    res.writeHead(200, json).end(answer);
  });
  stopAll = () => close(server);
  return listen(server);
}

async function handle(request: SubjectRequest): Promise<unknown> {
  switch (request.op) {
    case 'start':
      if (request.kind === 'bare') return bare(request);
      if (request.kind === 'teams-floor' || request.kind === 'teams-io-floor') return teamsFloor(request);
      if (request.kind === 'slack-floor' || request.kind === 'slack-io-floor') return slackFloor(request);
      return toivo(request);
    case 'seed': {
      if (!store) throw new Error('seed: no store');
      const stored = await store.append(
        request.meetingId,
        0,
        longMeeting(request.meetingId, request.events, request.channel),
      );
      if (!stored.ok) throw new Error(`seed: ${request.meetingId} is there already`);
      return request.events;
    }
    case 'version':
      return (await toivoApp?.meetings.get(request.meetingId))?.version ?? -1;
    case 'usage': {
      const cpu = process.cpuUsage();
      const usage: Usage = { cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss, log };
      return usage;
    }
    case 'settled':
      return settled();
    case 'profile':
      if (request.start) {
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
        return null;
      } else {
        const { profile } = await inspector.post('Profiler.stop');
        if (request.file) writeFileSync(request.file, JSON.stringify(profile));
        inspector.disconnect();
        return null;
      }
    case 'stop':
      await stopAll();
      return null;
  }
}

process.on('message', (request: SubjectRequest) => {
  // Stopped, it ends on its own once its answer is sent.
  const then = () => request.op === 'stop' && process.exit(0);
  handle(request).then(
    (value) => process.send?.({ ok: true, value: value ?? null }, then),
    (error: Error) => process.send?.({ ok: false, error: error.stack ?? error.message }, then),
  );
});
