import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iban } from './iban.js';

test('a printed IBAN with a keyword nearby is high, redacted to country and last four', () => {
  assert.deepEqual(iban.find('IBAN: DE89 3704 0044 0532 0130 00, thanks'), [
    { detector: 'iban', confidence: 'high', index: 6, redacted: 'DE** **** **** **** **30 00', testValue: true },
  ]);
});

test('an IBAN in electronic format with no keyword is medium', () => {
  const [hit] = iban.find('see GB33BUKB20201555555555 above');
  assert.equal(hit?.confidence, 'medium');
  assert.equal(hit?.testValue, false);
});

test('a wrong check digit, a wrong length for the country or an unknown country is rejected', () => {
  assert.deepEqual(iban.find('IBAN DE89370400440532013001'), []);
  assert.deepEqual(iban.find('IBAN DE8937040044053201300'), []);
  assert.deepEqual(iban.find('IBAN XX89370400440532013000'), []);
});

test('the IBAN is cut at its country length so a following word is not taken in', () => {
  const [hit] = iban.find('IBAN BE68 5390 0754 7034 CODE');
  assert.equal(hit?.redacted, 'BE** **** **** 7034');
});
