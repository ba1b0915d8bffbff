import type { ReportTable } from '../report-data.js';

/** Rows a detail table (deletions, findings, exports …) lists at most; `totalRows` says how many there were. */
export const DETAIL_ROWS = 1000;

/** A table cut at its limit says how many rows there were in all; an uncut one does not. */
export function limitedTable(rows: ReportTable['rows'], totalRows: number): ReportTable {
  return rows.length < totalRows ? { rows, totalRows } : { rows };
}

/** An epoch-ms column as ISO-8601, null kept. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
