/**
 * The playground answers only its own page. It listens on this machine, but a web page the user
 * visits could still send requests to it (a form posted as text/plain, a script of another origin,
 * a name of the attacker's that resolves to 127.0.0.1): a request must name the playground's own
 * address as its Host, a POST must come from the playground's own origin and carry JSON.
 */
import type { IncomingMessage } from 'node:http';

/** The names this machine's loopback goes by; the playground listens on no other (config.ts). */
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** Why a request is refused, as the key of a sentence, and its status; undefined when it is the page's own. */
export interface Refusal {
  readonly status: 403 | 415;
  readonly key: 'playground.wrong_host' | 'playground.wrong_origin' | 'playground.wrong_content_type';
}

/** Whether the request's Host is the address the playground listens on: a loopback name and its port. */
export function ownHost(req: IncomingMessage): boolean {
  const host = req.headers.host?.toLowerCase();
  const port = req.socket.localPort;
  return host !== undefined && port !== undefined && LOOPBACK.some((name) => host === `${name}:${port}`);
}

/**
 * Whether a request to the playground's API is its own page's: its Host, then for a POST an
 * Origin equal to the playground's own and a JSON body; an Origin sent with a GET must be its own too.
 */
export function refusal(req: IncomingMessage): Refusal | undefined {
  if (!ownHost(req)) return { status: 403, key: 'playground.wrong_host' };
  const origin = req.headers.origin;
  const post = req.method !== 'GET' && req.method !== 'HEAD';
  if ((post || origin !== undefined) && origin?.toLowerCase() !== `http://${req.headers.host?.toLowerCase()}`)
    return { status: 403, key: 'playground.wrong_origin' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (post && type !== 'application/json') return { status: 415, key: 'playground.wrong_content_type' };
  return undefined;
}
