/**
 * What a click asks of a shared backend does not grow with the meeting: a store that has read a
 * stream once reads only its head (and the rows added since) at each click, and writes over the
 * head it holds. Counted on the wire, through a proxy in front of Redis and PostgreSQL: the
 * commands sent and the bytes the backend sends back, per click, on a long stream and on a short one.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, Socket } from 'node:net';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { SEGMENT_ROWS } from '../../src/store/stream-rows.js';
import { event, readAndAppend, type TestEvent } from './event-store-contract.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from './services.js';

interface Wire {
  readonly url: string;
  /** Chunks sent to the backend, and bytes it sent back, so far. */
  counts(): { readonly sent: number; readonly received: number };
  close(): Promise<void>;
}

/** A TCP proxy in front of the backend of `url` that counts what passes. */
async function wire(url: string): Promise<Wire> {
  const target = new URL(url);
  let sent = 0;
  let received = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(Number(target.port), target.hostname);
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      const end = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const through = new URL(url);
  through.port = String((server.address() as { port: number }).port);
  return {
    url: through.href,
    counts: () => ({ sent, received }),
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

const BACKENDS = [
  { name: 'Redis', url: REDIS_URL, probe: probeRedis },
  { name: 'PostgreSQL', url: POSTGRES_URL, probe: probePostgres },
];

for (const backend of BACKENDS)
  describe(`a click on ${backend.name}`, () => {
    let proxy: Wire;
    let store: EventStore<TestEvent>;
    const used: string[] = [];

    before(async function () {
      await requireService(this, backend.name, backend.probe);
      proxy = await wire(backend.url);
      store = await openEventStore<TestEvent>({ url: proxy.url, namespace: `test-${randomUUID()}` });
    });
    after(async () => {
      await Promise.all(used.map((id) => store?.erase(id)));
      await store?.close();
      await proxy?.close();
    });

    it('asks the backend no more on a meeting of 2,000 events than on one of 1, past a segment too', async () => {
      const [short, long] = [`m-short-${randomUUID()}`, `m-long-${randomUUID()}`];
      used.push(short, long);
      await store.append(short, 0, [event(0)]);
      const many = [...Array(2_000).keys()].map(event);
      await store.append(long, 0, many);
      /** What `count` clicks after version `from` took, per click. */
      const clicks = async (id: string, from: number, count: number) => {
        const before = proxy.counts();
        for (let n = from; n < from + count; n++)
          assert.deepEqual(await readAndAppend(store, id, n), { ok: true, version: n + 1 });
        const after = proxy.counts();
        return {
          received: (after.received - before.received) / count,
          sent: (after.sent - before.sent) / count,
        };
      };
      // Each read once first (a store that has just started reads a meeting whole at its first click).
      await clicks(short, 1, 1);
      await clicks(long, many.length, 1);
      const onShort = await clicks(short, 2, SEGMENT_ROWS + 2);
      const onLong = await clicks(long, many.length + 1, SEGMENT_ROWS + 2);
      const stream = JSON.stringify(many).length;
      assert.ok(
        onLong.received < onShort.received * 1.2 + 100,
        `${onLong.received.toFixed(0)} bytes back per click on the long meeting, ${onShort.received.toFixed(0)} on the short one (the stream is ${stream})`,
      );
      assert.equal((await store.load(long))?.version, many.length + SEGMENT_ROWS + 3);
    });
  });
