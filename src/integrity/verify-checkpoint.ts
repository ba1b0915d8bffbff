import { createPublicKey, type KeyObject } from 'node:crypto';
import type { PublishedCheckpoint } from './checkpoint.js';
import { keyIdOf } from './signing-key.js';
import { treeHeadBytes, verifyTreeHeadSignature } from './tree-head.js';
import { verifyTimestampToken } from './tsa/verify-timestamp-token.js';

/** One named check of a verification, with what it found. */
export interface VerificationCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyCheckpointOptions {
  /** The appliance's public key (SPKI PEM) as the verifier knows it; absent: the key in the checkpoint is used, and only self-consistency is shown. */
  trustedPublicKey?: string | undefined;
  /** PEM CA the TSA must chain to; given, a checkpoint without a time-stamp fails the `timestamp` check. */
  tsaCaPem?: string | undefined;
}

/**
 * Checks a signed tree head on its own, without a database: its key id names its public key, the
 * Ed25519 signature verifies, the key is the trusted one (when given), and its RFC 3161 token (when
 * present) stamps exactly these bytes and chains to the TSA CA (when given). `skipped` says what
 * could not be checked for lack of input.
 */
export async function verifyCheckpoint(checkpoint: PublishedCheckpoint, options: VerifyCheckpointOptions = {}): Promise<{ checks: VerificationCheck[]; skipped: string[] }> {
  const checks: VerificationCheck[] = [];
  const skipped: string[] = [];
  const where = `checkpoint at tree size ${checkpoint.treeSize}`;

  let key: KeyObject | null = null;
  try {
    key = createPublicKey(checkpoint.publicKey);
  } catch {
    checks.push({ name: 'signature', ok: false, detail: `${where}: the public key does not parse` });
  }
  if (key !== null) {
    if (keyIdOf(key) !== checkpoint.applianceKeyId) {
      checks.push({ name: 'signature', ok: false, detail: `${where}: applianceKeyId does not name the public key` });
    } else {
      const ok = verifyTreeHeadSignature(checkpoint, Buffer.from(checkpoint.signature, 'base64'), key);
      checks.push({ name: 'signature', ok, detail: ok ? `${where}: Ed25519 signature by key ${checkpoint.applianceKeyId.slice(0, 16)}… verifies` : `${where}: the signature does not verify` });
    }
  }

  if (options.trustedPublicKey === undefined) {
    skipped.push('trusted-key: no trusted public key given, so the signer is only shown to be the key inside the bundle');
  } else {
    let trustedId: string | null = null;
    try {
      trustedId = keyIdOf(createPublicKey(options.trustedPublicKey));
    } catch {
      checks.push({ name: 'trusted-key', ok: false, detail: 'the trusted public key does not parse' });
    }
    if (trustedId !== null) {
      const ok = trustedId === checkpoint.applianceKeyId;
      checks.push({ name: 'trusted-key', ok, detail: ok ? 'signed by the trusted appliance key' : `signed by key ${checkpoint.applianceKeyId}, not the trusted key ${trustedId}` });
    }
  }

  if (checkpoint.tsaToken === null) {
    if (options.tsaCaPem !== undefined) checks.push({ name: 'timestamp', ok: false, detail: `${where}: no RFC 3161 time-stamp` });
    else skipped.push('timestamp: the checkpoint carries no RFC 3161 time-stamp');
  } else {
    if (options.tsaCaPem === undefined) skipped.push('timestamp-ca: no TSA CA given, so the time-stamp signer is not checked against a CA');
    const result = await verifyTimestampToken(Buffer.from(checkpoint.tsaToken, 'base64'), treeHeadBytes(checkpoint), { caPem: options.tsaCaPem });
    checks.push({ name: 'timestamp', ok: result.ok, detail: `${where}: ${result.detail}` });
  }
  return { checks, skipped };
}
