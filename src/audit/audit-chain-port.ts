import type { ChainedAuditRecord } from './audit-chain.js';
import type { AuditChainVerifierOptions, AuditVerification } from './audit-chain-verifier.js';

/** A time range of the audit trail. */
export interface AuditExportRange {
  /** From the first entry at or after this time. Default: the first entry. */
  from?: Date;
  /** To the last entry before this time. Default: the last entry when the export starts. */
  to?: Date;
}

/** An export whose range is fixed when it is made; its lines are read lazily, in seq order. */
export interface AuditExport {
  /** First and last entry of the range; null when the range holds none. */
  firstSeq: number | null;
  lastSeq: number | null;
  /** Every entry from `firstSeq` to `lastSeq`, read in batches (bounded memory). */
  lines: AsyncIterable<ChainedAuditRecord>;
}

/** The audit log's hash chain: export and verification (implemented by each audit backend). */
export interface AuditChain {
  /**
   * The contiguous run of entries from the first at or after `from` to the last before `to`:
   * contiguous in seq, so an entry whose clock went backwards is never mistaken for a deletion.
   */
  export(range: AuditExportRange): Promise<AuditExport>;
  /** Verifies the whole chain from its genesis, in batches. */
  verify(options?: AuditChainVerifierOptions & { onProgress?: (checked: number) => void }): Promise<AuditVerification>;
  /** The newest link; what a signed checkpoint should record. Null while the log is empty. */
  head(): Promise<{ seq: number; entryHash: string } | null>;
}
