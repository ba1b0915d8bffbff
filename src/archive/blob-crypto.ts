import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM parameters: 96-bit nonces (the size GCM is specified for) and full 128-bit tags. */
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/**
 * Encrypts with AES-256-GCM under a fresh random nonce. `aad` is authenticated, not encrypted:
 * callers bind the blob's id and header to it, so a ciphertext copied under another name or with
 * its flags changed fails to open. Output: nonce ‖ ciphertext ‖ tag.
 *
 * Random 96-bit nonces stay safe for about 2^32 encryptions under one key (NIST SP 800-38D); one
 * per stored message leaves a wide margin for an archive.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens what `seal` produced; throws if the key, nonce, ciphertext, tag or `aad` differ. */
export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed data is shorter than nonce and tag');
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}
