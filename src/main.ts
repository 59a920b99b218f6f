/** `npm start`: opens the store and starts the server; with no platform credentials, the playground. */
import { App } from './app/index.js';
import { startServer } from './app/server.js';
import { resumeClock, SimulatedClock } from './channels/playground/clock.js';
import { playground } from './channels/playground/index.js';
import { ConfigError, loadConfig, readEnvFile } from './config.js';
import type { Event } from './core/index.js';
import { EncryptionKeyError } from './store/encryption.js';
import { StoreInUseError } from './store/open-sqlite.js';
import { openEventStore } from './store/open-store.js';

async function main(): Promise<void> {
  readEnvFile();
  const config = loadConfig();
  const store = await openEventStore<Event>({
    url: config.storeUrl,
    ...(config.encryption ? { encryption: config.encryption } : {}),
  });
  // The playground's clock can be moved forward from its page; Teams and Slack keep real time.
  const clock = new SimulatedClock();
  // One app for every channel: reminders go out through the channel each meeting lives in.
  const app = new App(store, {
    reminders: config.reminders,
    retentionDays: config.retentionDays,
    ...(config.hasPlatformCredentials ? {} : { clock }),
  });
  // The playground's clock goes on from where the last run left it: its meetings' times stay in order.
  if (!config.hasPlatformCredentials) await resumeClock(app, clock);
  const publicUrl = config.publicUrl ? { publicUrl: config.publicUrl } : {};
  // Each platform's SDK is loaded only when that platform is configured: the playground starts without them.
  const slack = config.slack
    ? await (await import('./channels/slack/index.js')).slackChannel(app, config.slack, publicUrl)
    : undefined;
  const teams = config.teams
    ? (await import('./channels/teams/index.js')).teamsChannel(app, config.teams, publicUrl)
    : undefined;
  const routes = [
    ...(slack?.route ? [slack.route] : []),
    ...(teams ? [teams.route] : []),
    ...(config.hasPlatformCredentials ? [] : [playground(app, clock)]),
  ];
  // /readyz fails while the store does not answer; /healthz only says the process answers.
  const running = await startServer(config, routes, { ready: () => app.health() });
  await slack?.start();
  await teams?.start();
  // Reminders that fell due while Toivo was down go out now, then every minute.
  await app.aftercare.tick();
  app.aftercare.start();
  // Every meeting kept gets its lists, reminders and retention time as its events imply them (what a
  // crash right after a change left undone, and meetings from before retention was kept): in the background.
  app.upkeep.sweep().catch((error: unknown) => {
    console.warn(
      `toivo upkeep: the sweep at start failed: ${error instanceof Error ? error.message : 'unknown'}`,
    );
  });
  const where = config.storeUrl ? 'STORE_URL' : 'data/toivo.sqlite';
  console.log(`Toivo is running at ${running.url} (store: ${where})`);
  if (config.slack)
    console.log(
      config.slack.appToken
        ? 'Slack: connected in Socket Mode.'
        : `Slack: requests are taken at ${running.url}/slack/events.`,
    );
  if (config.teams) console.log(`Teams: activities are taken at ${running.url}/api/messages.`);
  if (!config.hasPlatformCredentials)
    console.log(`Open ${running.url}/ in a browser to run a meeting in the playground.`);
  const stop = async () => {
    // What is under way is finished before the store closes: a reminder sent is marked sent.
    await app.aftercare.stop();
    await slack?.stop();
    await teams?.stop();
    await app.deliverer.stop();
    await running.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// A fault in one request must not stop the meetings of everyone else: it is told (no content) and Toivo runs on.
process.on('unhandledRejection', (reason: unknown) => {
  console.error(`toivo: an unhandled failure: ${reason instanceof Error ? reason.message : typeof reason}`);
});

/**
 * Start-up errors an operator acts on (a setting, the key, another Toivo on the same data file) are
 * said in their own words, one line; anything else keeps its stack, for whoever fixes it.
 */
const saidPlainly = (error: unknown): error is Error =>
  error instanceof ConfigError || error instanceof EncryptionKeyError || error instanceof StoreInUseError;

main().catch((error: unknown) => {
  // Only our own messages are printed: configuration and start-up errors carry no meeting content.
  console.error(saidPlainly(error) ? error.message : error);
  process.exit(1);
});
