/** Where a requested report is: waiting for the worker, being rendered, written, or given up on. */
export type ReportRunState = 'queued' | 'running' | 'done' | 'failed';

export const REPORT_RUN_STATES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly ReportRunState[];

/** One report asked for (through the API, the CLI or a schedule) and what became of it. */
export interface ReportRun {
  /** Random UUID. */
  id: string;
  /** The report definition's id, e.g. `retention`. */
  report: string;
  /** The period covered, `[from, to)`, ISO-8601. */
  period: { from: string; to: string };
  caseId: string | null;
  /** Who asked: the API token's name, `cli:<os user>`, or `scheduler`. */
  requestedBy: string;
  /** ISO-8601. */
  requestedAt: string;
  state: ReportRunState;
  startedAt: string | null;
  finishedAt: string | null;
  /** File name of the PDF in the reports directory (its signature is `<file>.sig.json` beside it); set when done. */
  file: string | null;
  /** SHA-256 hex of the PDF; set when done. */
  sha256: string | null;
  /** Bytes of the PDF; set when done. */
  size: number | null;
  /** The last failure (set while a retry is pending, and on a failed run). */
  error: string | null;
}

/** What a new run is recorded with. */
export interface NewReportRun {
  id: string;
  report: string;
  period: { from: Date; to: Date };
  caseId: string | null;
  requestedBy: string;
  requestedAt: Date;
}

/** The record of report runs (embedded adapter: `sqlite/sqlite-report-runs.ts`). */
export interface ReportRunStore {
  /** Records a queued run, durably. */
  create(run: NewReportRun): Promise<ReportRun>;
  /** Marks a run as being rendered. */
  start(id: string, at: Date): Promise<void>;
  /** Records the written file. */
  complete(id: string, result: { at: Date; file: string; sha256: string; size: number }): Promise<void>;
  /** Records a failure: `final` marks the run failed, otherwise it goes back to queued (a retry follows). */
  fail(id: string, failure: { at: Date; error: string; final: boolean }): Promise<void>;
  get(id: string): Promise<ReportRun | null>;
  /** Newest first. */
  list(options: { limit: number; offset: number; report?: string }): Promise<ReportRun[]>;
  /** Ids of runs still queued or running, oldest first (start-up: their jobs are enqueued again). */
  unfinished(): Promise<string[]>;
}
