import { LedgerVerifier, type LedgerFinding } from '../ledger-verifier.js';
import type { CheckpointReader } from '../sqlite/checkpoint-reader.js';
import type { SqliteLedger } from '../sqlite/sqlite-ledger.js';
import type { Finding } from './finding.js';
import type { VerificationCheck } from './verification-check.js';

export interface LedgerChainSources {
  ledger: Pick<SqliteLedger, 'batches' | 'size'>;
  checkpoints: Pick<CheckpointReader, 'claims'>;
}

/**
 * The ledger's hash chain and its Merkle roots (`LedgerVerifier`, src/integrity): an edited entry,
 * a deleted line or a rewritten link is a `broken-chain` finding at that entry; a signed
 * checkpoint whose root the ledger no longer reproduces is a `checkpoint-mismatch`. The ledger is
 * streamed in batches; the verifier holds one entry and a Merkle frontier.
 */
export function createLedgerChainCheck(sources: LedgerChainSources): VerificationCheck {
  return {
    name: 'ledger-chain',
    description: 'the ledger hash chain is unbroken and reproduces every signed checkpoint root',
    readsBlobs: false,
    total: () => sources.ledger.size(),

    async run(_context, reporter) {
      // Claims are read first: a checkpoint made during the run covers entries the run reads anyway.
      const verifier = new LedgerVerifier(sources.checkpoints.claims());
      for await (const batch of sources.ledger.batches()) {
        if (reporter.signal.aborted) return;
        verifier.push(batch);
        await reporter.progress(verifier.entriesSeen);
      }
      for (const finding of verifier.finish()) reporter.finding(toFinding(finding));
    },
  };
}

function toFinding(finding: LedgerFinding): Finding {
  const checkpoint = finding.code === 'checkpoint-root-mismatch' || finding.code === 'checkpoint-beyond-ledger';
  return { kind: checkpoint ? 'checkpoint-mismatch' : 'broken-chain', seq: finding.seq, detail: `ledger ${finding.code}: ${finding.message}` };
}
