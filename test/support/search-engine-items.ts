import type { IndexSpec } from '../../src/search-engine/search-engine.js';
import { TEST_OPENSEARCH_URL } from './search-engine.js';

/** The documents the search-engine port tests write. */
export interface Item {
  n: number;
  tag: string;
  title?: string;
}

/** A one-shard index spec under `alias` (sequence numbers in one series), with `extra` mapped fields (a mapping change for a version bump). */
export function itemSpec(alias: string, version: number, extra: Record<string, unknown> = {}): IndexSpec {
  return {
    alias,
    version,
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: { dynamic: 'strict', properties: { n: { type: 'integer' }, tag: { type: 'keyword' }, ...extra } },
  };
}

/** What the cluster itself says (read straight from the node, not through the code under test). */
export async function cluster<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${TEST_OPENSEARCH_URL}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}
