/** Settings from the environment; `.env.example` documents each one. */

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Unset: the embedded SQLite file data/toivo.sqlite. */
  readonly storeUrl?: string;
  /** True when a Teams or Slack app is configured, and requests are authenticated by the platform. */
  readonly hasPlatformCredentials: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3978 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const hasPlatformCredentials = Boolean(
    (env.MicrosoftAppId && env.MicrosoftAppPassword) ||
      (env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN) ||
      env.SLACK_APP_TOKEN,
  );
  const host = env.HOST || (hasPlatformCredentials ? '0.0.0.0' : '127.0.0.1');
  // Without a platform to authenticate requests, anyone who can reach the port could read meetings.
  if (!hasPlatformCredentials && !LOOPBACK.has(host)) {
    throw new ConfigError(
      `HOST=${host} is refused: without Teams or Slack credentials Toivo listens on this machine only`,
    );
  }
  return { port, host, hasPlatformCredentials, ...(env.STORE_URL ? { storeUrl: env.STORE_URL } : {}) };
}
