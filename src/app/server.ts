/**
 * The HTTP server the channels hang on: liveness and readiness, then each channel's routes in turn.
 * Whatever a client sends, it gets an answer with a body that says what happened, its connection
 * stays usable (or is closed cleanly), and nothing it sent is logged.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Config } from '../config.js';
import { LOCALES, type Locale } from '../core/index.js';
import { t } from '../i18n/index.js';
import { StoreUnavailableError } from '../store/deadline.js';

export interface Running {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Whether the app can serve: its store answers. `detail` says what is wrong (no content, no secrets). */
export interface Readiness {
  readonly ok: boolean;
  readonly detail: string;
}

export interface ServerOptions {
  /** Readiness for /readyz; without it the server is ready as soon as it listens. */
  readonly ready?: () => Promise<Readiness>;
  /** Readiness that takes longer than this is not ready (5 seconds). */
  readonly readyTimeoutMs?: number;
}

/** No route reads more of a body than this (Slack's limit); a request that says it has more is refused at the door. */
export const MAX_BODY = 1024 * 1024;
/** How much of a refused body is read and thrown away so that its connection can carry the next request. */
const DRAIN_LIMIT = 1024 * 1024;
/** How long a connection closed after a refused body still reads (and drops) what comes, so its answer is read, not reset. */
const LINGER_MS = 2_000;
/** How long an answer under way may take before a connection that then sent what cannot be read is closed. */
const CLIENT_ERROR_GRACE_MS = 30_000;
const READY_TIMEOUT_MS = 5_000;

/** Requests whose body was refused before it was all read, and will not be: their answer closes the connection. */
const closing = new WeakSet<IncomingMessage>();

const declaredLength = (req: IncomingMessage): number | undefined => {
  const header = req.headers['content-length'];
  const length = header === undefined ? Number.NaN : Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
};

/**
 * A refused body: what is left of it is read and dropped while that is little (the connection then
 * carries the next request); otherwise the answer closes the connection.
 */
function refuse(req: IncomingMessage, received: number): void {
  const declared = declaredLength(req);
  if (declared === undefined || declared - received > DRAIN_LIMIT) closing.add(req);
  req.resume();
}

/**
 * A request's whole body, or undefined when it is larger than `limit` bytes or the client gave up
 * sending it. A body too large is never kept: what is left of it is drained, or the connection is
 * closed after the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = declaredLength(req);
  if ((declared !== undefined && declared > limit) || req.readableEnded) {
    if (!req.readableEnded) refuse(req, 0);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (body: Buffer | undefined) => {
      req.off('data', onData).off('end', onEnd).off('error', onFail).off('close', onFail);
      resolve(body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        done(undefined);
        refuse(req, size);
      }
    };
    const onEnd = () => done(Buffer.concat(chunks));
    const onFail = () => done(undefined);
    req.on('data', onData).on('end', onEnd).on('error', onFail).on('close', onFail);
  });
}

/** Answers a request it knows and says true; false lets the next one try. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** The language of whoever reads an answer: the page's `locale`, else the browser's, else Finnish. */
function localeOf(req: IncomingMessage): Locale {
  const asked = new URL(req.url ?? '/', 'http://toivo').searchParams.get('locale');
  if (LOCALES.includes(asked as Locale)) return asked as Locale;
  const accepted = (req.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return (accepted.find((l) => LOCALES.includes(l as Locale)) as Locale | undefined) ?? 'fi';
}

/** An answer of the server's own, as JSON. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Bytes a log line may hold of an error's message: no control characters (no forged lines), not too long. */
const loggable = (text: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300);

/**
 * Logs that a request failed: its method, its path and the error's message; what the request held
 * (its body, its query) never. For the server's own answer to a route that failed, and for a
 * route that answers such a failure itself.
 */
export function logFailedRequest(method: string | undefined, path: string, error: unknown): void {
  const message = error instanceof Error ? error.message : typeof error;
  console.error(`request failed: ${method} ${loggable(path)}: ${loggable(message)}`);
}

const hasContentType = (headers: unknown): boolean => {
  if (Array.isArray(headers))
    return headers.flat().some((h) => typeof h === 'string' && h.toLowerCase() === 'content-type');
  return (
    typeof headers === 'object' &&
    headers !== null &&
    Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')
  );
};

/**
 * Makes every error answer of `res` say what happened, whoever writes it (a route of ours, or a
 * library such as Bolt that answers some errors with a bare status): an error status without a
 * body gets a sentence as text. A request whose body was refused unread gets `Connection: close`.
 */
function clearAnswers(req: IncomingMessage, res: ServerResponse, locale: Locale): void {
  let wrote = false;
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  const prepare = (status: number, given?: unknown) => {
    // A body the route answered without reading: node drains it after the answer while that is
    // little; one of a length not said, or larger, closes the connection instead.
    const declared = declaredLength(req);
    if (!req.complete && req.readableFlowing === null && (declared === undefined || declared > DRAIN_LIMIT))
      closing.add(req);
    if (closing.has(req)) {
      res.setHeader('connection', 'close');
      linger(req.socket);
    }
    if (status >= 400 && !hasContentType(given) && !res.hasHeader('content-type'))
      res.setHeader('content-type', 'text/plain; charset=utf-8');
  };
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    prepare(
      status,
      rest.find((x) => typeof x === 'object'),
    );
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    wrote = true;
    return (write as (...args: unknown[]) => boolean).apply(this, args);
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    const [chunk] = args;
    const empty = chunk === undefined || typeof chunk === 'function' || chunk === null || chunk === '';
    if (!this.headersSent) prepare(this.statusCode);
    if (!wrote && empty && this.statusCode >= 400 && req.method !== 'HEAD') {
      const callback = args.find((x) => typeof x === 'function');
      return (end as (...args: unknown[]) => ServerResponse).call(
        this,
        `${statusText(this.statusCode, locale)}\n`,
        ...(callback ? [callback] : []),
      );
    }
    return (end as (...args: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.end;
}

/**
 * What a request gets while the store does not answer: 503, saying so (and to try again in a
 * moment) in `locale`, for a page to show.
 */
export const storeUnavailable = (locale: Locale) =>
  ({ status: 503, body: { ok: false, error: t(locale, 'rejection.store.unavailable') } }) as const;

/** The answer to a request a route failed: 503 when it was the store that did not answer, else 500. */
function failure(error: unknown, locale: Locale): [status: number, body: { ok: false; error: string }] {
  if (error instanceof StoreUnavailableError) {
    const { status, body } = storeUnavailable(locale);
    return [status, body];
  }
  return [500, { ok: false, error: t(locale, 'server.failed') }];
}

/** A sentence for an error status that came without one. */
function statusText(status: number, locale: Locale): string {
  if (status === 404) return t(locale, 'server.not_found');
  if (status === 413) return t(locale, 'server.too_large');
  if (status >= 500) return t(locale, 'server.failed');
  return `${status} ${STATUS_CODES[status] ?? 'Error'}`;
}

/**
 * A connection closed after a refused body (node closes it once the answer is sent, as its
 * `Connection: close` says): its answer goes out and its sending side is closed, while what the
 * client still sends is read and dropped for a moment, so that the client reads the answer rather
 * than a reset (and a broken pipe); then it is closed for good.
 */
function linger(socket: Socket): void {
  if ((socket as { lingering?: boolean }).lingering) return;
  Object.assign(socket, {
    lingering: true,
    destroySoon(this: Socket) {
      this.end();
      this.resume();
      setTimeout(() => this.destroy(), LINGER_MS).unref();
    },
  });
}

/** What `options.ready` says, in time; a check that fails or takes too long says not ready. */
async function readiness(options: ServerOptions): Promise<Readiness> {
  const { ready } = options;
  if (!ready) return { ok: true, detail: 'ready' };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((done) => {
    timer = setTimeout(
      () => done({ ok: false, detail: 'the readiness check timed out' }),
      options.readyTimeoutMs ?? READY_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      ready().catch((error: unknown) => ({
        ok: false,
        detail: loggable(error instanceof Error ? error.message : 'the readiness check failed'),
      })),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function startServer(
  config: Pick<Config, 'port' | 'host'>,
  routes: readonly RouteHandler[] = [],
  options: ServerOptions = {},
): Promise<Running> {
  const server = createServer(async (req, res) => {
    const locale = localeOf(req);
    const path = req.url?.split('?')[0] ?? '/';
    clearAnswers(req, res, locale);
    try {
      // A body larger than any route takes is refused before any route looks at the request.
      if ((declaredLength(req) ?? 0) > MAX_BODY) {
        refuse(req, 0);
        sendJson(res, 413, { ok: false, error: t(locale, 'server.too_large') });
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && path === '/healthz') {
        sendJson(res, 200, { ok: true });
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && path === '/readyz') {
        const { ok, detail } = await readiness(options);
        sendJson(res, ok ? 200 : 503, { ok, detail });
        return;
      }
      for (const route of routes) if (await route(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(t(locale, 'server.not_found'));
    } catch (error) {
      // One place for bugs and broken infrastructure.
      logFailedRequest(req.method, path, error);
      if (!res.headersSent) sendJson(res, ...failure(error, locale));
      else if (!res.writableEnded) res.destroy();
    }
  });
  // A request the HTTP parser cannot read is answered with a sentence too, and its connection
  // closed; after the answer to the request before it on the connection, if that is under way.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = `${status} ${STATUS_CODES[status]}: the request could not be read.\n`;
    const answer = () =>
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    const pending = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!pending || pending.writableFinished) answer();
    else {
      pending.once('finish', answer);
      setTimeout(() => socket.destroy(), CLIENT_ERROR_GRACE_MS).unref();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        server,
        url: `http://${host}:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
