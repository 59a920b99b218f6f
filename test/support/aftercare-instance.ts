/**
 * A bot instance in a process of its own, for tests that kill one mid-send:
 * `node --import tsx test/support/aftercare-instance.ts <store url> <namespace> <now, ms>`.
 * It ticks once over the store at that time, writes "began <card>" on stdout for each reminder it
 * starts to send, and never finishes sending one: the platform never answers, and the test kills
 * the process meanwhile.
 */
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import type { ChannelPort, DeliveryResult } from '../../src/app/port.js';
import type { Event } from '../../src/core/index.js';
import { openEventStore } from '../../src/store/open-store.js';

const [url, namespace, now] = process.argv.slice(2);
if (!url || !namespace || !now)
  throw new Error('usage: aftercare-instance.ts <store url> <namespace> <now, ms>');

const REMINDER_CARDS = new Set(['reminder', 'digest', 'followup-reminder']);

/** A platform that takes the follow-up meeting's invitations and then stops answering. */
class Hanging implements ChannelPort {
  readonly channel = 'playground' as const;

  async direct(d: Extract<Delivery, { kind: 'direct' }>): Promise<DeliveryResult> {
    if (!REMINDER_CARDS.has(d.surface)) return { ok: true };
    process.stdout.write(`began ${d.surface}\n`);
    return new Promise<never>(() => undefined);
  }

  private async none(): Promise<DeliveryResult> {
    return { ok: false, error: 'aftercare sends direct messages only' };
  }
  send = this.none;
  update = this.none;
  openForm = this.none;
  notify = this.none;
}

const store = await openEventStore<Event>({ url, namespace });
const app = new App(store, { clock: { now: () => new Date(Number(now)) }, log: () => undefined });
app.aftercare.usePort(new Hanging());
await app.aftercare.tick();
