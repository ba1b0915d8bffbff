import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalIntegerJson } from './canonical-json.js';

/** Names what the signed bytes are, so a Custodian signature can never be replayed as something else. */
export const TREE_HEAD_TYPE = 'custodian.checkpoint.v1';

/** The statement a checkpoint signs: "the ledger's first `treeSize` entries have this root". */
export interface TreeHead {
  treeSize: number;
  /** RFC 6962 root, lower-case hex. */
  rootHash: string;
  /** ISO-8601 UTC with milliseconds. */
  createdAt: string;
  /** SHA-256 hex of the signer's SPKI DER. */
  applianceKeyId: string;
}

/**
 * The signed bytes: RFC 8785 canonical JSON of
 * `{"applianceKeyId":…,"createdAt":…,"rootHash":…,"treeSize":…,"type":"custodian.checkpoint.v1"}`.
 * The RFC 3161 time-stamp's message imprint is SHA-256 of these same bytes.
 */
export function treeHeadBytes(head: TreeHead): Buffer {
  return canonicalIntegerJson({
    type: TREE_HEAD_TYPE,
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    createdAt: head.createdAt,
    applianceKeyId: head.applianceKeyId,
  });
}

/** Ed25519 signature over `treeHeadBytes(head)`. */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): Buffer {
  return sign(null, treeHeadBytes(head), privateKey);
}

/** Whether `signature` is a valid Ed25519 signature of `head` by `publicKey`; false on any malformed input. */
export function verifyTreeHeadSignature(head: TreeHead, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return publicKey.asymmetricKeyType === 'ed25519' && verify(null, treeHeadBytes(head), publicKey, signature);
  } catch {
    return false;
  }
}
