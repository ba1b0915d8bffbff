/** No report definition with this id. */
export class UnknownReportError extends Error {
  override readonly name = 'UnknownReportError';

  constructor(readonly report: string, readonly known: readonly string[]) {
    super(`no report "${report}"; the reports are: ${known.join(', ')}`);
  }
}

/** The request does not fit the report: a case report without a case, a case for another report, an empty period. */
export class InvalidReportRequestError extends Error {
  override readonly name = 'InvalidReportRequestError';
}

/** No report run with this id. */
export class ReportRunNotFoundError extends Error {
  override readonly name = 'ReportRunNotFoundError';

  constructor(readonly runId: string) {
    super(`no report run ${runId}`);
  }
}

/** The run has no file (yet): it is queued, running or failed. */
/** A report PDF on disk that no longer has the size recorded when it was written: withheld. */
export class ReportFileAlteredError extends Error {
  override readonly name = 'ReportFileAlteredError';

  constructor(readonly runId: string, readonly expected: number, readonly found: number) {
    super(`report run ${runId}: the PDF is ${found} bytes, ${expected} were written`);
  }
}

export class ReportNotReadyError extends Error {
  override readonly name = 'ReportNotReadyError';

  constructor(readonly runId: string, readonly state: string) {
    super(`report run ${runId} is ${state}, it has no file`);
  }
}
