import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { JOB_NAMES } from '../../src/queue/catalogue.js';
import { connectSearchEngine } from '../../src/search-engine/connect-search-engine.js';
import type { Cleanup } from '../support/run-bench.js';
import { OPENSEARCH_URL, REDIS_CONNECTION, REDIS_URL, runName } from './services.js';

/** What one cluster run owns alone: a Redis key prefix, an index prefix and a data directory. */
export interface RunResources {
  redisPrefix: string;
  indexPrefix: string;
  dataDir: string;
  /** The `CUSTODIAN_*` settings of every role process of the run (cluster profile, these three, loopback). */
  env: Record<string, string>;
}

/**
 * Fresh resources for one run, removed by `cleanup` however the benchmark ends: every key under
 * the Redis prefix, every index and template under the index prefix, the data directory.
 */
export function freshRunResources(cleanup: Cleanup, name: string): RunResources {
  const redisPrefix = runName(`custodian-bench-${name}`);
  const indexPrefix = runName(`bench-${name}`);
  const dataDir = mkdtempSync(join(tmpdir(), `custodian-bench-${name}-`));
  cleanup.add(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  cleanup.add(`delete indices ${indexPrefix}*`, () => deleteIndices(indexPrefix));
  cleanup.add(`delete Redis keys ${redisPrefix}:*`, () => deleteRedisPrefix(redisPrefix));
  return {
    redisPrefix,
    indexPrefix,
    dataDir,
    env: {
      CUSTODIAN_PROFILE: 'cluster',
      CUSTODIAN_DATA_DIR: dataDir,
      CUSTODIAN_SMTP__HOST: '127.0.0.1',
      CUSTODIAN_SMTP__PORT: '0',
      CUSTODIAN_API__HOST: '127.0.0.1',
      CUSTODIAN_API__PORT: '0',
      CUSTODIAN_CLUSTER__REDIS__URL: REDIS_URL,
      CUSTODIAN_CLUSTER__REDIS__PREFIX: redisPrefix,
      CUSTODIAN_CLUSTER__SEARCH__NODES: `[${OPENSEARCH_URL}]`,
      CUSTODIAN_CLUSTER__SEARCH__CLIENT: 'opensearch',
      CUSTODIAN_CLUSTER__SEARCH__INDEX_PREFIX: indexPrefix,
    },
  };
}

/** Obliterates every catalogued queue under `prefix`, then unlinks any key left under `<prefix>:`. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  for (const name of JOB_NAMES) {
    const queue = new Queue(name, { connection: { ...REDIS_CONNECTION }, prefix });
    try {
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
  const redis = new Redis({ ...REDIS_CONNECTION, lazyConnect: true });
  try {
    await redis.connect();
    for (const key of await keysUnder(redis, prefix)) await redis.unlink(key);
  } finally {
    redis.disconnect();
  }
}

/** Every key under `<prefix>:` (SCAN, never KEYS). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

async function deleteIndices(prefix: string): Promise<void> {
  const engine = await connectSearchEngine(
    { nodes: [OPENSEARCH_URL], client: 'opensearch', indexPrefix: prefix, requestTimeoutMs: 60_000 },
    { logger: pino({ level: 'silent' }) },
  );
  try {
    await engine.deleteIndices(prefix);
  } finally {
    await engine.close();
  }
}
