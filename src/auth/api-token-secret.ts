import { createHash, randomBytes } from 'node:crypto';

/**
 * The bearer-token secret, shared by every TokenStore adapter so a token minted on one backend
 * has the same shape and the same stored hash on any other.
 *
 * Tokens are `cus_` + 32 random bytes in base64url, and only their SHA-256 hex is stored. A
 * 256-bit random token cannot be guessed, so neither a per-token salt nor a slow hash is needed,
 * and SHA-256's preimage resistance means the lookup of the hash leaks nothing usable through its
 * timing (see sqlite-token-store.ts).
 */

/** Recognisable by secret scanners and in logs that accidentally catch one. */
export const TOKEN_PREFIX = 'cus_';

/** 32 random bytes are 43 base64url characters (no padding). */
const TOKEN_SHAPE = /^cus_[A-Za-z0-9_-]{43}$/;

/** A new secret token; the only moment it exists in clear is between this call and the caller. */
export function mintToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether a presented bearer could be a token at all (checked before any lookup). */
export function hasTokenShape(bearer: string): boolean {
  return TOKEN_SHAPE.test(bearer);
}

/** SHA-256 hex of the whole token string, prefix included: the only form a store keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
