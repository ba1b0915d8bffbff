import { z } from 'zod';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** The proof bundle's format name; a verifier refuses any other. */
export const PROOF_BUNDLE_FORMAT = 'custodian.inclusion-proof.v1';

/**
 * An offline-verifiable inclusion proof: one message's ledger entry, its RFC 6962 audit path, and
 * the signed (and possibly time-stamped) checkpoint the path leads to. Every field is needed and
 * none is trusted: the verifier recomputes the entry hash, the root and checks the signatures.
 */
export const proofBundleSchema = z.strictObject({
  format: z.literal(PROOF_BUNDLE_FORMAT),
  /** Archive id: SHA-256 hex of the original's bytes. */
  messageId: hex32,
  /** The ledger entry's hashed fields and its chain link (see `ledgerEntryBytes`). */
  ledgerEntry: z.strictObject({
    seq: count.min(1),
    at: z.string().min(1),
    kind: z.enum(['archived', 'deleted']),
    messageId: hex32,
    size: count,
    detail: z.record(z.string(), z.union([z.string(), z.number().int(), z.null()])),
    prevHash: hex32,
  }),
  /** 0-based leaf position: `ledgerEntry.seq - 1`. */
  leafIndex: count,
  treeSize: count.min(1),
  /** Sibling hashes from the leaf up (RFC 6962 PATH), hex. */
  auditPath: z.array(hex32).max(64),
  checkpoint: z.strictObject({
    treeSize: count.min(1),
    rootHash: hex32,
    createdAt: z.string().min(1),
    applianceKeyId: hex32,
    signature: base64,
    publicKey: z.string().includes('BEGIN PUBLIC KEY'),
    tsaToken: base64.nullable(),
  }),
});

export type ProofBundle = z.infer<typeof proofBundleSchema>;

/** Where proofs come from (the embedded profile: `createSqliteProofs`). */
export interface ProofSource {
  /**
   * The proof for an archived message against the newest checkpoint; `not-archived` when the
   * ledger has no archiving of it, `not-checkpointed` when no checkpoint covers it yet.
   */
  proofFor(messageId: string): Promise<{ status: 'ok'; bundle: ProofBundle } | { status: 'not-archived' } | { status: 'not-checkpointed'; seq: number }>;
}
