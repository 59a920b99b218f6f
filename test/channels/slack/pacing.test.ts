/** Slack takes about one new message a second in a channel: Toivo spaces its posts, channel by channel. */
import assert from 'node:assert/strict';
import { CHANNEL, callMeeting, workspaceForSuite } from './workspace.js';

const GAP = 400;

describe('Slack: new messages in one channel are spaced out', () => {
  const suite = workspaceForSuite({ messageGapMs: GAP });

  it('a new meeting’s invitation and board go to the channel a gap apart; direct messages to others do not wait for them', async () => {
    const { ws } = suite;
    await callMeeting(ws.person('USANNA'), { invitee1Name: 'Liisa Laine', invitee1Account: 'ULIISA' });
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
