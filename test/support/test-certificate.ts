import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Writes a self-signed certificate for localhost (EC: quick to make) as `key.pem` and `cert.pem`
 * in `dir`. False without the openssl CLI: the caller skips its TLS tests, except in CI
 * (CI=true), where a missing openssl is an error.
 */
export function makeTestCertificate(dir: string): boolean {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('openssl is needed to make a test certificate');
    return false;
  }
}
