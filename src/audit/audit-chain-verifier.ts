import { auditEntryHash, GENESIS_HASH, type ChainedAuditRecord } from './audit-chain.js';

/** What a verifier found wrong, with the entry number (`seq`) it concerns. */
export interface AuditChainFinding {
  /**
   * `edited`: the entry no longer hashes to its recorded hash. `missing`: entries `seq`…`toSeq`
   * are gone (the next link points past them). `relinked`: an entry's link does not point at the
   * entry before it although none is missing (that entry was rewritten together with its hash).
   * `unsealed`: an entry outside the chain. `out-of-order`: numbered at or below its predecessor.
   * `malformed`: an export line that is not an audit entry (`seq` is then the line number).
   */
  kind: 'edited' | 'missing' | 'relinked' | 'unsealed' | 'out-of-order' | 'malformed';
  seq: number;
  /** Last entry of a `missing` range. */
  toSeq?: number;
  /** One line for people, e.g. `entry 412: hash mismatch (edited)`, `entries 13–14 missing (deleted)`. */
  message: string;
}

/** The outcome of verifying a chain or an export. */
export interface AuditVerification {
  /** True when nothing was found. */
  ok: boolean;
  /** Entries whose hash was recomputed. */
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** `prevHash` of the first entry seen: `GENESIS_HASH` when the chain is verified from its start. */
  anchor: string | null;
  /** The last link seen; record it elsewhere (a signed checkpoint) to detect a truncated tail later. */
  head: { seq: number; entryHash: string } | null;
  /** Every finding counted, even past `maxFindings`. */
  findingCount: number;
  /** The first `maxFindings` findings, in entry order. */
  findings: AuditChainFinding[];
}

export interface AuditChainVerifierOptions {
  /** The chain must start at `GENESIS_HASH` (a whole chain, not an export from the middle). Default false. */
  fromGenesis?: boolean;
  /**
   * A link recorded outside the database (e.g. in a signed checkpoint) that the chain must still
   * contain unchanged: this is what reveals entries deleted from the end. Default: none.
   */
  expectedHead?: { seq: number; entryHash: string };
  /** Findings kept in the result (all are counted). Default 1000, so a ruined log cannot exhaust memory. */
  maxFindings?: number;
}

/**
 * Checks a chain one link at a time, in `seq` order, holding only the previous link: verifying a
 * log of any length takes constant memory. Each entry is judged by itself (does it hash to its
 * recorded `entryHash`?) and by its link (does its `prevHash` name the entry before it?), and the
 * recorded hash, not the recomputed one, is carried on, so one edited entry is one finding rather
 * than a cascade.
 */
export class AuditChainVerifier {
  private previous: { seq: number; entryHash: string } | null = null;
  private firstSeq: number | null = null;
  private anchor: string | null = null;
  private checked = 0;
  private findingCount = 0;
  private readonly findings: AuditChainFinding[] = [];
  private missing: { from: number; to: number } | null = null;
  private headSeen = false;
  private readonly maxFindings: number;

  constructor(private readonly options: AuditChainVerifierOptions = {}) {
    this.maxFindings = options.maxFindings ?? 1000;
  }

  /** An entry with its link. */
  entry(record: ChainedAuditRecord): void {
    if (!this.inOrder(record.seq)) return;
    this.link(record.seq, record.prevHash);
    this.flushMissing();
    this.checked++;
    if (auditEntryHash(record.prevHash, record) !== record.entryHash) {
      this.report({ kind: 'edited', seq: record.seq, message: `entry ${record.seq}: hash mismatch (edited)` });
    }
    this.advance(record.seq, record.entryHash);
  }

  /** A link whose entry is gone (the database still holds the chain row of a deleted entry). */
  linkWithoutEntry(seq: number, prevHash: string, entryHash: string): void {
    if (!this.inOrder(seq)) return;
    this.link(seq, prevHash);
    this.addMissing(seq, seq);
    this.advance(seq, entryHash);
  }

  /** An entry that was never chained. */
  unsealed(seq: number): void {
    this.flushMissing();
    this.report({ kind: 'unsealed', seq, message: `entry ${seq}: not in the hash chain (written around the audit log)` });
  }

  /** An export line that could not be read as an entry. */
  malformed(lineNumber: number, reason: string): void {
    this.flushMissing();
    this.report({ kind: 'malformed', seq: lineNumber, message: `line ${lineNumber}: not an audit entry (${reason})` });
  }

  /** Closes pending ranges and checks the expected head. */
  finish(): AuditVerification {
    this.flushMissing();
    const expected = this.options.expectedHead;
    if (expected !== undefined && !this.headSeen) {
      const last = this.previous?.seq ?? 0;
      if (last < expected.seq) {
        this.report({
          kind: 'missing',
          seq: last + 1,
          toSeq: expected.seq,
          message: `${range(last + 1, expected.seq)} missing (deleted after the recorded head)`,
        });
      }
    }
    return {
      ok: this.findingCount === 0,
      checked: this.checked,
      firstSeq: this.firstSeq,
      lastSeq: this.previous?.seq ?? null,
      anchor: this.anchor,
      head: this.previous,
      findingCount: this.findingCount,
      findings: this.findings,
    };
  }

  private inOrder(seq: number): boolean {
    if (this.previous === null || seq > this.previous.seq) return true;
    this.flushMissing();
    this.report({ kind: 'out-of-order', seq, message: `entry ${seq}: out of order (after entry ${this.previous.seq})` });
    return false;
  }

  /** Judges the link from the previous entry to entry `seq`. */
  private link(seq: number, prevHash: string): void {
    const previous = this.previous;
    if (previous === null) {
      this.firstSeq = seq;
      this.anchor = prevHash;
      if (this.options.fromGenesis !== true || prevHash === GENESIS_HASH) return;
      if (seq > 1) this.addMissing(1, seq - 1);
      else this.report({ kind: 'relinked', seq, message: `entry ${seq}: chain broken (does not start at the genesis hash)` });
      return;
    }
    // A gap in seq whose link still holds lost nothing: seq numbers may skip, links may not.
    if (prevHash === previous.entryHash) return;
    if (seq > previous.seq + 1) {
      this.addMissing(previous.seq + 1, seq - 1);
      return;
    }
    this.flushMissing();
    this.report({
      kind: 'relinked',
      seq,
      message: `entry ${seq}: chain broken (its prevHash is not entry ${previous.seq}'s hash: entry ${previous.seq} was rewritten)`,
    });
  }

  private advance(seq: number, entryHash: string): void {
    this.previous = { seq, entryHash };
    const expected = this.options.expectedHead;
    if (expected !== undefined && seq === expected.seq) {
      this.headSeen = true;
      if (entryHash !== expected.entryHash) {
        this.report({ kind: 'relinked', seq, message: `entry ${seq}: hash differs from the recorded head (chain rewritten)` });
      }
    }
  }

  private addMissing(from: number, to: number): void {
    if (this.missing !== null && this.missing.to + 1 === from) {
      this.missing.to = to;
      return;
    }
    this.flushMissing();
    this.missing = { from, to };
  }

  private flushMissing(): void {
    if (this.missing === null) return;
    const { from, to } = this.missing;
    this.missing = null;
    this.report({ kind: 'missing', seq: from, toSeq: to, message: `${range(from, to)} missing (deleted)` });
  }

  private report(finding: AuditChainFinding): void {
    this.findingCount++;
    if (this.findings.length < this.maxFindings) this.findings.push(finding);
  }
}

function range(from: number, to: number): string {
  return from === to ? `entry ${from}` : `entries ${from}–${to}`;
}
