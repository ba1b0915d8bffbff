import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskAlnum, maskCard, maskGrouped, maskToken } from './redact.js';

test('card masks keep the last four digits in groups of four', () => {
  assert.equal(maskCard('4012888888881881'), '**** **** **** 1881');
  assert.equal(maskCard('378282246310005'), '**** **** *** 0005');
});

test('grouped masks keep a prefix and the tail, printed in fours from the left', () => {
  assert.equal(maskGrouped('DE89370400440532013000', 4, 2), 'DE** **** **** **** **30 00');
});

test('alphanumeric masks keep separators and the last characters', () => {
  assert.equal(maskAlnum('+1 (415) 555-2671', 4), '+* (***) ***-2671');
});

test('token masks keep a prefix and the last four, and cap the stars', () => {
  assert.equal(maskToken('AKIAIOSFODNN7EXAMPLE'), 'AKIA************MPLE');
  assert.equal(maskToken('x'.repeat(200), 4), `xxxx${'*'.repeat(16)}xxxx`);
  assert.equal(maskToken('short', 4), '*****');
});
