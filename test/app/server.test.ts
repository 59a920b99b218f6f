/**
 * Toivo's HTTP server, whatever its routes: /healthz and /readyz; a body too large is answered at
 * once and never poisons its connection (drained, or the connection closed cleanly); every error
 * answer says what happened; a route that throws gets a 500 with a sentence (a 503 when its store
 * did not answer), and the log holds the method, the path and the error's message, never what the
 * request carried. And `npm start` serves /healthz and /readyz.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sinon from 'sinon';
import {
  MAX_BODY,
  type Readiness,
  type Running,
  readBody,
  type ServerOptions,
  startServer,
} from '../../src/app/server.js';
import { t } from '../../src/i18n/index.js';
import { StoreUnavailableError } from '../../src/store/deadline.js';
import { assertClear, send, statusOf, twoOnOneConnection } from '../channels/fuzz-support.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import { PlaygroundClient, startProxy, startToivo } from '../support/toivo-process.js';

/** What the test routes were asked, in order. */
const seen: string[] = [];

/** A few routes of every kind: one that reads a small body, one that never reads, one that throws, one with a bare error. */
async function routes(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = req.url?.split('?')[0];
  seen.push(`${req.method} ${path}`);
  if (path === '/small') {
    const body = await readBody(req, 1_000);
    if (!body) res.writeHead(413, { 'content-type': 'text/plain' }).end('too large');
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body.length}`);
    return true;
  }
  if (path === '/unread') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('not read');
    return true;
  }
  if (path === '/throws') throw new Error(`boom\nforged log line ${'x'.repeat(400)}`);
  if (path === '/store-down')
    throw new StoreUnavailableError('reading a record: no answer from the store in time', { timedOut: true });
  if (path === '/bare') {
    res.writeHead(401);
    res.end();
    return true;
  }
  if (path === '/bare-status') {
    res.statusCode = 400;
    res.end();
    return true;
  }
  return false;
}

/** A plain TCP proxy on a given port (the store coming back where it was). */
async function startProxyOn(port: number, targetPort: number, targetHost: string) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(targetPort, targetHost, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    port,
    cut: () => undefined,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

describe('the HTTP server', function () {
  this.timeout(20_000);
  let running: Running;
  let agent: Agent;
  const start = async (options: ServerOptions = {}) => {
    running = await startServer({ port: 0, host: '127.0.0.1' }, [routes], options);
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  };
  const get = (path: string, headers: Record<string, string> = {}) =>
    send(running.url, { method: 'GET', path, headers }, agent);
  afterEach(async () => {
    agent?.destroy();
    await running?.close();
    sinon.restore();
  });

  describe('liveness and readiness', () => {
    it('/healthz answers while the process runs, whatever the store', async () => {
      await start({ ready: async () => ({ ok: false, detail: 'the store is down' }) });
      const health = await get('/healthz');
      assert.equal(health.status, 200);
      assert.deepEqual(JSON.parse(health.text), { ok: true });
    });

    it('/readyz is 200 while the store answers, and 503 saying why when it does not, fails or is too slow', async () => {
      let state: Readiness | 'throws' | 'hangs' = { ok: true, detail: 'the store answers' };
      await start({
        readyTimeoutMs: 300,
        ready: async () => {
          if (state === 'throws') throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
          if (state === 'hangs') return new Promise<Readiness>(() => undefined);
          return state;
        },
      });
      const ready = await get('/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(JSON.parse(ready.text), { ok: true, detail: 'the store answers' });
      state = { ok: false, detail: 'the store did not answer' };
      const down = await get('/readyz');
      assert.equal(down.status, 503);
      assert.deepEqual(JSON.parse(down.text), { ok: false, detail: 'the store did not answer' });
      state = 'throws';
      const thrown = await get('/readyz');
      assert.equal(thrown.status, 503);
      assert.deepEqual(JSON.parse(thrown.text), { ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:5432' });
      state = 'hangs';
      const slow = await get('/readyz');
      assert.equal(slow.status, 503);
      assert.ok(slow.ms < 2_000, `answered in ${slow.ms} ms`);
      assert.equal(JSON.parse(slow.text).ok, false);
    });

    it('without a readiness check, /readyz is 200 once it listens', async () => {
      await start();
      assert.equal((await get('/readyz')).status, 200);
    });
  });

  describe('answers that say what happened', () => {
    it('a route that throws: 500 saying to try again, in the asker’s language; the log has only the method, the path and the message', async () => {
      await start();
      const lines: string[] = [];
      sinon.stub(console, 'error').callsFake((...args: unknown[]) => lines.push(args.map(String).join(' ')));
      const marker = 'SECRET-MARKER-3f1c';
      const answer = await send(
        running.url,
        {
          method: 'POST',
          path: `/throws?name=${marker}&locale=sv`,
          headers: { 'content-type': 'application/json', cookie: `x=${marker}` },
          body: JSON.stringify({ text: marker }),
        },
        agent,
      );
      assert.equal(answer.status, 500);
      assert.deepEqual(JSON.parse(answer.text), { ok: false, error: t('sv', 'server.failed') });
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.ok(
        !lines.join('\n').includes(marker),
        `the log holds what the request carried: ${lines.join('\n')}`,
      );
      assert.match(lines[0] ?? '', /^request failed: POST \/throws: boom forged log line x+$/);
      assert.ok((lines[0] ?? '').length < 400, 'a long message is cut');
      const english = await get('/throws', { 'accept-language': 'en-GB,en;q=0.8' });
      assert.deepEqual(JSON.parse(english.text), { ok: false, error: t('en', 'server.failed') });
      // And it goes on serving.
      assert.equal((await get('/healthz')).status, 200);
    });

    it('a route whose store did not answer: 503 saying so and to try again in a moment, in the asker’s language', async () => {
      await start();
      sinon.stub(console, 'error');
      const swedish = await get('/store-down?locale=sv');
      assert.equal(swedish.status, 503);
      assert.deepEqual(JSON.parse(swedish.text), {
        ok: false,
        error: t('sv', 'rejection.store.unavailable'),
      });
      const english = await get('/store-down', { 'accept-language': 'en-GB,en;q=0.8' });
      assert.equal(english.status, 503);
      assert.deepEqual(JSON.parse(english.text), {
        ok: false,
        error: t('en', 'rejection.store.unavailable'),
      });
      assert.equal((await get('/healthz')).status, 200);
    });

    it('an error answered with a bare status (as Bolt does) gets a sentence; an unknown path too', async () => {
      await start();
      for (const path of ['/bare', '/bare-status', '/nowhere']) {
        const answer = await get(path);
        assert.ok(answer.status >= 400, path);
        assertClear(answer, path);
      }
      assert.equal((await get('/nowhere?locale=en')).text, t('en', 'server.not_found'));
    });

    it('what the HTTP parser cannot read gets 400 (431 for headers too large) with a sentence', async () => {
      await start();
      const raw = (text: string) =>
        new Promise<string>((resolve) => {
          const socket = connect(Number(new URL(running.url).port), '127.0.0.1');
          let got = '';
          socket.on('data', (d) => {
            got += d.toString('latin1');
          });
          socket.on('close', () => resolve(got));
          socket.on('error', () => undefined);
          socket.end(text);
        });
      const garbage = await raw('GARBAGE \u0000 / HTTP/9\r\n\r\n');
      assert.equal(statusOf(garbage), 400, garbage);
      assert.match(garbage, /\r\n\r\n400 Bad Request: the request could not be read\.\n$/);
      const huge = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      assert.equal(statusOf(huge), 431, huge);
      assert.match(huge, /the request could not be read/);
    });
  });

  describe('bodies too large', () => {
    const head = (path: string, length: number) =>
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

    it('a little over a route’s limit: answered at once, the rest drained, and the same connection carries the next request', async () => {
      await start();
      const bytes = 50_000;
      const both = await twoOnOneConnection(
        running.url,
        { head: head('/small', bytes), body: Buffer.alloc(bytes, 'x') },
        '/healthz',
      );
      assert.equal(statusOf(both.first), 413, both.first);
      assert.doesNotMatch(both.first.toLowerCase(), /connection: close/);
      assert.equal(
        statusOf(both.second),
        200,
        `the next request: ${both.second || both.error || 'no answer'}`,
      );
      assert.ok(both.ms < 1_000, `answered in ${both.ms} ms`);
      // A body the route never reads (a GET's, an unknown path's) is drained too.
      const unread = await twoOnOneConnection(
        running.url,
        { head: head('/unread', bytes), body: Buffer.alloc(bytes, 'x') },
        '/healthz',
      );
      assert.equal(statusOf(unread.first), 200);
      assert.equal(statusOf(unread.second), 200, unread.second || unread.error);
    });

    it('far over, or of a length not said: the answer closes the connection cleanly, and a keep-alive client goes on at once', async () => {
      await start();
      for (const chunked of [false, true]) {
        const errors: string[] = [];
        const bytes = 5 * 1024 * 1024;
        const answer = await new Promise<{
          status: number;
          headers: IncomingMessage['headers'];
          text: string;
        }>((resolve, reject) => {
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port: new URL(running.url).port,
              path: '/small',
              method: 'POST',
              agent,
              headers: chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': bytes },
            },
            (res) => {
              let text = '';
              res.on('data', (d) => {
                text += d;
              });
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
            },
          );
          req.on('error', (e) => {
            errors.push(e.message);
            reject(e);
          });
          if (chunked) for (let i = 0; i < 50; i++) req.write(Buffer.alloc(bytes / 50, 'x'));
          req.end(chunked ? undefined : Buffer.alloc(bytes, 'x'));
        });
        assert.equal(answer.status, 413, `chunked: ${chunked}`);
        assert.equal(answer.headers.connection, 'close');
        await new Promise((done) => setTimeout(done, 100));
        assert.deepEqual(errors, [], 'no reset, no broken pipe');
        const next = await get('/healthz');
        assert.equal(next.status, 200);
        assert.ok(next.ms < 1_000, `the next request answered in ${next.ms} ms`);
      }
    });

    it('a body larger than any route takes is refused before any route sees it', async () => {
      await start();
      seen.length = 0;
      const both = await twoOnOneConnection(
        running.url,
        { head: head('/unread', MAX_BODY + 1), body: Buffer.alloc(MAX_BODY + 1, 'x') },
        '/healthz',
      );
      assert.equal(statusOf(both.first), 413, both.first);
      assert.match(both.first.toLowerCase(), /connection: close/);
      assert.match(both.first, /"error":"[^"]+"/);
      assert.equal(both.error, undefined, 'closed, not reset');
      assert.deepEqual(seen, [], 'no route was asked');
    });

    it('a body sent on and on to a route that does not read it: answered, then the connection is closed', async () => {
      await start();
      const url = new URL(running.url);
      const result = await new Promise<{ answer: string; closed: boolean; sent: number }>((resolve) => {
        const socket = connect(Number(url.port), url.hostname);
        let answer = '';
        let sent = 0;
        let closed = false;
        socket.on('data', (d) => {
          answer += d.toString('latin1');
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
          closed = true;
          resolve({ answer, closed, sent });
        });
        socket.write('POST /unread HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `${(64 * 1024).toString(16)}\r\n${'x'.repeat(64 * 1024)}\r\n`;
        const pump = () => {
          while (!closed && sent < 8 * 1024 * 1024) {
            sent += 64 * 1024;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
          setTimeout(() => resolve({ answer, closed, sent }), 200);
        };
        pump();
      });
      assert.equal(statusOf(result.answer), 200, result.answer);
      assert.ok(result.closed, `the connection was closed (after ${result.sent} bytes sent)`);
    });
  });

  describe('npm start', () => {
    it('over PostgreSQL: /readyz is 503 while the store is cut off, and 200 again after; /healthz answers throughout', async function () {
      this.timeout(90_000);
      await requireService(this, 'PostgreSQL', probePostgres);
      const database = `toivo_ready_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = () => new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
      const create = admin();
      await create.connect();
      await create.query(`CREATE DATABASE ${database}`);
      await create.end();
      const target = new URL(POSTGRES_URL);
      let proxy = await startProxy(Number(target.port || 5432), target.hostname);
      const url = new URL(POSTGRES_URL);
      url.port = String(proxy.port);
      url.pathname = `/${database}`;
      const toivo = await startToivo({ STORE_URL: url.href });
      try {
        const client = new PlaygroundClient(toivo.url);
        const ready = await client.get('/readyz');
        assert.equal(ready.status, 200, ready.text);
        proxy.cut();
        const started = Date.now();
        const down = await client.get('/readyz');
        assert.equal(down.status, 503, down.text);
        assert.equal(down.json.ok, false);
        assert.equal(typeof down.json.detail, 'string');
        assert.ok(!down.text.includes(String(proxy.port)), 'the detail names no address');
        assert.ok(Date.now() - started < 10_000, 'answered within its deadline');
        const health = await client.get('/healthz');
        assert.equal(health.status, 200, 'the process still answers');
        // The store comes back (on the same port): ready again.
        const port = proxy.port;
        await proxy.close();
        proxy = await startProxyOn(port, Number(target.port || 5432), target.hostname);
        let again = await client.get('/readyz');
        for (let i = 0; i < 50 && again.status !== 200; i++) {
          await new Promise((done) => setTimeout(done, 200));
          again = await client.get('/readyz');
        }
        assert.equal(again.status, 200, again.text);
      } finally {
        await toivo.stop();
        await proxy.close();
        const drop = admin();
        await drop.connect().catch(() => undefined);
        await drop.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
        await drop.end().catch(() => undefined);
      }
    });

    it('serves /healthz and /readyz', async function () {
      this.timeout(60_000);
      const dir = mkdtempSync(join(tmpdir(), 'toivo-health-'));
      const toivo = await startToivo({ STORE_URL: `sqlite://${join(dir, 'toivo.sqlite')}` });
      try {
        const client = new PlaygroundClient(toivo.url);
        const health = await client.get('/healthz');
        assert.equal(health.status, 200, health.text);
        const ready = await client.get('/readyz');
        assert.equal(ready.status, 200, ready.text);
        assert.equal(ready.json.ok, true);
      } finally {
        await toivo.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
