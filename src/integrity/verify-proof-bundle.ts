import { createHash } from 'node:crypto';
import { computeEntryHash } from './ledger-entry.js';
import { leafHash, rootFromInclusionPath } from './merkle.js';
import { proofBundleSchema } from './proof-bundle.js';
import { verifyCheckpoint, type VerificationCheck, type VerifyCheckpointOptions } from './verify-checkpoint.js';

export interface VerifyProofOptions extends VerifyCheckpointOptions {
  /** The original message's bytes: given, its SHA-256 must be the bundle's message id. */
  originalBytes?: Uint8Array | undefined;
}

/** The outcome: `ok` only when every check passed. */
export interface ProofVerification {
  ok: boolean;
  checks: VerificationCheck[];
  /** What was not checked for lack of input (no original, no trusted key, no TSA CA). */
  skipped: string[];
}

/**
 * Verifies an inclusion proof bundle with no database and nothing from the appliance but the
 * bundle: the original hashes to the message id, the ledger entry names that message and hashes
 * (with its prev hash) to the leaf, the audit path leads from the leaf to the checkpoint's root,
 * the root is signed by the appliance key, and the RFC 3161 token (if any) time-stamps the signed
 * tree head. `bundle` is untrusted JSON.
 */
export async function verifyProofBundle(bundle: unknown, options: VerifyProofOptions = {}): Promise<ProofVerification> {
  const parsed = proofBundleSchema.safeParse(bundle);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    return { ok: false, checks: [{ name: 'bundle', ok: false, detail: `not a proof bundle: ${issues}` }], skipped: [] };
  }
  const proof = parsed.data;
  const checks: VerificationCheck[] = [{ name: 'bundle', ok: true, detail: `${proof.format} for message ${proof.messageId}` }];
  const skipped: string[] = [];

  if (options.originalBytes === undefined) {
    skipped.push('original: no original given, so the message id is taken from the bundle');
  } else {
    const actual = createHash('sha256').update(options.originalBytes).digest('hex');
    const ok = actual === proof.messageId;
    checks.push({ name: 'original', ok, detail: ok ? 'SHA-256 of the original is the message id' : `SHA-256 of the original is ${actual}, not the message id: the original was altered` });
  }

  const entry = proof.ledgerEntry;
  const entryProblems = [
    entry.messageId !== proof.messageId && 'the entry is for another message',
    entry.kind !== 'archived' && `the entry records "${entry.kind}", not "archived"`,
    proof.leafIndex !== entry.seq - 1 && `leaf index ${proof.leafIndex} is not seq ${entry.seq} - 1`,
    proof.treeSize !== proof.checkpoint.treeSize && `tree size ${proof.treeSize} is not the checkpoint's ${proof.checkpoint.treeSize}`,
  ].filter((problem): problem is string => problem !== false);
  checks.push({ name: 'ledger-entry', ok: entryProblems.length === 0, detail: entryProblems.length === 0 ? `ledger entry ${entry.seq}: archived ${entry.at}` : entryProblems.join('; ') });

  const entryHash = computeEntryHash(entry.prevHash, entry);
  const root = rootFromInclusionPath(proof.leafIndex, proof.treeSize, leafHash(Buffer.from(entryHash, 'hex')), proof.auditPath.map((hex) => Buffer.from(hex, 'hex')));
  const included = root !== null && root.toString('hex') === proof.checkpoint.rootHash;
  checks.push({
    name: 'inclusion',
    ok: included,
    detail: included
      ? `entry hash ${entryHash} is leaf ${proof.leafIndex} of the tree of ${proof.treeSize} with the signed root`
      : root === null
        ? `the audit path does not fit leaf ${proof.leafIndex} of a tree of ${proof.treeSize}`
        : 'the audit path leads to another root: the entry or the path was altered',
  });

  const checkpoint = await verifyCheckpoint(proof.checkpoint, options);
  checks.push(...checkpoint.checks);
  skipped.push(...checkpoint.skipped);
  return { ok: checks.every((check) => check.ok), checks, skipped };
}
