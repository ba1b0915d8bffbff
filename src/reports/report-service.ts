import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { CaseReview } from '../discovery/case-review/case-review.js';
import { CaseNotFoundError } from '../holds/holds-errors.js';
import type { LegalHolds } from '../holds/legal-holds.js';
import type { SigningKey } from '../integrity/signing-key.js';
import type { JobOf } from '../queue/catalogue.js';
import { UnrecoverableJobError } from '../queue/errors.js';
import type { ReportDefinition } from './definitions/report-definition.js';
import { renderReport } from './render-report.js';
import type { ReportDataSource, ReportParameters, ReportPeriod } from './report-data.js';
import { InvalidReportRequestError, ReportFileAlteredError, ReportNotReadyError, ReportRunNotFoundError, UnknownReportError } from './report-errors.js';
import type { ReportRun, ReportRunStore } from './report-run.js';
import { writeSignedReport, type WrittenReport } from './signed-report-file.js';

/** A report as offered to users (GET /reports, `custodian report list`). */
export interface ReportSummary {
  id: string;
  title: string;
  description: string;
  /** The report is about one case: a request must name it. */
  needsCase: boolean;
}

/** Someone asking for a report. */
export interface ReportRequest {
  /** The report definition's id. */
  report: string;
  period: ReportPeriod;
  /** Required by case reports, refused by the others. */
  caseId?: string;
  /** Who asks: the API token's name, `cli:<os user>`, `scheduler`. Printed in the report as its author. */
  actor: string;
  /** The audit `source` (see `audit-source.ts`). */
  source: string;
}

/** What rendering needs of a request (it is audited before). */
type RenderRequest = Pick<ReportRequest, 'period' | 'caseId' | 'actor'>;

/** Who downloads a report file, for the audit entry. */
export interface Downloader {
  actor: string;
  source: string;
}

/** A report file opened for download, already audited. */
export interface ReportDownload {
  stream: ReadStream;
  size: number;
  /** The file name to offer (`Content-Disposition`). */
  fileName: string;
  contentType: 'application/pdf' | 'application/json';
  /** SHA-256 hex of the PDF (for the signature file too: it is the PDF's digest). */
  sha256: string;
}

export interface ReportServiceDeps {
  /** The report definitions by id (`loadReportDefinitions`). */
  definitions: ReadonlyMap<string, ReportDefinition>;
  /** Data sources by the name definitions give as `source`. */
  sources: Readonly<Record<string, ReportDataSource>>;
  /** The appliance's Ed25519 key: signs every report. */
  key: SigningKey;
  /** Printed in every report as the appliance's identity (config `reports.applianceName`). */
  applianceName: string;
  /** Where requested and scheduled reports are written (config `reports.directory`). */
  reportsDirectory: string;
  runs: ReportRunStore;
  audit: AuditLog;
  /** A case report adds a `report.generate` event to its case's timeline. */
  caseReview: Pick<CaseReview, 'recordEvent'>;
  /** To refuse a request for a case that does not exist before anything is recorded. */
  cases: Pick<LegalHolds, 'getCase'>;
  logger: Logger;
  /** Enqueues the `report` job of a requested run (job id `report:<runId>`). */
  enqueue: (runId: string) => Promise<void>;
  /** Attempts the queue makes before dead-lettering (config `pipeline.retry.maxAttempts`): the last one marks the run failed. */
  maxAttempts: number;
  /** The clock. Default: `new Date()`. */
  now?: () => Date;
}

/**
 * Renders, signs, records and serves PDF reports. Every render is audited (`report.generate`:
 * who, which report, which period) before anything is read; every download is audited
 * (`report.download`, with the PDF's SHA-256) before a byte is served. Three ways in:
 * `generate` renders at once to a given file (the CLI); `request` records a run and enqueues a
 * `report` job that `handleJob` renders into the reports directory (the API); `runNow` records
 * a run and renders it at once into the reports directory (schedules).
 */
export class ReportService {
  private readonly now: () => Date;
  private readonly logger: Logger;

  constructor(private readonly deps: ReportServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.logger = deps.logger.child({ component: 'reports' });
  }

  /**
   * Enqueues the job of every run still queued or running (start-up: a request whose enqueue was
   * lost, or a run a crash interrupted); enqueueing is idempotent by run id. Returns how many.
   */
  async enqueueUnfinished(): Promise<number> {
    const ids = await this.deps.runs.unfinished();
    for (const id of ids) await this.deps.enqueue(id);
    return ids.length;
  }

  /** The reports on offer, by id. */
  reports(): ReportSummary[] {
    return [...this.deps.definitions.values()]
      .map((definition) => ({ id: definition.id, title: definition.title, description: definition.description, needsCase: this.sourceOf(definition).spec.needsCase }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Renders the report into `outPath` (and `outPath.sig.json`) now.
   * @throws UnknownReportError, InvalidReportRequestError, CaseNotFoundError
   */
  async generate(request: ReportRequest, outPath: string): Promise<WrittenReport> {
    const definition = await this.check(request);
    await this.auditGenerate(request, { out: outPath });
    return this.render(definition, request, outPath, null);
  }

  /**
   * Records a queued run and enqueues its job; the run is what the API answers 202 with.
   * @throws UnknownReportError, InvalidReportRequestError, CaseNotFoundError
   */
  async request(request: ReportRequest): Promise<ReportRun> {
    await this.check(request);
    const id = randomUUID();
    await this.auditGenerate(request, { runId: id });
    const run = await this.deps.runs.create({ id, report: request.report, period: request.period, caseId: request.caseId ?? null, requestedBy: request.actor, requestedAt: this.now() });
    await this.deps.enqueue(id);
    return run;
  }

  /**
   * Records a run and renders it into the reports directory at once; resolves with the finished
   * run (a failure marks it failed and rejects).
   * @throws UnknownReportError, InvalidReportRequestError, CaseNotFoundError
   */
  async runNow(request: ReportRequest): Promise<ReportRun> {
    const definition = await this.check(request);
    const id = randomUUID();
    await this.auditGenerate(request, { runId: id });
    const run = await this.deps.runs.create({ id, report: request.report, period: request.period, caseId: request.caseId ?? null, requestedBy: request.actor, requestedAt: this.now() });
    try {
      await this.renderRun(definition, run);
    } catch (error) {
      await this.deps.runs.fail(id, { at: this.now(), error: errorText(error), final: true });
      throw error;
    }
    return (await this.deps.runs.get(id)) as ReportRun;
  }

  /**
   * The `report` job: renders a queued run into the reports directory. A run already done is
   * left alone (a retried job after the run completed). A transient failure puts the run back to
   * queued with its error and is rethrown for the queue's retry; the last attempt, or a failure
   * retrying cannot fix, marks the run failed and dead-letters the job.
   */
  readonly handleJob = async (job: JobOf<'report'>): Promise<void> => {
    const run = await this.deps.runs.get(job.payload.runId);
    if (run === null) throw new UnrecoverableJobError(`no report run ${job.payload.runId}`);
    if (run.state === 'done' || run.state === 'failed') return;
    try {
      const definition = this.deps.definitions.get(run.report);
      if (definition === undefined) throw new UnknownReportError(run.report, [...this.deps.definitions.keys()]);
      await this.renderRun(definition, run);
    } catch (error) {
      const final = job.attempt >= this.deps.maxAttempts || isPermanent(error);
      await this.deps.runs.fail(run.id, { at: this.now(), error: errorText(error), final });
      if (final) throw new UnrecoverableJobError(`report run ${run.id}: ${errorText(error)}`, { cause: error });
      throw error;
    }
  };

  /** The paths of a finished run's PDF and detached signature in the reports directory. */
  filesOf(run: ReportRun): { pdf: string; signature: string } {
    if (run.state !== 'done' || run.file === null) throw new ReportNotReadyError(run.id, run.state);
    const pdf = join(this.deps.reportsDirectory, run.file);
    return { pdf, signature: `${pdf}.sig.json` };
  }

  get(id: string): Promise<ReportRun | null> {
    return this.deps.runs.get(id);
  }

  /** Newest first. */
  list(options: { limit: number; offset: number; report?: string }): Promise<ReportRun[]> {
    return this.deps.runs.list(options);
  }

  /**
   * Opens a finished run's PDF (`pdf`) or detached signature (`signature`) and audits the
   * download (`report.download`) before handing the stream back.
   * @throws ReportRunNotFoundError, ReportNotReadyError, ReportFileAlteredError (the PDF's size is not the one written)
   */
  async openFile(id: string, kind: 'pdf' | 'signature', who: Downloader): Promise<ReportDownload> {
    const run = await this.deps.runs.get(id);
    if (run === null) throw new ReportRunNotFoundError(id);
    if (run.state !== 'done' || run.file === null || run.sha256 === null) throw new ReportNotReadyError(id, run.state);
    const fileName = kind === 'pdf' ? run.file : `${run.file}.sig.json`;
    // Opened before the audit entry: a file gone from the directory is an error, not a download.
    const handle = await open(join(this.deps.reportsDirectory, fileName), 'r');
    try {
      const { size } = await handle.stat();
      if (kind === 'pdf' && run.size !== null && size !== run.size) throw new ReportFileAlteredError(id, run.size, size);
      await this.deps.audit.append({
        actor: who.actor,
        action: 'report.download',
        source: who.source,
        detail: { runId: id, report: run.report, file: kind, sha256: run.sha256 },
      });
      return { stream: createReadStream('', { fd: handle }), size, fileName, contentType: kind === 'pdf' ? 'application/pdf' : 'application/json', sha256: run.sha256 };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private async check(request: ReportRequest): Promise<ReportDefinition> {
    const definition = this.deps.definitions.get(request.report);
    if (definition === undefined) throw new UnknownReportError(request.report, [...this.deps.definitions.keys()].sort());
    const { from, to } = request.period;
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
      throw new InvalidReportRequestError('the period must have a valid start before its (exclusive) end');
    }
    const needsCase = this.sourceOf(definition).spec.needsCase;
    if (needsCase && request.caseId === undefined) throw new InvalidReportRequestError(`the ${definition.id} report is about one case: name it`);
    if (!needsCase && request.caseId !== undefined) throw new InvalidReportRequestError(`the ${definition.id} report is not about a case: leave the case out`);
    if (request.caseId !== undefined && (await this.deps.cases.getCase(request.caseId)) === null) throw new CaseNotFoundError(request.caseId);
    return definition;
  }

  private sourceOf(definition: ReportDefinition): ReportDataSource {
    const source = this.deps.sources[definition.source];
    // The definition loader checks sources against their specs; a source missing here is wiring.
    if (source === undefined) throw new Error(`report ${definition.id}: no data source "${definition.source}" is registered`);
    return source;
  }

  private auditGenerate(request: ReportRequest, where: { runId?: string; out?: string }): Promise<void> {
    return this.deps.audit.append({
      actor: request.actor,
      action: 'report.generate',
      source: request.source,
      detail: {
        report: request.report,
        from: request.period.from.toISOString(),
        to: request.period.to.toISOString(),
        caseId: request.caseId ?? null,
        ...where,
      },
    });
  }

  private async renderRun(definition: ReportDefinition, run: ReportRun): Promise<void> {
    await this.deps.runs.start(run.id, this.now());
    await mkdir(this.deps.reportsDirectory, { recursive: true });
    const fileName = runFileName(run);
    const request: RenderRequest = {
      period: { from: new Date(run.period.from), to: new Date(run.period.to) },
      ...(run.caseId === null ? {} : { caseId: run.caseId }),
      actor: run.requestedBy,
    };
    const written = await this.render(definition, request, join(this.deps.reportsDirectory, fileName), run.id);
    await this.deps.runs.complete(run.id, { at: this.now(), file: fileName, sha256: written.sha256, size: written.size });
  }

  private async render(definition: ReportDefinition, request: RenderRequest, path: string, runId: string | null): Promise<WrittenReport> {
    const generatedAt = this.now();
    const started = performance.now();
    const parameters: ReportParameters = { period: request.period, now: generatedAt, ...(request.caseId === undefined ? {} : { caseId: request.caseId }) };
    const data = await this.sourceOf(definition).load(parameters);
    const loadedMs = performance.now() - started;
    const written = await writeSignedReport(path, this.deps.key, (out) =>
      renderReport({ definition, data, parameters, generatedBy: request.actor, generatedAt, appliance: { name: this.deps.applianceName, key: this.deps.key } }, out));
    this.logger.info({ report: definition.id, runId, file: path, sha256: written.sha256, size: written.size, loadMs: Math.round(loadedMs), ms: Math.round(performance.now() - started) }, 'report written');
    if (request.caseId !== undefined) {
      await this.deps.caseReview.recordEvent({
        caseId: request.caseId,
        actor: request.actor,
        action: 'report.generate',
        detail: { report: definition.id, from: request.period.from.toISOString(), to: request.period.to.toISOString(), runId, sha256: written.sha256 },
      });
    }
    return written;
  }
}

/** `<report>_<from>_<to>_<runId>.pdf`, dates as `YYYY-MM-DD` (UTC): sortable, unique, readable in a mail attachment list. */
function runFileName(run: ReportRun): string {
  const day = (iso: string) => iso.slice(0, 10);
  return `${run.report.replace(/[^A-Za-z0-9-]/g, '-')}_${day(run.period.from)}_${day(run.period.to)}_${run.id}.pdf`;
}

function isPermanent(error: unknown): boolean {
  return error instanceof UnknownReportError || error instanceof InvalidReportRequestError || error instanceof CaseNotFoundError;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
