import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import type { VerificationCheck } from './verification-check.js';

/** Findings the audit verifier lists (it counts them all); a ruined log cannot fill memory or the findings table. */
const LISTED = 1_000;

/**
 * The audit log's hash chain, from its genesis (`verifyAuditChain`, src/audit): an edited row,
 * a deleted row, a re-linked or unsealed row is a `broken-chain` finding at that entry's `seq`.
 */
export function createAuditChainCheck(): VerificationCheck {
  return {
    name: 'audit-chain',
    description: 'the audit log hash chain is unbroken from its first entry',
    readsBlobs: false,

    total: ({ db }) => (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,

    async run({ db }, reporter) {
      // verifyAuditChain reports progress synchronously between its own batches; the writes they cause are chained and awaited.
      let written = Promise.resolve();
      const result = await verifyAuditChain(db, {
        maxFindings: LISTED,
        onProgress: (visited) => {
          written = written.then(() => reporter.progress(visited));
        },
      });
      await written;
      for (const finding of result.findings) {
        reporter.finding({ kind: 'broken-chain', seq: finding.seq, detail: `audit log ${finding.kind}: ${finding.message}` });
      }
      if (result.findingCount > result.findings.length) {
        reporter.finding({ kind: 'broken-chain', detail: `audit log: ${result.findingCount - result.findings.length} more breaks after the first ${LISTED} (not listed)` });
      }
      await reporter.progress(result.checked);
    },
  };
}
