/**
 * Local stand-ins for Slack's servers, so the app's real Bolt code (signature verification, WebClient,
 * SocketModeClient) runs in tests with no workspace and no network. Everything listens on 127.0.0.1 only.
 *
 * - `startFakeSlackApi()`: the Web API (`slackApiUrl`), recording every call.
 * - `sign`, `postSigned` and the body/payload builders: requests "from Slack" to our HTTP endpoint.
 * - `startFakeSocketMode(api)`: a Socket Mode WebSocket server. It is a minimal RFC 6455 server written here,
 *   because @slack/socket-mode 3.x connects with undici's WebSocket and the `ws` package is not installed.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { BlockAction, ButtonAction, ViewOutput, ViewStateValue, ViewSubmitAction } from '@slack/bolt';
import { readBody } from '../../src/app/server.js';
import { isRecord } from '../../src/cards/submission-fields.js';

/** Ids the fakes use for the workspace, the app and the bot user. */
export const FAKE_TEAM = { id: 'T1', domain: 'toivo-test' } as const;
export const FAKE_APP_ID = 'A1';
export const FAKE_BOT = { userId: 'UBOT', botId: 'BBOT' } as const;
/** The legacy verification token Slack still puts in every payload; Bolt ignores it. */
export const FAKE_VERIFICATION_TOKEN = 'fake-verification-token';

let seq = 0;
/** Unique within the test process, so ids never collide between fakes or tests. */
const next = (): number => ++seq;

// ---------------------------------------------------------------------------------------------------------------
// 1. Web API
// ---------------------------------------------------------------------------------------------------------------

export interface RecordedCall {
  method: string;
  /** The arguments, with JSON-valued form fields (blocks, view, …) parsed. Never holds `token`. */
  args: Record<string, unknown>;
  token?: string;
  at: number;
  /** Set when the call was answered `{ok: false, error}` because of `failNext`. */
  error?: string;
  /** What the fake answered (the posted message's ts, the opened view's id). */
  result?: Record<string, unknown>;
}

/** A file body WebClient's files.uploadV2 sent to the `upload_url` we gave it. */
export interface RecordedUpload {
  fileId: string;
  contentType: string;
  body: Buffer;
  at: number;
}

/** A JSON post to a `responseUrl()` (Bolt's `respond()`). */
export interface RecordedResponse {
  url: string;
  body: unknown;
  at: number;
}

/** A row of the users.info table. Extra fields are passed through as they are. */
export interface FakeSlackUser {
  name?: string;
  real_name?: string;
  locale?: string;
  tz?: string;
  [field: string]: unknown;
}

/** A rate limit (HTTP 429 + Retry-After) or a Slack error answered with HTTP 200. */
export type FakeFailure = { status: 429; retryAfter: number } | { error: string };

export interface FakeSlackApi {
  /** For WebClient's `slackApiUrl`: `http://127.0.0.1:PORT/api/`. */
  readonly url: string;
  /** Calls Slack "accepted" (including ones answered with a `failNext` error), oldest first. */
  readonly calls: RecordedCall[];
  /** Calls answered with HTTP 429; kept apart so `calls` shows each message once after a retry. */
  readonly rateLimited: RecordedCall[];
  readonly uploads: RecordedUpload[];
  readonly responses: RecordedResponse[];
  /**
   * users.info answers from here; unknown ids get `user_not_found`. As on Slack, `locale` is in the
   * answer only when the call passes `include_locale: true`.
   */
  readonly users: Map<string, FakeSlackUser>;
  /** What apps.connections.open hands out; set by `startFakeSocketMode`. */
  socketModeUrl: string | undefined;
  /** Queues a failure for the next call of `method`; several calls queue several failures. */
  failNext(method: string, failure: FakeFailure): void;
  callsOf(method: string): RecordedCall[];
  /** Resolves with the calls so far once `predicate` holds; polls every 10 ms. */
  waitFor(
    predicate: (calls: readonly RecordedCall[]) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall[]>;
  /** A fresh response_url on this server; posts to it land in `responses`. */
  responseUrl(): string;
  /** Forgets calls, uploads, responses and queued failures; keeps `users` and the socket link. */
  reset(): void;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

/** Slack's own limits, enforced only when a test or the benchmark asks for them. */
export interface FakeSlackOptions {
  /**
   * chat.postMessage's "about one message a second per channel": a new message in a channel sooner
   * than this after the last one it took is refused with HTTP 429 and Retry-After, as Slack does.
   */
  readonly messageGapMs?: number;
}

export async function startFakeSlackApi(options: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const calls: RecordedCall[] = [];
  const rateLimited: RecordedCall[] = [];
  const uploads: RecordedUpload[] = [];
  const responses: RecordedResponse[] = [];
  const users = new Map<string, FakeSlackUser>();
  const failures = new Map<string, FakeFailure[]>();
  const homeViewIds = new Map<string, string>();
  /** When each channel last took a new message. */
  const lastPost = new Map<string, number>();
  let base = '';

  /** Seconds to wait before `channel` takes another message, or 0 when it takes this one now. */
  const tooSoon = (channel: unknown, at: number): number => {
    const gap = options.messageGapMs;
    if (gap === undefined || typeof channel !== 'string') return 0;
    const id = channel.startsWith('U') ? `D${channel}` : channel;
    const last = lastPost.get(id);
    if (last !== undefined && at - last < gap) return Math.max(1, Math.ceil((last + gap - at) / 1000));
    lastPost.set(id, at);
    return 0;
  };

  /** Message timestamps in Slack's shape, increasing across every method of this fake. */
  let tsCounter = 100;
  const nextTs = (): string => {
    tsCounter += 1;
    return `${1_700_000_000 + Math.floor(tsCounter / 1e6)}.${String(tsCounter % 1e6).padStart(6, '0')}`;
  };
  const newViewId = (): string => `V${String(next()).padStart(10, '0')}`;

  /** What Slack echoes back for a view: its defaults under the caller's view, then the ids. */
  const viewAnswer = (args: Args, id: string): Answer => {
    const view = isRecord(args.view) ? args.view : {};
    return {
      body: {
        ok: true,
        view: {
          team_id: FAKE_TEAM.id,
          app_id: FAKE_APP_ID,
          bot_id: FAKE_BOT.botId,
          callback_id: '',
          private_metadata: '',
          state: { values: {} },
          ...view,
          id,
          hash: `h${next()}`,
        },
      },
    };
  };

  const answer = (method: string, args: Args, token: string | undefined): Answer => {
    const ok = (body: Record<string, unknown> = {}): Answer => ({ body: { ok: true, ...body } });
    const fail = (error: string): Answer => ({ body: { ok: false, error } });
    switch (method) {
      case 'chat.postMessage': {
        if (typeof args.channel !== 'string' || !args.channel) return fail('channel_not_found');
        if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
          return fail('no_text');
        }
        // Posting to a user id lands in the DM with that user, as on Slack.
        const channel = args.channel.startsWith('U') ? `D${args.channel}` : args.channel;
        const ts = nextTs();
        const message = {
          type: 'message',
          user: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
          ts,
          text: args.text,
          blocks: args.blocks,
          thread_ts: args.thread_ts,
        };
        return ok({ channel, ts, message });
      }
      case 'chat.update':
        if (typeof args.ts !== 'string' || !args.ts) return fail('message_not_found');
        return ok({
          channel: args.channel,
          ts: args.ts,
          text: args.text,
          message: { text: args.text, blocks: args.blocks },
        });
      case 'chat.postEphemeral':
        return ok({ message_ts: nextTs() });
      case 'views.open':
      case 'views.push':
        return viewAnswer(args, newViewId());
      case 'views.update':
        return viewAnswer(args, typeof args.view_id === 'string' ? args.view_id : newViewId());
      case 'views.publish': {
        const userId = String(args.user_id ?? '');
        const id = homeViewIds.get(userId) ?? newViewId();
        homeViewIds.set(userId, id);
        return viewAnswer(args, id);
      }
      case 'conversations.open': {
        if (typeof args.channel === 'string') return ok({ channel: { id: args.channel } });
        const list = Array.isArray(args.users) ? args.users.map(String) : String(args.users ?? '').split(',');
        const first = list[0]?.trim();
        return first ? ok({ channel: { id: `D${first}` } }) : fail('users_list_not_supplied');
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const user = users.get(id);
        if (!user) return fail('user_not_found');
        const { locale, ...rest } = user;
        const realName = user.real_name ?? id;
        const name = user.name ?? realName.toLowerCase().replace(/\s+/g, '.');
        return ok({
          user: {
            id,
            team_id: FAKE_TEAM.id,
            tz: 'Europe/Helsinki',
            ...rest,
            name,
            real_name: realName,
            profile: { real_name: realName, display_name: user.name ?? '' },
            // Slack gives the locale only when asked; an app that forgets include_locale gets none.
            ...(args.include_locale === true || args.include_locale === 'true' ? { locale } : {}),
          },
        });
      }
      case 'auth.test':
        return ok({
          url: `https://${FAKE_TEAM.domain}.slack.com/`,
          team: 'Toivo Test',
          user: 'toivo',
          team_id: FAKE_TEAM.id,
          user_id: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
        });
      case 'apps.connections.open':
        // Slack refuses bot and user tokens here; only an app-level (xapp-) token opens a socket.
        if (!token?.startsWith('xapp-')) return fail('not_allowed_token_type');
        return api.socketModeUrl ? ok({ url: api.socketModeUrl }) : fail('fake_socket_mode_not_started');
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(next()).padStart(10, '0')}`;
        return ok({ upload_url: `${base}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
        return ok({ files: files.map((f) => ({ id: f.id, title: f.title ?? '', name: f.title ?? '' })) });
      }
      default:
        return ok();
    }
  };

  const handleApi = async (req: IncomingMessage, method: string, raw: Buffer): Promise<Answer> => {
    const url = new URL(req.url ?? '/', base);
    const args: Args = { ...decodeFields(url.searchParams), ...(await parseBody(req, raw)) };
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = auth ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const call: RecordedCall = { method, args, ...(token === undefined ? {} : { token }), at: Date.now() };
    const failure = failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      rateLimited.push(call);
      return {
        status: failure.status,
        headers: { 'retry-after': String(failure.retryAfter) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    if (failure) {
      calls.push({ ...call, error: failure.error });
      return { body: { ok: false, error: failure.error } };
    }
    const wait = method === 'chat.postMessage' ? tooSoon(args.channel, call.at) : 0;
    if (wait > 0) {
      rateLimited.push(call);
      return {
        status: 429,
        headers: { 'retry-after': String(wait) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    const answered = answer(method, args, token);
    calls.push({ ...call, result: answered.body });
    return answered;
  };

  const server = createServer((req, res) => {
    readAll(req)
      .then(async (raw) => {
        const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
        const apiMethod = /^\/api\/([\w.]+)$/.exec(path)?.[1];
        if (apiMethod) return send(res, await handleApi(req, apiMethod, raw));
        const uploadId = /^\/upload\/(\w+)$/.exec(path)?.[1];
        if (uploadId && req.method === 'POST') {
          uploads.push({
            fileId: uploadId,
            contentType: req.headers['content-type'] ?? '',
            body: raw,
            at: Date.now(),
          });
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
          return;
        }
        if (path.startsWith('/response/') && req.method === 'POST') {
          responses.push({
            url: `${base}${path}`,
            body: parseJsonOrText(raw.toString('utf8')),
            at: Date.now(),
          });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      })
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
  const port = await listen(server);
  base = `http://127.0.0.1:${port}`;

  const api: FakeSlackApi = {
    url: `${base}/api/`,
    calls,
    rateLimited,
    uploads,
    responses,
    users,
    socketModeUrl: undefined,
    failNext(method, failure) {
      const queue = failures.get(method) ?? [];
      queue.push(failure);
      failures.set(method, queue);
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    waitFor(predicate, timeoutMs = 3000) {
      const started = Date.now();
      return new Promise((resolve, reject) => {
        const poll = (): void => {
          if (predicate(calls)) {
            resolve([...calls]);
          } else if (Date.now() - started >= timeoutMs) {
            const methods = calls.map((c) => c.method).join(', ') || '(none)';
            reject(
              new Error(`fake Slack API: waitFor timed out after ${timeoutMs} ms; calls so far: ${methods}`),
            );
          } else {
            setTimeout(poll, 10);
          }
        };
        poll();
      });
    },
    responseUrl: () => `${base}/response/${next()}`,
    reset() {
      calls.length = 0;
      rateLimited.length = 0;
      uploads.length = 0;
      responses.length = 0;
      failures.clear();
    },
    close: () => closeServer(server),
  };
  return api;
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status ?? 200, {
    'content-type': 'application/json; charset=utf-8',
    ...answer.headers,
  });
  res.end(JSON.stringify(answer.body));
}

/** WebClient sends form fields, with objects and arrays JSON-encoded; Bolt's respond() and others send JSON. */
async function parseBody(req: IncomingMessage, raw: Buffer): Promise<Args> {
  const contentType = req.headers['content-type'] ?? '';
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (raw.length === 0) return {};
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return isRecord(parsed) ? { ...parsed } : {};
  }
  if (type === 'multipart/form-data') {
    // WebClient switches to multipart when an argument is a Buffer.
    const form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType },
    }).formData();
    const entries: [string, string | Blob][] = [];
    form.forEach((value, key) => {
      entries.push([key, value]);
    });
    const args: Args = {};
    for (const [key, value] of entries) {
      args[key] = typeof value === 'string' ? decodeField(value) : Buffer.from(await value.arrayBuffer());
    }
    return args;
  }
  return decodeFields(new URLSearchParams(raw.toString('utf8')));
}

function decodeFields(params: URLSearchParams): Args {
  const args: Args = {};
  for (const [key, value] of params) args[key] = decodeField(value);
  return args;
}

/** A form field holding JSON (blocks, view, files…) becomes the value; anything else stays a string. */
function decodeField(value: string): unknown {
  if (!value.startsWith('[') && !value.startsWith('{')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A fake takes whatever its client sends, up to a size no test comes near. */
const readAll = async (req: IncomingMessage): Promise<Buffer> =>
  (await readBody(req, 64 * 1024 * 1024)) ?? Buffer.alloc(0);

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Also drops keep-alive connections (fetch keeps them open), or close() would wait for their timeout. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Signed requests from "Slack" to the app
// ---------------------------------------------------------------------------------------------------------------

export interface SlackSignatureHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/** Slack's v0 request signature: hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function sign(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const hash = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${hash}` };
}

/** A request body as Slack sends it; the signature covers `body` byte for byte. */
export interface SlackRequest {
  contentType: string;
  body: string;
}

/** Exactly this: Bolt only parses interaction and command bodies for this content type. */
const FORM = 'application/x-www-form-urlencoded';

export interface SlashCommandFields {
  user_id: string;
  channel_id: string;
  text: string;
  token?: string;
  team_id?: string;
  team_domain?: string;
  channel_name?: string;
  user_name?: string;
  command?: string;
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
}

/** Slack's trigger ids look like `<digits>.<digits>.<hex>`; unique so views.open calls can be told apart. */
export function newTriggerId(): string {
  return `${Date.now()}.${next()}.${randomBytes(8).toString('hex')}`;
}

/**
 * The fields of a /toivo invocation, in Slack's order. Over HTTP they arrive form-encoded (`slashCommand`);
 * over Socket Mode this object is the envelope payload. The default response_url is a closed loopback port,
 * so a stray respond() fails fast instead of reaching hooks.slack.com; pass `api.responseUrl()` to record it.
 */
export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  const { user_id, channel_id, text, ...rest } = fields;
  return {
    token: rest.token ?? FAKE_VERIFICATION_TOKEN,
    team_id: rest.team_id ?? FAKE_TEAM.id,
    team_domain: rest.team_domain ?? FAKE_TEAM.domain,
    channel_id,
    channel_name: rest.channel_name ?? (channel_id.startsWith('D') ? 'directmessage' : 'general'),
    user_id,
    user_name: rest.user_name ?? user_id.toLowerCase(),
    command: rest.command ?? '/toivo',
    text,
    api_app_id: rest.api_app_id ?? FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: rest.response_url ?? unreachableResponseUrl('commands'),
    trigger_id: rest.trigger_id ?? newTriggerId(),
  };
}

export function slashCommand(fields: SlashCommandFields): SlackRequest {
  return { contentType: FORM, body: new URLSearchParams(slashCommandPayload(fields)).toString() };
}

/** Interactions (block_actions, view_submission, …) come as one form field `payload` holding JSON. */
export function interaction(payload: unknown): SlackRequest {
  return { contentType: FORM, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

export interface EventCallbackOptions {
  eventId?: string;
  teamId?: string;
  eventTime?: number;
}

/** The Events API wrapper around `event`; also the payload of an `events_api` Socket Mode envelope. */
export function eventCallbackPayload(event: Record<string, unknown>, options: EventCallbackOptions = {}) {
  const teamId = options.teamId ?? FAKE_TEAM.id;
  return {
    token: FAKE_VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: FAKE_APP_ID,
    event,
    type: 'event_callback' as const,
    event_id: options.eventId ?? `Ev${String(next()).padStart(9, '0')}`,
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: FAKE_BOT.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export function eventCallback(
  event: Record<string, unknown>,
  options: EventCallbackOptions = {},
): SlackRequest {
  return { contentType: 'application/json', body: JSON.stringify(eventCallbackPayload(event, options)) };
}

/** The handshake Slack sends when an Events API request URL is saved. */
export function urlVerification(challenge: string): SlackRequest {
  return {
    contentType: 'application/json',
    body: JSON.stringify({ token: FAKE_VERIFICATION_TOKEN, challenge, type: 'url_verification' }),
  };
}

export interface PostSignedOptions {
  secret: string;
  /** Seconds; defaults to now. Use it to send stale or future-dated requests. */
  timestamp?: number;
  /** Replaces the computed `x-slack-signature`, for forged requests. */
  signature?: string;
  /** Marks the request as Slack's retry number N (reason http_timeout). */
  retryNum?: number;
  headers?: Record<string, string>;
}

export interface SignedResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** POSTs a signed request to the app under test; refuses anything but a loopback address. */
export async function postSigned(
  url: string,
  request: SlackRequest,
  options: PostSignedOptions,
): Promise<SignedResponse> {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`postSigned: refusing to post to ${host}; the fakes talk to loopback only`);
  }
  const signed = sign(options.secret, request.body, options.timestamp);
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signed,
  };
  if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...headers, ...options.headers },
    body: request.body,
  });
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    responseHeaders[key] = value;
  });
  return { status: res.status, text: await res.text(), headers: responseHeaders };
}

/** Port 9 (discard) on loopback: nothing listens, so a post fails at once and never leaves the machine. */
function unreachableResponseUrl(kind: 'commands' | 'actions'): string {
  return `http://127.0.0.1:9/${kind}/${FAKE_TEAM.id}/${next()}/${randomBytes(6).toString('hex')}`;
}

type StateValues = Record<string, Record<string, ViewStateValue>>;

/** The part of a view a test cares about; the rest gets Slack's usual values. */
export interface FakeViewInput {
  id: string;
  callback_id: string;
  private_metadata?: string;
  state?: { values: StateValues };
  hash?: string;
  type?: 'modal' | 'home';
  blocks?: ViewOutput['blocks'];
}

/** A view as Slack echoes it inside interaction payloads. */
export function viewOutput(view: FakeViewInput): ViewOutput {
  return {
    id: view.id,
    team_id: FAKE_TEAM.id,
    type: view.type ?? 'modal',
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id,
    state: view.state ?? { values: {} },
    hash: view.hash ?? `h${next()}`,
    title: { type: 'plain_text', text: 'Toivo', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: view.type === 'home' ? null : { type: 'plain_text', text: 'OK', emoji: true },
    previous_view_id: null,
    root_view_id: view.id,
    app_id: FAKE_APP_ID,
    external_id: '',
    app_installed_team_id: FAKE_TEAM.id,
    bot_id: FAKE_BOT.botId,
  };
}

function payloadUser(id: string, teamId: string) {
  const name = id.toLowerCase();
  return { id, username: name, name, team_id: teamId };
}

export interface BlockActionsInput {
  user: string;
  team?: string;
  channel?: string;
  /** The message the button sits on; gives a message container, `message` and `response_url`. */
  message_ts?: string;
  /** The modal or Home tab the button sits on; gives a view container. */
  view?: FakeViewInput;
  actionId: string;
  value: string;
  blockId?: string;
  state?: { values: StateValues };
  triggerId?: string;
  responseUrl?: string;
}

/** A button press as Slack posts it (see Bolt's BlockAction). Modals and Home tabs carry no response_url. */
export function blockActionsPayload(input: BlockActionsInput): Omit<
  BlockAction<ButtonAction>,
  'response_url'
> & {
  response_url?: string;
} {
  const teamId = input.team ?? FAKE_TEAM.id;
  const channel = input.channel
    ? { id: input.channel, name: input.channel.startsWith('D') ? 'directmessage' : 'general' }
    : undefined;
  const container = input.view
    ? { type: 'view', view_id: input.view.id }
    : { type: 'message', message_ts: input.message_ts, channel_id: input.channel, is_ephemeral: false };
  const blockId = input.blockId ?? 'toivo_actions';
  return {
    type: 'block_actions',
    user: payloadUser(input.user, teamId),
    api_app_id: FAKE_APP_ID,
    token: FAKE_VERIFICATION_TOKEN,
    container,
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: teamId === FAKE_TEAM.id ? FAKE_TEAM.domain : teamId.toLowerCase() },
    is_enterprise_install: false,
    ...(channel ? { channel } : {}),
    ...(input.message_ts
      ? {
          message: {
            type: 'message' as const,
            user: FAKE_BOT.userId,
            bot_id: FAKE_BOT.botId,
            ts: input.message_ts,
            text: '',
            blocks: [],
          },
          response_url: input.responseUrl ?? unreachableResponseUrl('actions'),
        }
      : {}),
    ...(input.view ? { view: viewOutput(input.view) } : {}),
    ...(input.state ? { state: input.state } : {}),
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: blockId,
        value: input.value,
        text: { type: 'plain_text', text: input.value, emoji: true },
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

export interface ViewSubmissionInput {
  user: string;
  team?: string;
  view: FakeViewInput;
  triggerId?: string;
}

/** A modal's submit as Slack posts it (see Bolt's ViewSubmitAction). */
export function viewSubmissionPayload(input: ViewSubmissionInput): ViewSubmitAction {
  const teamId = input.team ?? FAKE_TEAM.id;
  return {
    type: 'view_submission',
    team: { id: teamId, domain: teamId === FAKE_TEAM.id ? FAKE_TEAM.domain : teamId.toLowerCase() },
    user: payloadUser(input.user, teamId),
    api_app_id: FAKE_APP_ID,
    token: FAKE_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? newTriggerId(),
    view: viewOutput(input.view),
    response_urls: [],
    is_enterprise_install: false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Socket Mode
// ---------------------------------------------------------------------------------------------------------------

export interface SocketEnvelopeInput {
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: unknown;
  envelope_id?: string;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What SocketModeClient sends back for `ack(response)`: the envelope id and `{...response}` (`{}` if none). */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** `ws://127.0.0.1:PORT/`, also what the attached API's apps.connections.open returns. */
  readonly url: string;
  /** Every JSON message clients sent, in order. */
  readonly received: unknown[];
  /** How many connections have said hello so far; grows when a client reconnects. */
  readonly connectionCount: number;
  /** Sends an envelope to the newest client and resolves with its ack. */
  send(envelope: SocketEnvelopeInput, timeoutMs?: number): Promise<SocketAck>;
  /**
   * Resolves once a client is connected and at least `count` connections have said hello in all, so
   * `connected(5000, 2)` waits for a reconnect. SocketModeClient waits its clientPingTimeout (5 s by
   * default) before reconnecting after a `disconnect` message.
   */
  connected(timeoutMs?: number, count?: number): Promise<void>;
  /** Slack's `disconnect` message, which makes SocketModeClient reconnect. */
  sendDisconnect(reason?: string): void;
  close(): Promise<void>;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One client connection: just enough RFC 6455 for undici's WebSocket (masked frames in, plain frames out). */
class WsPeer {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private messageOpcode = 0;
  open = true;

  constructor(
    private readonly socket: Duplex,
    private readonly onText: (text: string) => void,
  ) {}

  feed(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const frame = readFrame(this.buffer);
      if (!frame) return;
      this.buffer = this.buffer.subarray(frame.size);
      this.handle(frame.fin, frame.opcode, frame.payload);
    }
  }

  sendText(text: string): void {
    this.write(OP.text, Buffer.from(text, 'utf8'));
  }

  /** Starts the close handshake; the socket is destroyed if the client does not finish it quickly. */
  close(code = 1001): void {
    if (!this.open) return;
    this.open = false;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.write(OP.close, payload);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 200).unref();
  }

  private handle(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === OP.ping) {
      this.write(OP.pong, payload);
      return;
    }
    if (opcode === OP.pong) return;
    if (opcode === OP.close) {
      // Echo the client's close so its disconnect() completes at once instead of waiting 30 s.
      if (this.open) {
        this.open = false;
        this.write(OP.close, payload.subarray(0, 2));
      }
      this.socket.end();
      return;
    }
    if (opcode !== OP.continuation) this.messageOpcode = opcode;
    this.fragments.push(payload);
    if (!fin) return;
    const message = Buffer.concat(this.fragments);
    this.fragments = [];
    if (this.messageOpcode === OP.text) this.onText(message.toString('utf8'));
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    const length = payload.length;
    const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    if (length < 126) header.writeUInt8(length, 1);
    else if (length < 65536) {
      header.writeUInt8(126, 1);
      header.writeUInt16BE(length, 2);
    } else {
      header.writeUInt8(127, 1);
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }
}

function readFrame(buf: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined;
  const b0 = buf.readUInt8(0);
  const b1 = buf.readUInt8(1);
  let length = b1 & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return undefined;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return undefined;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (b1 & 0x80) !== 0;
  const maskAt = offset;
  if (masked) offset += 4;
  if (buf.length < offset + length) return undefined;
  const payload = Buffer.from(buf.subarray(offset, offset + length));
  if (masked) {
    for (let i = 0; i < length; i++)
      payload.writeUInt8(payload.readUInt8(i) ^ buf.readUInt8(maskAt + (i % 4)), i);
  }
  return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload, size: offset + length };
}

export async function startFakeSocketMode(api: FakeSlackApi): Promise<FakeSocketMode> {
  const peers: WsPeer[] = [];
  const received: unknown[] = [];
  const pending = new Map<string, { resolve: (ack: SocketAck) => void }>();
  let connectionWaiters: (() => boolean)[] = [];
  let connectionCount = 0;

  const onText = (text: string): void => {
    const message = parseJsonOrText(text);
    received.push(message);
    if (isRecord(message) && typeof message.envelope_id === 'string') {
      pending.get(message.envelope_id)?.resolve(message as unknown as SocketAck);
    }
  };

  const server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const key = req.headers['sec-websocket-key'];
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1')
      .update(key + WS_GUID)
      .digest('base64');
    // No Sec-WebSocket-Extensions in the answer: the client's offer of permessage-deflate is declined.
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const peer = new WsPeer(socket, onText);
    peers.push(peer);
    socket.on('data', (chunk: Buffer) => peer.feed(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      peer.open = false;
      const at = peers.indexOf(peer);
      if (at >= 0) peers.splice(at, 1);
    });
    if (head.length) peer.feed(head);
    peer.sendText(
      JSON.stringify({
        type: 'hello',
        num_connections: peers.length,
        debug_info: { host: 'fake-applink-1', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: FAKE_APP_ID },
      }),
    );
    connectionCount += 1;
    connectionWaiters = connectionWaiters.filter((wake) => !wake());
  });

  const port = await listen(server);
  const url = `ws://127.0.0.1:${port}/`;
  api.socketModeUrl = url;

  const newestPeer = (): WsPeer | undefined => peers.filter((p) => p.open).at(-1);

  return {
    url,
    received,
    get connectionCount() {
      return connectionCount;
    },
    send(input, timeoutMs = 3000) {
      const peer = newestPeer();
      if (!peer) return Promise.reject(new Error('fake Socket Mode: no client is connected'));
      const envelope = {
        envelope_id: input.envelope_id ?? `env-${next()}-${randomBytes(4).toString('hex')}`,
        type: input.type,
        payload: input.payload,
        accepts_response_payload: input.accepts_response_payload ?? true,
        ...(input.type === 'events_api'
          ? { retry_attempt: input.retry_attempt ?? 0, retry_reason: input.retry_reason ?? '' }
          : {}),
      };
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelope.envelope_id);
          reject(new Error(`fake Socket Mode: no ack for ${input.type} envelope within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelope.envelope_id, {
          resolve: (ack) => {
            clearTimeout(timer);
            pending.delete(envelope.envelope_id);
            resolve(ack);
          },
        });
        peer.sendText(JSON.stringify(envelope));
      });
    },
    connected(timeoutMs = 3000, count = 1) {
      const ready = (): boolean => connectionCount >= count && newestPeer() !== undefined;
      if (ready()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const wake = (): boolean => {
          if (!ready()) return false;
          clearTimeout(timer);
          resolve();
          return true;
        };
        const timer = setTimeout(() => {
          connectionWaiters = connectionWaiters.filter((w) => w !== wake);
          reject(new Error(`fake Socket Mode: connection #${count} not open within ${timeoutMs} ms`));
        }, timeoutMs);
        connectionWaiters.push(wake);
      });
    },
    sendDisconnect(reason = 'refresh_requested') {
      for (const peer of peers) {
        peer.sendText(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-applink-1' } }));
      }
    },
    async close() {
      if (api.socketModeUrl === url) api.socketModeUrl = undefined;
      for (const peer of [...peers]) peer.close();
      await closeServer(server);
    },
  };
}
