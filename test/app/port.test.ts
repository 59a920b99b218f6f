/** Carrying out deliveries: one recipient failing never blocks another, and no failure goes unreported. */
import assert from 'node:assert/strict';
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import { PEOPLE as P } from '../support/realistic-meeting.js';
import { ACCOUNT, click, freshApp, RecordingPort, seed } from './support.js';

/**
 * Waits until `done()` holds, however long a loaded machine takes to get there (15 s at most): the
 * retries run on real timers and a real store, so a test waits for them rather than for a time.
 */
async function eventually(done: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!done()) {
    assert.ok(Date.now() < until, `${what}: not within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the channel port', () => {
  const fresh = freshApp();

  it('a recipient the platform refuses, or a call that throws, does not stop the others; both are reported', async () => {
    const d = await seed(fresh.app, 'closed');
    // Approved by the client, the memo goes to everyone with an account.
    const sent = await click(fresh.app, 'm1', ACCOUNT[P.client], 'memo.approve');
    const port = new RecordingPort((account) =>
      account === ACCOUNT[P.mother]
        ? { ok: false, error: 'ratelimited', retryAfter: 3 }
        : account === ACCOUNT[P.teacher]
          ? 'throw'
          : undefined,
    );
    const reports = await fresh.app.deliverer.deliver('m1', sent.deliveries, port);
    const memos = port.calls.filter((c) => c.startsWith('direct memo'));
    assert.equal(memos.length, 6, 'every participant with an account was sent the memo');
    const failed = reports.filter((r) => !r.result.ok);
    assert.deepEqual(
      failed.map((r) => ('to' in r.delivery ? r.delivery.to.account : '')),
      [ACCOUNT[P.mother], ACCOUNT[P.teacher]],
    );
    assert.deepEqual(failed[0]?.result, { ok: false, error: 'ratelimited', retryAfter: 3 });
    assert.equal(reports.filter((r) => r.result.ok).length, reports.length - 2);
    assert.equal(fresh.app.log.length, 2, 'each failure is told once');
    assert.match(
      fresh.app.log[0] ?? '',
      /direct memo to U-LIISA of meeting m1: ratelimited \(retry after 3 s\)/,
    );
    assert.match(fresh.app.log[1] ?? '', /direct memo to U-PEKKA of meeting m1: the platform is down/);
    const wish = d.m.clientWish ?? '';
    assert.ok(
      wish && !fresh.app.log.some((line) => line.includes(wish.slice(0, 20))),
      'no text people typed',
    );
  });

  it('a retry under way when Toivo stops is finished first; a retry the store fails is told, not thrown', async () => {
    await seed(fresh.app, 'closed');
    // Approved by the client, the memo goes to everyone with an account.
    const sent = await click(fresh.app, 'm1', ACCOUNT[P.client], 'memo.approve');
    const log: string[] = [];
    const app = new App(fresh.store, { log: (line) => log.push(line), retry: { delaysMs: [20] } });
    let open = () => {};
    const gate = new Promise<void>((done) => {
      open = done;
    });
    let tries = 0;
    const port = new (class extends RecordingPort {
      override async direct(d: Extract<Delivery, { kind: 'direct' }>) {
        if (d.to.account !== ACCOUNT[P.mother]) return super.direct(d);
        tries += 1;
        if (tries === 1) return { ok: false, error: 'internal_error' } as const;
        await gate;
        return super.direct(d);
      }
    })();
    await app.deliverer.deliver('m1', sent.deliveries, port);
    await eventually(() => tries >= 2, 'the retry was tried');
    assert.equal(app.deliverer.retrying, 1, 'the retry being tried counts');
    let stopped = false;
    const stopping = app.deliverer.stop().then(() => {
      stopped = true;
    });
    await new Promise((done) => setTimeout(done, 30));
    assert.equal(stopped, false, 'the stop waits for it');
    open();
    await stopping;
    assert.equal(port.calls.filter((c) => c === `direct memo → ${ACCOUNT[P.mother]}`).length, 1);
    assert.equal(app.deliverer.retrying, 0);

    // A retry whose store has gone (closed under it) is told in the log; nothing is thrown unheard.
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const again = new App(fresh.store, { log: (line) => log.push(line), retry: { delaysMs: [20] } });
      await again.deliverer.deliver(
        'm1',
        sent.deliveries,
        new RecordingPort(() => ({ ok: false, error: 'internal_error' })),
      );
      await fresh.store.close();
      await eventually(() => again.deliverer.retrying === 0, 'the retry settled');
      // An unhandled rejection is told once the current turn of the event loop is over.
      await new Promise((done) => setTimeout(done, 20));
      assert.deepEqual(unheard, []);
      assert.ok(
        log.some((line) => line.startsWith('toivo delivery retry failed: direct memo to')),
        log.join('\n'),
      );
    } finally {
      process.off('unhandledRejection', listen);
    }
  });

  it('a failed delivery is tried again later and arrives; one that keeps failing is given up and told', async () => {
    await seed(fresh.app, 'closed');
    // Approved by the client, the memo goes to everyone with an account.
    const sent = await click(fresh.app, 'm1', ACCOUNT[P.client], 'memo.approve');
    const log: string[] = [];
    const app = new App(fresh.store, { log: (line) => log.push(line), retry: { delaysMs: [20, 20] } });
    let motherTries = 0;
    // The tries after the first wait until the test has looked at what waits: on a loaded machine a
    // retry 20 ms away could otherwise be over before the delivery that failed has returned.
    let look = () => {};
    const looked = new Promise<void>((done) => {
      look = done;
    });
    const triedBefore = new Set<string>();
    const port = new (class extends RecordingPort {
      override async direct(d: Extract<Delivery, { kind: 'direct' }>) {
        if (triedBefore.has(d.to.account)) await looked;
        triedBefore.add(d.to.account);
        return super.direct(d);
      }
    })((account) => {
      if (account === ACCOUNT[P.mother]) motherTries += 1;
      if (account === ACCOUNT[P.mother] && motherTries === 1) return { ok: false, error: 'internal_error' };
      return account === ACCOUNT[P.teacher] ? { ok: false, error: 'account_inactive' } : undefined;
    });
    await app.deliverer.deliver('m1', sent.deliveries, port);
    assert.equal(app.deliverer.retrying, 2, 'both failures wait to be tried again');
    look();
    // Until nothing waits or is being tried: the last try is given up, or arrived.
    await eventually(() => app.deliverer.retrying === 0, 'the retries were done');
    const memosTo = (account: string | undefined) =>
      port.calls.filter((c) => c === `direct memo → ${account}`).length;
    assert.equal(memosTo(ACCOUNT[P.mother]), 2, 'the memo reached the mother on the second try');
    assert.equal(memosTo(ACCOUNT[P.teacher]), 3, 'the teacher’s was tried three times');
    assert.equal(memosTo(ACCOUNT[P.client]), 1, 'what worked is not sent again');
    assert.equal(app.deliverer.retrying, 0);
    assert.deepEqual(
      log.map((line) =>
        line.replace(/^toivo delivery (\w+).*?(\(try \d\)|after \d tries)?$/, '$1 $2').trim(),
      ),
      ['failed', 'failed', 'failed (try 2)', 'failed (try 3)', 'abandoned after 3 tries'],
    );
  });

  it('a delivery waiting to be tried again survives a restart, and two instances send it once', async () => {
    await seed(fresh.app, 'closed');
    // Approved by the client, the memo goes to everyone with an account.
    const sent = await click(fresh.app, 'm1', ACCOUNT[P.client], 'memo.approve');
    const before = new App(fresh.store, { log: () => undefined, retry: { delaysMs: [20] } });
    const down = new RecordingPort((account) =>
      account === ACCOUNT[P.mother] ? { ok: false, error: 'service_unavailable' } : undefined,
    );
    await before.deliverer.deliver('m1', sent.deliveries, down);
    // Toivo stops before the retry is due.
    await before.deliverer.stop();
    await new Promise((done) => setTimeout(done, 40));
    const memosToMother = (port: RecordingPort) =>
      port.calls.filter((c) => c === `direct memo → ${ACCOUNT[P.mother]}`).length;
    assert.equal(memosToMother(down), 1, 'only the failed try before the stop');
    // Two instances start over the same store.
    const [a, b] = [new App(fresh.store), new App(fresh.store)];
    const [portA, portB] = [new RecordingPort(), new RecordingPort()];
    assert.deepEqual(await Promise.all([a.resume(portA), b.resume(portB)]), [1, 1], 'both see what waits');
    await eventually(
      () => a.deliverer.retrying === 0 && b.deliverer.retrying === 0,
      'both instances tried what waits',
    );
    assert.equal(memosToMother(portA) + memosToMother(portB), 1, 'the memo reaches the mother once');
    assert.equal(portA.calls.length + portB.calls.length, 1, 'nothing else is sent again');
    assert.equal(await new App(fresh.store).resume(new RecordingPort()), 0, 'nothing waits any more');
  });

  it('a card is posted once, then drawn again in the same message', async () => {
    await seed(fresh.app, 'discussion');
    const port = new RecordingPort();
    const first = await click(fresh.app, 'm1', ACCOUNT[P.nurse], 'note.add', { noteText: 'Aamut' });
    await fresh.app.deliverer.deliver('m1', first.deliveries, port);
    const second = await click(fresh.app, 'm1', ACCOUNT[P.nurse], 'note.add', { noteText: 'Illat' });
    await fresh.app.deliverer.deliver('m1', second.deliveries, port);
    const v = (await fresh.app.meetings.get('m1'))?.version;
    assert.deepEqual(port.calls, [`send board v${(v ?? 0) - 1}`, `update board msg-1 v${v}`]);
  });

  it('two clicks that both post the same card post it once; an older drawing never replaces a newer one', async () => {
    await seed(fresh.app, 'discussion');
    const port = new RecordingPort();
    const add = (what: string) =>
      click(fresh.app, 'm1', ACCOUNT[P.nurse], 'commitment.add', { what, ownerId: 'p6', due: '2026-12-10' });
    const a = await add('Soittaa koululle');
    const b = await add('Varata aika');
    const list = (h: typeof a) => h.deliveries.filter((x): x is Delivery => x.surface === 'commitments');
    // Delivered out of order and at once: the newer click's drawing arrives first.
    await Promise.all([
      fresh.app.deliverer.deliver('m1', list(b), port),
      fresh.app.deliverer.deliver('m1', list(a), port),
    ]);
    const v = (await fresh.app.meetings.get('m1'))?.version ?? 0;
    assert.deepEqual(port.calls, [`send commitments v${v}`], 'posted once, from the newer state');
    assert.deepEqual((await fresh.app.conversations.get('m1'))?.messages.commitments, {
      id: 'msg-1',
      version: v,
    });
  });
});
