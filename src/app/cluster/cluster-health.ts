import type { JobQueue } from '../../queue/job-queue.js';
import type { SearchEngine } from '../../search-engine/search-engine.js';
import type { Spool } from '../../spool/spool.js';

/**
 * The API's health on the cluster profile: Redis (the queue answers its counts), the search
 * cluster (health yellow or green) and the shared spool (readable; its backlog is reported).
 * Unhealthy when any dependency fails, with the failure named.
 */
export async function clusterHealth(deps: { queue: JobQueue; engine: SearchEngine; spool: Spool }): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  const [queue, engine, spooled] = await Promise.allSettled([deps.queue.counts(), deps.engine.healthy(2_000), deps.spool.size()]);
  checks.queue = queue.status === 'fulfilled'
    ? `waiting ${queue.value.waiting}, active ${queue.value.active}, dead ${queue.value.dead}`
    : `failed: ${(queue.reason as Error).message}`;
  checks.searchEngine = engine.status === 'fulfilled' ? (engine.value ? 'ok' : 'failed: not healthy') : `failed: ${(engine.reason as Error).message}`;
  checks.spooled = spooled.status === 'fulfilled' ? String(spooled.value) : `failed: ${(spooled.reason as Error).message}`;
  const ok = queue.status === 'fulfilled' && engine.status === 'fulfilled' && engine.value && spooled.status === 'fulfilled';
  return { ok, checks };
}
