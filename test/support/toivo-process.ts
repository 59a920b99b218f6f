/**
 * Toivo as it runs for real: `node --import tsx src/main.ts` in a child process, with everything it
 * prints kept, and a client for the playground's HTTP API that keeps the cookies the server sets,
 * as a browser does. Also a TCP proxy that can be cut, to make a store fail mid-way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BOT_FRAMEWORK_SETTINGS } from '../../src/config.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Settings that would make it something else than the playground over the store it is given. */
const FOREIGN =
  /^(SLACK_|STORE_URL$|PORT$|HOST$|PUBLIC_URL$|REMINDER_|DIGEST_WEEKDAY$|ENCRYPTION_|RETENTION_)/;

export interface ToivoProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it has printed so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /** How it ended, once it has (before `stop`: it crashed or exited by itself). */
  ended(): { readonly code: number | null; readonly signal: string | null } | undefined;
  /** Stops it with SIGTERM, as a service manager would; SIGKILL after `graceMs`. */
  stop(
    graceMs?: number,
  ): Promise<{ readonly code: number | null; readonly signal: string | null; readonly killed: boolean }>;
}

/** Toivo ended before it said where it listens: how it ended, and everything it printed. */
export class ToivoStartError extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`Toivo stopped at start (${code ?? signal}):\n${stdout}\n${stderr}`);
  }
}

/**
 * Starts Toivo with `env` over a clean environment (no platform credentials: it serves the
 * playground), in a folder of its own (so that no .env is read), and waits for it to say where
 * it listens.
 */
export async function startToivo(
  env: Readonly<Record<string, string>>,
  startMs = 30_000,
): Promise<ToivoProcess> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (
      value !== undefined &&
      !FOREIGN.test(key) &&
      !(BOT_FRAMEWORK_SETTINGS as readonly string[]).includes(key)
    )
      clean[key] = value;
  // A path the tests give relative to the repository holds in the child's own folder too.
  if (clean.NODE_EXTRA_CA_CERTS) clean.NODE_EXTRA_CA_CERTS = resolve(ROOT, clean.NODE_EXTRA_CA_CERTS);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child: ChildProcess = spawn(process.execPath, ['--import', tsx, join(ROOT, 'src/main.ts')], {
    cwd: mkdtempSync(join(tmpdir(), 'toivo-cwd-')),
    env: { ...clean, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let end: { code: number | null; signal: string | null } | undefined;
  // Once it has exited and everything it printed has been read.
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.once('close', (code, signal) => {
      end = { code, signal };
      done(end);
    }),
  );
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`Toivo did not start in ${startMs} ms:\n${stdout}\n${stderr}`)),
      startMs,
    );
    const look = () => {
      const found = /Toivo is running at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!found) return;
      clearTimeout(timer);
      done(found);
    };
    child.stdout?.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new ToivoStartError(code, signal, stdout, stderr));
    });
  });
  return {
    url,
    pid: child.pid as number,
    output: () => ({ stdout, stderr }),
    ended: () => end,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, graceMs);
      const end = await exited;
      clearTimeout(timer);
      return { ...end, killed };
    },
  };
}

/** The playground's API as the page calls it, with the cookies the server sets sent back. */
export class PlaygroundClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    // As a browser does: a POST says which page sent it.
    if (init.method === 'POST' && !headers.has('origin')) headers.set('origin', this.base);
    const res = await fetch(`${this.base}${path}`, { ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return res;
  }

  /** A POST of JSON (or of `raw` text as it is); the answer's JSON, or its text when it is not JSON. */
  async post(
    path: string,
    body: unknown,
    raw?: string,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ?? JSON.stringify(body),
    });
    return { status: res.status, json: parse(await res.text()) };
  }

  async get(path: string): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
    const res = await this.request(path);
    const text = await res.text();
    return { status: res.status, text, json: parse(text) };
  }
}

const parse = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
};

/** A TCP proxy to a local port that can be cut: every connection dropped, and every new one too. */
export interface CutProxy {
  readonly port: number;
  cut(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<CutProxy> {
  const sockets = new Set<Socket>();
  let isCut = false;
  const server: Server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(targetPort, targetHost, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    cut: () => {
      isCut = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () =>
      new Promise((done) => {
        isCut = true;
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

/**
 * A TCP proxy to a local port whose network can fail in two ways, and come back:
 * - `cut`: every connection is reset (ECONNRESET) and new ones are refused, as when the store's
 *   machine goes away;
 * - `stall`: nothing gets through either way, and new connections hang, but nothing is lost: what
 *   was sent meanwhile is delivered, in order, once `restore` is called (as TCP retransmits after a
 *   network comes back). The hard case for "nothing is applied after its answer said it failed":
 *   a write sent before its deadline reaches the store long after it.
 * `cutWhen` and `stallWhen` fail it the moment the client sends bytes holding `marker` (an append
 * holding a given note, say): a cut drops those bytes, a stall holds them too.
 */
export interface FaultProxy {
  readonly port: number;
  cut(): void;
  stall(): void;
  /** Resolves when it has cut, on the first bytes from a client that hold `marker`. */
  cutWhen(marker: string): Promise<void>;
  /** Resolves when it has stalled, on the first bytes from a client that hold `marker`. */
  stallWhen(marker: string): Promise<void>;
  /** Lets everything through again; after a stall, what was held is delivered first. */
  restore(): void;
  /** How it is now. */
  readonly state: 'open' | 'cut' | 'stalled';
  close(): Promise<void>;
}

type Held = Buffer | 'end';

interface Pair {
  readonly client: Socket;
  upstream: Socket | undefined;
  readonly toUpstream: Held[];
  readonly toClient: Held[];
}

export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  let state: FaultProxy['state'] = 'open';
  let trigger: { marker: Buffer; then: 'cut' | 'stall'; done: () => void } | undefined;

  const drop = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  };
  const reset = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
  };
  const cutAll = () => {
    state = 'cut';
    for (const pair of [...pairs]) reset(pair);
  };
  /** Sends what is held for one side, in order, while the proxy is open. */
  const flush = (pair: Pair) => {
    if (state !== 'open') return;
    const up = pair.upstream;
    if (up && up.readyState === 'open')
      for (let held = pair.toUpstream.shift(); held !== undefined; held = pair.toUpstream.shift())
        if (held === 'end') up.end();
        else up.write(held);
    for (let held = pair.toClient.shift(); held !== undefined; held = pair.toClient.shift())
      if (held === 'end') pair.client.end();
      else pair.client.write(held);
  };
  const connectUpstream = (pair: Pair) => {
    const upstream = new Socket({ allowHalfOpen: true });
    pair.upstream = upstream;
    upstream.on('data', (chunk: Buffer) => {
      pair.toClient.push(chunk);
      flush(pair);
    });
    upstream.on('end', () => {
      pair.toClient.push('end');
      flush(pair);
    });
    upstream.on('error', () => drop(pair));
    upstream.on('close', () => {
      if (pair.client.destroyed) pairs.delete(pair);
    });
    upstream.connect(targetPort, targetHost, () => flush(pair));
  };
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    if (state === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client, upstream: undefined, toUpstream: [], toClient: [] };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (trigger && state === 'open' && chunk.includes(trigger.marker)) {
        const { then, done } = trigger;
        trigger = undefined;
        if (then === 'cut') {
          cutAll();
          done();
          return;
        }
        state = 'stalled';
        done();
      }
      pair.toUpstream.push(chunk);
      flush(pair);
    });
    client.on('end', () => {
      pair.toUpstream.push('end');
      flush(pair);
    });
    client.on('error', () => undefined);
    client.on('close', () => {
      // A client gone while the network stalls still gets what it sent delivered, then its end.
      if (state === 'open' && pair.toUpstream.length === 0) drop(pair);
      else if (!pair.toUpstream.includes('end')) pair.toUpstream.push('end');
    });
    if (state === 'open') connectUpstream(pair);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  const when = (marker: string, then: 'cut' | 'stall') =>
    new Promise<void>((done) => {
      trigger = { marker: Buffer.from(marker), then, done };
    });
  return {
    port: address.port,
    get state() {
      return state;
    },
    cut: cutAll,
    stall: () => {
      state = 'stalled';
    },
    cutWhen: (marker) => when(marker, 'cut'),
    stallWhen: (marker) => when(marker, 'stall'),
    restore: () => {
      state = 'open';
      trigger = undefined;
      for (const pair of pairs) {
        if (!pair.upstream) connectUpstream(pair);
        else flush(pair);
      }
    },
    close: () =>
      new Promise((done) => {
        state = 'cut';
        for (const pair of [...pairs]) drop(pair);
        server.close(() => done());
      }),
  };
}
