/** Small HTTP helpers for the playground: JSON in and out, with a size limit. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../app/index.js';
import { tooDeep } from '../json-depth.js';

/** Larger bodies are refused; the biggest real one (the invitation form) is a few kilobytes. */
const MAX_BODY = 256 * 1024;

/** What `readJson` gives for a body over the limit (or one the client gave up sending). */
export const TOO_LARGE: unique symbol = Symbol('too large');

/** The request's JSON body; TOO_LARGE when it is over the limit, undefined when it is missing or not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_BODY);
  if (!body) return TOO_LARGE;
  const text = body.toString('utf8');
  if (tooDeep(text)) return undefined; // no page sends that: a clear error, as for what is not JSON
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not JSON: the caller answers with a clear error
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function sendText(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}
