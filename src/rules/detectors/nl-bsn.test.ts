import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elfproef, nlBsn } from './nl-bsn.js';

test('the 11-proof accepts a valid BSN and rejects a changed digit', () => {
  assert.equal(elfproef('111222333'), true);
  assert.equal(elfproef('111222334'), false);
});

test('a BSN with a keyword is high, alone low', () => {
  assert.deepEqual(nlBsn.find('BSN: 2322.62.536'), [
    { detector: 'nl-bsn', confidence: 'high', index: 5, redacted: '****.**.536', testValue: false },
  ]);
  assert.equal(nlBsn.find('burgerservicenummer 111222333')[0]?.confidence, 'high');
  assert.equal(nlBsn.find('ref 111222333')[0]?.confidence, 'low');
});

test('all zeros, failing checks and longer runs are rejected', () => {
  assert.deepEqual(nlBsn.find('BSN 000000000'), []);
  assert.deepEqual(nlBsn.find('BSN 123456789'), []);
  assert.deepEqual(nlBsn.find('BSN 1112223330'), []);
});

test('the documentation number 123456782 is a test value', () => {
  assert.equal(nlBsn.find('bsn 123456782')[0]?.testValue, true);
});
