import assert from 'node:assert/strict';
import { test } from 'node:test';
import { receivedHopsExcessive } from './received-hops-excessive.js';
import { viewFixture } from '../test-support/view-fixture.js';

const hops = (n: number) => viewFixture({ headers: Array.from({ length: n }, (_, i) => ({ name: 'received', value: `from h${i} by h${i + 1}; Thu, 22 Aug 2002 12:00:00 +0000` })) });

test('thirteen Received headers are excessive', () => {
  assert.equal(receivedHopsExcessive.test(hops(13)), '13 Received headers');
});

test('twelve Received headers are not', () => {
  assert.equal(receivedHopsExcessive.test(hops(12)), null);
});
