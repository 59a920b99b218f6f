import { randomUUID } from 'node:crypto';
import { openEventStore } from '../../src/store/open-store.js';
import { describeDueStoreContract } from './due-store-contract.js';
import { type ContractBackend, describeEventStoreContract, type TestEvent } from './event-store-contract.js';
import { POSTGRES_URL, probePostgres, requireService } from './services.js';
import { describeSharedStoreContract } from './shared-store-contract.js';
import { postgresRaw } from './stored-streams.js';

const namespace = `test-${randomUUID()}`;

const backend: ContractBackend = {
  name: 'PostgreSQL',
  require: (context) => requireService(context, 'PostgreSQL', probePostgres),
  open: () => openEventStore<TestEvent>({ url: POSTGRES_URL, namespace }),
  raw: () => postgresRaw(POSTGRES_URL, namespace),
};

describeEventStoreContract(backend);
describeDueStoreContract(backend);
describeSharedStoreContract(backend);
