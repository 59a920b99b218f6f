/** The playground's API: the same validation as the real channels; forged or malformed requests change nothing. */
import assert from 'node:assert/strict';
import { describeRejection, t } from '../../src/i18n/index.js';
import { invitationFields, TestBrowser } from './playground-browser.js';
import { playgroundEach } from './playground-each.js';

const INVITATION = invitationFields({
  topics: 'Poissaolot',
  invitee3Name: 'Pekka Virtanen',
  invitee3Role: 'worker',
  invitee3Account: 'yes',
});

describe('the playground API', () => {
  const server = playgroundEach('playground');
  /** The browser the meetings are opened from: it carries the playground's cookie. */
  let browser: TestBrowser;
  const api = async (path: string, body?: unknown, raw?: string) => {
    const res = await browser.fetch(
      path,
      body === undefined && raw === undefined
        ? {}
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: raw ?? JSON.stringify(body),
          },
    );
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON loosely, as the page does
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const invoke = (
    meeting: string | null,
    as: string | null,
    verb: string,
    data: Record<string, unknown> = {},
  ) => api('/api/teams', { meeting, as, value: { action: { type: 'Action.Execute', verb, data } } });

  beforeEach(() => {
    browser = new TestBrowser(server.url);
  });

  async function newMeeting() {
    const created = await invoke(null, null, 'meeting.create', INVITATION);
    assert.equal(created.json.ok, true, JSON.stringify(created.json));
    const meeting = created.json.meeting as string;
    const state = (await api(`/api/state?meeting=${meeting}`)).json;
    return { meeting, people: state.people as { id: string; name: string }[], state };
  }

  it('starts with the invitation form, in Finnish', async () => {
    const { json } = await api('/api/state');
    assert.deepEqual(
      json.messages.map((m: { surface: string }) => m.surface),
      ['invitation-form'],
    );
    assert.equal(json.labels.title, t('fi', 'playground.title'));
  });

  it('creates a meeting from the form; only people with a chat account can be acted as', async () => {
    const { people, state } = await newMeeting();
    assert.deepEqual(
      people.map((p) => p.name),
      ['Sanna Korhonen', 'Aino Laine', 'Liisa Laine', 'Pekka Virtanen'],
    );
    assert.deepEqual(
      state.messages.map((m: { surface: string }) => m.surface),
      ['invitation', 'board'],
    );
  });

  it('answers a body that is not JSON with a clear error, and changes nothing', async () => {
    const { meeting } = await newMeeting();
    const before = (await server.store.load(meeting))?.version;
    const res = await api('/api/teams', undefined, '{"meeting": ');
    assert.equal(res.status, 400);
    assert.equal(res.json.error, t('fi', 'playground.bad_request'));
    assert.equal((await server.store.load(meeting))?.version, before);
  });

  it('refuses an unknown verb, a malformed Slack payload and a stranger, and changes nothing', async () => {
    const { meeting, people } = await newMeeting();
    const before = (await server.store.load(meeting))?.version;
    const unknown = await invoke(meeting, people[0]?.id ?? null, 'meeting.erase_everything');
    assert.equal(unknown.json.ok, false);
    const slack = await api('/api/slack', {
      meeting,
      as: people[0]?.id,
      payload: { type: 'block_actions', actions: 'x' },
    });
    assert.equal(slack.status, 400);
    const stranger = await invoke(meeting, 'p99', 'floor.request');
    assert.equal(stranger.status, 403);
    assert.equal((await server.store.load(meeting))?.version, before);
  });

  it('a forged "give the floor" to a worker before the client is refused with the client-first answer', async () => {
    const { meeting, people } = await newMeeting();
    const convener = people[0]?.id as string;
    const teacher = people.find((p) => p.name === 'Pekka Virtanen')?.id as string;
    const present = people.map((p) => p.id).join(',');
    const started = await invoke(meeting, convener, 'meeting.start', {
      meetingId: meeting,
      presentIds: present,
    });
    assert.equal(started.json.ok, true, JSON.stringify(started.json));
    const before = (await server.store.load(meeting))?.version;
    const forged = await invoke(meeting, convener, 'floor.give', { meetingId: meeting, floorTo: teacher });
    assert.equal(forged.json.ok, false);
    assert.match(JSON.stringify(forged.json.notice.teams), /asiakas puhuu ensin|Aino Laine/i);
    assert.equal((await server.store.load(meeting))?.version, before);
  });

  it('"Skip anyway" refused because someone arrived since comes back naming them too, and then skips', async () => {
    const { meeting, people } = await newMeeting();
    const id = (name: string) => people.find((p) => p.name === name)?.id as string;
    const sanna = id('Sanna Korhonen');
    const here = ['Sanna Korhonen', 'Aino Laine', 'Liisa Laine'].map(id).join(',');
    const started = await invoke(meeting, sanna, 'meeting.start', { meetingId: meeting, presentIds: here });
    assert.equal(started.json.ok, true, JSON.stringify(started.json));
    const asked = await invoke(meeting, sanna, 'ui.confirm_form', { meetingId: meeting });
    /** The data of the one button of a drawn form, as the page sends it, with the reason typed. */
    const skipOf = (card: unknown) => {
      const data = JSON.stringify(card).match(/"verb":"phase\.skip"[^{}]*"data":(\{[^{}]*\})/)?.[1];
      assert.ok(data, JSON.stringify(card).slice(0, 300));
      return { ...(JSON.parse(data) as Record<string, unknown>), skipReason: 'Aika loppuu' };
    };
    const first = skipOf(asked.json.form.teams);
    const pekka = id('Pekka Virtanen');
    const arrived = await invoke(meeting, sanna, 'attendance.mark', {
      meetingId: meeting,
      status: 'present',
      markPresent: 'true',
      presentId: pekka,
    });
    assert.equal(arrived.json.ok, true, JSON.stringify(arrived.json));

    const refused = await invoke(meeting, sanna, 'phase.skip', first);
    assert.equal(refused.json.ok, false);
    const again = JSON.stringify(refused.json.refused?.teams ?? null);
    const why = describeRejection('fi', {
      rejected: true,
      code: 'phase.skip_unheard',
      params: { names: ['Pekka Virtanen'] },
    });
    assert.ok(again.includes(why) && again.includes('Aika loppuu'), again.slice(0, 600));
    assert.ok(String(refused.json.refused.slack.html).includes('Pekka Virtanen'), 'the Slack side too');
    const skipped = await invoke(meeting, sanna, 'phase.skip', skipOf(refused.json.refused.teams));
    assert.equal(skipped.json.ok, true, JSON.stringify(skipped.json).slice(0, 300));
  });

  it('a Slack button press reaches the meeting the same way as a Teams click', async () => {
    const { meeting, people } = await newMeeting();
    const liisa = people.find((p) => p.name === 'Liisa Laine')?.id as string;
    const res = await api('/api/slack', {
      meeting,
      as: liisa,
      payload: {
        type: 'block_actions',
        actions: [
          {
            type: 'button',
            action_id: 'attendance.mark#0',
            value: JSON.stringify({ meetingId: meeting, status: 'present' }),
          },
        ],
        state: { values: {} },
      },
    });
    assert.equal(res.json.ok, true, JSON.stringify(res.json));
    const events = (await server.store.load(meeting))?.events ?? [];
    assert.deepEqual(events.at(-1) && { type: events.at(-1)?.type, by: events.at(-1)?.by }, {
      type: 'attendance.marked',
      by: liisa,
    });
  });

  it('moves the playground’s clock forward, never back', async () => {
    const first = (await api('/api/clock', { minutes: 60 * 24 })).json.now as string;
    const back = (await api('/api/clock', { minutes: -600 })).json.now as string;
    assert.equal(first, new Date(Date.parse('2026-11-24T09:00:00+02:00')).toISOString());
    assert.equal(back, first);
  });

  it('offers no memo for a meeting that does not exist, nor for one not yet closed', async () => {
    assert.equal((await browser.fetch('/api/memo?meeting=nope')).status, 404);
    const { meeting } = await newMeeting();
    const res = await browser.fetch(`/api/memo?meeting=${meeting}`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: t('fi', 'playground.not_found') });
  });
});
