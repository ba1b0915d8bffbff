import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../src/audit/audit-log.js';
import { startClusterHarness } from '../support/cluster-harness.js';
import { requireRedis } from '../support/redis.js';
import { requireSearchEngine } from '../support/search-engine.js';
import { tempDir } from '../support/temp-dir.js';

const CLI = new URL('../../src/cli.js', import.meta.url).pathname;

/** Runs the CLI to completion without blocking the event loop (the API under test runs in this process). */
function run(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const redis = await requireRedis();
const search = await requireSearchEngine();

describe('the custodian command on the cluster profile', { skip: redis.skip || search.skip }, () => {
  let harness: Awaited<ReturnType<typeof startClusterHarness>>;
  let env: Record<string, string>;
  before(async () => {
    harness = await startClusterHarness({ client: 'opensearch', roles: ['api'] });
    const { cluster, dataDir } = harness.config;
    env = {
      CUSTODIAN_PROFILE: 'cluster',
      CUSTODIAN_DATA_DIR: dataDir,
      CUSTODIAN_CLUSTER__REDIS__URL: cluster.redis.url,
      CUSTODIAN_CLUSTER__REDIS__PREFIX: cluster.redis.prefix,
      CUSTODIAN_CLUSTER__SEARCH__NODES: `[${cluster.search.nodes.join(', ')}]`,
      CUSTODIAN_CLUSTER__SEARCH__INDEX_PREFIX: cluster.search.indexPrefix,
    };
  });
  after(() => harness.stop());

  it('creates an officer token in the search cluster that the running API accepts at once, and audits it', async () => {
    const created = await run(['token', 'create', 'Olga Officer', '--role', 'officer'], env);
    assert.equal(created.status, 0, created.stderr);
    const token = created.stdout.trim();
    const response = await fetch(`${harness.apiUrl}/api/v1/messages?q=anything`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    const listed = await run(['token', 'list'], env);
    assert.match(listed.stdout, /\tofficer\tOlga Officer\t/);
    const { body } = await harness.api<{ records: AuditRecord[] }>('/audit?limit=100&action=token.create');
    assert.deepEqual(body.records.map((r) => r.detail.name), ['Olga Officer']);
  });

  it('refuses a command that works on the embedded database, saying so, instead of opening a stray SQLite file', async () => {
    const result = await run(['audit', 'verify'], env);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /embedded profile's database/);
  });

  it('answers 501 not_available, after authentication, for the routes the cluster profile does not run', async () => {
    assert.equal((await fetch(`${harness.apiUrl}/api/v1/cases`)).status, 401);
    const cases = await harness.apiRaw('/cases');
    assert.equal(cases.status, 501);
    assert.equal(((await cases.json()) as { error: { code: string } }).error.code, 'not_available');
    assert.equal((await harness.apiRaw('/messages/0000/proof')).status, 501);
  });
});

describe('a role command on the embedded profile', () => {
  it('exits with a pointer to custodian start', async () => {
    const dir = tempDir('cli-role');
    const result = await run(['worker'], { CUSTODIAN_DATA_DIR: dir.path });
    dir.remove();
    assert.equal(result.status, 2);
    assert.match(result.stderr, /profile is embedded: use custodian start/);
  });
});
