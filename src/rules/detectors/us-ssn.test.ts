import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usSsn } from './us-ssn.js';

test('a dashed SSN with an SSN keyword is high and redacted to the last four', () => {
  assert.deepEqual(usSsn.find('SSN: 536-22-1234'), [
    { detector: 'us-ssn', confidence: 'high', index: 5, redacted: '***-**-1234', testValue: false },
  ]);
});

test('a bare run of nine digits with a keyword is medium', () => {
  assert.equal(usSsn.find('social security number 536221234')[0]?.confidence, 'medium');
});

test('without a keyword within 300 characters nothing is reported', () => {
  assert.deepEqual(usSsn.find('order 536-22-1234 shipped'), []);
  assert.deepEqual(usSsn.find(`SSN ${'.'.repeat(310)} 536-22-1234`), []);
});

test('area 000, 666 and 9xx, group 00 and serial 0000 are never SSNs', () => {
  for (const n of ['000-12-3456', '666-12-3456', '912-12-3456', '536-00-1234', '536-22-0000']) assert.deepEqual(usSsn.find(`SSN ${n}`), [], n);
});

test('mixed separators are not one number', () => {
  assert.deepEqual(usSsn.find('SSN 536-22 1234'), []);
});

test('the Woolworth wallet number and SSA advertising number are flagged as test values', () => {
  assert.equal(usSsn.find('ssn 078-05-1120')[0]?.testValue, true);
  assert.equal(usSsn.find('ssn 219-09-9999')[0]?.testValue, true);
});
