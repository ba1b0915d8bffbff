import type { AuditRecord } from './audit-log.js';

/** An `audit_log` row as selected (`at` in epoch ms, `detail` as JSON text). */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  source: string;
  detail: string;
}

/** The columns of `AuditRow`, for SELECTs on `audit_log` (aliased `l`). */
export const AUDIT_ROW_COLUMNS = 'l.seq, l.at, l.actor, l.action, l.source, l.detail';

/** A stored row as the record the port speaks of. */
export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    source: row.source,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}
