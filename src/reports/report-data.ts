import type { Db } from '../db/open-database.js';
import type { CaseReview } from '../discovery/case-review/case-review.js';
import type { ExportStore } from '../discovery/export/export-store.js';
import type { LegalHolds } from '../holds/legal-holds.js';
import type { PolicySet } from '../retention/policies/retention-policy.js';

/**
 * What a report's data source hands the renderer: named figures (key facts), tables and chart
 * series. The report definition (`reports/*.yaml`) picks which of them appear and how; the SHA-256
 * of this object's canonical JSON is printed in the report and signed.
 */
export interface ReportData {
  figures: Record<string, string | number>;
  tables: Record<string, ReportTable>;
  series: Record<string, ReportSeries>;
}

export type ReportCell = string | number | null;

export interface ReportTable {
  rows: Array<Record<string, ReportCell>>;
  /** Set when the rows were cut at a limit: how many there were in all. */
  totalRows?: number;
}

/** Points of a chart, in order; `label` is the x value (a week, month, rule id …). */
export type ReportSeries = Array<{ label: string; value: number }>;

/** The period a report covers: `[from, to)`. */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

export interface ReportParameters {
  period: ReportPeriod;
  /** For the case report. */
  caseId?: string;
  /** "Now" for relative figures such as expiries in the next 30 days. */
  now: Date;
}

/**
 * What a data source promises: the names of its figures, its tables with their fields, and its
 * series. The definition loader checks a definition against this, so a typo in a YAML file is a
 * load error with file and line, not a blank section.
 */
export interface ReportDataSpec {
  figures: readonly string[];
  tables: Readonly<Record<string, readonly string[]>>;
  series: readonly string[];
  /** The source needs `caseId`. */
  needsCase: boolean;
}

export interface ReportDataSource {
  name: string;
  spec: ReportDataSpec;
  load(parameters: ReportParameters): Promise<ReportData>;
}

/**
 * What the embedded data sources are built from (each takes what it needs). They read the
 * database directly: report queries are aggregations the ports do not offer one row at a time.
 */
export interface ReportSourceDeps {
  db: Db;
  /** The retention policies in force. */
  policies: () => PolicySet;
  holds: LegalHolds;
  caseReview: CaseReview;
  exports: Pick<ExportStore, 'list'>;
  /** SHA-256 of the appliance signing key's SPKI (`SigningKey.keyId`). */
  signingKeyId: string;
}
