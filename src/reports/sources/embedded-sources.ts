import type { ReportDataSource, ReportSourceDeps } from '../report-data.js';
import { AUDIT_SPEC, createAuditSource } from './audit-source.js';
import { CASE_SPEC, createCaseSource } from './case-source.js';
import { createDlpSource, DLP_SPEC } from './dlp-source.js';
import { createIntegritySource, INTEGRITY_SPEC } from './integrity-source.js';
import { createRetentionSource, RETENTION_SPEC } from './retention-source.js';

/** The data each report source promises, by the name definitions give as `source`. */
export const REPORT_SPECS = { retention: RETENTION_SPEC, integrity: INTEGRITY_SPEC, audit: AUDIT_SPEC, dlp: DLP_SPEC, case: CASE_SPEC };

/** The five report data sources on the embedded database, by name. */
export function createEmbeddedReportSources(deps: ReportSourceDeps): Record<keyof typeof REPORT_SPECS, ReportDataSource> {
  return {
    retention: createRetentionSource(deps),
    integrity: createIntegritySource(deps),
    audit: createAuditSource(deps),
    dlp: createDlpSource(deps),
    case: createCaseSource(deps),
  };
}
