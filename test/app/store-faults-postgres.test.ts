/**
 * Toivo (a real process, the playground over HTTP) with PostgreSQL behind a proxy that fails in the
 * middle of a burst of clicks: first the network stalls right as a click's append is sent (held,
 * and delivered long after its deadline), then it is cut right as another's is (connections reset
 * while in use). Toivo keeps running, every click is answered within the deadline, no note is
 * written after its click was told it failed, every acknowledged note is kept, and Toivo serves
 * again by itself once the network is back.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import { POSTGRES_URL, probePostgres, requireService } from '../store/services.js';
import { type FaultProxy, startFaultProxy, startToivo, type ToivoProcess } from '../support/toivo-process.js';
import { runFaults } from './store-faults-support.js';

describe('Toivo with PostgreSQL behind a network that fails mid-burst', function () {
  this.timeout(60_000);
  const database = `toivo_faults_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  let proxy: FaultProxy | undefined;
  let toivo: ToivoProcess | undefined;
  let direct: EventStore<Event> | undefined;

  before(async function () {
    await requireService(this, 'PostgreSQL', probePostgres);
    const client = admin();
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${database}`);
    } finally {
      await client.end();
    }
  });

  after(async () => {
    await toivo?.stop();
    await direct?.close();
    await proxy?.close();
    const client = admin();
    await client.connect().catch(() => undefined);
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await client.end().catch(() => undefined);
  });

  it('a stall and a cut: it runs on, answers in time, applies nothing late, loses nothing, and resumes', async () => {
    const target = new URL(POSTGRES_URL);
    proxy = await startFaultProxy(Number(target.port || 5432), target.hostname);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    const through = new URL(url);
    through.port = String(proxy.port);
    toivo = await startToivo({ STORE_URL: through.href });
    direct = await openEventStore<Event>({ url: url.href });
    await runFaults({ toivo, proxy, direct, label: 'pg' });
  });
});
