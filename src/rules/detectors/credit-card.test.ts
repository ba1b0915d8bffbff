import assert from 'node:assert/strict';
import { test } from 'node:test';
import { creditCard } from './credit-card.js';

test('a Visa test number next to an expiry date is found with high confidence and flagged as a test value', () => {
  const [hit, ...rest] = creditCard.find('Visa 4111 1111 1111 1111 exp 12/27');
  assert.equal(rest.length, 0);
  assert.deepEqual(hit, { detector: 'credit-card', confidence: 'high', index: 5, redacted: '**** **** **** 1111', testValue: true });
});

test('a Luhn-valid number with no card keyword, CVV or expiry within 300 characters is low', () => {
  const far = `${'x'.repeat(301)} `;
  assert.equal(creditCard.find(`reference 4556 7375 8689 9855 ${far}card`)[0]?.confidence, 'low');
  assert.equal(creditCard.find(`4556737586899855 cvv 123`)[0]?.confidence, 'high');
});

test('every brand is recognised by prefix and length: Mastercard 2-series, Amex, Discover, Diners, JCB, UnionPay, Maestro', () => {
  for (const number of ['2223003122003222', '378282246310005', '6011111111111117', '36227206271667', '3530111333300000', '6200000000000005', '6759649826438453']) {
    assert.equal(creditCard.find(`card ${number}`).length, 1, number);
  }
});

test('a number failing Luhn, a wrong length for its brand or an unknown prefix is not a card', () => {
  assert.deepEqual(creditCard.find('card 4111 1111 1111 1112'), []);
  assert.deepEqual(creditCard.find('card 37828224631000'), []); // Amex prefix, 14 digits
  assert.deepEqual(creditCard.find('card 9111111111111111'), []);
});

test('separators must be one kind and in card-like groups', () => {
  assert.equal(creditCard.find('card 4111-1111-1111-1111').length, 1);
  assert.equal(creditCard.find('amex 3782 822463 10005').length, 1);
  assert.deepEqual(creditCard.find('card 4111 1111-1111 1111'), []);
  assert.deepEqual(creditCard.find('card 41 11 11 11 11 11 11 11'), []);
});

test('a card followed by another number group is still found, without the extra group', () => {
  const [hit] = creditCard.find('card 5555 5555 5555 4444 2024');
  assert.equal(hit?.redacted, '**** **** **** 4444');
});

test('a real-looking number is not a test value, and digits glued to letters or decimals are ignored', () => {
  assert.equal(creditCard.find('card 4556737586899855')[0]?.testValue, false);
  assert.deepEqual(creditCard.find('id A4111111111111111 or 0.4111111111111111'), []);
});

test('Amex redaction keeps only the last four digits', () => {
  assert.equal(creditCard.find('amex 378282246310005')[0]?.redacted, '**** **** *** 0005');
});
