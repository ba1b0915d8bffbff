import { startClusterHarness } from '../support/cluster-harness.js';
import { requireRedis } from '../support/redis.js';
import { requireSearchEngine } from '../support/search-engine.js';
import { applianceContractEnv, describeApplianceContract } from './appliance.contract.js';

const redis = await requireRedis();
const search = await requireSearchEngine();
const skip = redis.skip || search.skip;

describeApplianceContract('cluster profile, OpenSearch client', async () => startClusterHarness({ client: 'opensearch', env: await applianceContractEnv() }), { skip });
describeApplianceContract(
  'cluster profile, Elasticsearch client (through the compatibility proxy)',
  async () => startClusterHarness({ client: 'elasticsearch', env: await applianceContractEnv() }),
  { skip },
);
