/**
 * The playground's page gives each click an id of its own, and Toivo keeps it as the click's command
 * id, per browser (the store's contract): the same click sent twice (a retry, a double send)
 * applies once and is answered the same way; a click refused is refused again the same way when it
 * comes again, even once it would be taken; two browsers that send the same id never take each
 * other's clicks for their own; a page that sends no id is served as before. Through the real
 * HTTP server, as the page calls it.
 */
import assert from 'node:assert/strict';
import type { Event } from '../../src/core/index.js';
import { invitationFields, TestBrowser } from './playground-browser.js';
import { playgroundEach, teamsClick } from './playground-each.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON loosely, as the page does
type Json = Record<string, any>;

describe('the playground’s command ids', () => {
  const server = playgroundEach('commands');

  /** A browser with the playground's cookie, as one that has opened the page. */
  async function newBrowser(): Promise<TestBrowser> {
    const browser = new TestBrowser(server.url);
    await browser.fetch('/');
    return browser;
  }

  /** A Teams click from the page, with the click's id (none when undefined), and its answer. */
  const click = (
    browser: TestBrowser,
    meeting: string | null,
    as: string | null,
    verb: string,
    data: Json = {},
    commandId?: string,
  ) => teamsClick(browser, meeting, as, verb, data, commandId === undefined ? {} : { commandId });

  /** A meeting called together from `browser` with the click `commandId`; its id and people by name. */
  async function newMeeting(browser: TestBrowser, commandId: string = crypto.randomUUID()) {
    const made = await click(browser, null, null, 'meeting.create', invitationFields(), commandId);
    assert.equal(made.json.ok, true, JSON.stringify(made.json));
    const meeting = made.json.meeting as string;
    const state = (await (await browser.fetch(`/api/state?meeting=${meeting}`)).json()) as Json;
    const id = (name: string) => (state.people as Json[]).find((p) => p.name === name)?.id as string;
    return {
      meeting,
      sanna: id('Sanna Korhonen'),
      liisa: id('Liisa Laine'),
      everyone: state.people as Json[],
    };
  }

  async function started(browser: TestBrowser) {
    const m = await newMeeting(browser);
    const presentIds = m.everyone.map((p) => p.id).join(',');
    const start = await click(
      browser,
      m.meeting,
      m.sanna,
      'meeting.start',
      { presentIds },
      crypto.randomUUID(),
    );
    assert.equal(start.json.ok, true, JSON.stringify(start.json));
    return m;
  }

  /** The meeting's events of `type`. */
  const eventsOf = async (meeting: string, type: Event['type']) =>
    ((await server.store.load(meeting))?.events ?? []).filter((e) => e.type === type);

  /** The same click twice, its answers; they must say the same. */
  async function twice(send: () => ReturnType<typeof click>) {
    const first = await send();
    const second = await send();
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.deepEqual(
      { status: second.status, ok: second.json.ok, meeting: second.json.meeting },
      { status: first.status, ok: first.json.ok, meeting: first.json.meeting },
      'the second answer is the same kind as the first',
    );
    return first;
  }

  it('a note and a raised hand sent twice with the same id apply once, and both answers say the same', async () => {
    const browser = await newBrowser();
    const { meeting, sanna, liisa } = await started(browser);
    const note = await twice(() =>
      click(browser, meeting, sanna, 'note.add', { noteText: 'Aamut ovat vaikeita' }, 'note-1'),
    );
    assert.equal(note.json.ok, true);
    assert.equal((await eventsOf(meeting, 'note.added')).length, 1, 'one note');
    const hand = await twice(() => click(browser, meeting, liisa, 'floor.request', {}, 'hand-1'));
    assert.equal(hand.json.ok, true);
    assert.equal((await eventsOf(meeting, 'floor.requested')).length, 1, 'one hand raised');
    // And a second click of the same kind, with an id of its own, is a click of its own.
    const again = await click(browser, meeting, sanna, 'note.add', { noteText: 'Toinen' }, 'note-2');
    assert.equal(again.json.ok, true, JSON.stringify(again.json));
    assert.equal((await eventsOf(meeting, 'note.added')).length, 2);
  });

  it('the invitation form sent twice with the same id calls one meeting together', async () => {
    const browser = await newBrowser();
    const made = await twice(() =>
      click(browser, null, null, 'meeting.create', invitationFields(), 'form-1'),
    );
    assert.equal(made.json.ok, true, JSON.stringify(made.json));
    assert.deepEqual(await server.store.streamIds(), [made.json.meeting]);
  });

  it('a refused click sent again is refused the same way, even once it would be taken', async () => {
    const browser = await newBrowser();
    const { meeting, sanna, liisa, everyone } = await newMeeting(browser);
    // Liisa raises her hand before the meeting has started: refused.
    const refused = await click(browser, meeting, liisa, 'floor.request', {}, 'early-hand');
    assert.equal(refused.status, 200);
    assert.equal(refused.json.ok, false, JSON.stringify(refused.json));
    const presentIds = everyone.map((p) => p.id).join(',');
    const start = await click(browser, meeting, sanna, 'meeting.start', { presentIds }, 'start-1');
    assert.equal(start.json.ok, true, JSON.stringify(start.json));
    // The same click again, now that it would be taken: refused the same way, never applied late.
    const again = await click(browser, meeting, liisa, 'floor.request', {}, 'early-hand');
    assert.equal(again.status, refused.status);
    assert.equal(again.json.ok, false, 'refused again');
    // It says what it said then (the meeting's phase then), whatever the card offers now.
    assert.deepEqual(again.json.notice.teams.body, refused.json.notice.teams.body, 'with the same answer');
    assert.deepEqual(await eventsOf(meeting, 'floor.requested'), []);
    // A new click is a new decision.
    const fresh = await click(browser, meeting, liisa, 'floor.request', {}, 'hand-now');
    assert.equal(fresh.json.ok, true, JSON.stringify(fresh.json));
  });

  it('two browsers sending the same ids do not take each other’s clicks for their own', async () => {
    const [a, b] = [await newBrowser(), await newBrowser()];
    const ours = await started(a);
    const theirs = await newMeeting(b, 'same-id');
    const mine = await newMeeting(a, 'same-id');
    assert.notEqual(mine.meeting, theirs.meeting, 'two meetings');
    const listed = async (browser: TestBrowser) =>
      ((await (await browser.fetch('/api/state')).json()) as Json).meetings.map((m: Json) => m.id);
    assert.deepEqual(await listed(a), [ours.meeting, mine.meeting]);
    assert.deepEqual(await listed(b), [theirs.meeting], 'the other browser sees only its own');
    // The same raw id, in each browser's own meeting: both applied.
    const presentIds = theirs.everyone.map((p) => p.id).join(',');
    const start = await click(b, theirs.meeting, theirs.sanna, 'meeting.start', { presentIds }, 'click-1');
    assert.equal(start.json.ok, true, JSON.stringify(start.json));
    const note = await click(a, ours.meeting, ours.sanna, 'note.add', { noteText: 'Meidän' }, 'click-1');
    assert.equal(note.json.ok, true, JSON.stringify(note.json));
    assert.equal((await eventsOf(ours.meeting, 'note.added')).length, 1);
    assert.equal((await eventsOf(theirs.meeting, 'meeting.started')).length, 1);
  });

  it('a page that sends no id (one loaded before ids) is served as before: each click is a click of its own', async () => {
    const browser = await newBrowser();
    const { meeting, sanna } = await started(browser);
    for (const commandId of [undefined, '', undefined]) {
      const note = await click(browser, meeting, sanna, 'note.add', { noteText: 'Sama teksti' }, commandId);
      assert.equal(note.json.ok, true, JSON.stringify(note.json));
    }
    assert.equal((await eventsOf(meeting, 'note.added')).length, 3);
  });
});
