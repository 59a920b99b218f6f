/** Small HTTP helpers for the playground: JSON in and out, with a size limit. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../app/index.js';

/** Larger bodies are refused; the biggest real one (the invitation form) is a few kilobytes. */
const MAX_BODY = 256 * 1024;

/** The request's JSON body, or undefined when it is missing, too large or not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_BODY);
  if (!body) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
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
