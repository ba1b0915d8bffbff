import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GTUBE_STRING, gtube } from './gtube.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('the GTUBE string in the body is found', () => {
  assert.match(gtube.test(viewFixture({ text: `Hello\n${GTUBE_STRING}\nbye` })) ?? '', /body/);
});

test('the GTUBE string in the subject is found', () => {
  assert.match(gtube.test(viewFixture({ subject: `test ${GTUBE_STRING}` })) ?? '', /subject/);
});

test('a message without the string, or with only part of it, does not fire', () => {
  assert.equal(gtube.test(viewFixture({ text: 'GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL is a test' })), null);
});
