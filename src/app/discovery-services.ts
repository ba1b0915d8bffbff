import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { BlobStore } from '../archive/blob-store.js';
import type { SqliteArchiveIndex } from '../archive/sqlite/sqlite-archive-index.js';
import type { AuditLog } from '../audit/audit-log.js';
import { applianceNameOf, exportsDirectoryOf, reportsDirectoryOf } from '../config/reports-schema.js';
import type { Config } from '../config/schema.js';
import type { GroupCommit } from '../db/group-commit.js';
import type { Db } from '../db/open-database.js';
import { SqliteCaseReview } from '../discovery/case-review/sqlite/sqlite-case-review.js';
import { createExportService } from '../discovery/export/export-service.js';
import { SqliteExportStore } from '../discovery/export/sqlite/sqlite-export-store.js';
import { parseQuery } from '../query/parse-query.js';
import type { JobQueue } from '../queue/job-queue.js';
import { loadReportDefinitions } from '../reports/definitions/load-report-definitions.js';
import { ReportService } from '../reports/report-service.js';
import { createEmbeddedReportSources, REPORT_SPECS } from '../reports/sources/embedded-sources.js';
import { SqliteReportRuns } from '../reports/sqlite/sqlite-report-runs.js';
import type { ComplianceServices } from './compliance-services.js';

/** The report definitions shipped with Custodian: `reports/` at the top of the installation. */
export const SHIPPED_REPORTS = fileURLToPath(new URL('../../../reports/', import.meta.url));

/**
 * E-discovery and reports on the embedded database: case review (saved searches, review tags,
 * notes, timeline), exports, and PDF reports over the archive, the compliance records and the
 * audit trail. Both exports and requested reports are queue jobs on `queue`.
 *
 * @throws ReportDefinitionError when a report definition is invalid: start-up stops.
 */
export async function createDiscoveryServices(deps: {
  config: Readonly<Config>;
  db: Db;
  writer: GroupCommit;
  index: SqliteArchiveIndex;
  blobs: BlobStore;
  audit: AuditLog;
  compliance: ComplianceServices;
  /** Where `export` and `report` jobs go (job ids `export:<id>`, `report:<id>`). */
  queue: Pick<JobQueue, 'enqueue'>;
  logger: Logger;
}) {
  const { config, db, writer, index, compliance } = deps;
  const applianceName = applianceNameOf(config);
  const caseReview = new SqliteCaseReview({ db, writer, index });
  const exportStore = new SqliteExportStore(db, writer);
  const exports = createExportService({
    store: exportStore, index, blobs: deps.blobs, caseReview, parseQuery,
    signingKey: compliance.key, applianceName,
    exportsDirectory: exportsDirectoryOf(config),
    enqueue: (exportId) => deps.queue.enqueue('export', { exportId }, `export:${exportId}`),
    maxAttempts: config.pipeline.retry.maxAttempts,
  });
  const sources = createEmbeddedReportSources({
    db, policies: () => compliance.retention.policies(), holds: compliance.holds, caseReview, exports: exportStore, signingKeyId: compliance.key.keyId,
  });
  const directories = [SHIPPED_REPORTS, ...(config.reports.definitionsDirectory === undefined ? [] : [config.reports.definitionsDirectory])];
  const reports = new ReportService({
    definitions: await loadReportDefinitions({ directories, specs: REPORT_SPECS }),
    sources,
    key: compliance.key,
    applianceName,
    reportsDirectory: reportsDirectoryOf(config),
    runs: new SqliteReportRuns(db, writer),
    audit: deps.audit,
    caseReview,
    cases: compliance.holds,
    logger: deps.logger,
    enqueue: (runId) => deps.queue.enqueue('report', { runId }, `report:${runId}`),
    maxAttempts: config.pipeline.retry.maxAttempts,
  });
  return {
    caseReview, exports, reports,
    /** What the API serves from these services (see `ApiDeps`). */
    api() {
      return { caseReview, exports, reports };
    },
  };
}

export type DiscoveryServices = Awaited<ReturnType<typeof createDiscoveryServices>>;
