import type { TreeHead } from './tree-head.js';

/** A signed tree head as published in proof bundles: everything needed to check it offline. */
export interface PublishedCheckpoint extends TreeHead {
  /** Ed25519 signature over the tree head's canonical bytes, base64. */
  signature: string;
  /** The signer's public key, SPKI PEM. */
  publicKey: string;
  /** RFC 3161 TimeStampToken over the same bytes, base64 DER; null when not (yet) time-stamped. */
  tsaToken: string | null;
}

/** A checkpoint as stored, with its time-stamping state. */
export interface CheckpointRecord extends PublishedCheckpoint {
  /** A TSA was configured when it was made and no time-stamp has been obtained yet. */
  timestampPending: boolean;
  /** The TSA's genTime, ISO-8601, once stamped. */
  tsaGenTime: string | null;
}
