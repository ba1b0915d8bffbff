import type { Tombstone } from '../../domain/deletion.js';
import type { DeletionContext } from '../message-deleter.js';

/** What burying a batch did to each message. */
export interface BurialResult {
  /** Tombstoned and removed from the index, in one transaction; ledger and blob still to do. */
  buried: Tombstone[];
  /** Not in the index but tombstoned before: deleted earlier, nothing done. */
  alreadyDeleted: Tombstone[];
  /** Neither indexed nor ever tombstoned. */
  notFound: string[];
  /**
   * Put under a hold after the deleter asked and before this transaction (a hold placed in
   * between): left alone, with the holds now covering it.
   */
  heldMeanwhile: Map<string, string[]>;
}

/** A page of tombstones, oldest first. */
export interface TombstonePage {
  tombstones: Array<Tombstone & { seq: number }>;
  /** Pass as `after` for the next page; null on the last. */
  nextCursor: string | null;
}

export interface TombstoneFilter {
  reason?: Tombstone['reason'];
  policyId?: string;
  requestId?: string;
  messageId?: string;
  /** ISO-8601, inclusive. */
  deletedFrom?: string;
  /** ISO-8601, exclusive. */
  deletedTo?: string;
}

/**
 * Where tombstones live, and the one transaction that writes a tombstone and removes the index
 * entry it records (so neither exists without the other). Tombstones are append-only.
 */
export interface TombstoneStore {
  /** Tombstones and un-indexes each of `messageIds` atomically, as deleted at `deletedAt` (ISO-8601). */
  bury(messageIds: readonly string[], context: DeletionContext, deletedAt: string): Promise<BurialResult>;
  /** Up to `limit` tombstones whose ledger entry or blob removal is not known to be done, oldest first. */
  unfinished(limit: number): Promise<Tombstone[]>;
  /** Marks the deletions of these tombstones' messages complete (ledger entry written, blob gone). */
  finish(tombstones: readonly Tombstone[]): Promise<void>;
  list(filter: TombstoneFilter, limit: number, after: string | null): Promise<TombstonePage>;
}
