/**
 * Teams as a channel: botbuilder's CloudAdapter at POST /api/messages on Toivo's own server,
 * authenticated with ConfigurationBotFrameworkAuthentication from the settings in the environment.
 * Everything of botbuilder stays in this folder, so that its successor can replace it here alone.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { type App, readBody } from '../../app/index.js';
import type { TeamsConfig } from '../../config.js';
import { CalendarLinks } from '../calendar-links.js';
import { ExportLinks } from '../export-links.js';
import { Pacer } from '../pacer.js';
import { TeamsAdapter } from './adapter.js';
import { KnownAuthorityCredentialsFactory } from './credentials.js';
import { TeamsHandlers } from './handlers.js';
import type { TeamsUser } from './port.js';

export const TEAMS_PATH = '/api/messages';
/** Where the calendar files in Teams personal chats are fetched. */
export const CALENDAR_PATH = '/teams/calendar';
/** The export's links: /teams/export.md and /teams/export.json. */
export const EXPORT_PATH = '/teams/export';
/** An activity is a few kilobytes; a card's submit at most some tens. */
const BODY_LIMIT = 512 * 1024;
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
  /** Picks up deliveries an earlier run left to try again. */
  start(): Promise<void>;
  /** Resolves once every activity taken so far has been handled and what it sends is delivered. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export function teamsChannel(app: App, config: TeamsConfig, options: TeamsOptions = {}): TeamsChannel {
  const log = options.log ?? ((line: string) => console.warn(line));
  const auth = new ConfigurationBotFrameworkAuthentication(
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
    app.records<TeamsUser>('teams-users'),
    log,
    app.records('teams-conversation-meetings'),
    new Pacer(options.messageGapMs ?? TEAMS_GAP_MS),
    calendarLinks,
    exportLinks,
  );
  app.onErase((meetingId) => handlers.forget(meetingId));
  return {
    route: async (req, res) => {
      if (calendar && (await calendar(req, res))) return true;
      if (exports && (await exports(req, res))) return true;
      if (req.url?.split('?')[0] !== TEAMS_PATH) return false;
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return true;
      }
      const raw = await readBody(req, BODY_LIMIT);
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const answer = await adapter.handle(body, req.headers.authorization ?? '', handlers.logic);
      if (answer.body === undefined) res.writeHead(raw ? answer.status : 413).end();
      else
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
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
