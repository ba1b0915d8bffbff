import { OPENSEARCH_URL } from './services.js';

/**
 * A plain HTTP request to the benchmark's OpenSearch node, outside the product's client: what the
 * benchmarks observe (searchability, statistics, the JVM's pid) is read apart from the code under
 * test. Throws on a non-2xx answer with the engine's body.
 */
export async function openSearchJson<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
  const response = await fetch(`${OPENSEARCH_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`OpenSearch ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** The OpenSearch JVM's pid, from the node's own process info (so its CPU can be read from /proc). */
export async function openSearchPid(): Promise<number> {
  const info = await openSearchJson<{ nodes: Record<string, { process?: { id?: number } }> }>('GET', '/_nodes/_local/process');
  const pid = Object.values(info.nodes)[0]?.process?.id;
  if (pid === undefined) throw new Error('OpenSearch did not report its process id');
  return pid;
}

/** The concrete indices behind `alias` and their primary shard counts. */
export async function shardsBehind(alias: string): Promise<Array<{ index: string; shards: number }>> {
  const settings = await openSearchJson<Record<string, { settings: { index: { number_of_shards: string } } }>>('GET', `/${encodeURIComponent(alias)}/_settings/index.number_of_shards`);
  return Object.entries(settings).map(([index, value]) => ({ index, shards: Number(value.settings.index.number_of_shards) }));
}

/** The statistics of the indices behind `alias` that say where indexing time goes (primaries). */
export interface IndexStats {
  indexTotal: number;
  indexTimeMs: number;
  getTotal: number;
  getTimeMs: number;
  refreshTotal: number;
  refreshTimeMs: number;
  mergeTimeMs: number;
  flushTotal: number;
  queryTotal: number;
  queryTimeMs: number;
  fetchTimeMs: number;
  docs: number;
  storeBytes: number;
}

export async function indexStats(alias: string): Promise<IndexStats> {
  interface Raw {
    _all: {
      primaries: {
        docs?: { count?: number };
        store?: { size_in_bytes?: number };
        indexing?: { index_total?: number; index_time_in_millis?: number };
        get?: { total?: number; time_in_millis?: number };
        refresh?: { total?: number; total_time_in_millis?: number };
        merges?: { total_time_in_millis?: number };
        flush?: { total?: number };
        search?: { query_total?: number; query_time_in_millis?: number; fetch_time_in_millis?: number };
      };
    };
  }
  const raw = await openSearchJson<Raw>('GET', `/${encodeURIComponent(alias)}/_stats/docs,store,indexing,get,refresh,merge,flush,search`);
  const p = raw._all.primaries;
  return {
    indexTotal: p.indexing?.index_total ?? 0,
    indexTimeMs: p.indexing?.index_time_in_millis ?? 0,
    getTotal: p.get?.total ?? 0,
    getTimeMs: p.get?.time_in_millis ?? 0,
    refreshTotal: p.refresh?.total ?? 0,
    refreshTimeMs: p.refresh?.total_time_in_millis ?? 0,
    mergeTimeMs: p.merges?.total_time_in_millis ?? 0,
    flushTotal: p.flush?.total ?? 0,
    queryTotal: p.search?.query_total ?? 0,
    queryTimeMs: p.search?.query_time_in_millis ?? 0,
    fetchTimeMs: p.search?.fetch_time_in_millis ?? 0,
    docs: p.docs?.count ?? 0,
    storeBytes: p.store?.size_in_bytes ?? 0,
  };
}

/** `after - before`, field by field (for the counters; docs and store are taken from `after`). */
export function statsDelta(before: IndexStats, after: IndexStats): IndexStats {
  const delta = { ...after };
  for (const key of Object.keys(after) as Array<keyof IndexStats>) {
    if (key !== 'docs' && key !== 'storeBytes') delta[key] = after[key] - before[key];
  }
  return delta;
}

/** The node as a benchmark's machine line names it: version, JVM heap and collector, e.g. `OpenSearch 2.19.1 (JVM 17, heap 495 MiB, -XX:+UseSerialGC)`. */
export async function describeOpenSearch(): Promise<string> {
  interface Raw {
    nodes: Record<string, { version?: string; jvm?: { version?: string; mem?: { heap_max_in_bytes?: number }; input_arguments?: string[] } }>;
  }
  const node = Object.values((await openSearchJson<Raw>('GET', '/_nodes/_local/jvm')).nodes)[0];
  const gc = node?.jvm?.input_arguments?.find((arg) => /^-XX:\+Use\w+GC$/.test(arg)) ?? 'default GC';
  const heap = ((node?.jvm?.mem?.heap_max_in_bytes ?? 0) / 2 ** 20).toFixed(0);
  return `OpenSearch ${node?.version ?? '?'} (JVM ${node?.jvm?.version?.split('.')[0] ?? '?'}, heap ${heap} MiB, ${gc})`;
}
