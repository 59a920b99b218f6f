/** The memo link in one's direct messages: made for one person, and only for a while. */
import assert from 'node:assert/strict';
import { MemoLinks } from '../../../src/channels/slack/memo-link.js';

describe('Slack: memo links', () => {
  const links = new MemoLinks('signing-secret', 'https://toivo.example.org/', 30);
  const now = Date.parse('2026-12-01T12:00:00Z');
  const url = new URL(links.link('m1', 'slack:T1:UAINO', 'fi', now));

  it('points at the public address and opens for the one it was made for', () => {
    assert.equal(url.origin + url.pathname, 'https://toivo.example.org/slack/memo');
    assert.deepEqual(links.check(url, now + 86_400_000), { meetingId: 'm1', account: 'slack:T1:UAINO' });
  });

  it('stops working after its days, and a link of another secret never works', () => {
    assert.equal(links.check(url, now + 31 * 86_400_000), undefined);
    const other = new MemoLinks('another-secret', 'https://toivo.example.org');
    assert.equal(other.check(url, now), undefined);
  });
});
