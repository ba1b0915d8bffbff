import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditRecord } from './audit-log.js';
import { canonicalJson } from '../integrity/canonical-json.js';

/** The `prevHash` of the first entry ever chained: 32 zero bytes, in hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit record with its link in the hash chain: one line of an export. */
export interface ChainedAuditRecord extends AuditRecord {
  /** `entryHash` of the entry chained before this one (`GENESIS_HASH` for the first). */
  prevHash: string;
  /** SHA-256 over `prevHash` and this entry's canonical bytes (`auditEntryHash`). */
  entryHash: string;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

/** One NDJSON line of an audit export, as read back by a verifier. */
export const chainedAuditRecordSchema = z.strictObject({
  seq: z.number().int().positive(),
  at: z.iso.datetime({ offset: false, precision: 3 }),
  actor: z.string(),
  action: z.string(),
  source: z.string(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: hex64,
  entryHash: hex64,
});

/**
 * The bytes an entry is hashed over: canonical JSON (RFC 8785, `canonicalJson`) of
 * `{action, actor, at, detail, seq, source}`, with `at` as the ISO-8601 string of the export
 * (`2024-05-01T10:00:00.000Z`).
 */
export function canonicalAuditEntry(record: AuditRecord): string {
  const { seq, at, actor, action, source, detail } = record;
  return canonicalJson({ seq, at, actor, action, source, detail });
}

/**
 * `entryHash = SHA-256(prevHash as 32 raw bytes || UTF-8 of canonicalAuditEntry(record))`, hex.
 * Anyone can recompute it, e.g. in Python:
 * `sha256(bytes.fromhex(prev_hash) + canonical.encode()).hexdigest()`.
 */
export function auditEntryHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonicalAuditEntry(record), 'utf8').digest('hex');
}
