import { join } from 'node:path';
import type { ArchiveIndex } from '../../archive/archive-index.js';
import type { BlobStore } from '../../archive/blob-store.js';
import { CaseNotFoundError } from '../../holds/holds-errors.js';
import type { SigningKey } from '../../integrity/signing-key.js';
import type { QueryNode } from '../../query/ast.js';
import { QuerySyntaxError } from '../../query/query-syntax-error.js';
import type { JobHandler } from '../../queue/catalogue.js';
import { UnrecoverableJobError } from '../../queue/errors.js';
import type { CaseReview } from '../case-review/case-review.js';
import { ExportCancelledError, ExportMessageError, ExportNotFoundError, ExportStateError, InvalidExportError } from './export-errors.js';
import type { ExportFile, ExportFormat, ExportRecord, ExportSelection, ExportStore } from './export-store.js';
import { isExportFile, ZIP_VOLUME_MESSAGES } from './export-body.js';
import { selectionPages } from './resolve-selection.js';
import { removeExportFiles, writeExportFiles } from './write-export.js';

export interface ExportServiceDeps {
  store: ExportStore;
  index: ArchiveIndex;
  blobs: BlobStore;
  caseReview: CaseReview;
  /** Query language → AST (`parseQuery`); throws `QuerySyntaxError`. */
  parseQuery: (text: string) => QueryNode;
  /** The appliance key: signs every chain-of-custody record. */
  signingKey: SigningKey;
  /** Named in custody records beside the key id. */
  applianceName: string;
  /** Config `exports.directory`; each export writes `<exportsDirectory>/<exportId>/`. */
  exportsDirectory: string;
  /** Enqueues the `export` job for an export (job id `export:<exportId>`); idempotent. */
  enqueue: (exportId: string) => Promise<void>;
  /** The queue's attempts before a job is dead-lettered (config `pipeline.retry.maxAttempts`): the last one marks the export failed. */
  maxAttempts: number;
  /** Messages between two stored progress updates. Default 200. */
  progressEvery?: number;
  /** Messages per ZIP volume. Default `ZIP_VOLUME_MESSAGES` (10,000). */
  zipVolumeMessages?: number;
  /** Default the system clock. */
  now?: () => Date;
}

/** What an officer asks for. */
export interface ExportRequest {
  /** Chosen by the caller so it can be audited before the export exists. */
  id: string;
  format: ExportFormat;
  selection: ExportSelection;
  requestedBy: string;
  requestSource: string;
}

export interface ExportService {
  /**
   * Checks that a selection can run: a query parses, the case exists, a review tag or a whole-case
   * export has a case. @throws InvalidExportError, QuerySyntaxError, CaseNotFoundError
   */
  validate(selection: ExportSelection): Promise<void>;
  /** Validates, stores the queued export, notes it on the case timeline and enqueues its job. */
  request(input: ExportRequest): Promise<ExportRecord>;
  /** Cancels a queued export or asks a running one to stop. @throws ExportNotFoundError, ExportStateError */
  cancel(input: { id: string; actor: string }): Promise<ExportRecord>;
  get(id: string): Promise<ExportRecord | null>;
  list(options: { limit: number; offset: number; caseId?: string }): Promise<ExportRecord[]>;
  /** A completed export's file and where it is on disk. @throws ExportNotFoundError, ExportStateError */
  file(id: string, name: string): Promise<{ record: ExportRecord; file: ExportFile; path: string } | null>;
  /** The `export` job handler (the lead registers it in the job catalogue). */
  handler: JobHandler<'export'>;
  /** Enqueues every queued or running export again (start-up; a request whose enqueue was lost). */
  enqueueUnfinished(): Promise<number>;
}

/** The actor of timeline events the export job writes on its own. */
const JOB_ACTOR = 'export';

/**
 * E-discovery exports: requests, cancels, and the `export` job that freezes the selection and
 * writes the files (see `writeExportFiles`). A job run again (a retry, or after a crash, the
 * queue's recovery) keeps the frozen selection and starts the files from scratch. A message that
 * cannot be exported as archived fails the export for good (`UnrecoverableJobError`, status
 * `failed` with the reason); any other error is retried by the queue, and the last attempt marks
 * the export failed before the job is dead-lettered.
 */
export function createExportService(deps: ExportServiceDeps): ExportService {
  const now = deps.now ?? (() => new Date());
  const progressEvery = deps.progressEvery ?? 200;
  const { store, caseReview } = deps;

  const timeline = async (record: ExportRecord, actor: string, action: string, detail: Record<string, unknown>): Promise<void> => {
    if (record.selection.caseId === null) return;
    await caseReview.recordEvent({ caseId: record.selection.caseId, actor, action, detail: { exportId: record.id, ...detail } });
  };

  const validate = async (selection: ExportSelection): Promise<void> => {
    const { caseId, query, reviewTag } = selection;
    if (caseId === null) {
      if (reviewTag !== null) throw new InvalidExportError('A review tag export needs a case.');
      if (query === null || query.trim() === '') throw new InvalidExportError('Outside a case an export needs a query (the whole archive is never exported by omission).');
      deps.parseQuery(query);
      return;
    }
    if (reviewTag !== null && query !== null) throw new InvalidExportError('Export either a review tag or a query within the case, not both.');
    // Runs the query within the case once: refuses an unknown case and a query that does not parse.
    await caseReview.search(caseId, query, { sort: 'received', order: 'asc', limit: 1, after: null });
  };

  const freeze = async (record: ExportRecord): Promise<void> => {
    if (await store.isFrozen(record.id)) return;
    await store.clearUnfrozen(record.id);
    for await (const ids of selectionPages(record.selection, deps)) await store.appendSelection(record.id, ids);
    await store.freeze(record.id);
  };

  const fail = async (record: ExportRecord, reason: string): Promise<void> => {
    await removeExportFiles(deps.exportsDirectory, record.id);
    await timeline(record, JOB_ACTOR, 'export.fail', { reason });
    await store.finish(record.id, { status: 'failed', error: reason, finishedAt: now().toISOString() });
  };

  const handler: JobHandler<'export'> = async (job) => {
    const { exportId } = job.payload;
    const current = await store.get(exportId);
    if (current === null) throw new UnrecoverableJobError(`no export ${exportId}`);
    if (current.status !== 'queued' && current.status !== 'running') return;
    const record = current.cancelRequested ? current : await store.start(exportId, now().toISOString());
    if (record === null) return;
    try {
      if (record.cancelRequested) throw new ExportCancelledError(`export ${exportId} cancelled`);
      await freeze(record);
      const started = (await store.get(exportId)) ?? record;
      const { files, finishedAt, count } = await writeExportFiles(started, { ...deps, progressEvery, zipVolumeMessages: deps.zipVolumeMessages ?? ZIP_VOLUME_MESSAGES, now });
      // A cancel accepted while the files were being finished wins: the export is never completed after it.
      if (await store.cancelRequested(exportId)) throw new ExportCancelledError(`export ${exportId} cancelled`);
      if (!(await store.finish(exportId, { status: 'completed', files, finishedAt }))) throw new ExportCancelledError(`export ${exportId} cancelled while finishing`);
      const exportFiles = files.filter((file) => isExportFile(record.format, file.name)).map(({ name, sha256 }) => ({ name, sha256 }));
      await timeline(record, JOB_ACTOR, 'export.complete', { format: record.format, messages: count, files: exportFiles });
    } catch (error) {
      if (error instanceof ExportCancelledError) {
        const cancelled = (await store.get(exportId)) ?? record;
        await removeExportFiles(deps.exportsDirectory, exportId);
        await timeline(record, JOB_ACTOR, 'export.cancel', { reason: cancelled.error, done: cancelled.done });
        await store.finish(exportId, { status: 'cancelled', error: cancelled.error ?? 'cancelled', finishedAt: now().toISOString() });
        return;
      }
      if (error instanceof ExportMessageError || error instanceof QuerySyntaxError || error instanceof CaseNotFoundError) {
        await fail(record, error.message);
        throw new UnrecoverableJobError(error.message, { cause: error });
      }
      if (job.attempt >= deps.maxAttempts) await fail(record, `gave up after ${job.attempt} attempts: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  };

  return {
    validate,
    async request(input) {
      await validate(input.selection);
      const record = await store.create(input);
      await timeline(record, input.requestedBy, 'export.request', { format: input.format, query: input.selection.query, reviewTag: input.selection.reviewTag });
      await deps.enqueue(record.id);
      return record;
    },
    async cancel({ id, actor }) {
      const outcome = await store.requestCancel(id, `cancelled by ${actor}`);
      if (outcome === null) throw new ExportNotFoundError(id);
      const record = await store.get(id);
      if (record === null) throw new ExportNotFoundError(id);
      if (outcome === 'finished') throw new ExportStateError(id, record.status);
      if (outcome === 'cancelled') await timeline(record, actor, 'export.cancel', { reason: record.error, done: 0 });
      return record;
    },
    get: (id) => store.get(id),
    list: (options) => store.list(options),
    async file(id, name) {
      const record = await store.get(id);
      if (record === null) throw new ExportNotFoundError(id);
      if (record.status !== 'completed') throw new ExportStateError(id, record.status);
      const file = record.files.find((f) => f.name === name);
      return file === undefined ? null : { record, file, path: join(deps.exportsDirectory, id, file.name) };
    },
    handler,
    async enqueueUnfinished() {
      const ids = await store.unfinished();
      for (const id of ids) await deps.enqueue(id);
      return ids.length;
    },
  };
}
