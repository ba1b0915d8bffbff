import type { Db } from '../db/open-database.js';
import type { AuditEntry, AuditListOptions, AuditLog, AuditRecord } from './audit-log.js';
import { canonicalJson } from '../integrity/canonical-json.js';
import { createAuditSealer } from './seal-audit-chain.js';
import { AUDIT_ROW_COLUMNS, toAuditRecord, type AuditRow } from './sqlite-audit-rows.js';

/**
 * The embedded profile's audit log on the `audit_log` table, hash-chained in `audit_chain`.
 *
 * better-sqlite3 runs each statement synchronously and the database is opened with
 * `synchronous = FULL`, so when `append`'s promise resolves the row's commit has been fsync'd:
 * a response sent after awaiting it can never outlive its audit record. Each append inserts the
 * row and its chain link in one IMMEDIATE transaction, which holds SQLite's write lock while the
 * chain head is read, so appends from several processes (appliance and CLI) still form one chain.
 * UPDATE and DELETE are refused by triggers in the schema, not by this code.
 *
 * Creating the adapter chains any rows not yet chained (those written before the chain existed).
 */
export function createSqliteAuditLog(db: Db): AuditLog {
  const insert = db.prepare<[number, string, string, string, string]>(
    'INSERT INTO audit_log (at, actor, action, source, detail) VALUES (?, ?, ?, ?, ?)',
  );
  const select = db.prepare<{ afterSeq: number; action: string | null; limit: number }, AuditRow>(
    `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log l
     WHERE l.seq > @afterSeq AND (@action IS NULL OR l.action = @action)
     ORDER BY l.seq LIMIT @limit`,
  );
  const seal = createAuditSealer(db);
  const appendAndSeal = db.transaction((entry: AuditEntry) => {
    // Canonical JSON is stored, so the bytes hashed are the bytes kept.
    insert.run(Date.now(), entry.actor, entry.action, entry.source, canonicalJson(entry.detail));
    seal();
  });
  db.transaction(seal).immediate();

  return {
    async append(entry: AuditEntry): Promise<void> {
      appendAndSeal.immediate(entry);
    },

    async list(options: AuditListOptions): Promise<AuditRecord[]> {
      const rows = select.all({
        afterSeq: options.afterSeq ?? 0,
        action: options.action ?? null,
        limit: options.limit,
      });
      return rows.map(toAuditRecord);
    },
  };
}
