import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailAddress } from './email-address.js';

test('an address in a sentence is found, trimmed of punctuation and redacted to its first letter and domain', () => {
  assert.deepEqual(emailAddress.find('Write to jane.roe@contoso.co.uk.'), [
    { detector: 'email-address', confidence: 'medium', index: 9, redacted: 'j***@contoso.co.uk', testValue: false },
  ]);
});

test('several addresses are found in order', () => {
  const hits = emailAddress.find('<a@b.io>, "x" <bob+tag@mail.example.org>');
  assert.deepEqual(hits.map((h) => h.index), [1, 15]);
});

test('strings with @ that are not addresses are rejected', () => {
  assert.deepEqual(emailAddress.find('@mention, user@, @@, a@b, name@host (no dot), price 5 @ 3'), []);
});

test('documentation domains are test values', () => {
  assert.equal(emailAddress.find('john@example.com')[0]?.testValue, true);
  assert.equal(emailAddress.find('ops@mail.test')[0]?.testValue, true);
});

test('URL userinfo is not an address, but a mailto: link is', () => {
  assert.deepEqual(emailAddress.find('git clone https://ghp_token123@github.com/org/repo'), []);
  assert.equal(emailAddress.find('<a href="mailto:jane@contoso.com">').length, 1);
});
