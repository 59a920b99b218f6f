/** Settings from the environment (and a `.env` file, see `readEnvFile`); `.env.example` documents each one. */
import { existsSync } from 'node:fs';
import { DEFAULT_RETENTION_DAYS } from './app/retention.js';
import { decodeKey, type EncryptionKeys } from './store/encryption.js';

/** A Slack app: HTTP mode (events at /slack/events, signed) or Socket Mode (an app token, no public URL). */
export interface SlackConfig {
  readonly botToken: string;
  /** Verifies every request in HTTP mode; Socket Mode does not need it. */
  readonly signingSecret?: string;
  /** Socket Mode when set. */
  readonly appToken?: string;
  /** Slack's Web API, e.g. https://slack.com/api/; another host for GovSlack, a local one in tests. */
  readonly apiUrl?: string;
}

/**
 * A Teams bot (Bot Framework app registration). `settings` holds every setting botbuilder's
 * ConfigurationBotFrameworkAuthentication reads, as the environment gives them: sovereign and
 * private clouds need them, and tests point them at local servers.
 */
export interface TeamsConfig {
  readonly appId: string;
  readonly password?: string;
  readonly settings: Readonly<Record<string, string>>;
}

/** What ConfigurationBotFrameworkAuthentication reads, passed through from the environment. */
export const BOT_FRAMEWORK_SETTINGS = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ChannelService',
  'ValidateAuthority',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
  'OAuthApiEndpoint',
  'BotOpenIdMetadata',
] as const;

/** When reminders go out, as the settings give it (each unset one keeps the app's default). */
export interface ReminderSettings {
  readonly leadDays?: number;
  readonly hour?: number;
  readonly digestWeekday?: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Unset: the embedded SQLite file data/toivo.sqlite. */
  readonly storeUrl?: string;
  /** True when a Teams or Slack app is configured, and requests are authenticated by the platform. */
  readonly hasPlatformCredentials: boolean;
  readonly slack?: SlackConfig;
  readonly teams?: TeamsConfig;
  readonly reminders: ReminderSettings;
  /** Where people reach this server from outside (https://toivo.example.org): links in messages point here. */
  readonly publicUrl?: string;
  /** Encryption at rest of the store's values (ENCRYPTION_KEY, ENCRYPTION_PREVIOUS_KEYS); unset: plain. */
  readonly encryption?: EncryptionSettings;
  /** Days after its last change that an ended meeting is deleted (RETENTION_DAYS, default 90). */
  readonly retentionDays: number;
}

/** The key new values are sealed with, and previous keys still read while a rotation is under way. */
export interface EncryptionSettings extends EncryptionKeys {
  readonly key: Buffer;
  readonly previous: readonly Buffer[];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class ConfigError extends Error {}

/**
 * Reads `.env` in the working directory into the environment, as `.env.example` promises.
 * What the environment already sets wins over the file.
 */
export function readEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** The Slack app, when its settings are there; half a configuration is an error, not a silent playground. */
function slackConfig(env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const signingSecret = env.SLACK_SIGNING_SECRET || undefined;
  const botToken = env.SLACK_BOT_TOKEN || undefined;
  const appToken = env.SLACK_APP_TOKEN || undefined;
  const apiUrl = env.SLACK_API_URL || undefined;
  if (!signingSecret && !botToken && !appToken) return undefined;
  if (!botToken)
    throw new ConfigError('SLACK_BOT_TOKEN is missing: Toivo posts to Slack with the bot token (xoxb-…)');
  if (!appToken && !signingSecret)
    throw new ConfigError(
      'SLACK_SIGNING_SECRET is missing: in HTTP mode every request from Slack is checked with it (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  if (apiUrl && !/^https?:\/\/[^/]+/.test(apiUrl))
    throw new ConfigError(`SLACK_API_URL must be an http(s) address, not "${apiUrl}"`);
  return {
    botToken,
    ...(signingSecret ? { signingSecret } : {}),
    ...(appToken ? { appToken } : {}),
    ...(apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
  };
}

/**
 * The Teams bot, when any Microsoft setting is there. Without an app id botbuilder would take
 * every request unauthenticated, so that is an error, never a quiet default.
 */
function teamsConfig(env: NodeJS.ProcessEnv): TeamsConfig | undefined {
  const settings = Object.fromEntries(
    BOT_FRAMEWORK_SETTINGS.flatMap((key) => (env[key] ? [[key, env[key] as string]] : [])),
  );
  if (Object.keys(settings).length === 0) return undefined;
  const appId = settings.MicrosoftAppId;
  if (!appId)
    throw new ConfigError(
      'MicrosoftAppId is missing: without it Teams requests cannot be authenticated, so Toivo does not start',
    );
  const password = settings.MicrosoftAppPassword;
  if (!password && settings.MicrosoftAppType !== 'UserAssignedMSI')
    throw new ConfigError(
      'MicrosoftAppPassword is missing: Toivo answers in Teams with the app id and its secret',
    );
  return { appId, ...(password ? { password } : {}), settings };
}

/** A whole number within bounds from the environment, or undefined when unset. */
function whole(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

function reminderSettings(env: NodeJS.ProcessEnv): ReminderSettings {
  const leadDays = whole(env, 'REMINDER_LEAD_DAYS', 0, 30);
  const hour = whole(env, 'REMINDER_HOUR', 6, 20);
  const digestWeekday = whole(env, 'DIGEST_WEEKDAY', 1, 5);
  return {
    ...(leadDays !== undefined ? { leadDays } : {}),
    ...(hour !== undefined ? { hour } : {}),
    ...(digestWeekday !== undefined ? { digestWeekday } : {}),
  };
}

const KEY_FORMAT = '32 random bytes as 64 hex characters or base64 (make one with `openssl rand -base64 32`)';

/**
 * ENCRYPTION_KEY and ENCRYPTION_PREVIOUS_KEYS (comma-separated); undefined when no key is set.
 * An error names the setting and never shows the key.
 */
export function encryptionSettings(env: NodeJS.ProcessEnv = process.env): EncryptionSettings | undefined {
  const current = env.ENCRYPTION_KEY?.trim() || undefined;
  const previousText = env.ENCRYPTION_PREVIOUS_KEYS?.trim() || undefined;
  if (!current) {
    if (previousText)
      throw new ConfigError(
        'ENCRYPTION_PREVIOUS_KEYS is set but ENCRYPTION_KEY is not: previous keys are read beside a current key, which new values are encrypted with',
      );
    return undefined;
  }
  const key = decodeKey(current);
  if (!key) throw new ConfigError(`ENCRYPTION_KEY is not a valid key: it must be ${KEY_FORMAT}`);
  const parts = (previousText ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const previous = parts.map((part, n) => {
    const decoded = decodeKey(part);
    if (!decoded)
      throw new ConfigError(
        `ENCRYPTION_PREVIOUS_KEYS: key ${n + 1} of ${parts.length} is not a valid key: each must be ${KEY_FORMAT}`,
      );
    return decoded;
  });
  return {
    key,
    previous: previous.filter((p, n) => !p.equals(key) && previous.findIndex((q) => q.equals(p)) === n),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3978 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const slack = slackConfig(env);
  const teams = teamsConfig(env);
  const hasPlatformCredentials = Boolean(teams || slack);
  const host = env.HOST || (hasPlatformCredentials ? '0.0.0.0' : '127.0.0.1');
  // Without a platform to authenticate requests, anyone who can reach the port could read meetings.
  if (!hasPlatformCredentials && !LOOPBACK.has(host)) {
    throw new ConfigError(
      `HOST=${host} is refused: without Teams or Slack credentials Toivo listens on this machine only`,
    );
  }
  const publicUrl = env.PUBLIC_URL || undefined;
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl))
    throw new ConfigError(`PUBLIC_URL must be an http(s) address, not "${publicUrl}"`);
  const encryption = encryptionSettings(env);
  return {
    port,
    host,
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    hasPlatformCredentials,
    ...(env.STORE_URL ? { storeUrl: env.STORE_URL } : {}),
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    reminders: reminderSettings(env),
    ...(encryption ? { encryption } : {}),
    retentionDays: whole(env, 'RETENTION_DAYS', 1, 3650) ?? DEFAULT_RETENTION_DAYS,
  };
}
