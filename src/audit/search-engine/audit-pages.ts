import type { Json, SearchEngine } from '../../search-engine/search-engine.js';
import type { AuditDocument } from './audit-index.js';

/** Which entries a page holds: those after `afterSeq`, up to `throughSeq`, of one action. */
export interface AuditPageQuery {
  afterSeq: number;
  /** Default: no upper bound. */
  throughSeq?: number;
  /** Default: every action. */
  action?: string;
  size: number;
}

/**
 * One page of entries in seq order, as search sees them (callers refresh first when they need
 * the latest writes). Paging is by seq range rather than `search_after`: seqs are unique, and a
 * page boundary then means the same thing to every reader.
 */
export async function searchAuditPage(
  engine: SearchEngine,
  alias: string,
  page: AuditPageQuery,
): Promise<Array<{ id: string; source: AuditDocument }>> {
  const filter: Json[] = [{ range: { seq: { gt: page.afterSeq, ...(page.throughSeq === undefined ? {} : { lte: page.throughSeq }) } } }];
  if (page.action !== undefined) filter.push({ term: { action: page.action } });
  const response = await engine.search<AuditDocument>(alias, {
    size: page.size,
    query: { bool: { filter } },
    sort: [{ seq: { order: 'asc' } }],
  });
  return response.hits;
}

/** The seq of the first (`asc`) or last (`desc`) entry matching `query`; null when none does. */
export async function boundarySeq(engine: SearchEngine, alias: string, query: Json, order: 'asc' | 'desc'): Promise<number | null> {
  const response = await engine.search<Pick<AuditDocument, 'seq'>>(alias, {
    size: 1,
    query,
    sort: [{ seq: { order } }],
    _source: ['seq'],
  });
  return response.hits[0]?.source.seq ?? null;
}
