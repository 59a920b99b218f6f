/** The app as channels use it, over a real store: seeded meetings, clicks by account, a port that records. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../src/app/app.js';
import type { Conversations } from '../../src/app/conversations.js';
import type { Delivery } from '../../src/app/deliveries.js';
import type { HandleOptions, Interactions } from '../../src/app/interactions.js';
import type { Clock, MeetingService } from '../../src/app/meeting-service.js';
import type { ChannelPort, Deliverer, DeliveryResult } from '../../src/app/port.js';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE, realisticMeeting, type Stage } from '../support/realistic-meeting.js';

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });
/** While the realistic meeting is held. */
export const MEETING_TIME = '2026-11-26T15:00:00+02:00';

export interface TestApp {
  readonly store: EventStore<Event>;
  readonly meetings: MeetingService;
  readonly conversations: Conversations;
  readonly interactions: Interactions;
  readonly deliverer: Deliverer;
  /** What the app logged of failed deliveries. */
  readonly log: string[];
}

export function appOver(store: EventStore<Event>, clock: Clock = fixedClock(MEETING_TIME)): TestApp {
  const log: string[] = [];
  // Failed deliveries are not tried again here; the retry tests set their own policy.
  const app = new App(store, { clock, log: (line) => log.push(line), retry: { delaysMs: [] } });
  const { meetings, conversations, interactions, deliverer } = app;
  return { store, log, meetings, conversations, interactions, deliverer };
}

/** Each test of the suite gets a fresh SQLite file and the app over it, at the meeting's time unless told. */
export function freshApp(): {
  readonly app: TestApp;
  readonly store: EventStore<Event>;
  at(clock: Clock): TestApp;
} {
  let dir = '';
  let store: EventStore<Event> | undefined;
  let app: TestApp | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-app-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    app = appOver(store);
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get app() {
      assert.ok(app, 'only inside a test');
      return app;
    },
    get store() {
      assert.ok(store, 'only inside a test');
      return store;
    },
    at(clock: Clock) {
      assert.ok(store, 'only inside a test');
      app = appOver(store, clock);
      return app;
    },
  };
}

/**
 * The realistic meeting up to `stage`, stored under `id` and living in a conversation of its own;
 * 'memo sent': closed, and its memo approved by the client as the meeting ended.
 */
export async function seed(app: TestApp, stage: Stage | 'memo sent', id = 'm1'): Promise<MeetingDriver> {
  const d = realisticMeeting(stage === 'memo sent' ? 'closed' : stage);
  if (stage === 'memo sent') d.do(PEOPLE.client, { type: 'memo.approve' });
  const events = d.events.map((e) => (e.type === 'meeting.created' ? { ...e, meetingId: id } : e));
  assert.ok((await app.store.append(id, 0, events)).ok);
  await app.conversations.settle(id, { channel: 'playground', id: `conversation-of-${id}` });
  return d;
}

/** The chat accounts of the realistic meeting's people; the grandfather has none. */
export const ACCOUNT = {
  [PEOPLE.client]: 'U-AINO',
  [PEOPLE.mother]: 'U-LIISA',
  [PEOPLE.teacher]: 'U-PEKKA',
  [PEOPLE.social]: 'U-SANNA',
  [PEOPLE.nurse]: 'U-HANNA',
  [PEOPLE.youth]: 'U-JARI',
} as const;

/** A click on a card drawn for `meetingId`, by the person with that account. */
export const click = (
  app: TestApp,
  meetingId: string,
  account: string,
  verb: string,
  fields: Record<string, string> = {},
  options: HandleOptions = {},
) => app.interactions.handle(meetingId, { verb, fields: { meetingId, ...fields } }, { account }, options);

/** A delivery in a line: "post board", "direct memo → U-AINO", "form commitment-form → U-HANNA". */
export const said = (d: Delivery): string =>
  'to' in d ? `${d.kind} ${d.surface} → ${d.to.account}` : `${d.kind} ${d.surface}`;

/** A channel that keeps what it was asked to do, and fails for the accounts it is told to. */
export class RecordingPort implements ChannelPort {
  readonly channel = 'playground' as const;
  readonly calls: string[] = [];
  private next = 0;

  constructor(
    private readonly failFor: (account: string) => DeliveryResult | 'throw' | undefined = () => undefined,
  ) {}

  private answer(line: string, account?: string): DeliveryResult {
    this.calls.push(line);
    const failure = account ? this.failFor(account) : undefined;
    if (failure === 'throw') throw new Error(`the platform is down for ${account}`);
    return failure ?? { ok: true };
  }

  async send(d: Extract<Delivery, { kind: 'post' }>): Promise<DeliveryResult> {
    this.calls.push(`send ${d.surface} v${d.view.meeting?.version}`);
    this.next += 1;
    return { ok: true, messageId: `msg-${this.next}` };
  }

  async update(d: Extract<Delivery, { kind: 'update' }>, messageId: string): Promise<DeliveryResult> {
    return this.answer(`update ${d.surface} ${messageId} v${d.view.meeting?.version}`);
  }

  async openForm(d: Extract<Delivery, { kind: 'form' }>): Promise<DeliveryResult> {
    return this.answer(`form ${d.surface} → ${d.to.account}`, d.to.account);
  }

  async notify(d: Extract<Delivery, { kind: 'notice' }>): Promise<DeliveryResult> {
    return this.answer(`notice → ${d.to.account}`, d.to.account);
  }

  async direct(d: Extract<Delivery, { kind: 'direct' }>): Promise<DeliveryResult> {
    return this.answer(`direct ${d.surface} → ${d.to.account}`, d.to.account);
  }
}
