/** The shapes an export can take. `pdf-zip` is one PDF rendering per message in a ZIP. */
export const EXPORT_FORMATS = ['eml-zip', 'mbox', 'pdf-zip'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** What an export covers: a search (within a case when `caseId` is set), or a case's review tag. */
export interface ExportSelection {
  caseId: string | null;
  /** Search-language text; null for the whole case (requires `caseId`). */
  query: string | null;
  /** Only messages carrying this review tag in the case (requires `caseId`). */
  reviewTag: string | null;
}

/** One file an export produced, as listed in its chain-of-custody record. */
export interface ExportFile {
  /** `export.zip`, `export.mbox`, `manifest.csv`, `manifest.json`, `chain-of-custody.json`. */
  name: string;
  size: number;
  sha256: string;
}

export interface ExportRecord {
  id: string;
  format: ExportFormat;
  selection: ExportSelection;
  status: ExportStatus;
  requestedBy: string;
  /** Where the request came from (client address or `cli:<user>`), as in the audit log. */
  requestSource: string;
  /** ISO-8601. */
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Messages selected (fixed when the export starts); null before. */
  total: number | null;
  /** Messages written so far. */
  done: number;
  /** Why it failed or who cancelled it. */
  error: string | null;
  cancelRequested: boolean;
  /** The files, once completed (chain-of-custody.json last). */
  files: ExportFile[];
}

/** What a caller supplies to request an export; the id is chosen by the caller so it can be audited first. */
export interface NewExport {
  id: string;
  format: ExportFormat;
  selection: ExportSelection;
  requestedBy: string;
  requestSource: string;
}

/** How an export ended. `error` is the failure reason, or who cancelled it and why. */
export type ExportOutcome =
  | { status: 'completed'; files: ExportFile[]; finishedAt: string }
  | { status: 'failed' | 'cancelled'; error: string; finishedAt: string };

/** What `requestCancel` did. */
export type CancelResult =
  /** A queued export, cancelled at once (its job will find it so and do nothing). */
  | 'cancelled'
  /** A running export, flagged: the job stops between two messages and removes its files. */
  | 'flagged'
  /** Already completed, failed or cancelled: nothing changed. */
  | 'finished';

/**
 * Export records and their frozen selections. Life cycle: queued → running → completed | failed |
 * cancelled, and queued → cancelled. A running export may be started again (a retried or
 * recovered job): that restarts its files, never its selection, which is fixed once frozen.
 */
export interface ExportStore {
  /** Stores a queued export. */
  create(input: NewExport): Promise<ExportRecord>;
  get(id: string): Promise<ExportRecord | null>;
  /** Newest first; only a case's exports when `caseId` is given. */
  list(options: { limit: number; offset: number; caseId?: string }): Promise<ExportRecord[]>;
  /**
   * Marks a queued or running export running (keeping the first `startedAt`) with `done` back to
   * 0 and the error cleared. Resolves to the record, or null when it is not queued or running.
   */
  start(id: string, at: string): Promise<ExportRecord | null>;
  /** Whether the selection is frozen (every id listed and `total` set). */
  isFrozen(id: string): Promise<boolean>;
  /**
   * Appends ids to the selection of an export not yet frozen, in order; an id already listed is
   * skipped. An earlier, unfinished freeze is discarded with `clearUnfrozen` first.
   */
  appendSelection(id: string, archiveIds: readonly string[]): Promise<void>;
  /** Drops the ids listed by a freeze that never finished (a crash mid-way). */
  clearUnfrozen(id: string): Promise<void>;
  /** Freezes the selection: from now on it never changes. Sets `total`; resolves to it. */
  freeze(id: string): Promise<number>;
  /** A page of the frozen selection in order: ids after position `afterSeq` (1-based positions). */
  selection(id: string, page: { afterSeq: number; limit: number }): Promise<Array<{ seq: number; archiveId: string }>>;
  /** Records progress (not durable: a crash restarts the files anyway). */
  progress(id: string, done: number): Promise<void>;
  /** Whether a cancel was asked for since the export started. Cheap: checked between messages. */
  cancelRequested(id: string): Promise<boolean>;
  /** Cancels a queued export, flags a running one (see `CancelResult`). `reason` says who and why. */
  requestCancel(id: string, reason: string): Promise<CancelResult | null>;
  /** Ends a running (or, for `cancelled`, queued) export. Resolves to false when it was not. */
  finish(id: string, outcome: ExportOutcome): Promise<boolean>;
  /** Ids of queued and running exports, oldest first: what start-up enqueues again. */
  unfinished(): Promise<string[]>;
}
