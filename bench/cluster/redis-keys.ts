import type { Redis } from 'ioredis';
import { keysUnder } from './run-resources.js';

/** The keys under a prefix, grouped by shape: one row per kind of key, job ids folded into `<jobId>`. */
export interface KeyGroup {
  /** The key without `<prefix>:`, job ids replaced by `<jobId>` (e.g. `ingest:<jobId>`, `ingest:events`). */
  pattern: string;
  type: string;
  keys: number;
  /** Elements in all of them (hash fields, list/zset/stream entries; 1 for a string). */
  elements: number;
  /** Sum of `MEMORY USAGE key SAMPLES 0` (exact: every element counted). */
  bytes: number;
}

/**
 * Every key under `<prefix>:` with its exact memory (`MEMORY USAGE … SAMPLES 0`), grouped by
 * shape. Unlike INFO's `used_memory` (the whole server), this counts only this run's keys, so
 * other clients of a shared Redis do not disturb it; it leaves out what is per connection or
 * per server (client buffers, the Lua script cache, the allocator's fragmentation).
 */
export async function keyGroups(redis: Redis, prefix: string, jobIds: ReadonlySet<string>): Promise<KeyGroup[]> {
  const groups = new Map<string, KeyGroup>();
  for (const key of await keysUnder(redis, prefix)) {
    const rest = key.slice(prefix.length + 1);
    const parts = rest.split(':');
    const pattern = parts.map((part) => (jobIds.has(part) ? '<jobId>' : part)).join(':');
    const [type, bytes] = await Promise.all([redis.type(key), redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0') as Promise<number | null>]);
    const group = groups.get(pattern) ?? { pattern, type, keys: 0, elements: 0, bytes: 0 };
    group.keys += 1;
    group.elements += await elementsOf(redis, key, type);
    group.bytes += bytes ?? 0;
    groups.set(pattern, group);
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

async function elementsOf(redis: Redis, key: string, type: string): Promise<number> {
  switch (type) {
    case 'hash': return redis.hlen(key);
    case 'list': return redis.llen(key);
    case 'zset': return redis.zcard(key);
    case 'set': return redis.scard(key);
    case 'stream': return redis.xlen(key);
    default: return 1;
  }
}

/** `used_memory` from INFO memory: every byte the server has allocated, for every client. */
export async function usedMemory(redis: Redis): Promise<number> {
  const match = /^used_memory:(\d+)/m.exec(await redis.info('memory'));
  if (!match?.[1]) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}
