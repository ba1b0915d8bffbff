import { pino } from 'pino';
import { startClusterRoles, type RunningRoles } from '../../src/app/cluster/start-cluster-roles.js';
import type { ClusterRole } from '../../src/app/cluster/cluster-roles.js';
import { CLUSTER_ROLES } from '../../src/app/cluster/cluster-roles.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { connectSearchEngine } from '../../src/search-engine/connect-search-engine.js';
import type { EngineKind } from '../../src/search-engine/search-engine.js';
import { applianceHarness, type ApplianceHarness } from './appliance-harness.js';
import { obliterateQueues, TEST_REDIS, uniquePrefix } from './redis.js';
import { startElasticsearchCompatProxy, TEST_OPENSEARCH_URL, uniqueIndexPrefix } from './search-engine.js';
import { tempDir } from './temp-dir.js';

export interface ClusterHarnessOptions {
  /** The client library the appliance uses; `elasticsearch` reaches the test OpenSearch through the compatibility proxy. */
  client: EngineKind;
  /** Roles in this process. Default: all. */
  roles?: readonly ClusterRole[];
  /** More `CUSTODIAN_*` settings. */
  env?: Record<string, string>;
}

/**
 * Starts cluster-profile roles in this process against the test Redis and OpenSearch, with a key
 * prefix, index prefix and data directory of their own; `stop` removes all three.
 */
export async function startClusterHarness(options: ClusterHarnessOptions): Promise<ApplianceHarness & { roles: RunningRoles; config: Readonly<Config> }> {
  const dir = tempDir('cluster');
  const redisPrefix = uniquePrefix('cluster');
  const indexPrefix = uniqueIndexPrefix('cluster');
  const proxy = options.client === 'elasticsearch' ? await startElasticsearchCompatProxy(TEST_OPENSEARCH_URL) : null;
  const config = loadConfig({
    env: {
      CUSTODIAN_PROFILE: 'cluster',
      CUSTODIAN_DATA_DIR: dir.path,
      CUSTODIAN_SMTP__PORT: '0',
      CUSTODIAN_API__PORT: '0',
      CUSTODIAN_LOG_LEVEL: 'error',
      CUSTODIAN_CLUSTER__REDIS__URL: `redis://${TEST_REDIS.host}:${TEST_REDIS.port}`,
      CUSTODIAN_CLUSTER__REDIS__PREFIX: redisPrefix,
      CUSTODIAN_CLUSTER__SEARCH__NODES: `[${proxy?.url ?? TEST_OPENSEARCH_URL}]`,
      CUSTODIAN_CLUSTER__SEARCH__CLIENT: options.client,
      CUSTODIAN_CLUSTER__SEARCH__INDEX_PREFIX: indexPrefix,
      ...options.env,
    },
  });
  const roles = await startClusterRoles(config, pino({ level: 'error' }), options.roles ?? CLUSTER_ROLES);
  const engine = await connectSearchEngine(config.cluster.search, { logger: pino({ level: 'silent' }) });
  const harness = applianceHarness({
    smtpPort: roles.smtpPort ?? 0,
    apiUrl: roles.apiUrl ?? '',
    dataDir: dir.path,
    stop: async () => {
      await roles.close();
      await obliterateQueues(redisPrefix);
      await engine.deleteIndices(indexPrefix);
      await engine.close();
      await proxy?.close();
      dir.remove();
    },
  });
  return {
    ...harness,
    // Indexing is near-real-time (visible to search within the refresh interval, 1 s): once the
    // queue is drained, a refresh makes every archived message searchable for the assertions.
    drained: async (timeoutMs) => {
      await harness.drained(timeoutMs);
      await engine.refresh(`${indexPrefix}-*`);
    },
    roles,
    config,
  };
}
