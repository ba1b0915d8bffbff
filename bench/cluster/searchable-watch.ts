import { openSearchJson, shardsBehind } from './opensearch-http.js';

/**
 * Sequence numbers re-read behind the highest one seen: well above the writes that can be in
 * flight at once (pipeline concurrency 16 per worker process), small enough that a poll stays cheap.
 */
const WINDOW = 128;
const PAGE = 2_000;

interface Hits {
  hits: { hits: Array<{ sort?: number[]; fields?: { eventKeys?: string[] } }> };
}

/**
 * Sees exactly when each received copy becomes searchable in the message index, by asking the
 * engine itself, not the product: a search on the messages alias for the documents whose
 * `_seq_no` is past (the highest seen − {@link WINDOW}), sorted by `_seq_no`, returning only the
 * `eventKeys` doc values (no stored fields, no `_source`) (`<spoolId> <role>` of every copy the document holds). A search sees what
 * the last refresh made visible, so a copy is "searchable" from the first poll whose answer holds
 * its key. Every write to the document (create, or a merge of a further copy) gets a new `_seq_no`,
 * so nothing is missed; the window covers writes a refresh may have made visible out of order.
 * Needs one primary shard (`_seq_no` is per shard), which `check` verifies.
 */
export class SearchableWatch {
  private maxSeqNo = -1;
  private readonly seen = new Set<string>();

  constructor(private readonly alias: string) {}

  async check(): Promise<void> {
    const shards = await shardsBehind(this.alias);
    if (shards.length !== 1 || shards[0]?.shards !== 1) {
      throw new Error(`${this.alias}: the searchability watch needs one index with one primary shard, found ${JSON.stringify(shards)}`);
    }
  }

  /** Spool ids of the copies that became searchable since the last poll. */
  async poll(): Promise<string[]> {
    const fresh: string[] = [];
    let after = Math.max(-1, this.maxSeqNo - WINDOW);
    for (;;) {
      const answer = await openSearchJson<Hits>('POST', `/${encodeURIComponent(this.alias)}/_search`, {
        size: PAGE,
        track_total_hits: false,
        query: { range: { _seq_no: { gt: after } } },
        sort: [{ _seq_no: 'asc' }],
        // No stored fields at all (not even _id): reading them would decompress each hit's block of
        // _source, which made a poll ~8x dearer; the doc values and the sort value are all it needs.
        stored_fields: '_none_',
        docvalue_fields: ['eventKeys'],
      }, 10_000);
      const hits = answer.hits.hits;
      for (const hit of hits) {
        const seqNo = hit.sort?.[0] ?? -1;
        if (seqNo > this.maxSeqNo) this.maxSeqNo = seqNo;
        for (const key of hit.fields?.eventKeys ?? []) {
          const spoolId = key.slice(0, key.indexOf(' '));
          if (!this.seen.has(spoolId)) {
            this.seen.add(spoolId);
            fresh.push(spoolId);
          }
        }
      }
      if (hits.length < PAGE) return fresh;
      after = hits[hits.length - 1]?.sort?.[0] ?? after;
    }
  }
}
