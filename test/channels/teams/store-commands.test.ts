/**
 * What a click asks of a shared store, counted on the wire (a proxy in front of Redis and
 * PostgreSQL): the note-taker's next note in a meeting in its discussion, through botbuilder, once
 * the meeting has been clicked on. Each command is a round trip and a wake-up of the process, so
 * nothing is to be read that cannot have changed: where the meeting lives, the Teams users already
 * met. The bench (`npm run bench`) prints the same counts beside the CPU they cost.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type CountProxy, startCountProxy } from '../../../scripts/bench/count-proxy.js';
import { longMeeting, NOTETAKER } from '../../../scripts/bench/long-meeting.js';
import type { Event } from '../../../src/core/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, probeRedis, REDIS_URL, requireService } from '../../store/services.js';
import { TeamsBot } from './teams-bot.js';

const CHAT = { id: '19:store-commands@thread.v2', conversationType: 'groupChat' as const };

/** At most this many commands a click: the meeting's lock, read, write and release, and the board's message the same. */
const MOST = 8;

for (const [name, url, probe] of [
  ['Redis', REDIS_URL, probeRedis],
  ['PostgreSQL', POSTGRES_URL, probePostgres],
] as const) {
  describe(`Teams over ${name}: what a click asks of the store`, function () {
    this.timeout(30_000);
    let proxy: CountProxy | undefined;
    let bot: TeamsBot | undefined;
    let store: EventStore<Event> | undefined;
    const namespace = `toivo-test-commands-${randomUUID()}`;

    before(async function () {
      await requireService(this, name, probe);
      proxy = await startCountProxy(url);
      store = await openEventStore<Event>({ url: proxy.url, namespace });
      const opened = store;
      // The bot closes it when it stops.
      bot = new TeamsBot(CHAT, { store: async () => opened });
      await bot.start();
    });

    after(async () => {
      await bot?.stop();
      await proxy?.close();
    });

    it(`a note in a meeting clicked on before sends at most ${MOST} commands`, async () => {
      assert.ok(bot && proxy && store, 'the bot runs over the counted store');
      const meetingId = `m-${randomUUID().slice(0, 8)}`;
      assert.ok((await store.append(meetingId, 0, longMeeting(meetingId, 100, 'teams'))).ok);
      const note = async (n: number) => {
        const res = await bot?.click(NOTETAKER.teams, 'note.add', {
          meetingId,
          phase: 'discussion',
          noteText: `Muistiinpano ${n}`,
        });
        assert.equal(res?.status, 200);
      };
      // The first clicks post the board and learn who is who.
      for (let n = 0; n < 3; n++) await note(n);
      const before = proxy.counts().commands;
      const clicks = 5;
      for (let n = 3; n < 3 + clicks; n++) await note(n);
      const perClick = (proxy.counts().commands - before) / clicks;
      assert.ok(perClick <= MOST, `${perClick} commands a click`);
      const notes = (await bot.app.meetings.get(meetingId))?.notes.length ?? 0;
      assert.ok(notes >= 3 + clicks, 'every note was kept');
    });
  });
}
