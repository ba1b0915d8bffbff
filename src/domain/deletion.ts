/** Why a message left the archive. */
export type DeletionReason = 'retention' | 'erasure';

/**
 * What stays of a deleted message: enough to prove it existed, what it was (its hash), and who or
 * what deleted it under which policy or request. Tombstones are never deleted.
 */
export interface Tombstone {
  /** Archive id: the SHA-256 of the original's bytes. */
  messageId: string;
  size: number;
  /** ISO-8601 time of the first receipt. */
  receivedAt: string;
  reason: DeletionReason;
  /** The retention policy that expired it (reason `retention`). */
  policyId: string | null;
  /** The erasure request that removed it (reason `erasure`). */
  requestId: string | null;
  /** Who: `retention` for sweeps, or the approving officer's name for erasure. */
  actor: string;
  /** ISO-8601 time of deletion. */
  deletedAt: string;
}

/** A deletion that was refused, and why (held, protected by policy…). Every refusal is audited. */
export interface DeletionRefusal {
  messageId: string;
  reason: 'held' | 'policy-protected' | 'not-found';
  /** Human-readable detail: which holds, which policy and until when. */
  detail: string;
}

export interface DeletionOutcome {
  deleted: Tombstone[];
  refused: DeletionRefusal[];
}
