import { computeEntryHash, GENESIS_PREV_HASH, type LedgerRecord } from './ledger-entry.js';
import { MerkleFrontier } from './merkle.js';

/** What kind of damage a finding reports; stable codes for reports and tests. */
export type LedgerFindingCode = 'entry-edited' | 'seq-gap' | 'prev-hash-mismatch' | 'checkpoint-root-mismatch' | 'checkpoint-beyond-ledger';

/** One precise problem in the ledger or its checkpoints. */
export interface LedgerFinding {
  code: LedgerFindingCode;
  /** The entry (or, for checkpoint codes, the checkpoint's tree size) the finding is about. */
  seq: number;
  /** e.g. "entry 7: hash mismatch (edited)". */
  message: string;
}

/** A checkpoint's claim to compare against the ledger: the root of its first `treeSize` entries. */
export interface CheckpointClaim {
  treeSize: number;
  /** Lower-case hex. */
  rootHash: string;
}

/**
 * Verifies a ledger streamed in seq order, one batch at a time, holding only the previous entry
 * and a Merkle frontier (log2 n hashes) — memory does not grow with the ledger. Pure: feed it
 * rows from any store. It reports, precisely:
 * - `entry N: hash mismatch (edited)` — the stored hash is not SHA-256(prevHash || canonical entry);
 * - `seq gap after N (deleted line)` — entries are missing after N;
 * - `entry N: prev hash does not match entry N-1` — a link was rewritten (e.g. N-1 edited and re-hashed);
 * - given checkpoints, `checkpoint at tree size N: root does not match the ledger`, and at the end
 *   `checkpoint at tree size N: the ledger has only M entries (truncated)`.
 */
export class LedgerVerifier {
  private readonly frontier = new MerkleFrontier();
  private readonly findingsList: LedgerFinding[] = [];
  private last: { seq: number; entryHash: string } = { seq: 0, entryHash: GENESIS_PREV_HASH };
  private nextCheckpoint = 0;
  private readonly checkpoints: CheckpointClaim[];

  /** `checkpoints` in any order; each is checked when the stream reaches its tree size. */
  constructor(checkpoints: readonly CheckpointClaim[] = []) {
    this.checkpoints = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  }

  /** Entries checked so far. */
  get entriesSeen(): number {
    return this.frontier.size;
  }

  /** Checks the next rows (seq ascending, continuing the previous batch). */
  push(rows: readonly LedgerRecord[]): void {
    for (const row of rows) this.check(row);
  }

  /** Ends the stream and returns every finding, in ledger order. */
  finish(): LedgerFinding[] {
    for (const claim of this.checkpoints.slice(this.nextCheckpoint)) {
      if (claim.treeSize <= this.frontier.size) continue;
      this.report('checkpoint-beyond-ledger', claim.treeSize, `checkpoint at tree size ${claim.treeSize}: the ledger has only ${this.frontier.size} entries (truncated)`);
    }
    this.nextCheckpoint = this.checkpoints.length;
    return [...this.findingsList];
  }

  private check(row: LedgerRecord): void {
    const gap = row.seq !== this.last.seq + 1;
    if (gap) this.report('seq-gap', this.last.seq, `seq gap after ${this.last.seq} (deleted line)`);
    if (computeEntryHash(row.prevHash, row) !== row.entryHash) this.report('entry-edited', row.seq, `entry ${row.seq}: hash mismatch (edited)`);
    // After a gap the link necessarily breaks; the gap is the finding, not a second one.
    if (!gap && row.prevHash !== this.last.entryHash) {
      this.report('prev-hash-mismatch', row.seq, `entry ${row.seq}: prev hash does not match entry ${row.seq - 1}`);
    }
    this.last = { seq: row.seq, entryHash: row.entryHash };
    // The tree commits to the stored hashes, in stored order: a leaf per row, even after a gap.
    this.frontier.append(Buffer.from(row.entryHash, 'hex'));
    this.checkRoots();
  }

  private checkRoots(): void {
    for (;;) {
      const claim = this.checkpoints[this.nextCheckpoint];
      if (claim === undefined || claim.treeSize > this.frontier.size) return;
      this.nextCheckpoint += 1;
      if (claim.treeSize < this.frontier.size) continue; // a duplicate or zero-size claim, already passed
      if (this.frontier.root().toString('hex') !== claim.rootHash) {
        this.report('checkpoint-root-mismatch', claim.treeSize, `checkpoint at tree size ${claim.treeSize}: root does not match the ledger`);
      }
    }
  }

  private report(code: LedgerFindingCode, seq: number, message: string): void {
    this.findingsList.push({ code, seq, message });
  }
}

/** Verifies a whole ledger from an async stream of batches (see `LedgerVerifier`). */
export async function verifyLedger(
  batches: AsyncIterable<readonly LedgerRecord[]>,
  checkpoints: readonly CheckpointClaim[] = [],
): Promise<{ entries: number; findings: LedgerFinding[] }> {
  const verifier = new LedgerVerifier(checkpoints);
  for await (const batch of batches) verifier.push(batch);
  const findings = verifier.finish();
  return { entries: verifier.entriesSeen, findings };
}
