import type { Db } from '../db/open-database.js';
import { auditEntryHash, GENESIS_HASH } from './audit-chain.js';
import { AUDIT_ROW_COLUMNS, toAuditRecord, type AuditRow } from './sqlite-audit-rows.js';

const BATCH = 500;

/**
 * Returns `seal()`, which links every `audit_log` row after the chain's head into `audit_chain`,
 * in seq order, and returns how many it linked. It must run inside a write transaction (so the
 * head cannot move under it, even when another process such as the CLI appends): the adapter runs
 * it in the transaction of each append, and once at start for rows written before the chain
 * existed. Rows numbered at or below the head are never sealed: a row slipped into a gap left by
 * a deletion stays outside the chain, and verification reports it.
 */
export function createAuditSealer(db: Db): () => number {
  const head = db.prepare<[], { seq: number; entry_hash: string }>('SELECT seq, entry_hash FROM audit_chain ORDER BY seq DESC LIMIT 1');
  const pending = db.prepare<[number, number], AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq > ? ORDER BY l.seq LIMIT ?`);
  const link = db.prepare<[number, string, string]>('INSERT INTO audit_chain (seq, prev_hash, entry_hash) VALUES (?, ?, ?)');

  return () => {
    const last = head.get();
    let seq = last?.seq ?? 0;
    let prevHash = last?.entry_hash ?? GENESIS_HASH;
    let sealed = 0;
    for (;;) {
      const rows = pending.all(seq, BATCH);
      for (const row of rows) {
        const entryHash = auditEntryHash(prevHash, toAuditRecord(row));
        link.run(row.seq, prevHash, entryHash);
        seq = row.seq;
        prevHash = entryHash;
      }
      sealed += rows.length;
      if (rows.length < BATCH) return sealed;
    }
  };
}
