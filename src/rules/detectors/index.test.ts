import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DETECTORS, detectorIds } from './index.js';

test('every detector is registered under its own id and the ids are listed sorted', () => {
  for (const [id, detector] of DETECTORS) assert.equal(detector.id, id);
  assert.deepEqual(detectorIds(), [...DETECTORS.keys()].sort());
  assert.ok(detectorIds().includes('credit-card'));
});

/**
 * Inputs built to hurt backtracking scanners: long runs of each candidate's own characters with
 * no valid match, so a pattern that rescans from every start position would go quadratic.
 */
const ADVERSARIAL = [
  '1'.repeat(200_000),
  '1 '.repeat(100_000),
  '1-'.repeat(100_000),
  'a'.repeat(200_000),
  'A1'.repeat(100_000),
  'a@'.repeat(100_000),
  `${'a'.repeat(60)}@`.repeat(3_000),
  '1.'.repeat(100_000),
  'a:'.repeat(100_000),
  'eyJ'.repeat(60_000),
  'eyJhbGciOiJIUzI1NiJ9.'.repeat(10_000),
  '-----BEGIN PRIVATE KEY-----'.repeat(7_000),
  'xoxb-'.repeat(40_000),
  'DE89 '.repeat(40_000),
];

test('every detector runs in linear time on adversarial input (200 KB each in well under a second)', () => {
  for (const detector of DETECTORS.values()) {
    for (const text of ADVERSARIAL) {
      const started = performance.now();
      detector.find(text);
      const ms = performance.now() - started;
      assert.ok(ms < 1_000, `${detector.id} took ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 12))}…`);
    }
  }
});

test('no detection carries a full secret: the redacted form never contains the matched value', () => {
  const text = [
    'Visa 4111 1111 1111 1111 exp 12/27',
    'IBAN DE89 3704 0044 0532 0130 00',
    'SSN 536-22-1234',
    'AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'NHS 943 476 5919, NINO JG103752A, DNI 48151623L, BSN 111222333, routing 021000021',
  ].join('\n');
  const secrets = ['4111 1111 1111 1111', 'DE89 3704 0044 0532 0130 00', '536-22-1234', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '943 476 5919', 'JG103752A', '48151623L', '111222333', '021000021'];
  for (const detector of DETECTORS.values()) {
    for (const hit of detector.find(text)) {
      for (const secret of secrets) assert.ok(!hit.redacted.includes(secret), `${detector.id}: ${hit.redacted}`);
    }
  }
});
