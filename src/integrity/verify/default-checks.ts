import { createAuditChainCheck } from './audit-chain-check.js';
import { createCheckpointCheck, type CheckpointSources } from './checkpoint-check.js';
import { createIndexBlobCheck } from './index-blob-check.js';
import { createIndexLedgerCheck } from './index-ledger-check.js';
import { createLedgerChainCheck, type LedgerChainSources } from './ledger-chain-check.js';
import { createOrphanBlobCheck } from './orphan-blob-check.js';
import type { VerificationCheck } from './verification-check.js';

/** What the ledger and checkpoint checks read (the appliance's ledger and checkpoints, and the keys to trust). */
export type IntegritySources = LedgerChainSources & CheckpointSources;

/**
 * Every check a verification runs, in order: the database-only checks first, so a run with
 * `--skip-blobs` answers in seconds and the chains are judged before the long blob pass; then
 * the two that read every blob. A list, so a check is added or left out as data.
 */
export function defaultChecks(sources: IntegritySources): VerificationCheck[] {
  return [
    createLedgerChainCheck(sources),
    createCheckpointCheck(sources),
    createAuditChainCheck(),
    createIndexLedgerCheck(),
    createIndexBlobCheck(),
    createOrphanBlobCheck(),
  ];
}
