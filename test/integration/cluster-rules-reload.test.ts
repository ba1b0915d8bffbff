import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startClusterHarness } from '../support/cluster-harness.js';
import { requireRedis } from '../support/redis.js';
import { startRoleProcess, type RoleProcess } from '../support/role-process.js';
import { requireSearchEngine } from '../support/search-engine.js';
import { tempDir } from '../support/temp-dir.js';
import { SITE_RULE } from '../support/site-rule.js';


const redis = await requireRedis();
const search = await requireSearchEngine();

describe('a rules reload through the API on the cluster profile', { skip: redis.skip || search.skip }, () => {
  const site = tempDir('cluster-site-rules');
  let harness: Awaited<ReturnType<typeof startClusterHarness>>;
  let worker: RoleProcess;
  before(async () => {
    mkdirSync(join(site.path, 'dlp'));
    writeFileSync(join(site.path, 'dlp', 'site.yaml'), SITE_RULE('bluefalcon'));
    harness = await startClusterHarness({ client: 'opensearch', roles: ['api'], env: { CUSTODIAN_RULES__SITE_DIRECTORY: site.path } });
    const { cluster, dataDir } = harness.config;
    worker = await startRoleProcess('worker', {
      CUSTODIAN_DATA_DIR: dataDir,
      CUSTODIAN_RULES__SITE_DIRECTORY: site.path,
      CUSTODIAN_CLUSTER__REDIS__URL: cluster.redis.url,
      CUSTODIAN_CLUSTER__REDIS__PREFIX: cluster.redis.prefix,
      CUSTODIAN_CLUSTER__SEARCH__NODES: `[${cluster.search.nodes.join(', ')}]`,
      CUSTODIAN_CLUSTER__SEARCH__INDEX_PREFIX: cluster.search.indexPrefix,
    });
  });
  after(async () => {
    await worker?.stop();
    await harness?.stop();
    site.remove();
  });

  it('reloads the rule set in the worker processes too, which load the same new version', async () => {
    writeFileSync(join(site.path, 'dlp', 'site.yaml'), SITE_RULE('redheron'));
    const response = await fetch(`${harness.apiUrl}/api/v1/rules/reload`, { method: 'POST', headers: { authorization: `Bearer ${harness.token}` } });
    assert.equal(response.status, 200);
    const { version, previousVersion } = (await response.json()) as { version: string; previousVersion: string };
    assert.notEqual(version, previousVersion);
    const reloaded = await worker.logged((entry) => entry.msg === 'rules reloaded (announced by another process)', 30_000);
    assert.equal(reloaded.version, version);
  });
});
