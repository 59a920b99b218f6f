/**
 * A TCP proxy in front of Redis or PostgreSQL that counts what Toivo asks of it: the commands
 * (Redis: one RESP array each; PostgreSQL: one simple Query or one Execute of a prepared statement
 * each) and the bytes sent to the server. Only Toivo's connections through it are counted, not
 * whatever else uses the same server.
 */
import { createServer, type Server, Socket } from 'node:net';

export interface CountProxy {
  /** The backend's URL with the proxy's port in it. */
  readonly url: string;
  /** Commands and bytes sent to the backend so far. */
  counts(): { readonly commands: number; readonly bytes: number };
  close(): Promise<void>;
}

/** Counts the commands in a client's stream, chunk by chunk (a command may span chunks). */
type Counter = (chunk: Buffer) => number;

/**
 * Redis: each command is an array of bulk strings, `*N\r\n` then N times `$len\r\n<bytes>\r\n`.
 * Inline commands (no `*`) are not sent by node-redis.
 */
function redisCounter(): Counter {
  let buffer: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    let commands = 0;
    let at = 0;
    const line = (from: number): [string, number] | undefined => {
      const end = buffer.indexOf('\r\n', from);
      return end < 0 ? undefined : [buffer.toString('latin1', from, end), end + 2];
    };
    for (;;) {
      const head = line(at);
      if (!head?.[0].startsWith('*')) break;
      let next = head[1];
      let complete = true;
      for (let i = 0; i < Number(head[0].slice(1)); i++) {
        const bulk = line(next);
        if (!bulk) {
          complete = false;
          break;
        }
        next = bulk[1] + Number(bulk[0].slice(1)) + 2;
        if (next > buffer.length) {
          complete = false;
          break;
        }
      }
      // An incomplete command waits for the rest of it in the next chunk.
      if (!complete) break;
      commands++;
      at = next;
    }
    buffer = buffer.subarray(at);
    return commands;
  };
}

/**
 * PostgreSQL's frontend messages: after the untyped start-up message (and an SSL request), each is
 * a type byte and a length that counts itself. `Q` (a simple query) and `E` (an Execute) are commands.
 */
function postgresCounter(): Counter {
  let commands = 0;
  const split = postgresMessages((type) => {
    if (type === 'Q' || type === 'E') commands++;
  });
  return (chunk) => {
    commands = 0;
    split(chunk);
    return commands;
  };
}

/**
 * Splits what a PostgreSQL client sends into its messages, chunks as they come: each message's
 * type and the message itself (type byte and length included) is handed to `message`.
 */
export function postgresMessages(message: (type: string, bytes: Buffer) => void): (chunk: Buffer) => void {
  let buffer: Buffer = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    let at = 0;
    for (;;) {
      if (!started) {
        if (buffer.length - at < 8) break;
        const length = buffer.readInt32BE(at);
        if (buffer.length - at < length) break;
        // An SSLRequest (80877103) is followed by the real start-up message.
        if (buffer.readInt32BE(at + 4) !== 80877103) started = true;
        at += length;
        continue;
      }
      if (buffer.length - at < 5) break;
      const length = buffer.readInt32BE(at + 1);
      if (buffer.length - at < length + 1) break;
      message(String.fromCharCode(buffer[at] ?? 0), buffer.subarray(at, at + length + 1));
      at += length + 1;
    }
    buffer = buffer.subarray(at);
  };
}

/** A TCP proxy on 127.0.0.1 in front of `backendUrl`: each chunk a client sends is shown to `seen`. */
export async function startPipeProxy(
  backendUrl: string,
  seen: () => (chunk: Buffer) => void,
): Promise<{ readonly url: string; readonly close: () => Promise<void> }> {
  const target = new URL(backendUrl);
  const port = Number(target.port || (target.protocol.startsWith('redis') ? 6379 : 5432));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const look = seen();
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(port, target.hostname);
    client.on('data', (chunk: Buffer) => {
      look(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const through = new URL(backendUrl);
  through.hostname = '127.0.0.1';
  through.port = String((server.address() as { port: number }).port);
  return {
    url: through.href,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

export async function startCountProxy(backendUrl: string): Promise<CountProxy> {
  const redis = new URL(backendUrl).protocol.startsWith('redis');
  let commands = 0;
  let bytes = 0;
  const proxy = await startPipeProxy(backendUrl, () => {
    const count = redis ? redisCounter() : postgresCounter();
    return (chunk) => {
      bytes += chunk.length;
      commands += count(chunk);
    };
  });
  return { ...proxy, counts: () => ({ commands, bytes }) };
}
