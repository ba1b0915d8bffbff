import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsSecretAccessKey } from './aws-secret-access-key.js';

const EXAMPLE = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

test("AWS's documented example secret after its config key is high, redacted and a test value", () => {
  assert.deepEqual(awsSecretAccessKey.find(`aws_secret_access_key=${EXAMPLE}`), [
    { detector: 'aws-secret-access-key', confidence: 'high', index: 22, redacted: 'wJal****************EKEY', testValue: true },
  ]);
});

test('next to an access key id it is high; with only a generic secret word it is medium', () => {
  assert.equal(awsSecretAccessKey.find(`AKIAIOSFODNN7EXAMPLE ${EXAMPLE}`)[0]?.confidence, 'high');
  assert.equal(awsSecretAccessKey.find(`secret: ${EXAMPLE}`)[0]?.confidence, 'medium');
});

test('without a keyword, and for hex digests, wrong lengths or plain words, nothing is reported', () => {
  assert.deepEqual(awsSecretAccessKey.find(`value ${EXAMPLE}`), []);
  assert.deepEqual(awsSecretAccessKey.find('aws secret 3f786850e387550fdab836ed7e6dc881de23001b'), []);
  assert.deepEqual(awsSecretAccessKey.find(`aws secret ${EXAMPLE}A`), []);
});
