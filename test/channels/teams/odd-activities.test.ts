/**
 * Activities that are not as Teams sends them, authenticated with a real Bot Framework token and
 * taken by botbuilder: the route's door refuses most of them before botbuilder, so these are sent
 * past it, to show that Toivo's handlers hold on their own (the door is not the only defence).
 * Each is answered (no failed turn, no 500), and changes no meeting it should not.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import { invokeActivity, messageActivity } from '../../support/fake-teams.js';
import { actionsOf, answered, cardOf, invitationBy, type Json, TeamsBot } from './teams-bot.js';

const T = (key: string) => t('fi', key);
const CHAT = { id: '19:odd_activities@thread.v2', conversationType: 'groupChat' as const };
const SANNA = { id: '29:sanna', aadObjectId: '00000000-0000-4000-8000-00000000a001', name: 'Sanna Korhonen' };
const AINO = { id: '29:aino', aadObjectId: '00000000-0000-4000-8000-00000000a002', name: 'Aino Laine' };
const MATTI = 'Matti Laine';

describe('Teams: activities Teams does not send, past the door, taken by botbuilder', function () {
  this.timeout(30_000);
  const bot = new TeamsBot(CHAT);
  let meetingId = '';
  let claim: { verb: string; data: Json } | undefined;

  before(async () => {
    await bot.start();
    bot.connector.members.set(CHAT.id, [{ ...AINO, tenantId: 'tenant' }]);
    ({ meetingId } = await bot.callMeeting(SANNA, {
      ...invitationBy(SANNA.name),
      clientAccount: AINO.aadObjectId,
      invitee1Name: MATTI,
      invitee1Role: 'close',
      invitee1Account: 'yes',
    }));
    // "This is me" on the invitation, as someone not yet in the meeting sees it: Matti's row.
    const asOutsider = answered(
      await bot.click(
        { id: '29:someone', aadObjectId: '00000000-0000-4000-8000-00000000a0ff', name: 'Joku' },
        'ui.refresh',
        { meetingId, surface: 'invitation' },
      ),
    );
    const action = actionsOf(asOutsider).find((a) => a.verb === 'account.claim');
    const matti = JSON.stringify(asOutsider).match(/"value":"(p\d+)"/)?.[1];
    assert.ok(action && matti, 'the invitation lets someone say they are Matti');
    claim = { verb: action.verb, data: { ...action.data, claimFor: matti } };
  });
  after(() => bot.stop());

  /** The meeting as stored, to compare around a request. */
  const meeting = async () => JSON.stringify(await bot.app.meetings.get(meetingId));
  /** What Toivo posted in the chat since `from` (an index into the connector's calls): the texts. */
  const postedSince = (from: number) =>
    bot.connector
      .activities(CHAT.id)
      .slice(from)
      .map((c) => String((c.body as { text?: unknown }).text ?? '(a card)'));

  /** A click that asks for the board, as Teams sends it from `from`. */
  const boardRefresh = (from: typeof SANNA) =>
    invokeActivity({
      serviceUrl: bot.connector.serviceUrl,
      conversation: CHAT,
      from,
      verb: 'ui.refresh',
      data: { meetingId, surface: 'board' },
    }) as unknown as Json;

  /** "@Toivo apua" as Teams sends it, changed by `change`. */
  const help = (change: (activity: Json) => Json) =>
    change(
      messageActivity({
        serviceUrl: bot.connector.serviceUrl,
        conversation: CHAT,
        from: SANNA,
        text: 'apua',
        mentionBot: true,
      }) as unknown as Json,
    );

  for (const [what, change] of [
    ['an entity that is no object', (a: Json) => ({ ...a, entities: ['p2', ...(a.entities as Json[])] })],
    ['a mention of nobody', (a: Json) => ({ ...a, entities: [{ type: 'mention', text: '<at>Toivo</at>' }] })],
    ['entities that are a text', (a: Json) => ({ ...a, entities: 'mention' })],
    ['entities of null', (a: Json) => ({ ...a, entities: null })],
    ['no recipient', ({ recipient: _, ...rest }: Json) => rest],
  ] as const)
    it(`"@Toivo apua" with ${what}: the help is answered, nothing changed`, async () => {
      const before = await meeting();
      const from = bot.connector.activities(CHAT.id).length;
      const answer = await bot.turn(help(change));
      assert.equal(answer.status, 200, `${what}: ${answer.status}`);
      const posted = postedSince(from);
      assert.equal(posted.length, 1, `one answer in the chat: ${posted.join(' | ')}`);
      // The text as it came ("<at>Toivo</at> apua") is no command Toivo knows: the help, as for any other.
      assert.equal(posted[0], T('teams.help'));
      assert.equal(await meeting(), before, 'the meeting is unchanged');
    });

  for (const [what, text] of [
    ['a text that is a number', 42],
    ['no text at all', undefined],
  ] as const)
    it(`"@Toivo" with ${what}: taken as "@Toivo" alone (the invitation form), nothing changed`, async () => {
      const before = await meeting();
      const from = bot.connector.activities(CHAT.id).length;
      const answer = await bot.turn(help((a) => ({ ...a, text })));
      assert.equal(answer.status, 200, `${what}: ${answer.status}`);
      const [form] = bot.connector.activities(CHAT.id).slice(from);
      assert.ok(
        actionsOf(cardOf(form)).some((a) => a.verb === 'meeting.create'),
        'the invitation form is posted',
      );
      assert.equal(await meeting(), before, 'the meeting is unchanged');
    });

  for (const [what, name] of [
    ['a number', 42],
    ['an object', { first: 'Olli' }],
  ] as const)
    it(`"this is me" from someone whose Teams name is ${what}: taken, shown without a name`, async () => {
      assert.ok(claim);
      const id = `29:odd-${typeof name}`;
      const activity = invokeActivity({
        serviceUrl: bot.connector.serviceUrl,
        conversation: CHAT,
        from: { id, name: 'x' },
        verb: claim.verb,
        data: claim.data,
      }) as unknown as Json;
      const answer = await bot.turn({ ...activity, from: { id, name } });
      assert.equal(answer.status, 200, `answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const claims = (await bot.app.meetings.get(meetingId))?.claims ?? [];
      const theirs = claims.find((c) => c.chatUserId.endsWith(`:${id}`));
      assert.ok(theirs, `the claim waits for the convener: ${JSON.stringify(claims)}`);
      assert.equal(theirs.displayName, undefined, 'with no name (the board says it is unnamed)');
    });

  for (const [what, change] of [
    ['no sender', ({ from: _, ...rest }: Json) => rest],
    ['a sender without an id', (a: Json) => ({ ...a, from: { name: 'Olli' } })],
    ['no conversation', ({ conversation: _, ...rest }: Json) => rest],
  ] as const) {
    it(`a click with ${what}: answered that it cannot be taken, nothing changed`, async () => {
      const before = await meeting();
      const activity = boardRefresh(SANNA);
      const answer = await bot.turn(change(activity));
      assert.equal(answer.status, 200, `${what}: ${answer.status}`);
      assert.deepEqual(answer.body, {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: T('rejection.command.unknown'),
      });
      assert.equal(await meeting(), before, 'the meeting is unchanged');
    });

    it(`a message with ${what}: left unanswered, nothing changed`, async () => {
      const before = await meeting();
      const from = bot.connector.activities().length;
      const answer = await bot.turn(change(help((a) => a)));
      assert.equal(answer.status, 200, `${what}: ${answer.status}`);
      assert.deepEqual(bot.connector.activities().slice(from), [], 'nothing posted');
      assert.equal(await meeting(), before, 'the meeting is unchanged');
    });
  }

  it('a click whose channel data names its tenant with no text (the door lets it by) is still the sender’s own', async () => {
    const activity = boardRefresh(AINO);
    const own = answered(await bot.send(activity));
    const odd = answered(await bot.send({ ...activity, channelData: { tenant: { id: { odd: true } } } }));
    // The conversation names the tenant too: Aino is Aino, and sees her own board, not a stranger's.
    assert.deepEqual(odd, own);
  });
});
