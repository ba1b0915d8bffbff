import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlTextHrefMismatch } from './url-text-href-mismatch.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('a link showing one site and pointing to another fires', () => {
  const html = '<p>Log in at <a href="http://login.evil.example/pp">www.paypal.com</a></p>';
  assert.match(urlTextHrefMismatch.test(viewFixture({ html })) ?? '', /shows www\.paypal\.com but points to login\.evil\.example/);
});

test('a link to the same registrable domain, or with ordinary text, does not fire', () => {
  assert.equal(urlTextHrefMismatch.test(viewFixture({ html: '<a href="https://news.example.com/a">www.example.com</a>' })), null);
  assert.equal(urlTextHrefMismatch.test(viewFixture({ html: '<a href="https://x.example.net/">click here</a>' })), null);
});
