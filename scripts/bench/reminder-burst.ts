/**
 * A burst of due reminders (Toivo started after a long stop, say) drained through the real Slack
 * channel (its port, pacer and Web API client, the app's outbox) against the fake Slack Web API
 * enforcing Slack's limit of about one message a second per channel with 429 and Retry-After.
 * Reminders are direct messages: each to one person's DM, many people, several each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from '../../src/app/app.js';
import { userOf } from '../../src/channels/slack/ids.js';
import { slackChannel } from '../../src/channels/slack/index.js';
import type { Event } from '../../src/core/index.js';
import { openEventStore } from '../../src/store/open-store.js';
import { FAKE_TEAM, startFakeSlackApi } from '../../test/support/fake-slack.js';
import { ALL_DUE_AT, storeMeeting } from './meetings.js';

export interface Burst {
  readonly reminders: number;
  readonly people: number;
  /** Reminders that never reached their person's DM, and any that reached it twice. */
  readonly lost: number;
  readonly doubled: number;
  /** Calls Slack refused with 429. */
  readonly refused: number;
  /** Deliveries that failed (the Slack client's own retries spent) and went to the outbox for later. */
  readonly retried: number;
  /** Deliveries still waiting for a retry when the benchmark stopped waiting. */
  readonly waiting: number;
  readonly seconds: number;
}

/** How many there are of each. */
const tally = (items: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
};

export interface BurstOptions {
  /** Bot instances draining it at once, each with its own store connection, Slack client and pacer. */
  readonly instances?: number;
  /** The shared store (a fresh SQLite file when unset) and the namespace to keep the burst in. */
  readonly url?: string;
  readonly namespace?: string;
  /** How long to wait for deliveries that wait for a retry. */
  readonly patienceMs?: number;
}

/** Drains `count` due reminders. */
export async function reminderBurst(count: number, options: BurstOptions = {}): Promise<Burst> {
  const { instances = 1, namespace, patienceMs = 120_000 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'toivo-bench-burst-'));
  const url = options.url ?? `sqlite://${join(dir, 'burst.sqlite')}`;
  const api = await startFakeSlackApi({ messageGapMs: 1000 });
  let started = performance.now();
  // The burst's time moves on as the drain takes real time, so leases run out as they would.
  const clock = { now: () => new Date(ALL_DUE_AT + (performance.now() - started)) };
  const log: string[] = [];
  const running = await Promise.all(
    Array.from({ length: instances }, async () => {
      const store = await openEventStore<Event>({ url, ...(namespace ? { namespace } : {}) });
      const app = new App(store, { clock, log: (line) => log.push(line) });
      const slack = await slackChannel(
        app,
        { botToken: 'xoxb-bench', signingSecret: 'bench', apiUrl: api.url },
        { log: (line) => log.push(line) },
      );
      return { store, app, slack };
    }),
  );
  try {
    const [first] = running;
    if (!first) throw new Error('no instance');
    const accounts: string[] = [];
    // Each person is in five networks (a worker has many clients): several reminders to each DM at once.
    const circles = Math.max(1, Math.ceil(count / 25));
    for (let n = 0; accounts.length < count; n++)
      accounts.push(
        ...(await storeMeeting(
          first.store,
          first.app,
          `burst-${n}`,
          { channel: 'slack', id: `C${n}` },
          (name) => `slack:${FAKE_TEAM.id}:U${name}${n % circles}`,
          count - accounts.length,
        )),
      );
    for (const { slack } of running) await slack.start();
    api.reset();
    started = performance.now();
    await Promise.all(running.map(({ app }) => app.aftercare.tick()));
    const retrying = () => running.reduce((n, { app }) => n + app.deliverer.retrying, 0);
    while (retrying() > 0 && performance.now() - started < patienceMs)
      await new Promise((done) => setTimeout(done, 200));
    const seconds = (performance.now() - started) / 1000;

    const expected = tally(accounts.map((a) => `D${userOf(a)}`));
    const got = tally(
      api
        .callsOf('chat.postMessage')
        .filter((c) => !c.error)
        .map((c) => String(c.args.channel)),
    );
    let lost = 0;
    let doubled = 0;
    for (const dm of new Set([...expected.keys(), ...got.keys()])) {
      const difference = (got.get(dm) ?? 0) - (expected.get(dm) ?? 0);
      if (difference < 0) lost -= difference;
      else doubled += difference;
    }
    return {
      reminders: accounts.length,
      people: expected.size,
      lost,
      doubled,
      refused: api.rateLimited.length,
      retried: log.filter((line) => line.startsWith('toivo delivery failed')).length,
      waiting: retrying(),
      seconds,
    };
  } finally {
    for (const { app, slack, store } of running) {
      await app.deliverer.stop();
      await slack.stop();
      await store.close();
    }
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
