import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPhoneNumberDetector } from './phone-number.js';

const us = createPhoneNumberDetector();

test('a US number with a phone keyword is high and keeps only its last four digits', () => {
  assert.deepEqual(us.find('Call me: (213) 373-4253'), [
    { detector: 'phone-number', confidence: 'high', index: 9, redacted: '(***) ***-4253', testValue: false },
  ]);
});

test('an international number alone is medium, a national number alone low', () => {
  assert.equal(us.find('reach +44 20 7946 0018 today')[0]?.confidence, 'medium');
  assert.equal(us.find('ref 213-373-4253')[0]?.confidence, 'low');
});

test('the default country decides how national numbers are read', () => {
  const uk = createPhoneNumberDetector({ defaultCountry: 'GB' });
  assert.equal(uk.find('ring 020 7946 0018')[0]?.redacted, '*** **** 0018');
  assert.deepEqual(us.find('ring 020 7946 0018'), []);
});

test('numbers that are not valid for any country, dates and short codes are rejected', () => {
  assert.deepEqual(us.find('phone 123-456-7890, date 2024-05-17 10:30, 17.05.2024, code 12345'), []);
});

test("NANPA's 555-01xx fictional numbers are test values", () => {
  assert.equal(us.find('phone 202-555-0143')[0]?.testValue, true);
});

test('a French number with its one-digit area group is found', () => {
  assert.equal(us.find('tél +33 1 99 00 12 34')[0]?.confidence, 'medium');
});
