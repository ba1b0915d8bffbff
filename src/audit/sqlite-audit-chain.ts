import type { Db } from '../db/open-database.js';
import type { ChainedAuditRecord } from './audit-chain.js';
import type { AuditChain, AuditExport, AuditExportRange } from './audit-chain-port.js';
import { AUDIT_ROW_COLUMNS, toAuditRecord, type AuditRow } from './sqlite-audit-rows.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const EXPORT_BATCH = 500;

/** The embedded profile's audit chain: export, verification and head, on `audit_log` + `audit_chain`. */
export function createSqliteAuditChain(db: Db): AuditChain {
  const firstFrom = db.prepare<[number], { seq: number | null }>('SELECT min(seq) AS seq FROM audit_log WHERE at >= ?');
  const lastBefore = db.prepare<[number], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log WHERE at < ?');
  const page = db.prepare<[number, number, number], AuditRow & { prev_hash: string; entry_hash: string }>(
    `SELECT ${AUDIT_ROW_COLUMNS}, c.prev_hash, c.entry_hash
     FROM audit_log l JOIN audit_chain c ON c.seq = l.seq
     WHERE l.seq >= ? AND l.seq <= ? ORDER BY l.seq LIMIT ?`,
  );
  const head = db.prepare<[], { seq: number; entry_hash: string }>('SELECT seq, entry_hash FROM audit_chain ORDER BY seq DESC LIMIT 1');

  async function* lines(firstSeq: number, lastSeq: number): AsyncGenerator<ChainedAuditRecord> {
    let from = firstSeq;
    for (;;) {
      const rows = page.all(from, lastSeq, EXPORT_BATCH);
      for (const row of rows) yield { ...toAuditRecord(row), prevHash: row.prev_hash, entryHash: row.entry_hash };
      if (rows.length < EXPORT_BATCH) return;
      from = (rows.at(-1) as AuditRow).seq + 1;
    }
  }

  return {
    async export(range: AuditExportRange): Promise<AuditExport> {
      const firstSeq = firstFrom.get(range.from?.getTime() ?? Number.MIN_SAFE_INTEGER)?.seq ?? null;
      const lastSeq = lastBefore.get(range.to?.getTime() ?? Number.MAX_SAFE_INTEGER)?.seq ?? null;
      if (firstSeq === null || lastSeq === null || firstSeq > lastSeq) {
        return { firstSeq: null, lastSeq: null, lines: lines(1, 0) }; // an empty seq range: no lines
      }
      return { firstSeq, lastSeq, lines: lines(firstSeq, lastSeq) };
    },

    verify: (options) => verifyAuditChain(db, options),

    async head() {
      const row = head.get();
      return row === undefined ? null : { seq: row.seq, entryHash: row.entry_hash };
    },
  };
}
