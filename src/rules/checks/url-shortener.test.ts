import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlShortener } from './url-shortener.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('a bit.ly or www.tinyurl.com link fires', () => {
  assert.notEqual(urlShortener.test(viewFixture({ urls: ['https://bit.ly/3abc'] })), null);
  assert.notEqual(urlShortener.test(viewFixture({ urls: ['http://www.tinyurl.com/xyz'] })), null);
});

test('a host that merely ends like a shortener does not fire', () => {
  assert.equal(urlShortener.test(viewFixture({ urls: ['https://habit.ly.example.com/', 'https://example.com/bit.ly'] })), null);
});
