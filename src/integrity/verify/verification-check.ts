import type { BlobStore } from '../../archive/blob-store.js';
import type { Db } from '../../db/open-database.js';
import type { Finding } from './finding.js';

/** What every check may read. Checks only read: the runner alone writes (runs and findings). */
export interface VerificationContext {
  /** The embedded database (index, ledger, audit log, tombstones, checkpoints). */
  db: Db;
  /** The blob store; `get` re-hashes what it reads. */
  blobs: BlobStore;
  /** The filesystem blob store's root directory (`<dataDir>/blobs`), walked for orphans. */
  blobRoot: string;
}

/** How a check reports while it runs. */
export interface CheckReporter {
  /** Records a finding (it is written with the next progress call, not held for the whole run). */
  finding(finding: Finding): void;
  /**
   * Reports work done so far; call once per batch. Resolves when buffered findings are written
   * and the event loop has had a turn, so a long check never starves ingestion.
   */
  progress(checked: number): Promise<void>;
  /** Aborted when the run is cancelled (shutdown): stop at the next batch. */
  signal: AbortSignal;
}

/**
 * One named verification. The run is a list of these (see `defaultChecks`), so adding a check,
 * or running a subset, is a change of data, not of the runner.
 */
export interface VerificationCheck {
  /** Stable kebab-case name, stored with each finding (`index-blobs`, `ledger-chain`, …). */
  name: string;
  /** One line for people: what the check proves. */
  description: string;
  /** Re-hashes originals: skipped by `--skip-blobs`, which makes a run take seconds, not hours. */
  readsBlobs: boolean;
  /** The work units (messages, files, entries) the check will go through, for progress; null when not known in advance. */
  total(context: VerificationContext): number | null;
  /** Goes through everything in batches of bounded size, reporting findings and progress. */
  run(context: VerificationContext, reporter: CheckReporter): Promise<void>;
  /**
   * Re-examines one of this check's findings at the end of the run. On a running appliance some
   * states last a moment (a blob stored before its index row commits, an index row before its
   * ledger entry): a finding that no longer holds is dropped. Absent: findings are final.
   */
  stillHolds?(finding: Finding, context: VerificationContext): Promise<boolean>;
}
