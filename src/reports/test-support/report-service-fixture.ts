import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { pino, type Logger } from 'pino';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { caseReviewArchive, type CaseReviewArchive } from '../../discovery/case-review/test-support/case-review-archive.js';
import { SqliteExportStore } from '../../discovery/export/sqlite/sqlite-export-store.js';
import { loadOrCreateSigningKey, type SigningKey } from '../../integrity/signing-key.js';
import { loadRetentionPolicies } from '../../retention/policies/load-retention-policies.js';
import { loadReportDefinitions } from '../definitions/load-report-definitions.js';
import { ReportService, type ReportServiceDeps } from '../report-service.js';
import { createEmbeddedReportSources, REPORT_SPECS } from '../sources/embedded-sources.js';
import { SqliteReportRuns } from '../sqlite/sqlite-report-runs.js';
import { tempDir } from '../../../test/support/temp-dir.js';

const REPOSITORY = new URL('../../../../', import.meta.url).pathname;
/** The shipped report definitions. */
export const SHIPPED_REPORTS = join(REPOSITORY, 'reports');
const SHIPPED_POLICIES = join(REPOSITORY, 'retention-policies');

export interface ReportServiceFixture extends CaseReviewArchive {
  service: ReportService;
  runs: SqliteReportRuns;
  key: SigningKey;
  /** A scratch directory removed when the test ends. */
  dir: string;
  reportsDirectory: string;
  /** Run ids handed to `enqueue`, in order. */
  enqueued: string[];
}

/**
 * The real report service on a fresh archive: shipped definitions, the five real data sources,
 * the SQLite runs store, audit log, holds and case review, a fresh signing key. `enqueue` only
 * records the run id: tests call `service.handleJob` as the worker would.
 */
export async function reportServiceFixture(t: TestContext, overrides: Partial<ReportServiceDeps> = {}): Promise<ReportServiceFixture> {
  const archive = caseReviewArchive(t);
  const { db, writer, holds, review } = archive;
  const scratch = tempDir('reports');
  t.after(() => scratch.remove());
  const key = loadOrCreateSigningKey(join(scratch.path, 'keys', 'appliance-ed25519.pem'));
  const policies = await loadRetentionPolicies({ directory: SHIPPED_POLICIES, internalDomains: [] });
  const exports = new SqliteExportStore(db, writer);
  const definitions = await loadReportDefinitions({
    directories: [SHIPPED_REPORTS],
    specs: REPORT_SPECS,
  });
  const runs = new SqliteReportRuns(db, writer);
  const enqueued: string[] = [];
  const reportsDirectory = join(scratch.path, 'reports');
  const service = new ReportService({
    definitions,
    sources: createEmbeddedReportSources({ db, policies: () => policies, holds, caseReview: review, exports, signingKeyId: key.keyId }),
    key,
    applianceName: 'custodian-test',
    reportsDirectory,
    runs,
    audit: createSqliteAuditLog(db),
    caseReview: review,
    cases: holds,
    logger: silentLogger(),
    enqueue: async (runId) => void enqueued.push(runId),
    maxAttempts: 3,
    ...overrides,
  });
  return { ...archive, service, runs, key, dir: scratch.path, reportsDirectory, enqueued };
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The text of a PDF, by poppler's `pdftotext` (layout kept, so table rows stay on one line). */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
