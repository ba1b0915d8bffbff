import type { Db } from '../../db/open-database.js';
import type { ReportData, ReportDataSource, ReportDataSpec, ReportParameters, ReportSourceDeps, ReportTable } from '../report-data.js';
import { periodBuckets } from './buckets.js';
import { DETAIL_ROWS, isoOrNull, limitedTable } from './detail-table.js';

/**
 * The integrity report's data. The "last run" is the newest verification run that had ended
 * (clean, findings, failed or abandoned) by `parameters.now`: a run still going has no verdict
 * yet. `ledgerEntries` is the ledger's length at the end of the period; runs and checkpoints are
 * those started / signed in the period; `findings` lists what the runs of the period and the last
 * run found.
 */
export const INTEGRITY_SPEC: ReportDataSpec = {
  figures: ['lastRunId', 'lastRunStatus', 'lastRunStartedAt', 'lastRunFindings', 'ledgerEntries', 'checkpointsInPeriod', 'timestampedCheckpoints', 'signingKeyId'],
  tables: {
    runs: ['runId', 'startedAt', 'finishedAt', 'status', 'findings'],
    findings: ['runId', 'kind', 'subject', 'detail'],
    checkpoints: ['treeSize', 'rootHash', 'signedAt', 'timestampedAt'],
  },
  series: ['ledgerEntriesByWeek'],
  needsCase: false,
};

/** The text figures of the last run when no run has ended yet. */
export const NO_RUN = '(none)';

interface RunRow { id: string; state: string; started_at: number; finished_at: number | null; findings: number }
interface FindingRow { run_id: string; check_name: string; kind: string; message_id: string | null; entry_seq: number | null; detail: string }
interface CheckpointRow { tree_size: number; root_hash: string; created_at: number; gen_time: number | null }

type Range = { from: number; to: number };

/**
 * Runs come from `verification_runs_started`, findings by their run's key, checkpoints from
 * `report_checkpoints_created` with each time-stamp by its key, ledger counts (one per week of
 * the chart) from `report_ledger_at`. The findings of a run (there may be a great many after, say,
 * a lost blob store) are counted and cut in SQLite.
 */
function prepareStatements(db: Db) {
  const runsOfReport = `SELECT id FROM verification_runs WHERE started_at >= @from AND started_at < @to UNION SELECT @lastRun`;
  const checkpointsInPeriod = `FROM ledger_checkpoints c LEFT JOIN ledger_checkpoint_timestamps ts ON ts.tree_size = c.tree_size
       WHERE c.created_at >= @from AND c.created_at < @to`;
  return {
    lastRun: db.prepare<{ now: number }, RunRow>(
      `SELECT id, state, started_at, finished_at, findings FROM verification_runs
       WHERE started_at <= @now AND state <> 'running' ORDER BY started_at DESC, id DESC LIMIT 1`,
    ),
    runCount: db.prepare<Range, { n: number }>('SELECT count(*) AS n FROM verification_runs WHERE started_at >= @from AND started_at < @to'),
    runs: db.prepare<Range & { limit: number }, RunRow>(
      `SELECT id, state, started_at, finished_at, findings FROM verification_runs
       WHERE started_at >= @from AND started_at < @to ORDER BY started_at, id LIMIT @limit`,
    ),
    findingCount: db.prepare<Range & { lastRun: string | null }, { n: number }>(
      `SELECT count(*) AS n FROM verification_findings WHERE run_id IN (${runsOfReport})`,
    ),
    findings: db.prepare<Range & { lastRun: string | null; limit: number }, FindingRow>(
      `SELECT f.run_id, f.check_name, f.kind, f.message_id, f.entry_seq, f.detail
       FROM verification_runs r JOIN verification_findings f ON f.run_id = r.id
       WHERE r.id IN (${runsOfReport}) ORDER BY r.started_at, r.id, f.seq LIMIT @limit`,
    ),
    ledgerEntries: db.prepare<{ to: number }, { n: number }>('SELECT count(*) AS n FROM ledger WHERE at < @to'),
    ledgerBetween: db.prepare<Range, { n: number }>('SELECT count(*) AS n FROM ledger WHERE at >= @from AND at < @to'),
    checkpointCounts: db.prepare<Range, { n: number; stamped: number }>(
      `SELECT count(*) AS n, count(ts.tree_size) AS stamped ${checkpointsInPeriod}`,
    ),
    checkpoints: db.prepare<Range & { limit: number }, CheckpointRow>(
      `SELECT c.tree_size, lower(hex(c.root_hash)) AS root_hash, c.created_at, ts.gen_time ${checkpointsInPeriod}
       ORDER BY c.created_at, c.tree_size LIMIT @limit`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The `integrity` report data source on the embedded database. Needs `report_ledger_at` and
 * `report_checkpoints_created` from `REPORT_INDEXES_SCHEMA`.
 */
export function createIntegritySource(deps: Pick<ReportSourceDeps, 'db' | 'signingKeyId'>): ReportDataSource {
  const statements = prepareStatements(deps.db);
  return {
    name: 'integrity',
    spec: INTEGRITY_SPEC,
    async load(parameters: ReportParameters): Promise<ReportData> {
      // One read transaction: runs, findings and checkpoints are one consistent state.
      return deps.db.transaction(() => loadAll(statements, deps.signingKeyId, parameters))();
    },
  };
}

function loadAll(s: Statements, signingKeyId: string, parameters: ReportParameters): ReportData {
  const range = { from: parameters.period.from.getTime(), to: parameters.period.to.getTime() };
  const last = s.lastRun.get({ now: parameters.now.getTime() });
  const lastRun = last?.id ?? null;
  const runCount = (s.runCount.get(range) as { n: number }).n;
  const checkpoints = s.checkpointCounts.get(range) as { n: number; stamped: number };
  return {
    figures: {
      lastRunId: last?.id ?? NO_RUN,
      lastRunStatus: last?.state ?? NO_RUN,
      lastRunStartedAt: last === undefined ? NO_RUN : new Date(last.started_at).toISOString(),
      lastRunFindings: last?.findings ?? 0,
      ledgerEntries: (s.ledgerEntries.get({ to: range.to }) as { n: number }).n,
      checkpointsInPeriod: checkpoints.n,
      timestampedCheckpoints: checkpoints.stamped,
      signingKeyId,
    },
    tables: {
      runs: limitedTable(
        s.runs.all({ ...range, limit: DETAIL_ROWS }).map((r) => ({
          runId: r.id, startedAt: new Date(r.started_at).toISOString(), finishedAt: isoOrNull(r.finished_at), status: r.state, findings: r.findings,
        })),
        runCount,
      ),
      findings: limitedTable(
        s.findings.all({ ...range, lastRun, limit: DETAIL_ROWS }).map((f) => ({ runId: f.run_id, kind: f.kind, subject: subjectOf(f), detail: f.detail })),
        (s.findingCount.get({ ...range, lastRun }) as { n: number }).n,
      ),
      checkpoints: checkpointTable(s.checkpoints.all({ ...range, limit: DETAIL_ROWS }), checkpoints.n),
    },
    series: {
      ledgerEntriesByWeek: periodBuckets('week', parameters.period.from, parameters.period.to)
        .map((b) => ({ label: b.label, value: (s.ledgerBetween.get(b) as { n: number }).n })),
    },
  };
}

/** What a finding is about: the message, else the ledger / audit entry or checkpoint the check names, else the check. */
function subjectOf(f: FindingRow): string {
  if (f.message_id !== null) return `message ${f.message_id}`;
  if (f.entry_seq !== null) return `${f.check_name} #${f.entry_seq}`;
  return f.check_name;
}

function checkpointTable(rows: CheckpointRow[], total: number): ReportTable {
  return limitedTable(
    rows.map((c) => ({ treeSize: c.tree_size, rootHash: c.root_hash, signedAt: new Date(c.created_at).toISOString(), timestampedAt: isoOrNull(c.gen_time) })),
    total,
  );
}
