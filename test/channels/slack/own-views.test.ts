/**
 * The own views people have open in Slack, drawn again when the meeting moves on: each one open,
 * never an older drawing over a newer one (a slow delivery overtaken by a later click).
 * Kept in a real store (a SQLite file); Slack's views.update is recorded.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { webApi } from '@slack/bolt';
import { type OpenViews, OwnViews } from '../../../src/channels/slack/own-views.js';
import type { Event } from '../../../src/core/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import { realisticMeeting } from '../../support/realistic-meeting.js';

describe('Slack: own views drawn again', () => {
  let dir: string;
  let store: EventStore<Event>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toivo-own-views-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('each open view of someone in the meeting is drawn again, unless it already shows a newer drawing', async () => {
    const d = realisticMeeting('discussion');
    const m = d.m;
    const records = store.records<OpenViews>('slack-own-views');
    const views = new OwnViews(records);
    const drawn: { id: string }[] = [];
    const client = {
      views: {
        update: async (args: { view_id: string }) => {
          drawn.push({ id: args.view_id });
          return { ok: true };
        },
      },
    } as unknown as webApi.WebClient;
    const at = (version: number) => ({ ...m, version });
    // Aino's and Liisa's views show an older drawing; Sanna's already one newer than this one;
    // Pekka's is the clicker's own (drawn in answer to the click), and an outsider's is not of the meeting.
    await views.opened('V-AINO', at(m.version - 2), 'U-AINO');
    await views.opened('V-LIISA', at(m.version - 1), 'U-LIISA');
    await views.opened('V-SANNA', at(m.version + 1), 'U-SANNA');
    await views.opened('V-PEKKA', at(m.version - 1), 'U-PEKKA');
    await views.opened('V-OUTSIDER', at(m.version - 1), 'U-OUTSIDER');
    await views.refresh(client, { locale: 'fi', now: d.now, meeting: m }, new Set(['V-PEKKA']));
    assert.deepEqual(
      drawn.map((v) => v.id).sort(),
      ['V-AINO', 'V-LIISA'],
      'the older ones, not Sanna’s newer one',
    );
    const kept = (await records.get(m.id))?.views ?? [];
    assert.deepEqual(
      Object.fromEntries(kept.map((v) => [v.id, v.version])),
      { 'V-AINO': m.version, 'V-LIISA': m.version, 'V-SANNA': m.version + 1, 'V-PEKKA': m.version - 1 },
      'each noted as drawn from what it shows; the outsider’s is forgotten',
    );
  });
});
