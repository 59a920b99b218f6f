/** Slack takes about one new message a second in a channel: Toivo spaces its posts, channel by channel. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../../src/core/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import { CHANNEL, Workspace } from './workspace.js';

const GAP = 400;
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('Slack: new messages in one channel are spaced out', () => {
  let dir = '';
  let store: EventStore<Event>;
  let ws: Workspace;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-slack-pace-'));
    store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
    ws = await Workspace.start({ store, messageGapMs: GAP });
  });

  after(async () => {
    await ws.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new meeting’s invitation and board go to the channel a gap apart; direct messages to others do not wait for them', async () => {
    const sanna = ws.person('USANNA');
    await sanna.command('');
    await sanna.submit({
      purpose: 'Ainon koulunkäynnin tukeminen',
      date: inDays(3),
      time: '14:00',
      place: 'Koulu',
      convenerName: 'Sanna Korhonen',
      clientName: 'Aino Laine',
      clientAccount: 'UAINO',
      invitee1Name: 'Liisa Laine',
      invitee1Account: 'ULIISA',
    });
    const posts = ws.api.callsOf('chat.postMessage');
    const inChannel = posts.filter((c) => c.args.channel === CHANNEL).map((c) => c.at);
    assert.equal(inChannel.length, 2, 'the invitation and the board');
    const [invitation = 0, board = 0] = inChannel;
    assert.ok(board - invitation >= GAP - 20, `${board - invitation} ms apart`);
    const direct = posts.filter((c) => c.args.channel !== CHANNEL).map((c) => c.at);
    assert.equal(direct.length, 2, 'the invitation to Aino and to Liisa');
    assert.ok(
      direct.every((at) => at - invitation < GAP),
      'each DM is a channel of its own, not held up by the channel’s gap',
    );
  });
});
