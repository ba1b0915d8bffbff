import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.js';
import { loadOrCreateSigningKey } from './signing-key.js';

test('the signing key is created owner-only at first start and the same key is loaded afterwards', (t) => {
  const dir = tempDir('key');
  t.after(dir.remove);
  const path = join(dir.path, 'keys', 'appliance-ed25519.pem');
  const created = loadOrCreateSigningKey(path);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir.path, 'keys')).mode & 0o777, 0o700);
  const loaded = loadOrCreateSigningKey(path);
  assert.equal(loaded.keyId, created.keyId);
  assert.match(loaded.publicKeyPem, /BEGIN PUBLIC KEY/);
});

test('a signing key that is not Ed25519 is refused', (t) => {
  const dir = tempDir('key');
  t.after(dir.remove);
  const path = join(dir.path, 'rsa.pem');
  writeFileSync(path, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  assert.throws(() => loadOrCreateSigningKey(path), /must be Ed25519, not ec/);
});
