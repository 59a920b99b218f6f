import { randomUUID } from 'node:crypto';
import { openEventStore } from '../../src/store/open-store.js';
import { describeDueStoreContract } from './due-store-contract.js';
import { type ContractBackend, describeEventStoreContract, type TestEvent } from './event-store-contract.js';
import { probeRedis, REDIS_URL, requireService } from './services.js';
import { describeSharedStoreContract } from './shared-store-contract.js';
import { redisRaw } from './stored-streams.js';

const namespace = `test-${randomUUID()}`;

const backend: ContractBackend = {
  name: 'Redis',
  require: (context) => requireService(context, 'Redis', probeRedis),
  open: () => openEventStore<TestEvent>({ url: REDIS_URL, namespace }),
  raw: () => redisRaw(REDIS_URL, namespace),
};

describeEventStoreContract(backend);
describeDueStoreContract(backend);
describeSharedStoreContract(backend);
