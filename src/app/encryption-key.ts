import { readFileSync } from 'node:fs';

/** Reads the blob encryption key: 64 hex characters (256 bits), surrounding whitespace ignored. */
export function readEncryptionKey(file: string | undefined): Buffer | null {
  if (!file) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`archive.encryptionKeyFile: cannot read ${file} (${(error as Error).message}); fix the path or remove the option`, { cause: error });
  }
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new Error(`archive.encryptionKeyFile: ${file} must hold exactly 64 hex characters; make one with \`openssl rand -hex 32\``);
  }
  return Buffer.from(text, 'hex');
}
