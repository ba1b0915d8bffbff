import type { Tombstone } from '../domain/deletion.js';

/**
 * The archive ledger: an append-only, hash-chained record of every message archived and every
 * message deleted, in order. Its entries are the leaves of the Merkle checkpoints.
 */
export interface Ledger {
  /** Appends `archived` for a message once; a repeat for the same message is a no-op. */
  recordArchived(message: { messageId: string; size: number; receivedAt: string }): Promise<void>;
  /** Appends `deleted` for a tombstone once; a repeat for the same message is a no-op. */
  recordDeleted(tombstone: Tombstone): Promise<void>;
}
