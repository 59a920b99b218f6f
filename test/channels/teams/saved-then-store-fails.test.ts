/**
 * Teams: an invitation saved just before the store stops answering is answered as sent (the card
 * of the meeting it made), not as a failure that would have the convener send it again. Through
 * the real botbuilder code and a fake Teams; PostgreSQL behind a proxy cut right after the save.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Event } from '../../../src/core/index.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openEventStore } from '../../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, requireService } from '../../store/services.js';
import { postgresBehindProxy } from '../../support/postgres-proxy.js';
import type { FaultProxy } from '../../support/toivo-process.js';
import { actionsOf, answered, cardOf, invitationBy, TeamsBot } from './teams-bot.js';

const CHAT = { id: '19:saved_then_down@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000b001', name: 'Sanna Korhonen' };

describe('Teams: an invitation saved just before the store stops answering', function () {
  this.timeout(30_000);
  const namespace = `teams-saved-${randomUUID()}`;
  let proxy: FaultProxy | undefined;
  let direct: EventStore<Event> | undefined;
  let bot: TeamsBot | undefined;

  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
    let through: string;
    ({ proxy, through } = await postgresBehindProxy());
    direct = await openEventStore<Event>({ url: POSTGRES_URL, namespace });
    bot = new TeamsBot(CHAT, {
      store: () => openEventStore<Event>({ url: through, namespace, timeoutMs: 1_000 }),
    });
    await bot.start();
  });

  after(async () => {
    proxy?.restore();
    await bot?.stop();
    if (direct) for (const id of await direct.streamIds()) await direct.erase(id);
    await direct?.close();
    await proxy?.close();
  });

  it('is answered with the invitation it made, and the meeting is there', async () => {
    const teams = bot as TeamsBot;
    await teams.say(SANNA, 'new');
    const form = cardOf(teams.connector.activities(CHAT.id).at(-1));
    const create = actionsOf(form).find((a) => a.verb === 'meeting.create');
    assert.ok(create);
    // Cut the moment the meeting lists are written: the meeting is saved by then.
    const cut = proxy?.cutWhen('meetings-of:');
    const res = await teams.click(SANNA, 'meeting.create', { ...create.data, ...invitationBy(SANNA.name) });
    await cut;
    assert.equal(proxy?.state, 'cut', 'the store was cut after the save');
    const invitation = answered(res);
    const meetingId = String(actionsOf(invitation).find((a) => a.data.meetingId)?.data.meetingId ?? '');
    assert.ok(meetingId.startsWith('m-'), JSON.stringify(invitation).slice(0, 300));
    assert.equal((await direct?.load(meetingId))?.events[0]?.type, 'meeting.created');
    assert.ok(!teams.log.some((line) => line.includes('Ainon')), 'nothing typed is logged');
  });
});
