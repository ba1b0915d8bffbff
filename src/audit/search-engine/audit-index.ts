import type { IndexSpec } from '../../search-engine/search-engine.js';
import { chainedAuditRecordSchema, type ChainedAuditRecord } from '../audit-chain.js';
import type { AuditRecord } from '../audit-log.js';

/**
 * One audit entry as a search-engine document, `_id` = `String(seq)`. The entry and its chain
 * link live in one document, so an entry can never exist unchained, and creating the document is
 * the single atomic step of an append (see SearchEngineAuditLog).
 */
export type AuditDocument = {
  seq: number;
  /** ISO-8601, millisecond precision, UTC: exactly the string that was hashed. */
  at: string;
  actor: string;
  action: string;
  source: string;
  /** Canonical JSON of the entry's detail: the bytes hashed are the bytes kept. */
  detail: string;
  prevHash: string;
  entryHash: string;
};

/** Not searchable, not aggregatable: kept in `_source` only (no size limit, no index cost). */
const STORED_ONLY = { type: 'keyword', index: false, doc_values: false } as const;

/**
 * The audit index behind the alias `<prefix>-audit`. Version 1.
 *
 * `dynamic: strict` refuses any document with a field not listed here, so nothing can be slipped
 * in beside an entry through the adapter. One shard: the log is small and every read is in seq
 * order. `translog.durability: request` is the engine default, stated because `append`'s promise
 * (resolve only once durable) depends on it: each write is fsync'd to the translog before it is
 * acknowledged, even though it becomes searchable only at the next refresh.
 */
export function auditIndexSpec(indexPrefix: string): IndexSpec {
  return {
    alias: auditAlias(indexPrefix),
    version: 1,
    settings: { number_of_shards: 1, auto_expand_replicas: '0-1', 'translog.durability': 'request' },
    mappings: {
      dynamic: 'strict',
      properties: {
        seq: { type: 'long' },
        at: { type: 'date', format: 'strict_date_time' },
        actor: { type: 'keyword' },
        action: { type: 'keyword' },
        source: { type: 'keyword' },
        detail: STORED_ONLY,
        prevHash: STORED_ONLY,
        entryHash: STORED_ONLY,
      },
    },
  };
}

export function auditAlias(indexPrefix: string): string {
  return `${indexPrefix}-audit`;
}

/** The document of a chained record. */
export function toAuditDocument(record: ChainedAuditRecord, canonicalDetail: string): AuditDocument {
  const { seq, at, actor, action, source, prevHash, entryHash } = record;
  return { seq, at, actor, action, source, detail: canonicalDetail, prevHash, entryHash };
}

/**
 * A stored document read back as a chained record, or why it cannot be: the export-line schema is
 * the yardstick, so what the engine holds is judged exactly as an exported line would be.
 */
export function readAuditDocument(source: unknown): { record: ChainedAuditRecord } | { problem: string } {
  const stored = source as Partial<Record<keyof AuditDocument, unknown>> | null;
  const parsed = chainedAuditRecordSchema.safeParse({ ...stored, detail: parseDetail(stored?.detail) });
  if (parsed.success) return { record: parsed.data };
  const issue = parsed.error.issues[0];
  return { problem: issue === undefined ? 'invalid' : `${issue.path.join('.') || 'document'}: ${issue.message}` };
}

function parseDetail(detail: unknown): unknown {
  if (typeof detail !== 'string') return detail;
  try {
    return JSON.parse(detail);
  } catch {
    return detail; // left as a string, so the schema names `detail` as the problem
  }
}

/** Like readAuditDocument, for readers that cannot go on without the entry (list, export). */
export function requireAuditDocument(id: string, source: unknown): ChainedAuditRecord {
  const read = readAuditDocument(source);
  if ('problem' in read) throw new Error(`audit entry ${id} is malformed (${read.problem}); run the audit chain verification`);
  return read.record;
}

/** The record the AuditLog port speaks of: the entry without its chain link. */
export function withoutLink(record: ChainedAuditRecord): AuditRecord {
  const { seq, at, actor, action, source, detail } = record;
  return { seq, at, actor, action, source, detail };
}
