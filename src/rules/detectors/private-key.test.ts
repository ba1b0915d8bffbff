import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privateKey } from './private-key.js';

const BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n';

test('a complete RSA key is high and its body never reaches the evidence', () => {
  const text = `key:\n-----BEGIN RSA PRIVATE KEY-----\n${BODY}-----END RSA PRIVATE KEY-----\n`;
  assert.deepEqual(privateKey.find(text), [
    { detector: 'private-key', confidence: 'high', index: 5, redacted: '-----BEGIN RSA PRIVATE KEY----- [redacted]', testValue: false },
  ]);
});

test('EC, OPENSSH, ENCRYPTED, PKCS#8 and PGP headers are all found', () => {
  for (const label of ['EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
    assert.equal(privateKey.find(`-----BEGIN ${label}-----\n${BODY}-----END ${label}-----`)[0]?.confidence, 'high', label);
  }
});

test('a header without its footer or key material is medium', () => {
  assert.equal(privateKey.find('-----BEGIN PRIVATE KEY-----\n...truncated')[0]?.confidence, 'medium');
  assert.equal(privateKey.find('-----BEGIN EC PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----')[0]?.confidence, 'medium');
});

test('public keys and certificates are not private keys', () => {
  assert.deepEqual(privateKey.find(`-----BEGIN PUBLIC KEY-----\n${BODY}-----END PUBLIC KEY-----\n-----BEGIN CERTIFICATE-----`), []);
});
