import type { ExportStatus } from './export-store.js';

/** An export request that cannot be run as asked; `message` says why, for the person who asked. */
export class InvalidExportError extends Error {
  override readonly name = 'InvalidExportError';
}

/** No export with this id. */
export class ExportNotFoundError extends Error {
  override readonly name = 'ExportNotFoundError';

  constructor(readonly exportId: string) {
    super(`no export ${exportId}`);
  }
}

/** The export is no longer in a state that allows this (e.g. cancelling a completed export). */
export class ExportStateError extends Error {
  override readonly name = 'ExportStateError';

  constructor(
    readonly exportId: string,
    readonly status: ExportStatus,
  ) {
    super(`export ${exportId} is ${status}`);
  }
}

/**
 * A selected message cannot be exported as archived: its original fails its hash, or it is gone
 * from the index or blob store. Retrying cannot help; the export fails with this reason.
 */
export class ExportMessageError extends Error {
  override readonly name = 'ExportMessageError';

  constructor(
    readonly archiveId: string,
    readonly problem: 'hash-mismatch' | 'missing',
    message: string,
  ) {
    super(message);
  }
}

/** The export job stopped because a cancel was asked for. */
export class ExportCancelledError extends Error {
  override readonly name = 'ExportCancelledError';
}
