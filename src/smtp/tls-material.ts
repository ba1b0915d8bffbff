import { readFileSync } from 'node:fs';
import type { Config } from '../config/schema.js';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
}

/**
 * Reads the STARTTLS certificate and key named in the config, before anything starts, so a
 * wrong path stops start-up with the option to fix rather than after the API is up.
 */
export function readTlsMaterial(tls: Readonly<Config['smtp']['tls']>): TlsMaterial | null {
  if (!tls) return null;
  const read = (option: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`smtp.tls.${option}: cannot read ${file} (${(error as Error).message}); fix the path or remove smtp.tls`, { cause: error });
    }
  };
  return { key: read('keyFile', tls.keyFile), cert: read('certFile', tls.certFile) };
}
