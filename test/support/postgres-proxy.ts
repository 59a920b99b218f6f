/** PostgreSQL behind a proxy that can fail (cut, stall) for a test: its address through the proxy. */
import { POSTGRES_URL } from '../store/services.js';
import { type FaultProxy, startFaultProxy } from './toivo-process.js';

export async function postgresBehindProxy(): Promise<{
  readonly proxy: FaultProxy;
  readonly through: string;
}> {
  const target = new URL(POSTGRES_URL);
  const proxy = await startFaultProxy(Number(target.port || 5432), target.hostname);
  const through = new URL(POSTGRES_URL);
  through.port = String(proxy.port);
  return { proxy, through: through.href };
}
