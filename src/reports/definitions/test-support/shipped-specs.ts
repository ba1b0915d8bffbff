import type { ReportDataSpec } from '../../report-data.js';
import { AUDIT_SPEC } from '../../sources/audit-source.js';
import { CASE_SPEC } from '../../sources/case-source.js';
import { DLP_SPEC } from '../../sources/dlp-source.js';
import { INTEGRITY_SPEC } from '../../sources/integrity-source.js';
import { RETENTION_SPEC } from '../../sources/retention-source.js';

/** The data sources' specs by source name, as the report service registers them. */
export const SHIPPED_SPECS: Record<string, ReportDataSpec> = {
  retention: RETENTION_SPEC,
  integrity: INTEGRITY_SPEC,
  audit: AUDIT_SPEC,
  dlp: DLP_SPEC,
  case: CASE_SPEC,
};
