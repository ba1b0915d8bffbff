import type { Hold, LegalCase } from '../legal-holds.js';

/** A `cases` row. */
export interface CaseRow {
  id: string;
  name: string;
  description: string;
  scope: string;
  custodians: string;
  query: string | null;
  sent_from: number | null;
  sent_before: number | null;
  created_by: string;
  created_at: number;
}

/** A `holds` row. */
export interface HoldRow {
  id: string;
  case_id: string;
  placed_by: string;
  placed_at: number;
  reason: string;
  released_by: string | null;
  released_at: number | null;
  release_reason: string | null;
  backfill_cursor: number;
  backfill_done_at: number | null;
  purged_at: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The stored case as the port shows it. */
export function caseFromRow(row: CaseRow): LegalCase {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    scope: row.scope === 'all' ? 'all' : 'criteria',
    custodians: JSON.parse(row.custodians) as string[],
    query: row.query,
    sentFrom: iso(row.sent_from),
    sentBefore: iso(row.sent_before),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The stored hold as the port shows it. */
export function holdFromRow(row: HoldRow): Hold {
  return {
    id: row.id,
    caseId: row.case_id,
    placedBy: row.placed_by,
    placedAt: new Date(row.placed_at).toISOString(),
    reason: row.reason,
    releasedBy: row.released_by,
    releasedAt: iso(row.released_at),
    releaseReason: row.release_reason,
    backfillComplete: row.backfill_done_at !== null,
  };
}
