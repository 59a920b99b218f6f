/** The outbox keeps each waiting delivery apart, takes each once, and keeps at most its bound. */
import assert from 'node:assert/strict';
import type { Delivery } from '../../src/app/deliveries.js';
import { Outbox, type Pending } from '../../src/app/outbox.js';
import { freshApp } from './support.js';

const delivery = (account: string): Delivery => ({
  kind: 'notice',
  to: { account },
  surface: 'notice',
  view: { locale: 'fi', now: '2026-12-01T09:00:00Z', info: 'account_claimed' },
});
const pending = (id: string, channel: Pending['channel'] = 'slack'): Pending => ({
  id,
  channel,
  delivery: delivery(`slack:T1:${id}`),
  attempt: 0,
  dueAt: 0,
});

describe('the outbox', () => {
  const fresh = freshApp();

  it('gives each channel its own, and an entry to one taker only', async () => {
    const outbox = new Outbox(fresh.store.records('outbox-test'));
    await outbox.put(pending('a'));
    await outbox.put(pending('b', 'teams'));
    assert.deepEqual(
      (await outbox.waiting('slack')).map((p) => p.id),
      ['a'],
    );
    const [first, second] = await Promise.all([outbox.take('a'), outbox.take('a')]);
    assert.deepEqual([first?.id, second?.id].sort(), ['a', undefined].sort());
    assert.deepEqual(await outbox.waiting('slack'), []);
    assert.equal((await outbox.waiting('teams')).length, 1);
  });

  it('keeps at most its bound, the oldest going first, and says how many went', async () => {
    const outbox = new Outbox(fresh.store.records('outbox-test'), 3);
    let dropped = 0;
    for (const id of ['1', '2', '3', '4', '5']) dropped += await outbox.put(pending(id));
    assert.equal(dropped, 2);
    assert.deepEqual(
      (await outbox.waiting('slack')).map((p) => p.id),
      ['3', '4', '5'],
    );
    assert.equal(await outbox.take('1'), undefined, 'a dropped entry is gone');
  });
});
