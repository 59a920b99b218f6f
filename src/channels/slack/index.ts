/**
 * Slack as a channel: Bolt in HTTP mode at POST /slack/events on Toivo's own server, or in Socket
 * Mode when an app token is set. Bolt's receiver checks every request's signature before any
 * handler sees it; Toivo adds what Bolt leaves out (a timestamp from the future is refused too).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  App as Bolt,
  HTTPReceiver,
  isValidSlackRequest,
  type Logger,
  LogLevel,
  type Receiver,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt';
import { type App, readBody } from '../../app/index.js';
import type { SlackConfig } from '../../config.js';
import { CalendarLinks } from '../calendar-links.js';
import { ExportLinks } from '../export-links.js';
import { Pacer } from '../pacer.js';
import { SlackHandlers } from './handlers.js';
import { MemoLinks } from './memo-link.js';
import { type OpenViews, OwnViews } from './own-views.js';

export const SLACK_PATH = '/slack/events';
/** Where the calendar files in Slack direct messages are fetched. */
export const CALENDAR_PATH = '/slack/calendar';
/** The export's links: /slack/export.md and /slack/export.json. */
export const EXPORT_PATH = '/slack/export';
/** Slack's own window: a request signed more than five minutes from now, either way, is refused. */
const WINDOW_SECONDS = 5 * 60;

export interface SlackOptions {
  /** Where failures are told: ids and codes only, never what people wrote. */
  readonly log?: (line: string) => void;
  /** Milliseconds between new messages in one channel (Slack's limit is about one a second). */
  readonly messageGapMs?: number;
  /** Retries of a failed Web API call; Slack's Retry-After is waited out between them. */
  readonly retries?: number;
  /** Where people reach this server: the memo and calendar files in one's direct messages link here. */
  readonly publicUrl?: string;
}

export interface SlackChannel {
  /** HTTP mode: Slack's requests; with a public address, the memo links too. Socket Mode needs none. */
  readonly route?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** Socket Mode connects here; both modes pick up deliveries an earlier run left to try again. */
  start(): Promise<void>;
  /** Resolves once every request taken so far has been handled and what it sends is delivered. */
  settled(): Promise<void>;
  /** Stops taking requests (Socket Mode) and lets the work in flight finish. */
  stop(): Promise<void>;
}

/** Bolt's own lines go through Toivo's log; Bolt's debug lines (which hold payloads) are dropped. */
function boltLogger(log: (line: string) => void): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log(`toivo slack: ${msg.map(String).join(' ')}`),
    error: (...msg: unknown[]) =>
      log(`toivo slack: ${msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ')}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** Bolt's own limit on a request's body. */
const BODY_LIMIT = 1024 * 1024;

/** The request's body, read once and kept where Bolt reads it from (`rawBody`). */
async function buffered(req: IncomingMessage): Promise<Buffer | undefined> {
  const body = await readBody(req, BODY_LIMIT);
  if (body) Object.assign(req, { rawBody: body });
  return body;
}

/**
 * Whether a signed body has the shape every Slack request has: a JSON object, or a form whose
 * payload (when it has one) is a JSON object. Bolt reads a `null` payload outside its own error
 * handling and throws where nothing catches it; such a request is answered here instead.
 */
function wellFormed(req: IncomingMessage, body: Buffer): boolean {
  const isObject = (text: string): boolean => {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return isObject(body.toString('utf8'));
  const payload = new URLSearchParams(body.toString('utf8')).get('payload');
  return payload === null || isObject(payload);
}

/** Whether Slack signed the body, by Bolt's own check (Bolt's receiver checks it again). */
function signed(req: IncomingMessage, body: Buffer, secret: string | undefined): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (!secret || typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  return isValidSlackRequest({
    signingSecret: secret,
    body: body.toString('utf8'),
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
  });
}

/** Refuses a request whose signed time is in the future beyond Slack's window, as Bolt does not. */
function fromTheFuture(req: IncomingMessage): boolean {
  const ts = Number(req.headers['x-slack-request-timestamp']);
  return Number.isFinite(ts) && ts > Date.now() / 1000 + WINDOW_SECONDS;
}

/**
 * Sets up the Slack channel: checks the bot token with Slack (auth.test), so a wrong token stops
 * Toivo at start with a clear message instead of failing at the first meeting.
 */
export async function slackChannel(
  app: App,
  config: SlackConfig,
  options: SlackOptions = {},
): Promise<SlackChannel> {
  const log = options.log ?? ((line: string) => console.warn(line));
  const logger = boltLogger(log);
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // Bolt's default waits up to half an hour over ten retries; a meeting cannot wait that long.
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    // A call that hangs is a failed delivery, tried again later, not a click that never ends.
    timeout: 15_000,
  };
  let receiver: Receiver;
  let http: HTTPReceiver | undefined;
  if (config.appToken) {
    receiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      // Bolt hands the socket's own Web API client only these options (not a top-level clientOptions).
      installerOptions: {
        clientOptions: {
          ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
          retryConfig: { retries: 5, factor: 2, minTimeout: 1_000, maxTimeout: 30_000 },
        },
      },
    });
  } else {
    if (!config.signingSecret) throw new Error('HTTP mode needs SLACK_SIGNING_SECRET');
    http = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: [SLACK_PATH],
      logger,
      processBeforeResponse: false,
    });
    receiver = http;
  }
  const who = await new webApi.WebClient(config.botToken, { ...clientOptions, logger }).auth
    .test()
    .catch((error: Error) => {
      throw new Error(`Slack refused the bot token (auth.test): ${error.message}`);
    });
  // The real bot ids let Bolt ignore Toivo's own messages.
  const bolt = new Bolt({
    token: config.botToken,
    receiver,
    logger,
    tokenVerificationEnabled: false,
    clientOptions,
    ...(who.bot_id ? { botId: who.bot_id } : {}),
    ...(who.user_id ? { botUserId: who.user_id } : {}),
  });
  bolt.error(async (error) => log(`toivo slack: a request failed: ${error.code ?? ''} ${error.message}`));
  const secret = config.signingSecret ?? config.appToken;
  const memoLinks = options.publicUrl && secret ? new MemoLinks(secret, options.publicUrl) : undefined;
  const calendarLinks =
    options.publicUrl && secret ? new CalendarLinks(secret, options.publicUrl, CALENDAR_PATH) : undefined;
  const exportLinks =
    options.publicUrl && secret ? new ExportLinks(secret, options.publicUrl, EXPORT_PATH) : undefined;
  const ownViews = new OwnViews(app.records<OpenViews>('slack-own-views'));
  app.onErase((meetingId) => ownViews.forget(meetingId));
  const handlers = new SlackHandlers(app, bolt.client, new Pacer(options.messageGapMs), ownViews, {
    log,
    ...(memoLinks ? { memoLinks } : {}),
    ...(calendarLinks ? { calendarLinks } : {}),
    ...(exportLinks ? { exportLinks } : {}),
  });
  handlers.register(bolt);
  const listener = http?.requestListener;
  const events = listener
    ? async (req: IncomingMessage, res: ServerResponse) => {
        if (req.url?.split('?')[0] !== SLACK_PATH) return false;
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST' }).end();
          return true;
        }
        if (fromTheFuture(req)) {
          log('toivo slack: a request signed in the future was refused');
          res.writeHead(401).end();
          return true;
        }
        const body = await buffered(req);
        // Bolt's own signature check first: nothing of a request Slack did not sign is read.
        const status = !body
          ? 413
          : !signed(req, body, config.signingSecret)
            ? 401
            : !wellFormed(req, body)
              ? 400
              : 0;
        if (status) {
          res.writeHead(status).end();
          return true;
        }
        listener(req, res);
        return true;
      }
    : undefined;
  const memo = memoLinks?.route(app);
  const calendar = calendarLinks?.route(app);
  const exports = exportLinks?.route(app);
  return {
    ...(events || memo
      ? {
          route: async (req: IncomingMessage, res: ServerResponse) =>
            (await events?.(req, res)) ||
            (await memo?.(req, res)) ||
            (await calendar?.(req, res)) ||
            (await exports?.(req, res)) ||
            false,
        }
      : {}),
    start: async () => {
      if (config.appToken) await bolt.start();
      // Reminders of meetings in Slack go out through Slack; what an earlier run could not deliver is tried again.
      app.aftercare.usePort(handlers.port({}));
      const waiting = await app.resume(handlers.port({}));
      if (waiting > 0) log(`toivo slack: ${waiting} deliveries that failed before are tried again`);
    },
    settled: () => handlers.settled(),
    stop: async () => {
      if (config.appToken) await bolt.stop();
      await handlers.settled();
    },
  };
}
