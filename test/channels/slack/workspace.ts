/**
 * A Slack workspace for tests: Toivo's real server and Bolt receiver, Slack's Web API replaced by
 * the local fake, and people who type /toivo, press buttons and send modals as signed requests.
 * What Toivo posts, updates and opens is rebuilt from the calls it made, as a Slack client shows it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../src/app/index.js';
import { App } from '../../../src/app/index.js';
import { type RouteHandler, type Running, startServer } from '../../../src/app/server.js';
import { type SlackChannel, slackChannel } from '../../../src/channels/slack/index.js';
import type { Event } from '../../../src/core/index.js';
import { t } from '../../../src/i18n/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import {
  blockActionsPayload,
  eventCallback,
  type FakeSlackApi,
  interaction,
  newTriggerId,
  postSigned,
  type SignedResponse,
  type SlackRequest,
  slashCommand,
  startFakeSlackApi,
  viewSubmissionPayload,
} from '../../support/fake-slack.js';

export const SECRET = 'toivo-test-signing-secret';
export const CHANNEL = 'C0MEETING';
export const TEAM = 'T1';

type Json = Record<string, unknown>;
export type Block = Json & { type: string; block_id?: string };

/** A message as the channel shows it now. */
export interface Message {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: Block[];
}

/** A modal as its person sees it. */
export interface Modal {
  readonly id: string;
  readonly user: string;
  /** A modal, or the person's App Home. */
  readonly type?: 'home';
  view: Json & { callback_id: string; private_metadata?: string; blocks: Block[] };
  errors?: Record<string, string>;
}

export type Inputs = Readonly<Record<string, string | readonly string[]>>;

const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const blocksOf = (x: unknown): Block[] => (Array.isArray(x) ? (x as Block[]) : []);

/** Every piece of text in blocks, for asserting what a person can read. */
export function textOf(blocks: readonly Block[]): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, v] of Object.entries(o)) if (k !== 'value' && k !== 'action_id') walk(v);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** The buttons of blocks, in reading order. */
export function buttonsOf(blocks: readonly Block[]): Json[] {
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Json[]) : []))
    .filter((e) => e.type === 'button');
}

const titleOf = (button: Json): string => str((button.text as Json | undefined)?.text);

/** `state.values` as Slack sends it: every input's current value, the initial one unless changed. */
export function stateOf(blocks: readonly Block[], inputs: Inputs): { values: never } {
  const values: Record<string, Record<string, Json>> = {};
  const used = new Set<string>();
  for (const b of blocks) {
    if (b.type !== 'input') continue;
    const e = b.element as Json;
    const id = str(e.action_id);
    // An input is named by its id, or by its block's id where several share an id (App Home).
    const key = b.block_id !== undefined && inputs[b.block_id] !== undefined ? b.block_id : id;
    const given = inputs[key];
    if (given !== undefined) used.add(key);
    const one = typeof given === 'string' ? given : undefined;
    const many = Array.isArray(given) ? (given as string[]) : undefined;
    // A choice is given by what the person reads (a name), or by its value.
    const options = Array.isArray(e.options)
      ? (e.options as { text: { text: string }; value: string }[])
      : [];
    const option = (given: string) => {
      const o =
        options.find((x) => x.text.text === given) ??
        options.find((x) => x.text.text.startsWith(`${given} (`)) ??
        options.find((x) => x.value === given);
      return o ?? { text: { type: 'plain_text', text: given }, value: given };
    };
    let entry: Json;
    switch (e.type) {
      case 'plain_text_input':
        // Slack sends null for a text input left empty.
        entry = { value: one === '' ? null : (one ?? e.initial_value ?? null) };
        break;
      case 'static_select':
      case 'radio_buttons':
        entry = { selected_option: one !== undefined ? option(one) : (e.initial_option ?? null) };
        break;
      case 'multi_static_select':
      case 'checkboxes':
        entry = { selected_options: many ? many.map(option) : (e.initial_options ?? []) };
        break;
      case 'datepicker':
        entry = { selected_date: one ?? e.initial_date ?? null };
        break;
      case 'timepicker':
        entry = { selected_time: one ?? e.initial_time ?? null };
        break;
      case 'users_select':
        entry = { selected_user: one ?? e.initial_user ?? null };
        break;
      default:
        throw new Error(`the test workspace cannot fill a ${String(e.type)}`);
    }
    values[str(b.block_id)] = { [id]: { type: e.type, ...entry } };
  }
  const unknown = Object.keys(inputs).filter((k) => !used.has(k));
  assert.deepEqual(unknown, [], `no such inputs here: ${unknown.join(', ')}`);
  return { values: values as never };
}

export interface WorkspaceOptions {
  readonly store: EventStore<Event>;
  readonly clock?: Clock;
  /** Milliseconds between new messages in a channel; 0 keeps tests fast. */
  readonly messageGapMs?: number;
  readonly retries?: number;
  /** When failed deliveries are tried again. */
  readonly retryDelaysMs?: readonly number[];
}

export class Workspace {
  readonly messages: Message[] = [];
  readonly ephemerals: { user: string; channel: string; text: string; blocks: Block[] }[] = [];
  readonly modals = new Map<string, Modal>();
  /** What each person's App Home shows. */
  readonly homes = new Map<string, Modal>();
  /** Each person's open modals, the top one last. */
  private readonly stacks = new Map<string, string[]>();
  private readonly triggers = new Map<string, string>();
  private synced = 0;

  private readonly instances: { app: App; slack: SlackChannel; server: Running }[] = [];
  private current = 0;

  private constructor(
    readonly api: FakeSlackApi,
    readonly log: string[],
  ) {}

  static async start(options: WorkspaceOptions): Promise<Workspace> {
    const api = await startFakeSlackApi();
    const log: string[] = [];
    const ws = new Workspace(api, log);
    await ws.addInstance(options.store, options);
    return ws;
  }

  /**
   * Another instance of Toivo (its own app, Bolt and server) in the same workspace, over `store`:
   * requests go to it after `use(n)`. Several instances share a store in production.
   */
  async addInstance(
    store: EventStore<Event>,
    options: Omit<WorkspaceOptions, 'store'> = {},
  ): Promise<number> {
    const log = (l: string) => this.log.push(l);
    // Failed deliveries are tried again soon, so that tests can watch them arrive.
    const app = new App(store, {
      retry: { delaysMs: options.retryDelaysMs ?? [100, 200] },
      ...(options.clock ? { clock: options.clock } : {}),
      log,
    });
    // The server's address is the public one the memo links point to: it is known once it listens.
    const routes: RouteHandler[] = [];
    const server = await startServer({ port: 0, host: '127.0.0.1' }, routes);
    const slack = await slackChannel(
      app,
      { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: this.api.url },
      { log, messageGapMs: options.messageGapMs ?? 0, retries: options.retries ?? 1, publicUrl: server.url },
    );
    assert.ok(slack.route, 'HTTP mode has a route');
    routes.push(slack.route);
    await slack.start();
    this.instances.push({ app, slack, server });
    return this.instances.length - 1;
  }

  /** Sends the next requests to instance `n`. */
  use(n: number): void {
    assert.ok(this.instances[n], `no instance ${n}`);
    this.current = n;
  }

  private get instance() {
    const it = this.instances[this.current];
    assert.ok(it, 'the workspace has an instance');
    return it;
  }

  get app(): App {
    return this.instance.app;
  }

  get slack(): SlackChannel {
    return this.instance.slack;
  }

  get url(): string {
    return `${this.instance.server.url}/slack/events`;
  }

  async close(): Promise<void> {
    for (const { app, slack, server } of this.instances) {
      await app.deliverer.stop();
      await slack.stop();
      await server.close();
    }
    await this.api.close();
  }

  person(user: string): Person {
    return new Person(this, user);
  }

  /** Sends a signed request as Slack would, waits until Toivo has done all it does about it. */
  async send(request: SlackRequest, user?: string, trigger?: string): Promise<SignedResponse> {
    if (user && trigger) this.triggers.set(trigger, user);
    const res = await postSigned(this.url, request, { secret: SECRET });
    await Promise.all(this.instances.map((i) => i.slack.settled()));
    this.sync();
    return res;
  }

  /** The channel's messages, oldest first. */
  channel(id = CHANNEL): Message[] {
    return this.messages.filter((m) => m.channel === id);
  }

  /** The message in `channel` whose first block says `heading`. */
  message(heading: string, channel = CHANNEL): Message {
    const found = this.channel(channel).find((m) => textOf(m.blocks.slice(0, 1)).includes(heading));
    assert.ok(
      found,
      `no message "${heading}" in ${channel}; there are: ${this.channel(channel)
        .map((m) => textOf(m.blocks.slice(0, 1)))
        .join(' | ')}`,
    );
    return found;
  }

  stack(user: string): string[] {
    const s = this.stacks.get(user) ?? [];
    this.stacks.set(user, s);
    return s;
  }

  /** Rebuilds what Slack shows from the calls Toivo made since the last look. */
  sync(): void {
    for (const call of this.api.calls.slice(this.synced)) {
      const a = call.args;
      const r = call.result ?? {};
      if (call.error) continue;
      switch (call.method) {
        case 'chat.postMessage':
          this.messages.push({
            channel: str(r.channel),
            ts: str(r.ts),
            text: str(a.text),
            blocks: blocksOf(a.blocks),
          });
          break;
        case 'chat.update': {
          const m = this.messages.find((x) => x.channel === a.channel && x.ts === a.ts);
          assert.ok(m, `chat.update of a message that was never posted: ${str(a.ts)}`);
          m.text = str(a.text);
          m.blocks = blocksOf(a.blocks);
          break;
        }
        case 'chat.postEphemeral':
          this.ephemerals.push({
            user: str(a.user),
            channel: str(a.channel),
            text: str(a.text),
            blocks: blocksOf(a.blocks),
          });
          break;
        case 'views.open':
        case 'views.push': {
          const user = this.triggers.get(str(a.trigger_id));
          assert.ok(user, `${call.method} with a trigger nobody gave`);
          const id = str((r.view as Json).id);
          this.modals.set(id, { id, user, view: a.view as Modal['view'] });
          this.stack(user).push(id);
          break;
        }
        case 'views.publish': {
          const user = str(a.user_id);
          const id = str((r.view as Json).id);
          this.homes.set(user, { id, user, type: 'home', view: a.view as Modal['view'] });
          break;
        }
        case 'views.update': {
          const m = this.modals.get(str(a.view_id));
          assert.ok(m, 'views.update of a modal that is not open');
          m.view = a.view as Modal['view'];
          break;
        }
      }
    }
    this.synced = this.api.calls.length;
  }
}

export class Person {
  constructor(
    private readonly ws: Workspace,
    readonly id: string,
  ) {}

  command(text = '', channel = CHANNEL): Promise<SignedResponse> {
    const trigger = newTriggerId();
    return this.ws.send(
      slashCommand({ user_id: this.id, channel_id: channel, text, trigger_id: trigger }),
      this.id,
      trigger,
    );
  }

  /** The modal on top, as this person sees it. */
  get modal(): Modal {
    const id = this.ws.stack(this.id).at(-1);
    const m = id && this.ws.modals.get(id);
    assert.ok(m, `${this.id} has no modal open`);
    return m;
  }

  get hasModal(): boolean {
    return this.ws.stack(this.id).length > 0;
  }

  /** Opens Toivo's App Home, as Slack tells the app; the home Toivo publishes for them. */
  async openHome(): Promise<Modal> {
    await this.ws.send(
      eventCallback({
        type: 'app_home_opened',
        user: this.id,
        channel: `D${this.id}`,
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
      }),
    );
    const home = this.ws.homes.get(this.id);
    assert.ok(home, `nothing was published to ${this.id}'s App Home`);
    return home;
  }

  /** The ephemeral messages only this person saw, oldest first. */
  get ephemerals() {
    return this.ws.ephemerals.filter((e) => e.user === this.id);
  }

  /** Direct messages Toivo sent this person. */
  get dms(): Message[] {
    return this.ws.messages.filter((m) => m.channel === `D${this.id}`);
  }

  /** Presses the button titled `title` (the `nth` of that title) in a message or a modal. */
  async press(where: Message | Modal, title: string, inputs: Inputs = {}, nth = 0): Promise<SignedResponse> {
    const payload = this.pressing(where, title, inputs, nth);
    return this.ws.send(interaction(payload), this.id, payload.trigger_id);
  }

  /** The `block_actions` payload Slack would send for `press`, not sent. */
  pressing(where: Message | Modal, title: string, inputs: Inputs = {}, nth = 0) {
    const blocks = 'view' in where ? where.view.blocks : where.blocks;
    const matching = buttonsOf(blocks).filter((b) => titleOf(b) === title);
    const button = matching[nth];
    assert.ok(button, `no button "${title}" here; there are: ${buttonsOf(blocks).map(titleOf).join(' | ')}`);
    const state = stateOf(blocks, inputs);
    const common = {
      user: this.id,
      actionId: str(button.action_id),
      value: str(button.value),
      triggerId: newTriggerId(),
    };
    return 'view' in where
      ? blockActionsPayload({
          ...common,
          view: {
            ...(where.type ? { type: where.type } : {}),
            id: where.id,
            callback_id: where.view.callback_id,
            private_metadata: str(where.view.private_metadata),
            state,
            blocks: where.view.blocks as never,
          },
        })
      : blockActionsPayload({ ...common, channel: where.channel, message_ts: where.ts, state });
  }

  /** Sends the modal on top with `inputs`; Slack then closes it, shows the next one, or shows errors. */
  async submit(inputs: Inputs = {}): Promise<SignedResponse> {
    const modal = this.modal;
    const trigger = newTriggerId();
    const payload = viewSubmissionPayload({
      user: this.id,
      triggerId: trigger,
      view: {
        id: modal.id,
        callback_id: modal.view.callback_id,
        private_metadata: str(modal.view.private_metadata),
        state: stateOf(modal.view.blocks, inputs),
        blocks: modal.view.blocks as never,
      },
    });
    const res = await this.ws.send(interaction(payload), this.id, trigger);
    assert.equal(res.status, 200, `a modal's submit is answered with 200, not ${res.status}`);
    const answer = res.text ? (JSON.parse(res.text) as Json) : {};
    delete modal.errors;
    if (answer.response_action === 'errors') modal.errors = answer.errors as Record<string, string>;
    else if (answer.response_action === 'update') modal.view = answer.view as Modal['view'];
    else this.close();
    return res;
  }

  /** Closes the modal on top, as the person's ✕ does. */
  close(): void {
    this.ws.stack(this.id).pop();
  }
}

/** A date some days ahead, as a date input takes it. */
export const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** The smallest invitation that calls a meeting: Sanna convenes for Aino, who uses Slack. */
export const SMALL_INVITATION: Inputs = {
  purpose: 'Ainon koulunkäynnin tukeminen',
  date: inDays(3),
  time: '14:00',
  place: 'Koulu',
  convenerName: 'Sanna Korhonen',
  clientName: 'Aino Laine',
  clientAccount: 'UAINO',
};

/** `/toivo` and the invitation form sent by `convener`, with `more` over the small invitation. */
export async function callMeeting(convener: Person, more: Inputs = {}, channel?: string): Promise<void> {
  await convener.command('', channel);
  await convener.submit({ ...SMALL_INVITATION, ...more });
}

/**
 * A workspace over a fresh SQLite store for the suite it is called in: made before the suite's
 * tests, closed after them. Read `.ws` inside the tests.
 */
export function workspaceForSuite(options: Omit<WorkspaceOptions, 'store'> = {}): {
  readonly ws: Workspace;
  readonly store: EventStore<Event>;
} {
  let dir = '';
  let store: EventStore<Event> | undefined;
  let ws: Workspace | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-slack-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    ws = await Workspace.start({ ...options, store });
  });
  after(async () => {
    await ws?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get ws() {
      assert.ok(ws, 'only inside a test');
      return ws;
    },
    get store() {
      assert.ok(store, 'only inside a test');
      return store;
    },
  };
}

/** The url of the link button titled `title` on a message. */
export function linkOn(message: Message | undefined, title: string): URL {
  const button = buttonsOf(message?.blocks ?? []).find((b) => (b.text as { text: string }).text === title);
  assert.ok(typeof button?.url === 'string', `no "${title}" link on: ${JSON.stringify(message?.blocks)}`);
  return new URL(button.url);
}

/** The person's own view, opened afresh from the board in the channel (`board`'s title). */
export async function ownView(ws: Workspace, person: Person, board: string): Promise<Modal> {
  while (person.hasModal) person.close();
  await person.press(ws.message(board), t('fi', 'card.board.action.my_view'));
  assert.equal(person.modal.view.callback_id, 'toivo.my_view', 'the own view opens');
  return person.modal;
}

/** A step in one's own view that must work: no notice comes back. */
export async function ownStep(
  ws: Workspace,
  person: Person,
  board: string,
  button: string,
  inputs: Inputs = {},
): Promise<void> {
  const notices = person.ephemerals.length;
  await person.press(await ownView(ws, person, board), button, inputs);
  assert.deepEqual(
    person.ephemerals.slice(notices).map((e) => e.text),
    [],
    `${person.id}'s "${button}" was refused`,
  );
}

/**
 * Skipping the phase in one's own view, with a reason: typed on the board when nobody is left
 * unheard; else the board's button opens a modal that asks first, and the reason goes there.
 */
export async function ownSkip(ws: Workspace, person: Person, board: string, reason: string): Promise<void> {
  const own = await ownView(ws, person, board);
  const skip = t('fi', 'card.board.action.skip');
  if (JSON.stringify(own.view.blocks).includes('"skipReason"'))
    return ownStep(ws, person, board, skip, { skipReason: reason });
  await ownStep(ws, person, board, skip);
  assert.equal(person.modal.view.callback_id, 'phase.skip', 'a modal asks first');
  await person.submit({ skipReason: reason });
}

/** Closing the meeting in one's own view; when some have not answered, confirmed on the modal that asks first. */
export async function ownClose(ws: Workspace, person: Person, board: string): Promise<void> {
  await ownStep(ws, person, board, t('fi', 'card.board.action.close_meeting'));
  if (person.hasModal && person.modal.view.callback_id === 'meeting.close') await person.submit();
}
