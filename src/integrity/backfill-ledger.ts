import type { Db } from '../db/open-database.js';
import type { Ledger } from './ledger.js';

/** Messages read per step: bounded memory whatever the archive's size. */
const BATCH = 1000;

/**
 * Gives every archived message without an `archived` ledger entry one, in archive order: the
 * messages archived before the ledger existed (an upgrade), and any whose entry a crash lost
 * between the index record and the ledger append. Idempotent; returns how many were added.
 */
export async function backfillLedger(db: Db, ledger: Ledger): Promise<number> {
  const missing = db.prepare<[number, number], { rowid: number; id: string; size: number; received_at: number }>(
    `SELECT m.rowid, m.id, m.size, m.received_at FROM messages m
      WHERE m.rowid > ? AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.kind = 'archived' AND l.message_id = m.id)
      ORDER BY m.rowid LIMIT ?`,
  );
  let added = 0;
  let after = 0;
  for (;;) {
    const rows = missing.all(after, BATCH);
    if (rows.length === 0) return added;
    for (const row of rows) {
      await ledger.recordArchived({ messageId: row.id, size: row.size, receivedAt: new Date(row.received_at).toISOString() });
    }
    added += rows.length;
    after = rows[rows.length - 1]?.rowid ?? after;
  }
}
