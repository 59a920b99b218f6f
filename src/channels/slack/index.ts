/**
 * Slack as a channel: Bolt in HTTP mode at POST /slack/events on Toivo's own server, or in Socket
 * Mode when an app token is set. Bolt's receiver checks every request's signature before any
 * handler sees it; Toivo adds what Bolt leaves out (a timestamp from the future is refused too).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import {
  AuthorizationError,
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
import { tooDeep } from '../json-depth.js';
import { Pacer } from '../pacer.js';
import { AcknowledgingBolt } from './acks.js';
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

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const absentOr = (x: unknown, ok: (x: unknown) => boolean) => x === undefined || ok(x);

/**
 * What Bolt reads of a request without looking first: Slack always sends it so, but a body that
 * is not so throws inside Bolt, before any listener (acknowledged then, see `unreadable`), or is
 * never answered at all.
 * An event is an object, with its user, channel, item and subteam objects or ids where it has
 * them, and its first authorization an object; a slash command's ids are single strings; an
 * interaction has its user as an object, its channel (if any) as an object, its actions (if any)
 * as a list of objects, and a view's submit or close its view as an object.
 */
function boltCanRead(body: Record<string, unknown>): boolean {
  if (body.event !== undefined) {
    const { event, authorizations } = body;
    const idOrObject = (x: unknown) => typeof x === 'string' || isObject(x);
    return (
      isObject(event) &&
      typeof event.type === 'string' &&
      absentOr(event.channel, idOrObject) &&
      absentOr(event.user, idOrObject) &&
      absentOr(event.item, isObject) &&
      absentOr(event.subteam, isObject) &&
      (!Array.isArray(authorizations) || authorizations.length === 0 || isObject(authorizations[0]))
    );
  }
  if (body.command !== undefined)
    return ['command', 'user_id', 'channel_id', 'team_id'].every((k) => typeof body[k] === 'string');
  if (body.type === 'url_verification' || body.ssl_check !== undefined) return true;
  const view = body.type === 'view_submission' || body.type === 'view_closed';
  return (
    typeof body.type === 'string' &&
    isObject(body.user) &&
    absentOr(body.channel, isObject) &&
    absentOr(body.actions, (a) => Array.isArray(a) && a.length > 0 && a.every(isObject)) &&
    (!view || isObject(body.view))
  );
}

/**
 * Whether a signed body has the shape every Slack request has, read as Bolt reads it: a form
 * (exactly `application/x-www-form-urlencoded`) whose payload, when it has one, is a JSON object,
 * or else a JSON object; with what Bolt reads of it there (boltCanRead). Bolt reads a `null`
 * payload outside its own error handling and throws where nothing catches it, and answers a body
 * it cannot parse with a bare 400; such a request is answered here instead.
 */
function wellFormed(req: IncomingMessage, body: Buffer): boolean {
  const parsed = (text: string): unknown => {
    if (tooDeep(text)) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const text = body.toString('utf8');
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
    const json = parsed(text);
    return isObject(json) && boltCanRead(json);
  }
  const form = parseForm(text);
  if (form.payload === undefined) return boltCanRead(form);
  const payload = typeof form.payload === 'string' ? parsed(form.payload) : undefined;
  return isObject(payload) && boltCanRead(payload);
}

/** Why a request to Slack's endpoint is refused, said in the answer (Slack's retries are logged on its side). */
const REFUSED: Readonly<Record<number, string>> = {
  400: 'The request is not one Slack sends.',
  401: 'The request is not signed by Slack, or not within its time window.',
  404: 'Toivo takes no request of this kind.',
  405: 'Slack sends its requests here with POST.',
  413: 'The request is too large.',
};

function refuse(
  res: ServerResponse,
  status: keyof typeof REFUSED,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify({ ok: false, error: REFUSED[status] }));
}

/**
 * What Bolt does when it fails before any listener ran (a listener's own failure goes to the app's
 * error handler): it could not read the request. The failure is logged and the request
 * acknowledged, as Slack's retry or error would change nothing; `ack` answers it.
 */
function unreadable(log: (line: string) => void, error: Error, ack: () => void): true {
  log(`toivo slack: a request Bolt could not read was acknowledged: ${error.message}`);
  ack();
  return true;
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
      // Bolt acknowledges the envelope when this says so (its default leaves it unanswered).
      processEventErrorHandler: async ({ error }) => unreadable(log, error, () => {}),
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
      // What Bolt answers itself says what happened too (its own answers are a bare status).
      processEventErrorHandler: async ({ error, response }) => {
        if (response.headersSent) return false;
        if (!(error instanceof AuthorizationError))
          return unreadable(log, error, () => response.writeHead(200).end());
        log(`toivo slack: a request failed: ${error.message}`);
        refuse(response, 401);
        return true;
      },
      unhandledRequestHandler: ({ response }) => {
        log('toivo slack: a request nobody took was not acknowledged within 3 seconds');
        if (!response.headersSent) refuse(response, 404);
      },
    });
    receiver = http;
  }
  const who = await new webApi.WebClient(config.botToken, { ...clientOptions, logger }).auth
    .test()
    .catch((error: Error) => {
      throw new Error(`Slack refused the bot token (auth.test): ${error.message}`);
    });
  // The real bot ids let Bolt ignore Toivo's own messages.
  const bolt = new AcknowledgingBolt({
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
          refuse(res, 405, { allow: 'POST' });
          return true;
        }
        if (fromTheFuture(req)) {
          log('toivo slack: a request signed in the future was refused');
          refuse(res, 401);
          return true;
        }
        // At most Bolt's limit is read; the rest of a larger body is drained or its connection closed.
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
          refuse(res, status);
          return true;
        }
        // Bolt answers what it refuses itself with a bare status; the server adds what it means.
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
