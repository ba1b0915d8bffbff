import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../db/open-database.js';
import { AuditChainVerifier, type AuditChainVerifierOptions, type AuditVerification } from './audit-chain-verifier.js';
import { toAuditRecord, type AuditRow } from './sqlite-audit-rows.js';

/** Options of `verifyAuditChain`. */
export interface VerifyAuditChainOptions extends AuditChainVerifierOptions {
  /** Entries read per query. Default 1000. */
  batchSize?: number;
  /** Called after each batch with the number of entries visited so far. */
  onProgress?: (visited: number) => void;
}

interface ChainRow {
  seq: number;
  has_row: 0 | 1;
  at: number | null;
  actor: string | null;
  action: string | null;
  source: string | null;
  detail: string | null;
  prev_hash: string | null;
  entry_hash: string | null;
}

/**
 * Verifies the embedded audit log's chain from its genesis, in batches, yielding to the event loop
 * between them so the appliance keeps serving. Every seq present in `audit_log` or `audit_chain`
 * is visited once: a row without a link is `unsealed`, a link without a row is a deleted entry, a
 * row that no longer hashes to its link is `edited`, and a link that skips entries names the
 * missing range. Memory is one batch, whatever the log's length.
 */
export async function verifyAuditChain(db: Db, options: VerifyAuditChainOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 1000;
  const page = db.prepare<{ after: number; limit: number }, ChainRow>(
    `WITH s (seq) AS (
       SELECT seq FROM audit_log WHERE seq > @after
       UNION SELECT seq FROM audit_chain WHERE seq > @after
       ORDER BY 1 LIMIT @limit)
     SELECT s.seq, l.seq IS NOT NULL AS has_row, l.at, l.actor, l.action, l.source, l.detail, c.prev_hash, c.entry_hash
     FROM s LEFT JOIN audit_log l ON l.seq = s.seq LEFT JOIN audit_chain c ON c.seq = s.seq
     ORDER BY s.seq`,
  );
  const verifier = new AuditChainVerifier({ ...options, fromGenesis: true });
  let after = 0;
  let visited = 0;
  for (;;) {
    const rows = page.all({ after, limit: batchSize });
    for (const row of rows) visit(verifier, row);
    visited += rows.length;
    if (rows.length > 0) options.onProgress?.(visited);
    if (rows.length < batchSize) return verifier.finish();
    after = (rows.at(-1) as ChainRow).seq;
    await yieldToEventLoop();
  }
}

function visit(verifier: AuditChainVerifier, row: ChainRow): void {
  if (row.prev_hash === null || row.entry_hash === null) {
    verifier.unsealed(row.seq);
  } else if (row.has_row === 0) {
    verifier.linkWithoutEntry(row.seq, row.prev_hash, row.entry_hash);
  } else {
    const record = toAuditRecord(row as AuditRow);
    verifier.entry({ ...record, prevHash: row.prev_hash, entryHash: row.entry_hash });
  }
}
