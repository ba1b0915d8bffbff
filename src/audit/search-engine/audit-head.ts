import type { SearchEngine, StoredDoc } from '../../search-engine/search-engine.js';
import type { AuditDocument } from './audit-index.js';

/** An entry's place in the chain: what the next entry hashes over. */
export interface AuditLink {
  seq: number;
  entryHash: string;
}

/** Realtime GETs per round trip while walking forward from a known entry. */
const PROBE_WINDOW = 16;

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The newest entry of the log, exactly: the newest one search can see (which may lag by up to a
 * refresh interval), then realtime GETs of the seqs after it until one is absent. Appends create
 * seqs in order and only after reading their predecessor, so the first absent seq is the end.
 * Null while the log is empty.
 */
export async function readAuditHead(engine: SearchEngine, alias: string): Promise<AuditLink | null> {
  const newest = await engine.search<AuditDocument>(alias, {
    size: 1,
    sort: [{ seq: { order: 'desc' } }],
    _source: ['seq', 'entryHash'],
  });
  const hit = newest.hits[0];
  return walkToHead(engine, alias, hit === undefined ? null : linkOf(hit.id, hit.source));
}

/** From a known entry (null: from before the first), the newest entry, by realtime GETs only. */
export async function walkToHead(engine: SearchEngine, alias: string, from: AuditLink | null): Promise<AuditLink | null> {
  let head = from;
  for (;;) {
    const first = (head?.seq ?? 0) + 1;
    const ids = Array.from({ length: PROBE_WINDOW }, (_, i) => String(first + i));
    const docs: Array<StoredDoc<AuditDocument> | null> = await engine.getMany<AuditDocument>(alias, ids);
    for (const doc of docs) {
      if (doc === null) return head;
      head = linkOf(doc.id, doc.source);
    }
  }
}

/**
 * The link a new entry would hash over. A head without a valid hash cannot be extended without
 * breaking the chain, so appends stop (fail closed) until someone verifies and repairs the log.
 */
export function linkOf(id: string, source: Partial<AuditDocument>): AuditLink {
  const { seq, entryHash } = source;
  if (typeof seq !== 'number' || typeof entryHash !== 'string' || !HEX64.test(entryHash)) {
    throw new Error(`audit entry ${id} has no valid seq and entryHash: the chain cannot be extended; run the audit chain verification`);
  }
  return { seq, entryHash };
}
