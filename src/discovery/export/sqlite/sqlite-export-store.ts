import type { GroupCommit } from '../../../db/group-commit.js';
import type { Db } from '../../../db/open-database.js';
import type {
  CancelResult, ExportFile, ExportFormat, ExportOutcome, ExportRecord, ExportStatus, ExportStore, NewExport,
} from '../export-store.js';

interface ExportRow {
  rowid: number;
  id: string;
  format: ExportFormat;
  case_id: string | null;
  query: string | null;
  review_tag: string | null;
  status: ExportStatus;
  requested_by: string;
  request_source: string;
  requested_at: number;
  started_at: number | null;
  finished_at: number | null;
  total: number | null;
  done: number;
  error: string | null;
  cancel_requested: number;
  files: string;
}

const COLUMNS = `rowid, id, format, case_id, query, review_tag, status, requested_by, request_source, requested_at, started_at, finished_at,
  total, done, error, cancel_requested, files`;

/** Progress and claims need not survive a power cut: a crashed export restarts its files. */
const RELAXED = { durable: false } as const;

/**
 * The embedded ExportStore on `exports` and `export_items` (schema `EXPORTS_SCHEMA`). Writes go
 * through the group-commit writer; the schema's triggers refuse a rewritten request, an illegal
 * status change and any change to a frozen selection, whatever the caller does.
 */
export class SqliteExportStore implements ExportStore {
  private readonly statements;

  constructor(
    db: Db,
    private readonly writer: GroupCommit,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO exports (id, format, case_id, query, review_tag, status, requested_by, request_source, requested_at)
         VALUES (@id, @format, @caseId, @query, @reviewTag, 'queued', @requestedBy, @requestSource, @requestedAt)`,
      ),
      byId: db.prepare<[string], ExportRow>(`SELECT ${COLUMNS} FROM exports WHERE id = ?`),
      list: db.prepare<{ caseId: string | null; limit: number; offset: number }, ExportRow>(
        `SELECT ${COLUMNS} FROM exports WHERE (@caseId IS NULL OR case_id = @caseId) ORDER BY rowid DESC LIMIT @limit OFFSET @offset`,
      ),
      start: db.prepare<{ id: string; at: number }>(
        `UPDATE exports SET status = 'running', started_at = coalesce(started_at, @at), done = 0, error = NULL
         WHERE id = @id AND status IN ('queued', 'running')`,
      ),
      frozen: db.prepare<[string], { frozen: number }>(`SELECT frozen FROM exports WHERE id = ?`),
      rowidOf: db.prepare<[string], { rowid: number; frozen: number }>(`SELECT rowid, frozen FROM exports WHERE id = ?`),
      append: db.prepare<{ rowid: number; messageId: string }>(
        `INSERT INTO export_items (export_rowid, seq, message_id)
         VALUES (@rowid, (SELECT coalesce(max(seq), 0) + 1 FROM export_items WHERE export_rowid = @rowid), @messageId)
         ON CONFLICT (export_rowid, message_id) DO NOTHING`,
      ),
      clear: db.prepare<[number]>(`DELETE FROM export_items WHERE export_rowid = ?`),
      freeze: db.prepare<{ rowid: number }>(
        `UPDATE exports SET frozen = 1, total = (SELECT count(*) FROM export_items WHERE export_rowid = @rowid) WHERE rowid = @rowid AND frozen = 0`,
      ),
      total: db.prepare<[number], { total: number }>(`SELECT total FROM exports WHERE rowid = ?`),
      selection: db.prepare<{ id: string; afterSeq: number; limit: number }, { seq: number; message_id: string }>(
        `SELECT i.seq, i.message_id FROM export_items i JOIN exports e ON e.rowid = i.export_rowid
         WHERE e.id = @id AND i.seq > @afterSeq ORDER BY i.seq LIMIT @limit`,
      ),
      progress: db.prepare<[number, string]>(`UPDATE exports SET done = ? WHERE id = ? AND status = 'running'`),
      cancelRequested: db.prepare<[string], { cancel_requested: number }>(`SELECT cancel_requested FROM exports WHERE id = ?`),
      cancelQueued: db.prepare<{ id: string; reason: string; at: number }>(
        `UPDATE exports SET status = 'cancelled', cancel_requested = 1, error = @reason, finished_at = @at WHERE id = @id AND status = 'queued'`,
      ),
      flagRunning: db.prepare<{ id: string; reason: string }>(
        `UPDATE exports SET cancel_requested = 1, error = coalesce(error, @reason) WHERE id = @id AND status = 'running'`,
      ),
      complete: db.prepare<{ id: string; files: string; at: number }>(
        `UPDATE exports SET status = 'completed', files = @files, finished_at = @at, done = total, error = NULL
         WHERE id = @id AND status = 'running' AND frozen = 1 AND cancel_requested = 0`,
      ),
      end: db.prepare<{ id: string; status: string; error: string; at: number }>(
        `UPDATE exports SET status = @status, error = @error, finished_at = @at
         WHERE id = @id AND (status = 'running' OR (status = 'queued' AND @status = 'cancelled'))`,
      ),
      unfinished: db.prepare<[], { id: string }>(`SELECT id FROM exports WHERE status IN ('queued', 'running') ORDER BY rowid`),
    };
  }

  async create(input: NewExport): Promise<ExportRecord> {
    const s = this.statements;
    return this.writer.run(() => {
      s.insert.run({
        id: input.id, format: input.format, caseId: input.selection.caseId, query: input.selection.query, reviewTag: input.selection.reviewTag,
        requestedBy: input.requestedBy, requestSource: input.requestSource, requestedAt: Date.now(),
      });
      return recordOf(this.row(input.id));
    });
  }

  async get(id: string): Promise<ExportRecord | null> {
    const row = this.statements.byId.get(id);
    return row === undefined ? null : recordOf(row);
  }

  async list(options: { limit: number; offset: number; caseId?: string }): Promise<ExportRecord[]> {
    return this.statements.list.all({ caseId: options.caseId ?? null, limit: options.limit, offset: options.offset }).map(recordOf);
  }

  start(id: string, at: string): Promise<ExportRecord | null> {
    return this.writer.run(() => {
      if (this.statements.start.run({ id, at: Date.parse(at) }).changes === 0) return null;
      return recordOf(this.row(id));
    });
  }

  async isFrozen(id: string): Promise<boolean> {
    return this.statements.frozen.get(id)?.frozen === 1;
  }

  appendSelection(id: string, archiveIds: readonly string[]): Promise<void> {
    return this.writer.run(() => {
      const { rowid } = this.unfrozen(id);
      for (const messageId of archiveIds) this.statements.append.run({ rowid, messageId });
    }, RELAXED);
  }

  clearUnfrozen(id: string): Promise<void> {
    return this.writer.run(() => {
      this.statements.clear.run(this.unfrozen(id).rowid);
    }, RELAXED);
  }

  freeze(id: string): Promise<number> {
    return this.writer.run(() => {
      const { rowid } = this.unfrozen(id);
      this.statements.freeze.run({ rowid });
      return this.statements.total.get(rowid)?.total ?? 0;
    });
  }

  async selection(id: string, page: { afterSeq: number; limit: number }): Promise<Array<{ seq: number; archiveId: string }>> {
    return this.statements.selection.all({ id, ...page }).map((row) => ({ seq: row.seq, archiveId: row.message_id }));
  }

  progress(id: string, done: number): Promise<void> {
    return this.writer.run(() => void this.statements.progress.run(done, id), RELAXED);
  }

  async cancelRequested(id: string): Promise<boolean> {
    return this.statements.cancelRequested.get(id)?.cancel_requested === 1;
  }

  requestCancel(id: string, reason: string): Promise<CancelResult | null> {
    const s = this.statements;
    return this.writer.run((): CancelResult | null => {
      if (s.cancelQueued.run({ id, reason, at: Date.now() }).changes > 0) return 'cancelled';
      if (s.flagRunning.run({ id, reason }).changes > 0) return 'flagged';
      return s.byId.get(id) === undefined ? null : 'finished';
    });
  }

  finish(id: string, outcome: ExportOutcome): Promise<boolean> {
    const s = this.statements;
    const at = Date.parse(outcome.finishedAt);
    return this.writer.run(() => {
      const result = outcome.status === 'completed'
        ? s.complete.run({ id, files: JSON.stringify(outcome.files), at })
        : s.end.run({ id, status: outcome.status, error: outcome.error, at });
      return result.changes > 0;
    });
  }

  async unfinished(): Promise<string[]> {
    return this.statements.unfinished.all().map((row) => row.id);
  }

  private row(id: string): ExportRow {
    const row = this.statements.byId.get(id);
    if (row === undefined) throw new Error(`export ${id} vanished inside its own transaction`);
    return row;
  }

  private unfrozen(id: string): { rowid: number } {
    const row = this.statements.rowidOf.get(id);
    if (row === undefined) throw new RangeError(`no export ${id}`);
    if (row.frozen === 1) throw new RangeError(`export ${id}: the selection is frozen`);
    return row;
  }
}

function recordOf(row: ExportRow): ExportRecord {
  return {
    id: row.id,
    format: row.format,
    selection: { caseId: row.case_id, query: row.query, reviewTag: row.review_tag },
    status: row.status,
    requestedBy: row.requested_by,
    requestSource: row.request_source,
    requestedAt: new Date(row.requested_at).toISOString(),
    startedAt: row.started_at === null ? null : new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    total: row.total,
    done: row.done,
    error: row.error,
    cancelRequested: row.cancel_requested === 1,
    files: JSON.parse(row.files) as ExportFile[],
  };
}
