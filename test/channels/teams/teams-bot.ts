/**
 * Toivo's Teams channel for tests: its real server, botbuilder's real authentication and MSAL,
 * with Microsoft's servers replaced by the local fakes. People click cards as Teams sends clicks:
 * signed `adaptiveCard/action` invokes, answered with the card they then see.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Clock } from '../../../src/app/index.js';
import { type RouteHandler, type Running, startServer } from '../../../src/app/server.js';
import { type TeamsChannel, teamsChannel } from '../../../src/channels/teams/index.js';
import type { Event } from '../../../src/core/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import {
  botSettings,
  type ConnectorCall,
  FAKE_TEAMS,
  type FakeAad,
  type FakeBotIdentity,
  type FakeConnector,
  invokeActivity,
  messageActivity,
  postActivity,
  startFakeAad,
  startFakeBotIdentity,
  startFakeConnector,
  type TeamsConversationInput,
} from '../../support/fake-teams.js';

export type Json = Record<string, unknown>;
export interface TeamsPerson {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

/** Every text of a card, to read what a person sees. */
export function textOf(node: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      for (const k of ['text', 'title', 'value', 'label'])
        if (typeof o[k] === 'string') out.push(o[k] as string);
      for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v);
    }
  };
  walk(node);
  return out.join('\n');
}

/** The Adaptive Card a connector call carries. */
export function cardOf(call: ConnectorCall | undefined): Json {
  const attachments = (call?.body as { attachments?: { content: Json }[] } | undefined)?.attachments;
  assert.ok(attachments?.[0], 'the activity carries a card');
  return attachments[0].content;
}

export interface CardAction {
  readonly verb: string;
  readonly title: string;
  readonly data: Json;
  /** Whether Teams sends the card's inputs with it (`associatedInputs` is not "none"). */
  readonly withInputs: boolean;
}

/** Every Action.Execute of a card, with its verb, title and data (not the refresh, not the fallbacks). */
export function actionsOf(card: unknown): CardAction[] {
  const found: CardAction[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (o.type === 'Action.Execute')
        found.push({
          verb: String(o.verb),
          title: String(o.title),
          data: (o.data as Json) ?? {},
          withInputs: o.associatedInputs !== 'none',
        });
      for (const [k, v] of Object.entries(o)) if (k !== 'fallback' && k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found;
}

/** The choices of a card's Input.ChoiceSet `id`, title → value. */
function choicesOf(card: unknown, id: string): { title: string; value: string }[] {
  let found: { title: string; value: string }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (o.type === 'Input.ChoiceSet' && o.id === id && Array.isArray(o.choices))
        found = o.choices as { title: string; value: string }[];
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** Every input of a card with the value it starts with: what Teams sends when nobody changes it. */
export function defaultsOf(card: unknown): Json {
  const found: Json = {};
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
        found[o.id] = typeof o.value === 'string' ? o.value : '';
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

/**
 * What a card's inputs send for `inputs`, as Teams merges them into the action's data: a choice is
 * given by what the person reads (a name) or its value; several are joined with commas.
 */
export function inputsOf(card: unknown, inputs: Readonly<Record<string, string | readonly string[]>>): Json {
  const one = (id: string, given: string) => {
    const choices = choicesOf(card, id);
    return (
      choices.find((c) => c.title === given || c.title.startsWith(`${given} (`))?.value ??
      choices.find((c) => c.value === given)?.value ??
      given
    );
  };
  return Object.fromEntries(
    Object.entries(inputs).map(([id, given]) => [
      id,
      typeof given === 'string' ? one(id, given) : given.map((g) => one(id, g)).join(','),
    ]),
  );
}

export class TeamsBot {
  readonly log: string[] = [];
  private dir = '';
  private store?: EventStore<Event>;
  aad!: FakeAad;
  identity!: FakeBotIdentity;
  connector!: FakeConnector;
  channel!: TeamsChannel;
  server!: Running;
  /** The app behind the channel: its clock, its aftercare. */
  app!: App;

  constructor(
    readonly conversation: TeamsConversationInput,
    private readonly options: {
      readonly clock?: Clock;
      /** The store to run over (by default a SQLite file of its own); closed by `stop`. */
      readonly store?: () => Promise<EventStore<Event>>;
    } = {},
  ) {}

  async start(): Promise<void> {
    assert.ok(
      process.env.NODE_EXTRA_CA_CERTS?.endsWith('test/support/tls/ca.pem'),
      'run with NODE_EXTRA_CA_CERTS=test/support/tls/ca.pem (npm test and npm run test:unit set it)',
    );
    this.dir = mkdtempSync(join(tmpdir(), 'toivo-teams-'));
    this.store = this.options.store
      ? await this.options.store()
      : await openEventStore<Event>({ url: `sqlite://${join(this.dir, 'toivo.sqlite')}` });
    this.aad = await startFakeAad();
    this.identity = await startFakeBotIdentity({ appId: FAKE_TEAMS.appId });
    this.connector = await startFakeConnector(this.aad);
    const settings = Object.fromEntries(
      Object.entries(botSettings(this.identity, this.aad)).map(([k, v]) => [k, String(v)]),
    );
    const log = (l: string) => this.log.push(l);
    const clock = this.options.clock ? { clock: this.options.clock } : {};
    this.app = new App(this.store, { log, retry: { delaysMs: [100] }, ...clock });
    // The server's address is the public one calendar links point to: it is known once it listens.
    const routes: RouteHandler[] = [];
    this.server = await startServer({ port: 0, host: '127.0.0.1' }, routes);
    this.channel = teamsChannel(
      this.app,
      { appId: FAKE_TEAMS.appId, password: FAKE_TEAMS.password, settings },
      // Calls in one conversation go out without a gap here: the pacing itself is tested with Slack's.
      { log, messageGapMs: 0, publicUrl: this.server.url },
    );
    routes.push(this.channel.route);
    // As at Toivo's start: reminders of meetings in Teams go out through this channel.
    await this.channel.start();
  }

  async stop(): Promise<void> {
    await this.channel.stop();
    await this.server.close();
    await this.connector.close();
    await this.identity.close();
    await this.aad.close();
    await this.store?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Sends an activity as Teams does, signed; waits until Toivo has delivered what it sends. */
  async send(activity: unknown) {
    const token = await this.identity.token({}, { serviceUrl: this.connector.serviceUrl });
    const res = await postActivity(`${this.server.url}/api/messages`, activity, token);
    await this.channel.settled();
    return res;
  }

  /**
   * Sends an activity as Teams does, signed, to botbuilder's turn without the route's door (which
   * refuses what Teams never sends): what the handlers do with it on their own.
   */
  async turn(activity: unknown) {
    const token = await this.identity.token({}, { serviceUrl: this.connector.serviceUrl });
    const answer = await this.channel.turn(structuredClone(activity), `Bearer ${token}`);
    await this.channel.settled();
    return answer;
  }

  /** "@Toivo <text>" in the conversation (or another one, e.g. a personal chat). */
  say(from: TeamsPerson, text: string, conversation: TeamsConversationInput = this.conversation) {
    const { serviceUrl } = this.connector;
    const mentionBot = conversation.conversationType !== 'personal';
    return this.send(messageActivity({ serviceUrl, conversation, from, text, mentionBot }));
  }

  /**
   * "@Toivo new" by `convener`, and the invitation form sent back with `fields` over what it
   * holds: the invitation as the convener then sees it, and the meeting's id.
   */
  async callMeeting(convener: TeamsPerson, fields: Json): Promise<{ invitation: Json; meetingId: string }> {
    await this.say(convener, 'new');
    const form = cardOf(this.connector.activities(this.conversation.id).at(-1));
    const create = actionsOf(form).find((a) => a.verb === 'meeting.create');
    assert.ok(create, 'the form sends the invitation');
    const invitation = answered(await this.click(convener, 'meeting.create', { ...create.data, ...fields }));
    const meetingId = String(actionsOf(invitation).find((a) => a.data.meetingId)?.data.meetingId ?? '');
    assert.ok(meetingId.startsWith('m-'), JSON.stringify(invitation).slice(0, 300));
    return { invitation, meetingId };
  }

  /** An older client's Action.Submit: a message whose value is the action's data. */
  submit(from: TeamsPerson, value: Json, replyToId?: string) {
    const { serviceUrl } = this.connector;
    return this.send(
      messageActivity({
        serviceUrl,
        conversation: this.conversation,
        from,
        value,
        ...(replyToId ? { replyToId } : {}),
      }),
    );
  }

  /** A click on a card of the message `replyToId`; `id` names the click (Teams sends it again on a retry). */
  click(
    from: TeamsPerson,
    verb: string,
    data: Json,
    replyToId?: string,
    id?: string,
    conversation: TeamsConversationInput = this.conversation,
  ) {
    const { serviceUrl } = this.connector;
    return this.send(
      invokeActivity({
        serviceUrl,
        conversation,
        from,
        verb,
        data,
        ...(replyToId ? { replyToId } : {}),
        ...(id ? { id } : {}),
      }),
    );
  }
}

/** The card an invoke was answered with (a refused click is answered with a sentence instead). */
export function answered(res: { status: number; body: unknown }): Json {
  assert.equal(res.status, 200, `answered ${JSON.stringify(res.body)}`);
  const body = res.body as { type?: string; value?: unknown };
  assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', `a card, not: ${JSON.stringify(body)}`);
  return body.value as Json;
}

/** A date some days ahead, as a date input takes it. */
export const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** The invitation form filled for a meeting about Aino three days ahead, convened by `convener`. */
export const invitationBy = (convener: string, more: Json = {}): Json => ({
  purpose: 'Ainon koulunkäynnin tukeminen',
  date: inDays(3),
  time: '14:00',
  durationMinutes: '90',
  place: 'Koulu',
  meetingLocale: 'fi',
  convenerName: convener,
  clientName: 'Aino Laine',
  ...more,
});

/**
 * What the action titled `title` on `card` sends, as Teams does: the action's data with every
 * input's value as the person left it (`inputs` fill them by name, choices by their title).
 */
export function pressing(card: Json, title: string, inputs: Json = {}): { verb: string; data: Json } {
  const action = actionsOf(card).find((a) => a.title === title);
  assert.ok(
    action,
    `no "${title}"; there are: ${actionsOf(card)
      .map((a) => a.title)
      .join(' | ')}`,
  );
  const typed = action.withInputs
    ? { ...defaultsOf(card), ...inputsOf(card, inputs as Record<string, string>) }
    : {};
  return { verb: action.verb, data: { ...action.data, ...typed } };
}
