import { join } from 'node:path';
import { pino } from 'pino';
import { createSqliteAuditLog } from '../../src/audit/sqlite-audit-log.js';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import type { Db } from '../../src/db/open-database.js';
import { SqliteCaseReview } from '../../src/discovery/case-review/sqlite/sqlite-case-review.js';
import { SqliteExportStore } from '../../src/discovery/export/sqlite/sqlite-export-store.js';
import { SqliteLegalHolds } from '../../src/holds/sqlite/sqlite-legal-holds.js';
import { loadOrCreateSigningKey } from '../../src/integrity/signing-key.js';
import { loadReportDefinitions } from '../../src/reports/definitions/load-report-definitions.js';
import { ReportService } from '../../src/reports/report-service.js';
import { createEmbeddedReportSources, REPORT_SPECS } from '../../src/reports/sources/embedded-sources.js';
import { SqliteReportRuns } from '../../src/reports/sqlite/sqlite-report-runs.js';
import { loadRetentionPolicies } from '../../src/retention/policies/load-retention-policies.js';

/** The source tree (this file runs from dist/bench/report/). */
const REPOSITORY = new URL('../../../', import.meta.url).pathname;

/**
 * The real report service on a benchmark database, composed as the appliance composes it: shipped
 * definitions and retention policies, the five SQLite data sources, holds and case review.
 */
export async function openReportService(db: Db, workDir: string): Promise<{ service: ReportService; close(): Promise<void> }> {
  const writer = new GroupCommit(db);
  const index = new SqliteArchiveIndex(db, writer);
  const holds = new SqliteLegalHolds(db, writer, {});
  const caseReview = new SqliteCaseReview({ db, writer, index });
  const exports = new SqliteExportStore(db, writer);
  const key = loadOrCreateSigningKey(join(workDir, 'keys', 'appliance-ed25519.pem'));
  const policies = await loadRetentionPolicies({ directory: join(REPOSITORY, 'retention-policies'), internalDomains: [] });
  const definitions = await loadReportDefinitions({
    directories: [join(REPOSITORY, 'reports')],
    specs: REPORT_SPECS,
  });
  const service = new ReportService({
    definitions,
    sources: createEmbeddedReportSources({ db, policies: () => policies, holds, caseReview, exports, signingKeyId: key.keyId }),
    key,
    applianceName: 'bench-appliance',
    reportsDirectory: join(workDir, 'reports'),
    runs: new SqliteReportRuns(db, writer),
    audit: createSqliteAuditLog(db),
    caseReview,
    cases: holds,
    logger: pino({ level: 'silent' }),
    enqueue: async () => undefined,
    maxAttempts: 1,
  });
  return {
    service,
    async close() {
      await holds.stop();
      await writer.close();
    },
  };
}
