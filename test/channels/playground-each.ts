/**
 * A playground server of its own for each test of a suite: a fresh SQLite file, the clock at
 * 2026-11-23 09:00 (Helsinki), the server on a free port; all of it closed and removed after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../src/app/index.js';
import { type Running, startServer } from '../../src/app/server.js';
import { SimulatedClock } from '../../src/channels/playground/clock.js';
import { playground } from '../../src/channels/playground/index.js';
import { loadConfig } from '../../src/config.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import type { TestBrowser } from './playground-browser.js';

export interface PlaygroundEach {
  /** The store of the test under way. */
  readonly store: EventStore<Event>;
  /** The server's address, for the test under way. */
  readonly url: string;
}

/** Registers the server's start and end around each test of the calling suite. */
export function playgroundEach(prefix: string): PlaygroundEach {
  let dir = '';
  let store: EventStore<Event> | undefined;
  let running: Running | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), `toivo-${prefix}-`));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    const clock = new SimulatedClock(() => Date.parse('2026-11-23T09:00:00+02:00'));
    running = await startServer(loadConfig({ PORT: '0' }), [playground(new App(store, { clock }), clock)]);
  });
  afterEach(async () => {
    await running?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const now = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what} outside a test`);
    return value;
  };
  return {
    get store() {
      return now(store, 'store');
    },
    get url() {
      return now(running, 'server').url;
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read the API's JSON loosely, as the page does
type Json = Record<string, any>;

/** A Teams click from the page (in Finnish), with `extra` beside it in the body (a click id, the card's inputs), and its answer. */
export async function teamsClick(
  browser: TestBrowser,
  meeting: string | null,
  as: string | null,
  verb: string,
  data: Json = {},
  extra: Json = {},
): Promise<{ status: number; json: Json }> {
  const res = await browser.post('/api/teams', {
    kind: 'invoke',
    meeting,
    as,
    locale: 'fi',
    value: {
      action: { type: 'Action.Execute', verb, data: meeting ? { meetingId: meeting, ...data } : data },
    },
    ...extra,
  });
  return { status: res.status, json: (await res.json()) as Json };
}
