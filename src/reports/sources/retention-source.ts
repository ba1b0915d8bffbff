import type { Db } from '../../db/open-database.js';
import type { PolicySet, RetentionPeriod } from '../../retention/policies/retention-policy.js';
import type { ReportData, ReportDataSource, ReportDataSpec, ReportParameters, ReportSourceDeps, ReportTable } from '../report-data.js';
import { DAY_MS, periodBuckets, startOfMonth } from './buckets.js';
import { DETAIL_ROWS, isoOrNull, limitedTable } from './detail-table.js';

/**
 * The retention report's data. Counts "now" (policies, held messages, expiries) are as of
 * `parameters.now`; deletions are those whose tombstone's `deleted_at` falls in the period.
 * Expiries count every message whose retention expiry (policy period, or a reviewer's keep) falls
 * in the window, whether a hold will keep it or not; `expiredButHeld` and `blockingHolds` say
 * which expired messages holds in force keep.
 */
export const RETENTION_SPEC: ReportDataSpec = {
  figures: ['policiesInForce', 'messagesArchived', 'heldMessages', 'activeHolds', 'expiringIn30Days', 'expiringIn90Days', 'expiringIn365Days', 'deletionsInPeriod', 'expiredButHeld'],
  tables: {
    policies: ['policy', 'action', 'period', 'priority', 'messages', 'expiringIn30Days'],
    deletions: ['deletedAt', 'archiveId', 'policy', 'cause', 'receivedAt', 'size', 'ledgerSeq'],
    blockingHolds: ['caseName', 'holdId', 'placedAt', 'placedBy', 'expiredHeldMessages'],
  },
  series: ['deletionsByWeek', 'expiriesByMonth'],
  needsCase: false,
};

/** Months of the `expiriesByMonth` chart, starting with the month of `now`. */
const EXPIRY_MONTHS = 12;
/** The `action` and `period` cells of a policy that messages are still assigned to but is no longer in force (a recompute is under way). */
export const NOT_IN_FORCE = '(not in force)';

interface DeletionRow {
  seq: number;
  deleted_at: number;
  message_id: string;
  policy_id: string | null;
  reason: 'retention' | 'erasure';
  request_id: string | null;
  actor: string;
  received_at: number;
  size: number;
  ledger_seq: number | null;
  ledger_deleted_at: string | null;
}

interface HoldRow { hold_id: string; case_name: string; placed_at: number; placed_by: string; expired: number }

/**
 * Every statement reads an index range (chart buckets are one range count each): expiries from `retention_assignments_expiry`
 * (action, expires_at), per-policy counts from `report_retention_policy` (policy_id, expires_at),
 * deletions from `tombstones_deleted`, each tombstone's ledger entry by the ledger's
 * (kind, message_id) key, held messages by `message_holds`' key. "Expired and held" starts from
 * the expired messages — in a swept archive about the ones holds keep and those awaiting review —
 * and probes each one's holds.
 */
function prepareStatements(db: Db) {
  const inForce = `SELECT 1 FROM message_holds mh JOIN holds h ON h.id = mh.hold_id WHERE mh.message_id = ra.message_id AND h.released_at IS NULL`;
  const expired = `ra.action IN ('delete', 'review') AND ra.expires_at < @now`;
  return {
    messages: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages'),
    held: db.prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM (SELECT DISTINCT mh.message_id FROM message_holds mh JOIN holds h ON h.id = mh.hold_id WHERE h.released_at IS NULL)`,
    ),
    activeHolds: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM holds WHERE released_at IS NULL'),
    expiring: db.prepare<{ from: number; to: number }, { n: number }>(
      `SELECT count(*) AS n FROM retention_assignments WHERE action IN ('delete', 'review') AND expires_at >= @from AND expires_at < @to`,
    ),
    expiredButHeld: db.prepare<{ now: number }, { n: number }>(
      `SELECT count(*) AS n FROM retention_assignments ra WHERE ${expired} AND EXISTS (${inForce})`,
    ),
    byPolicy: db.prepare<{ now: number; in30: number }, { policy_id: string; messages: number; expiring: number }>(
      `SELECT policy_id, count(*) AS messages, coalesce(sum(expires_at >= @now AND expires_at < @in30), 0) AS expiring
       FROM retention_assignments INDEXED BY report_retention_policy GROUP BY policy_id`,
    ),
    deletionCount: db.prepare<{ from: number; to: number }, { n: number }>(
      'SELECT count(*) AS n FROM tombstones WHERE deleted_at >= @from AND deleted_at < @to',
    ),
    deletions: db.prepare<{ from: number; to: number; limit: number }, DeletionRow>(
      `SELECT t.seq, t.deleted_at, t.message_id, t.policy_id, t.reason, t.request_id, t.actor, t.received_at, t.size,
         l.seq AS ledger_seq, json_extract(l.detail, '$.deletedAt') AS ledger_deleted_at
       FROM tombstones t LEFT JOIN ledger l ON l.kind = 'deleted' AND l.message_id = t.message_id
       WHERE t.deleted_at >= @from AND t.deleted_at < @to ORDER BY t.deleted_at, t.seq LIMIT @limit`,
    ),
    blockingHolds: db.prepare<{ now: number; limit: number }, HoldRow & { total_rows: number }>(
      `SELECT h.id AS hold_id, c.name AS case_name, h.placed_at, h.placed_by, count(*) AS expired, count(*) OVER () AS total_rows
       FROM retention_assignments ra
       JOIN message_holds mh ON mh.message_id = ra.message_id
       JOIN holds h ON h.id = mh.hold_id
       JOIN cases c ON c.id = h.case_id
       WHERE ${expired} AND h.released_at IS NULL
       GROUP BY h.id ORDER BY expired DESC, h.id LIMIT @limit`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The `retention` report data source on the embedded database. Needs `report_retention_policy`
 * from `REPORT_INDEXES_SCHEMA`.
 */
export function createRetentionSource(deps: Pick<ReportSourceDeps, 'db' | 'policies'>): ReportDataSource {
  const statements = prepareStatements(deps.db);
  return {
    name: 'retention',
    spec: RETENTION_SPEC,
    async load(parameters: ReportParameters): Promise<ReportData> {
      const policies = deps.policies();
      // One read transaction: every figure and table sees the same archive.
      return deps.db.transaction(() => loadAll(statements, policies, parameters))();
    },
  };
}

function loadAll(s: Statements, policies: PolicySet, parameters: ReportParameters): ReportData {
  const now = parameters.now.getTime();
  const period = { from: parameters.period.from.getTime(), to: parameters.period.to.getTime() };
  const days = (n: number) => now + n * DAY_MS;
  const expiring = (range: { from: number; to: number }) => (s.expiring.get(range) as { n: number }).n;
  const deletions = (range: { from: number; to: number }) => (s.deletionCount.get(range) as { n: number }).n;
  const deletionsInPeriod = deletions(period);
  const holdRows = s.blockingHolds.all({ now, limit: DETAIL_ROWS });
  const expiryEnd = startOfMonth(parameters.now, EXPIRY_MONTHS);

  return {
    figures: {
      policiesInForce: policies.policies.length,
      messagesArchived: (s.messages.get() as { n: number }).n,
      heldMessages: (s.held.get() as { n: number }).n,
      activeHolds: (s.activeHolds.get() as { n: number }).n,
      expiringIn30Days: expiring({ from: now, to: days(30) }),
      expiringIn90Days: expiring({ from: now, to: days(90) }),
      expiringIn365Days: expiring({ from: now, to: days(365) }),
      deletionsInPeriod,
      expiredButHeld: (s.expiredButHeld.get({ now }) as { n: number }).n,
    },
    tables: {
      policies: policyTable(s, policies, now, days(30)),
      deletions: limitedTable(s.deletions.all({ ...period, limit: DETAIL_ROWS }).map(deletionCells), deletionsInPeriod),
      blockingHolds: limitedTable(
        holdRows.map((r) => ({ caseName: r.case_name, holdId: r.hold_id, placedAt: isoOrNull(r.placed_at), placedBy: r.placed_by, expiredHeldMessages: r.expired })),
        holdRows[0]?.total_rows ?? 0,
      ),
    },
    series: {
      deletionsByWeek: periodBuckets('week', parameters.period.from, parameters.period.to).map((b) => ({ label: b.label, value: deletions(b) })),
      expiriesByMonth: periodBuckets('month', parameters.now, expiryEnd).map((b) => ({ label: b.label, value: expiring(b) })),
    },
  };
}

/** Policies in force by id, then any policy still named by assignments while a recompute runs. */
function policyTable(s: Statements, policies: PolicySet, now: number, in30: number): ReportTable {
  const counts = new Map(s.byPolicy.all({ now, in30 }).map((r) => [r.policy_id, r]));
  const rows: ReportTable['rows'] = policies.policies.map((p) => ({
    policy: p.id,
    action: p.action,
    period: describePeriod(p.period),
    priority: p.priority,
    messages: counts.get(p.id)?.messages ?? 0,
    expiringIn30Days: counts.get(p.id)?.expiring ?? 0,
  }));
  const inForce = new Set(policies.policies.map((p) => p.id));
  for (const [id, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (!inForce.has(id)) rows.push({ policy: id, action: NOT_IN_FORCE, period: NOT_IN_FORCE, priority: null, messages: count.messages, expiringIn30Days: count.expiring });
  }
  return { rows };
}

/** `7 years`, `1 month`, `forever`. */
export function describePeriod(period: RetentionPeriod): string {
  if (period.unit === 'forever') return 'forever';
  return `${period.count} ${period.count === 1 ? period.unit.slice(0, -1) : period.unit}`;
}

/**
 * A tombstone as evidence: what was deleted (archive id = SHA-256, size, first receipt), when, why
 * (policy, or the erasure request and its approver) and the ledger entry that records it. The
 * ledger keeps one `deleted` entry per message, so a second deletion of the same bytes (journaled
 * again after the first) shows no ledger entry rather than the first one's.
 */
function deletionCells(r: DeletionRow): ReportTable['rows'][number] {
  const deletedAt = new Date(r.deleted_at).toISOString();
  return {
    deletedAt,
    archiveId: r.message_id,
    policy: r.policy_id,
    cause: r.reason === 'retention' ? 'retention' : `erasure request ${r.request_id ?? ''}, approved by ${r.actor}`,
    receivedAt: new Date(r.received_at).toISOString(),
    size: r.size,
    ledgerSeq: r.ledger_deleted_at === deletedAt ? r.ledger_seq : null,
  };
}
