/**
 * A click on a shared card that Toivo refuses (not a form it draws again): the answer says why, and
 * at which of the card's inputs, so that the page keeps what was typed and says it there. The page
 * sends the card's input ids with the click: an input left empty, which the click's values leave
 * out, is found too. A list of inputs no page sends is answered as an unknown meeting.
 */
import assert from 'node:assert/strict';
import { describeRejection } from '../../src/i18n/index.js';
import { invitationFields, TestBrowser } from './playground-browser.js';
import { playgroundEach, teamsClick } from './playground-each.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON loosely, as the page does
type Json = Record<string, any>;

/** Some of the board's inputs, as the page sends them with a click on it. */
const BOARD_INPUTS = ['noteText', 'noteTopic', 'joinName', 'joinRelation', 'joinRole', 'skipReason'];

describe('the playground: a refused click on a shared card', () => {
  const server = playgroundEach('refused-click');

  const click = teamsClick;

  /** A meeting called together and started by Sanna; its id and Sanna's. */
  async function started(browser: TestBrowser) {
    const made = await click(browser, null, null, 'meeting.create', invitationFields());
    const meeting = made.json.meeting as string;
    const state = (await (await browser.fetch(`/api/state?meeting=${meeting}`)).json()) as Json;
    const sanna = (state.people as Json[]).find((p) => p.name === 'Sanna Korhonen')?.id as string;
    const presentIds = (state.people as Json[]).map((p) => p.id).join(',');
    const start = await click(browser, meeting, sanna, 'meeting.start', { presentIds });
    assert.equal(start.json.ok, true, JSON.stringify(start.json));
    return { meeting, sanna };
  }

  it('says why, and at which input: a name already in the meeting, a note left empty', async () => {
    const browser = new TestBrowser(server.url);
    await browser.fetch('/');
    const { meeting, sanna } = await started(browser);
    const twice = await click(
      browser,
      meeting,
      sanna,
      'participant.join',
      { joinName: 'Liisa Laine', joinRelation: 'naapuri' },
      { inputs: BOARD_INPUTS },
    );
    assert.equal(twice.status, 200);
    assert.equal(twice.json.ok, false, JSON.stringify(twice.json));
    assert.equal(twice.json.refused, undefined, 'no form to draw again: the page keeps its card');
    assert.deepEqual(twice.json.rejected, {
      message: describeRejection('fi', {
        rejected: true,
        code: 'participant.duplicate',
        params: { name: 'Liisa Laine' },
      }),
      input: 'joinName',
    });
    // The note input left empty is not among the click's values; the page's list of inputs names it.
    const empty = await click(browser, meeting, sanna, 'note.add', {}, { inputs: BOARD_INPUTS });
    assert.equal(empty.json.ok, false, JSON.stringify(empty.json));
    assert.equal(empty.json.rejected.input, 'noteText');
    assert.equal(
      empty.json.rejected.message,
      describeRejection('fi', { rejected: true, code: 'input.empty', params: { field: 'note' } }),
    );
    // A click taken says nothing of the kind.
    const note = await click(
      browser,
      meeting,
      sanna,
      'note.add',
      { noteText: 'Aamut' },
      { inputs: BOARD_INPUTS },
    );
    assert.equal(note.json.ok, true, JSON.stringify(note.json));
    assert.equal(note.json.rejected, undefined);
  });

  it('a list of inputs no page sends is answered as an unknown meeting, and nothing is done', async () => {
    const browser = new TestBrowser(server.url);
    await browser.fetch('/');
    const { meeting, sanna } = await started(browser);
    const unknown = await click(browser, 'm-doesnotexist', sanna, 'note.add', { noteText: 'Aamut' });
    assert.equal(unknown.status, 404);
    for (const inputs of ['noteText', [''], ['note text'], [1], Array(201).fill('noteText'), {}]) {
      const answer = await click(browser, meeting, sanna, 'note.add', { noteText: 'Aamut' }, { inputs });
      assert.equal(answer.status, 404, JSON.stringify(inputs).slice(0, 80));
      assert.deepEqual(answer.json, unknown.json);
    }
    const notes = ((await server.store.load(meeting))?.events ?? []).filter((e) => e.type === 'note.added');
    assert.deepEqual(notes, []);
  });
});
