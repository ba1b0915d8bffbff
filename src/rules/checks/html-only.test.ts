import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlOnly } from './html-only.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

test('a text/html message fires', () => {
  assert.notEqual(htmlOnly.test(viewFixture({ headers: headersOf('Content-Type: text/html; charset="iso-8859-1"'), html: '<p>Hi</p>' })), null);
});

test('multipart/alternative and plain text messages do not', () => {
  assert.equal(htmlOnly.test(viewFixture({ headers: headersOf('Content-Type: multipart/alternative; boundary=x'), html: '<p>Hi</p>' })), null);
  assert.equal(htmlOnly.test(viewFixture({ headers: headersOf('Content-Type: text/plain') })), null);
});
