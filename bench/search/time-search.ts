import type { ArchiveIndex, SearchRequest } from '../../src/archive/archive-index.js';
import { summarise, type Summary } from '../support/percentiles.js';

/**
 * The timing policy of bench:search and of both engines of bench:cluster-search, so their
 * figures mean the same: WARM_UP untimed runs (1 if slower than SLOW_WARM_UP_MS), then RUNS timed
 * runs, fewer (at least MIN_RUNS) once QUERY_BUDGET_MS is spent.
 */
export const WARM_UP = 3;
export const RUNS = 30;
export const SLOW_WARM_UP_MS = 1_000;
export const QUERY_BUDGET_MS = 15_000;
export const MIN_RUNS = 3;

export interface SearchTiming {
  /** `total` of the search's answer (the exact count of matches). */
  total: number;
  latency: Summary;
  samples: number[];
}

/** Times `index.search(request)` by the policy above, each call from call to resolution. */
export async function timeSearch(index: Pick<ArchiveIndex, 'search'>, request: SearchRequest): Promise<SearchTiming> {
  let total = 0;
  for (let i = 0; i < WARM_UP; i++) {
    const started = performance.now();
    total = (await index.search(request)).total;
    if (performance.now() - started > SLOW_WARM_UP_MS) break;
  }
  const samples: number[] = [];
  const budgetEnds = performance.now() + QUERY_BUDGET_MS;
  while (samples.length < RUNS && (samples.length < MIN_RUNS || performance.now() < budgetEnds)) {
    const started = performance.now();
    await index.search(request);
    samples.push(performance.now() - started);
  }
  return { total, latency: summarise(samples), samples };
}
