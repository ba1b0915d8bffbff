import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsAccessKeyId } from './aws-access-key-id.js';

test("AWS's documented example key id is found, redacted and flagged as a test value", () => {
  assert.deepEqual(awsAccessKeyId.find('aws_access_key_id = AKIAIOSFODNN7EXAMPLE'), [
    { detector: 'aws-access-key-id', confidence: 'high', index: 20, redacted: 'AKIA************MPLE', testValue: true },
  ]);
});

test('temporary ASIA keys are found and are not test values', () => {
  assert.equal(awsAccessKeyId.find('ASIAY34FZKBOKMUTVV7A')[0]?.testValue, false);
});

test('wrong length, lower case, symbols and other prefixes are rejected', () => {
  assert.deepEqual(awsAccessKeyId.find('AKIAIOSFODNN7EXAMPL AKIAIOSFODNN7EXAMPLEX akiaiosfodnn7example AKIAIOSFODNN_EXAMPLE ABIAIOSFODNN7EXAMPLE'), []);
});
