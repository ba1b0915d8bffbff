import { compileToDsl } from '../../query/compile-dsl.js';
import type { QueryNode } from '../../query/ast.js';
import type { Json, SearchEngine } from '../../search-engine/search-engine.js';
import type { AggregateBucket, AggregateField } from '../archive-index.js';
import { MESSAGE_FIELDS as F } from './message-fields.js';

/** Groups per composite-aggregation page; every page is another request until none are left. */
const GROUPS_PER_PAGE = 1000;

interface HistogramBucket {
  key_as_string: string;
  doc_count: number;
}

interface CompositeAggregation {
  buckets: Array<{ key: { group: string }; doc_count: number }>;
  after_key?: Json;
}

/**
 * Counts the messages matching `query` grouped `by` a field, as the port defines it:
 * - `sent-month`: a `date_histogram` by calendar month (UTC) of the sent-or-received date, only
 *   months with messages, ascending;
 * - `sender-domain` and `tag`: every group of the From domains or the (lower-cased) tags, paged
 *   through with a `composite` aggregation, so that the counts are exact however many groups there
 *   are (a `terms` aggregation would cap and, over several shards, estimate them); then most
 *   frequent first, ties by key.
 */
export async function aggregateMessages(engine: SearchEngine, index: string, query: QueryNode, by: AggregateField): Promise<AggregateBucket[]> {
  const dsl = compileToDsl(query);
  if (by === 'sent-month') {
    const response = await engine.search(index, {
      query: dsl,
      size: 0,
      aggs: {
        months: {
          date_histogram: { field: F.sentOrReceivedAt, calendar_interval: 'month', format: 'yyyy-MM', time_zone: 'UTC', min_doc_count: 1 },
        },
      },
    });
    const months = response.aggregations.months as { buckets: HistogramBucket[] } | undefined;
    return (months?.buckets ?? []).map((b) => ({ key: b.key_as_string, count: b.doc_count }));
  }
  const field = by === 'tag' ? F.tags : F.senderDomains;
  const buckets: AggregateBucket[] = [];
  let after: Json | undefined;
  do {
    const response = await engine.search(index, {
      query: dsl,
      size: 0,
      aggs: {
        groups: {
          composite: { size: GROUPS_PER_PAGE, sources: [{ group: { terms: { field } } }], ...(after ? { after } : {}) },
        },
      },
    });
    const page = response.aggregations.groups as CompositeAggregation | undefined;
    for (const b of page?.buckets ?? []) buckets.push({ key: b.key.group, count: b.doc_count });
    after = page && page.buckets.length === GROUPS_PER_PAGE ? page.after_key : undefined;
  } while (after);
  return buckets.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
