import type { Db } from '../db/open-database.js';
import type { AuditEntry, AuditListOptions, AuditLog, AuditRecord } from './audit-log.js';

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  detail: string;
}

/**
 * The embedded profile's audit log on the `audit_log` table.
 *
 * better-sqlite3 runs each statement synchronously and the database is opened with
 * `synchronous = FULL`, so when `append`'s promise resolves the row's commit has been fsync'd:
 * a response sent after awaiting it can never outlive its audit record. UPDATE and DELETE are
 * refused by triggers in the schema, not by this code, so no other writer can rewrite history.
 */
export function createSqliteAuditLog(db: Db): AuditLog {
  const insert = db.prepare<[number, string, string, string]>(
    'INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)',
  );
  const select = db.prepare<{ afterSeq: number; action: string | null; limit: number }, AuditRow>(
    `SELECT seq, at, actor, action, detail FROM audit_log
     WHERE seq > @afterSeq AND (@action IS NULL OR action = @action)
     ORDER BY seq LIMIT @limit`,
  );

  return {
    async append(entry: AuditEntry): Promise<void> {
      insert.run(Date.now(), entry.actor, entry.action, JSON.stringify(entry.detail));
    },

    async list(options: AuditListOptions): Promise<AuditRecord[]> {
      const rows = select.all({
        afterSeq: options.afterSeq ?? 0,
        action: options.action ?? null,
        limit: options.limit,
      });
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}
