/**
 * The data handed to the renderer lack figures, tables or series the definition shows: the data
 * source does not keep its spec. Rendering refuses rather than print a report with blank sections.
 */
export class MissingReportDataError extends Error {
  override readonly name = 'MissingReportDataError';
  constructor(readonly report: string, readonly missing: readonly string[]) {
    super(`the data for report ${report} lack ${missing.join(', ')}; the data source does not provide what its spec promises`);
  }
}
