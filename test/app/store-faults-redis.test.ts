/**
 * Toivo (a real process, the playground over HTTP) with Redis behind a proxy that fails in the
 * middle of a burst of clicks: first the network stalls right as a click's append is sent (held,
 * and delivered long after its deadline: Redis runs it then), then it is cut right as another's is
 * (connections reset, new ones refused). Toivo keeps running, every click is answered within the
 * deadline, no note is written after its click was told it failed, every acknowledged note is
 * kept, and Toivo serves again by itself once the network is back.
 */
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { probeRedis, REDIS_URL, requireService } from '../store/services.js';
import { type FaultProxy, startFaultProxy, startToivo, type ToivoProcess } from '../support/toivo-process.js';
import { clearToivo, FAULTS_DB, runFaults } from './store-faults-support.js';

describe('Toivo with Redis behind a network that fails mid-burst', function () {
  this.timeout(60_000);
  const url = `${REDIS_URL}/${FAULTS_DB}`;
  let proxy: FaultProxy | undefined;
  let toivo: ToivoProcess | undefined;
  let direct: EventStore<Event> | undefined;

  before(async function () {
    await requireService(this, 'Redis', probeRedis);
    await clearToivo(url);
  });

  after(async () => {
    await toivo?.stop();
    await direct?.close();
    await proxy?.close();
    await clearToivo(url).catch(() => undefined);
  });

  it('a stall and a cut: it runs on, answers in time, applies nothing late, loses nothing, and resumes', async () => {
    const target = new URL(REDIS_URL);
    proxy = await startFaultProxy(Number(target.port || 6379), target.hostname);
    const through = new URL(url);
    through.port = String(proxy.port);
    toivo = await startToivo({ STORE_URL: through.href });
    direct = await openEventStore<Event>({ url });
    await runFaults({ toivo, proxy, direct, label: 'redis' });
  });
});
