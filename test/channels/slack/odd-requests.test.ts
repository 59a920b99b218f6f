/**
 * Requests Slack does not send, signed as Slack signs them, through Toivo's real server and Bolt's
 * receiver: kinds Toivo does not take, and fields the door lets by that are not as Slack sends
 * them. Each is acknowledged at once (Slack shows the person an error when three seconds pass
 * without), never a 500, and changes no meeting, except as the same request would with sound fields.
 */
import assert from 'node:assert/strict';
import { t } from '../../../src/i18n/index.js';
import {
  eventCallback,
  interaction,
  postSigned,
  type SlackRequest,
  slashCommand,
} from '../../support/fake-slack.js';
import { changed, snapshot } from '../fuzz-support.js';
import { CHANNEL, callMeeting, SECRET, TEAM, textOf, workspaceForSuite } from './workspace.js';

const T = (key: string) => t('fi', key);
const MATTI = 'Matti Laine';
const SANNA = { id: 'USANNA', team_id: TEAM, name: 'sanna' };

describe('Slack: requests Slack does not send, signed, through Bolt', function () {
  this.timeout(20_000);
  const suite = workspaceForSuite();

  before(async () => {
    const { ws } = suite;
    ws.api.users.set('USANNA', { real_name: 'Sanna Korhonen', locale: 'fi-FI' });
    ws.api.users.set('UMATTI', { real_name: MATTI, locale: 'fi-FI' });
    await callMeeting(ws.person('USANNA'), { invitee1Name: MATTI, invitee1Role: 'close' });
  });

  /**
   * Posts `request` signed, waits until Toivo is done with it: its answer, how long it took, the
   * Web API calls it led to (but users.info, asking someone's language), the meetings it changed
   * and the failures it logged (Toivo's or Bolt's).
   */
  async function post(request: SlackRequest) {
    const { ws, store } = suite;
    const before = await snapshot(store);
    const [calls, logged] = [ws.api.calls.length, ws.log.length];
    const started = Date.now();
    const res = await postSigned(ws.url, request, { secret: SECRET });
    const ms = Date.now() - started;
    await ws.slack.settled();
    return {
      ...res,
      ms,
      calls: ws.api.calls.slice(calls).filter((c) => c.method !== 'users.info'),
      changed: changed(before, await snapshot(store)),
      failed: ws.log.slice(logged).filter((line) => /a request (failed|Bolt could not read)/.test(line)),
    };
  }

  /** The "this is me" press on the invitation in the channel, by Matti, as Slack would send it. */
  const claim = () =>
    suite.ws
      .person('UMATTI')
      .pressing(suite.ws.message(T('card.invitation.title')), T('card.invitation.claim_button'), {
        claimFor: MATTI,
      });

  for (const [what, payload] of [
    [
      'an options request (block_suggestion)',
      { type: 'block_suggestion', action_id: 'x', block_id: 'b', value: 'Ai' },
    ],
    ['a message shortcut', { type: 'message_action', callback_id: 'toivo.none', channel: { id: CHANNEL } }],
    ['a global shortcut of another app', { type: 'shortcut', callback_id: 'someone.else' }],
    ['a kind no app gets', { type: 'no_such_kind' }],
    [
      'a closed modal of another app',
      { type: 'view_closed', view: { id: 'VOTHER', callback_id: 'someone.else' } },
    ],
  ] as const)
    it(`${what}: acknowledged at once, nothing called or changed`, async () => {
      const res = await post(
        interaction({ ...payload, user: SANNA, team: { id: TEAM }, trigger_id: '1.2.3', api_app_id: 'A1' }),
      );
      assert.equal(res.status, 200, `${res.status} ${res.text}`);
      assert.ok(res.ms < 1_000, `answered in ${res.ms} ms`);
      assert.deepEqual(
        res.calls.map((c) => c.method),
        [],
      );
      assert.deepEqual(res.changed, []);
    });

  it('a slash command of another app: acknowledged at once, nothing called or changed', async () => {
    const res = await post(
      slashCommand({ user_id: 'USANNA', channel_id: CHANNEL, text: '', command: '/muu' }),
    );
    assert.equal(res.status, 200, `${res.status} ${res.text}`);
    assert.ok(res.ms < 1_000, `answered in ${res.ms} ms`);
    assert.deepEqual(
      res.calls.map((c) => c.method),
      [],
    );
  });

  it('a submit whose response URLs Bolt cannot read: acknowledged, not a 500, nothing changed', async () => {
    const submit = { type: 'view_submission', user: SANNA, team: { id: TEAM }, response_urls: [null] };
    const res = await post(
      interaction({ ...submit, view: { id: 'V1', callback_id: 'x', state: { values: {} } } }),
    );
    assert.equal(res.status, 200, `${res.status} ${res.text}`);
    assert.deepEqual(res.changed, []);
  });

  it('a submit Toivo cannot read (its blocks no list): acknowledged at once, no failure', async () => {
    const view = { id: 'V1', callback_id: 'x', private_metadata: '{', blocks: 5, state: { values: {} } };
    const res = await post(interaction({ type: 'view_submission', user: SANNA, team: { id: TEAM }, view }));
    assert.equal(res.status, 200, `${res.status} ${res.text}`);
    assert.ok(res.ms < 1_000, `answered in ${res.ms} ms`);
    assert.deepEqual(res.failed, [], 'nothing failed');
    assert.deepEqual(res.changed, []);
  });

  for (const [what, user] of [
    ['no id', { team_id: TEAM, name: 'matti' }],
    ['an id that is a number', { id: 42, team_id: TEAM }],
    ['an id no Slack user has', { id: '../UMATTI', team_id: TEAM }],
  ] as const)
    it(`"this is me" from a user with ${what}: acknowledged, nobody claims Matti`, async () => {
      const res = await post(interaction({ ...claim(), user }));
      assert.equal(res.status, 200, `${res.status} ${res.text}`);
      assert.deepEqual(
        res.calls.map((c) => c.method),
        [],
        'nobody is answered',
      );
      assert.deepEqual(res.changed, [], 'no claim is made');
    });

  it('"this is me" from Matti, whose name Slack would give as text but here is a number: taken, shown without a name', async () => {
    const press = claim();
    const res = await post(interaction({ ...press, user: { ...press.user, name: 42 } }));
    assert.equal(res.status, 200);
    assert.deepEqual(res.failed, [], 'nothing failed');
    const notices = res.calls
      .filter((c) => c.method === 'chat.postEphemeral')
      .map((c) => textOf(c.args.blocks as never));
    assert.ok(
      notices.some((n) => n.includes(T('card.notice.info.account_claimed'))),
      'Matti is told what happens next',
    );
    const [id] = res.changed;
    const claims = (await suite.ws.app.meetings.get(id ?? ''))?.claims ?? [];
    assert.deepEqual(
      claims.map((c) => [c.chatUserId, c.displayName]),
      [[`slack:${TEAM}:UMATTI`, undefined]],
      'his claim waits for the convener, without a name',
    );
  });

  it('/toivo with its text sent twice (a list, not a text): the invitation form, as for /toivo alone', async () => {
    const command = slashCommand({ user_id: 'USANNA', channel_id: CHANNEL, text: 'apua' });
    const res = await post({ ...command, body: `${command.body}&text=uusi` });
    assert.equal(res.status, 200);
    assert.deepEqual(res.failed, [], 'nothing failed');
    assert.deepEqual(
      res.calls.map((c) => c.method),
      ['views.open'],
    );
  });

  it('@Toivo from a user or in a channel named as an object: no answer to a name that is no id', async () => {
    const ts = `${Date.now() / 1000}`;
    for (const event of [
      { type: 'app_mention', user: { id: 'USANNA' }, text: '<@UBOT> apua', channel: CHANNEL, ts },
      { type: 'app_mention', user: 'USANNA', text: '<@UBOT> apua', channel: { id: CHANNEL }, ts },
    ]) {
      const res = await post(eventCallback(event));
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.calls.map((c) => c.method),
        [],
        JSON.stringify(event),
      );
    }
  });
});
