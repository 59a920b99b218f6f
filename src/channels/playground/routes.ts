/** The playground's pages and scripts, and its API. Served only while no platform is configured. */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { LOCALES, type Locale } from '../../app/index.js';
import { t } from '../../i18n/index.js';
import type { PlaygroundApi } from './api.js';
import { browserOf } from './browsers.js';
import { ownHost, refusal } from './guard.js';
import { sendJson, sendText } from './http.js';
import { playgroundPage } from './page.js';

const require = createRequire(import.meta.url);
/** Read once: the page, the client script and the Adaptive Cards renderer change only with a new version. */
const ASSETS: Readonly<Record<string, () => Buffer>> = {
  '/playground/client.js': () => readFileSync(new URL('./public/client.js', import.meta.url)),
  '/playground/adaptivecards.js': () =>
    readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js')),
};
const cache = new Map<string, Buffer>();

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function playgroundRoutes(playgroundApi: PlaygroundApi): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const asset = req.method === 'GET' ? ASSETS[url.pathname] : undefined;
    const api = url.pathname.startsWith('/api/');
    if (!api && !asset && !(req.method === 'GET' && ['/', '/favicon.ico'].includes(url.pathname)))
      return false;
    // Only the playground's own page, at its own address, is answered (guard.ts says why).
    const refused = api
      ? refusal(req)
      : ownHost(req)
        ? undefined
        : ({ status: 403, key: 'playground.wrong_host' } as const);
    if (refused) {
      const asked = url.searchParams.get('locale');
      const locale: Locale = LOCALES.includes(asked as Locale) ? (asked as Locale) : 'fi';
      sendJson(res, refused.status, { ok: false, error: t(locale, refused.key) });
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      // The page gives the browser its id, so that its first call already carries it.
      browserOf(req, res);
      sendText(res, 200, 'text/html; charset=utf-8', playgroundPage());
      return true;
    }
    if (asset) {
      const body = cache.get(url.pathname) ?? asset();
      cache.set(url.pathname, body);
      sendText(res, 200, 'text/javascript; charset=utf-8', body);
      return true;
    }
    return api ? playgroundApi.handle(req, res, url, browserOf(req, res)) : false;
  };
}
