import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from '../../src/store/open-store.js';
import { describeDueStoreContract } from './due-store-contract.js';
import { describeEventStoreContract, type TestEvent } from './event-store-contract.js';
import { sqliteRaw } from './stored-streams.js';

describe('in a temporary SQLite file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toivo-store-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const backend = {
    name: 'SQLite',
    open: () =>
      openEventStore<TestEvent>({ url: `sqlite://${join(dir, 'toivo.sqlite')}`, namespace: 'test' }),
    raw: () => sqliteRaw(join(dir, 'toivo.sqlite'), 'test'),
  };
  describeEventStoreContract(backend);
  describeDueStoreContract(backend);
});
