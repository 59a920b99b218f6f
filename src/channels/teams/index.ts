/**
 * Teams as a channel: botbuilder's CloudAdapter at POST /api/messages on Toivo's own server,
 * authenticated with ConfigurationBotFrameworkAuthentication from the settings in the environment
 * (its clients for calls to Teams kept and reused: reused-clients.ts).
 * Everything of botbuilder stays in this folder, so that its successor can replace it here alone.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, readBody } from '../../app/index.js';
import type { TeamsConfig } from '../../config.js';
import { CalendarLinks } from '../calendar-links.js';
import { ExportLinks } from '../export-links.js';
import { tooDeep } from '../json-depth.js';
import { Pacer } from '../pacer.js';
import { type Answer, TeamsAdapter } from './adapter.js';
import { KnownAuthorityCredentialsFactory } from './credentials.js';
import { TeamsHandlers } from './handlers.js';
import { entityWellFormed, isMention } from './mentions.js';
import { type TeamsUser, TeamsUsers } from './port.js';
import { ReusedClientsAuthentication } from './reused-clients.js';

export const TEAMS_PATH = '/api/messages';
/** Where the calendar files in Teams personal chats are fetched. */
export const CALENDAR_PATH = '/teams/calendar';
/** The export's links: /teams/export.md and /teams/export.json. */
export const EXPORT_PATH = '/teams/export';
/** An activity is a few kilobytes; a card's submit at most some tens. */
const BODY_LIMIT = 512 * 1024;
/** Longer than any id Teams sends (they go into the URLs of the answers, which have a limit). */
const MAX_ID = 1024;
/**
 * An id as Teams' are ("19:…@thread.v2;messageid=…", "29:…", "a:…", "f:…", a message's number):
 * letters, digits and a few marks, at most MAX_ID of them. They go into the URLs and headers of
 * the answers, so nothing else is taken: no control or non-Latin character (node refuses it in a
 * header), no "/", "?", "#" or "%" (they would make another URL), no id long past a URL's limit.
 */
const ID = /^[A-Za-z0-9:@._;=,+!*'()$~|-]+$/;

/**
 * Whether an activity has what Teams always sends and what Toivo and botbuilder read without
 * looking first: its type, channel and service URL; its sender, recipient and conversation, each
 * with an id, their other fields of the types botbuilder writes back into a reply (its serializer
 * refuses any other); every id as Teams' are (ID); its name, text and attachments of their types;
 * its entities (mentions) as botbuilder reads them when it takes a mention out of a message.
 * Anything else is not an activity from Teams (botbuilder could fail on it, a reply could not be
 * sent): a 400, before anything of it is used. The handlers check what they read again.
 */
function wellFormedActivity(body: unknown): boolean {
  const id = (x: unknown) => typeof x === 'string' && x.length <= MAX_ID && ID.test(x);
  const text = (x: unknown) => typeof x === 'string';
  const url = (x: unknown) => typeof x === 'string' && URL.canParse(x) && /^https?:/.test(x);
  const optional = (x: unknown, ok: (x: unknown) => boolean) => x === undefined || ok(x);
  // The serializer takes null for an account's text; botbuilder reads the activity's own fields as they are.
  const nullable = (x: unknown, ok: (x: unknown) => boolean) => x === null || optional(x, ok);
  // An account as botbuilder writes it back into a reply (its serializer refuses any other type).
  const account = (x: unknown, more: (a: Record<string, unknown>) => boolean = () => true) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const a = x as Record<string, unknown>;
    return (
      id(a.id) &&
      ['name', 'aadObjectId', 'role'].every((k) => nullable(a[k], (v) => typeof v === 'string')) &&
      more(a)
    );
  };
  const conversation = (c: Record<string, unknown>) =>
    ['conversationType', 'tenantId'].every((k) => nullable(c[k], (v) => typeof v === 'string')) &&
    nullable(c.isGroup, (v) => typeof v === 'boolean');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const a = body as Record<string, unknown>;
  return (
    text(a.type) &&
    id(a.channelId) &&
    url(a.serviceUrl) &&
    account(a.from) &&
    account(a.recipient) &&
    account(a.conversation, conversation) &&
    optional(a.id, id) &&
    optional(a.replyToId, id) &&
    optional(a.locale, id) &&
    ['name', 'text', 'textFormat'].every((k) => optional(a[k], (v) => typeof v === 'string')) &&
    optional(a.attachments, (x) => Array.isArray(x) && x.every((v) => typeof v === 'object' && v !== null)) &&
    optional(a.entities, (e) => Array.isArray(e) && e.every(entityWellFormed)) &&
    // A mention is taken out of the message's text: one with a mention has a text.
    (typeof a.text === 'string' || !(Array.isArray(a.entities) && a.entities.some(isMention)))
  );
}

/** Why a request to the messaging endpoint is refused, said in the answer. */
const REFUSED: Readonly<Record<number, string>> = {
  400: 'The request is not a Bot Framework activity.',
  401: 'The request is not authenticated by the Bot Framework.',
  405: 'Activities are sent here with POST.',
  413: 'The request is too large.',
  // botbuilder's answer to an invoke nobody answered: Toivo answers only card actions (adaptiveCard/action).
  501: 'Toivo does not take invokes of this kind.',
};
const refusal = (status: number) =>
  JSON.stringify({ error: REFUSED[status] ?? 'The request could not be handled.' });
/** Microsoft's public cloud, where no other scope is configured. */
const PUBLIC_CLOUD_SCOPE = 'https://api.botframework.com';

export interface TeamsOptions {
  readonly log?: (line: string) => void;
  /** Milliseconds between Toivo's calls in one conversation. */
  readonly messageGapMs?: number;
  /** Where people reach this server: calendar files in one's personal chat link here. */
  readonly publicUrl?: string;
}

/** Teams takes about 60 messages per conversation in 30 seconds: two a second, sustained. */
const TEAMS_GAP_MS = 500;

export interface TeamsChannel {
  readonly route: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /**
   * An activity once read, as botbuilder takes it: authenticated with `authorization`, then
   * Toivo's turn. The route hands on only what passed its door; the handlers do not count on the
   * door (their tests send here what it refuses).
   */
  readonly turn: (activity: unknown, authorization: string) => Promise<Answer>;
  /** Picks up deliveries an earlier run left to try again. */
  start(): Promise<void>;
  /** Resolves once every activity taken so far has been handled and what it sends is delivered. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export function teamsChannel(app: App, config: TeamsConfig, options: TeamsOptions = {}): TeamsChannel {
  const log = options.log ?? ((line: string) => console.warn(line));
  const auth = new ReusedClientsAuthentication(
    config.settings as never,
    new KnownAuthorityCredentialsFactory(config.appId, config.password ?? ''),
  );
  const adapter = new TeamsAdapter(auth);
  // A turn that fails is told without its content; Teams gets a 500 for it.
  adapter.onTurnError = async (_context, error) => {
    log(`toivo teams: a turn failed: ${error instanceof Error ? error.message : 'unknown'}`);
    throw error;
  };
  const bot = {
    appId: config.appId,
    audience: config.settings.ToChannelFromBotOAuthScope ?? PUBLIC_CLOUD_SCOPE,
  };
  // Signed with the bot's own secret; a bot with a managed identity has none, and sends no links.
  const calendarLinks =
    options.publicUrl && config.password
      ? new CalendarLinks(config.password, options.publicUrl, CALENDAR_PATH)
      : undefined;
  const calendar = calendarLinks?.route(app);
  const exportLinks =
    options.publicUrl && config.password
      ? new ExportLinks(config.password, options.publicUrl, EXPORT_PATH)
      : undefined;
  const exports = exportLinks?.route(app);
  const handlers = new TeamsHandlers(
    app,
    adapter,
    bot,
    new TeamsUsers(app.records<TeamsUser>('teams-users')),
    log,
    app.records('teams-conversation-meetings'),
    new Pacer(options.messageGapMs ?? TEAMS_GAP_MS),
    calendarLinks,
    exportLinks,
  );
  app.onErase((meetingId) => handlers.forget(meetingId));
  const turn = (activity: unknown, authorization: string) =>
    adapter.handle(activity, authorization, handlers.logic);
  return {
    turn,
    route: async (req, res) => {
      if (calendar && (await calendar(req, res))) return true;
      if (exports && (await exports(req, res))) return true;
      if (req.url?.split('?')[0] !== TEAMS_PATH) return false;
      const json = { 'content-type': 'application/json; charset=utf-8' };
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', ...json }).end(refusal(405));
        return true;
      }
      // At most BODY_LIMIT is read; the rest of a larger body is drained or its connection closed.
      const raw = await readBody(req, BODY_LIMIT);
      if (!raw) {
        res.writeHead(413, json).end(refusal(413));
        return true;
      }
      let body: unknown;
      const text = raw.toString('utf8');
      try {
        // Nested deeper than any activity: not one (botbuilder would overflow its stack walking it).
        body = tooDeep(text) ? undefined : JSON.parse(text);
        if (!wellFormedActivity(body)) body = undefined;
      } catch {
        body = undefined; // not JSON: not an activity, answered 400
      }
      const answer = await turn(body, req.headers.authorization ?? '');
      if (answer.body !== undefined) res.writeHead(answer.status, json).end(JSON.stringify(answer.body));
      else if (answer.status >= 400) res.writeHead(answer.status, json).end(refusal(answer.status));
      else res.writeHead(answer.status).end();
      return true;
    },
    start: async () => {
      app.aftercare.usePort(handlers.port());
      const waiting = await app.resume(handlers.port());
      if (waiting > 0) log(`toivo teams: ${waiting} deliveries that failed before are tried again`);
    },
    settled: () => handlers.settled(),
    stop: () => handlers.settled(),
  };
}
