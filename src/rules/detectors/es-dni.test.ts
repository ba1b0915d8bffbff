import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dniLetter, esDni } from './es-dni.js';

test('the control letter follows the mod-23 table for DNI and NIE', () => {
  assert.equal(dniLetter('12345678'), 'Z');
  assert.equal(dniLetter('X1234567'), 'L');
  assert.equal(dniLetter('Y1234567'), 'X');
});

test('a DNI with a keyword is high and redacted; alone it is medium', () => {
  assert.deepEqual(esDni.find('DNI: 48151623-L'), [
    { detector: 'es-dni', confidence: 'high', index: 5, redacted: '*****623L', testValue: false },
  ]);
  assert.equal(esDni.find('ref 48151623L')[0]?.confidence, 'medium');
});

test('a wrong control letter or a wrong digit count is rejected', () => {
  assert.deepEqual(esDni.find('DNI 12345678A'), []);
  assert.deepEqual(esDni.find('DNI 1234567Z'), []);
});

test('the textbook number 12345678Z is a test value', () => {
  assert.equal(esDni.find('NIF 12345678Z')[0]?.testValue, true);
});
