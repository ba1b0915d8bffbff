import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nhsChecksum, ukNhs } from './uk-nhs.js';

test('the mod-11 check accepts NHS Digital examples and rejects a changed digit or check value 10', () => {
  assert.equal(nhsChecksum('9434765919'), true);
  assert.equal(nhsChecksum('4010232137'), true);
  assert.equal(nhsChecksum('9434765918'), false);
  // Weighted sum 12 leaves remainder 1, so the check would be 10: no final digit makes this valid.
  for (let d = 0; d <= 9; d++) assert.equal(nhsChecksum(`100000001${d}`), false);
});

test('confidence: high with an NHS keyword, medium when printed 3-3-4, low as a bare run', () => {
  assert.deepEqual(ukNhs.find('NHS number 943 476 5919'), [
    { detector: 'uk-nhs', confidence: 'high', index: 11, redacted: '*** *** 5919', testValue: false },
  ]);
  assert.equal(ukNhs.find('ref 943-476-5919')[0]?.confidence, 'medium');
  assert.equal(ukNhs.find('ref 9434765919')[0]?.confidence, 'low');
});

test('mixed separators, repeated digits and longer runs are rejected', () => {
  assert.deepEqual(ukNhs.find('NHS 943 476-5919'), []);
  assert.deepEqual(ukNhs.find('NHS 0000000000'), []);
  assert.deepEqual(ukNhs.find('NHS 94347659190'), []);
});

test('numbers in the reserved 999 range are test values', () => {
  assert.equal(ukNhs.find('NHS 999 000 0018')[0]?.testValue, true);
});
