import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { claimSharedDataDir, SharedDataDirError } from '../../src/app/cluster/shared-data-dir.js';
import { DependencyUnavailableError } from '../../src/queue/errors.js';
import { requireRedis, TEST_REDIS, uniquePrefix } from '../support/redis.js';
import { tempDir } from '../support/temp-dir.js';

const redis = await requireRedis();

describe('the shared data directory check of the cluster roles', redis, () => {
  const redisKey = `${uniquePrefix('shared-dir')}:cluster-id`;
  const connection = { ...TEST_REDIS };
  const shared = tempDir('shared');
  const local = tempDir('local');
  const client = new Redis(connection);
  after(async () => {
    await client.del(redisKey);
    client.disconnect();
    shared.remove();
    local.remove();
  });

  it('names the directory at the first start and lets every later start on it through', async () => {
    const checks = await Promise.all([1, 2, 3].map(() => claimSharedDataDir({ dataDir: shared.path, connection, redisKey })));
    await Promise.all(checks.map((check) => check()));
    assert.match((await client.get(redisKey)) ?? '', /^[0-9a-f-]{36}$/);
  });

  it('refuses to start on a directory that is not the shared one (a mount missing on this host), naming both', async () => {
    await assert.rejects(
      claimSharedDataDir({ dataDir: local.path, connection, redisKey }),
      (error: unknown) => error instanceof SharedDataDirError && error.message.includes(local.path) && error.message.includes('no cluster-id file'),
    );
  });

  it('records the directory again when Redis lost it', async () => {
    const before = await client.get(redisKey);
    await client.del(redisKey);
    await claimSharedDataDir({ dataDir: shared.path, connection, redisKey });
    assert.equal(await client.get(redisKey), before);
  });

  it('makes work wait, rather than take a missing file for done, when the directory goes away while running', async () => {
    const check = await claimSharedDataDir({ dataDir: shared.path, connection, redisKey });
    rmSync(join(shared.path, 'cluster-id'));
    await assert.rejects(check(), DependencyUnavailableError);
  });
});
