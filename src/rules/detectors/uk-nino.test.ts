import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ukNino } from './uk-nino.js';

test('a spaced NINO with a keyword is high and keeps only two digits and the suffix', () => {
  assert.deepEqual(ukNino.find('National Insurance number: JG 10 37 52 A'), [
    { detector: 'uk-nino', confidence: 'high', index: 27, redacted: '** ** ** 52 A', testValue: false },
  ]);
});

test('a compact NINO alone is medium', () => {
  assert.equal(ukNino.find('ref JG103752A')[0]?.confidence, 'medium');
});

test('forbidden first letters, O as second letter, disallowed prefixes and bad suffixes are rejected', () => {
  for (const n of ['DA123456A', 'QQ123456C', 'AO123456A', 'GB123456A', 'NK123456A', 'TN123456A', 'ZZ123456A', 'AB123456E', 'AB12345A']) {
    assert.deepEqual(ukNino.find(`NINO ${n}`), [], n);
  }
});

test('the GOV.UK form example AB 12 34 56 C is flagged as a test value', () => {
  assert.equal(ukNino.find('NI number AB 12 34 56 C')[0]?.testValue, true);
});
