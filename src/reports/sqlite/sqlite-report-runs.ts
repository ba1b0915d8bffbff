import type { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import { REPORT_RUN_STATES, type NewReportRun, type ReportRun, type ReportRunState, type ReportRunStore } from '../report-run.js';

interface RunRow {
  id: string;
  report: string;
  period_from: number;
  period_to: number;
  case_id: string | null;
  requested_by: string;
  requested_at: number;
  state: string;
  started_at: number | null;
  finished_at: number | null;
  file: string | null;
  sha256: string | null;
  size: number | null;
  error: string | null;
}

/** Report runs in `report_runs`. Every write goes through the GroupCommit writer and is durable. */
export class SqliteReportRuns implements ReportRunStore {
  private readonly statements;

  constructor(
    db: Db,
    private readonly writer: GroupCommit,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO report_runs (id, report, period_from, period_to, case_id, requested_by, requested_at, state)
         VALUES (@id, @report, @from, @to, @caseId, @requestedBy, @requestedAt, 'queued')`,
      ),
      start: db.prepare(`UPDATE report_runs SET state = 'running', started_at = ?, error = NULL WHERE id = ?`),
      complete: db.prepare(`UPDATE report_runs SET state = 'done', finished_at = ?, file = ?, sha256 = ?, size = ?, error = NULL WHERE id = ?`),
      fail: db.prepare(`UPDATE report_runs SET state = ?, finished_at = ?, error = ? WHERE id = ?`),
      get: db.prepare<[string], RunRow>('SELECT * FROM report_runs WHERE id = ?'),
      list: db.prepare<[number, number], RunRow>('SELECT * FROM report_runs ORDER BY requested_at DESC, id LIMIT ? OFFSET ?'),
      listOf: db.prepare<[string, number, number], RunRow>('SELECT * FROM report_runs WHERE report = ? ORDER BY requested_at DESC, id LIMIT ? OFFSET ?'),
      unfinished: db.prepare<[], { id: string }>(`SELECT id FROM report_runs WHERE state IN ('queued', 'running') ORDER BY requested_at, id`),
    };
  }

  async create(run: NewReportRun): Promise<ReportRun> {
    await this.writer.run(() => {
      this.statements.insert.run({
        id: run.id, report: run.report, from: run.period.from.getTime(), to: run.period.to.getTime(),
        caseId: run.caseId, requestedBy: run.requestedBy, requestedAt: run.requestedAt.getTime(),
      });
    });
    return (await this.get(run.id)) as ReportRun;
  }

  async start(id: string, at: Date): Promise<void> {
    await this.writer.run(() => this.statements.start.run(at.getTime(), id));
  }

  async complete(id: string, result: { at: Date; file: string; sha256: string; size: number }): Promise<void> {
    await this.writer.run(() => this.statements.complete.run(result.at.getTime(), result.file, result.sha256, result.size, id));
  }

  async fail(id: string, failure: { at: Date; error: string; final: boolean }): Promise<void> {
    await this.writer.run(() => {
      this.statements.fail.run(failure.final ? 'failed' : 'queued', failure.final ? failure.at.getTime() : null, failure.error, id);
    });
  }

  async get(id: string): Promise<ReportRun | null> {
    const row = this.statements.get.get(id);
    return row ? toRun(row) : null;
  }

  async list(options: { limit: number; offset: number; report?: string }): Promise<ReportRun[]> {
    const rows = options.report === undefined
      ? this.statements.list.all(options.limit, options.offset)
      : this.statements.listOf.all(options.report, options.limit, options.offset);
    return rows.map(toRun);
  }

  async unfinished(): Promise<string[]> {
    return this.statements.unfinished.all().map((row) => row.id);
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toRun(row: RunRow): ReportRun {
  if (!(REPORT_RUN_STATES as readonly string[]).includes(row.state)) throw new Error(`report_runs: unknown state ${row.state}`);
  return {
    id: row.id,
    report: row.report,
    period: { from: new Date(row.period_from).toISOString(), to: new Date(row.period_to).toISOString() },
    caseId: row.case_id,
    requestedBy: row.requested_by,
    requestedAt: new Date(row.requested_at).toISOString(),
    state: row.state as ReportRunState,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    file: row.file,
    sha256: row.sha256,
    size: row.size,
    error: row.error,
  };
}
