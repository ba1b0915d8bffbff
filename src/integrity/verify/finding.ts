/**
 * What a verification can find. Each names one precise fault:
 * - `missing-blob`: an index entry whose original is not in the blob store.
 * - `altered-blob`: an original whose bytes no longer hash to its id, or fail AES-GCM authentication.
 * - `orphan-blob`: a blob file with neither an index entry nor a tombstone.
 * - `undeleted-blob`: the original of a message whose deletion finished (tombstone) is still stored.
 * - `stray-file`: a file in the blob store that is not a blob where the layout puts blobs.
 * - `index-without-ledger`: an index entry the ledger never recorded as archived.
 * - `ledger-without-index`: a ledger `archived` entry, not later `deleted`, whose message is not in the index.
 * - `tombstone-without-ledger`: a tombstone the ledger never recorded as deleted.
 * - `broken-chain`: a ledger or audit entry whose hash or link does not follow from its predecessor.
 * - `checkpoint-mismatch`: a signed checkpoint's root differs from the ledger's root at its size, or
 *   the ledger is shorter than a checkpoint says (entries changed, removed or reordered since).
 * - `bad-signature`: a checkpoint whose Ed25519 signature does not verify or is not by the appliance's key.
 * - `bad-timestamp`: a checkpoint's RFC 3161 time-stamp that does not verify.
 */
export const FINDING_KINDS = [
  'missing-blob',
  'altered-blob',
  'orphan-blob',
  'undeleted-blob',
  'stray-file',
  'index-without-ledger',
  'ledger-without-index',
  'tombstone-without-ledger',
  'broken-chain',
  'checkpoint-mismatch',
  'bad-signature',
  'bad-timestamp',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** One fault found by a check, as precise as the check can make it. */
export interface Finding {
  kind: FindingKind;
  /** Archive id (SHA-256 hex) of the message or blob concerned, when there is one. */
  messageId?: string;
  /** Sequence number of the ledger entry, audit entry or checkpoint concerned, when there is one. */
  seq?: number;
  /** What exactly is wrong, for a person: expected and actual hashes, the file, the reason. */
  detail: string;
}

/** A finding as a run stores it: numbered within the run and labelled with its check. */
export interface RecordedFinding extends Finding {
  /** 1, 2, … in the order found. */
  findingSeq: number;
  /** The name of the check that found it. */
  check: string;
}
