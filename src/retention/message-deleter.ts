import type { DeletionOutcome, DeletionReason } from '../domain/deletion.js';

export interface DeletionContext {
  reason: DeletionReason;
  /** Who: `retention`, or the approving officer's name. */
  actor: string;
  policyId?: string;
  requestId?: string;
}

/**
 * The only way a message leaves the archive. It refuses (and audits) every message under a hold,
 * leaves a tombstone and a ledger entry for each message it deletes, removes the index entry and
 * then the blob, and resumes cleanly after a crash at any point.
 */
export interface MessageDeleter {
  delete(messageIds: readonly string[], context: DeletionContext): Promise<DeletionOutcome>;
}
