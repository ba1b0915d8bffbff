import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlTextMismatch } from './html-text-mismatch.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('an image with a one-line caption fires', () => {
  const html = '<html><body><a href="http://x.example/"><img src="http://x.example/offer.gif"></a><p>Click the picture!</p></body></html>';
  assert.match(htmlTextMismatch.test(viewFixture({ html })) ?? '', /1 image\(s\) and 16 visible characters/);
});

test('a newsletter with images and real paragraphs does not fire', () => {
  const html = `<img src="logo.png"><p>${'This week in the project: releases, fixes and plans. '.repeat(10)}</p>`;
  assert.equal(htmlTextMismatch.test(viewFixture({ html })), null);
});

test('short HTML without images does not fire', () => {
  assert.equal(htmlTextMismatch.test(viewFixture({ html: '<p>See you at 5</p>' })), null);
});
