import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateMalformed } from './date-malformed.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

test('a zone offset of -1600 is impossible', () => {
  assert.match(dateMalformed.test(viewFixture({ headers: headersOf('Date: Wed, 21 Aug 2002 20:31:57 -1600') })) ?? '', /-1600/);
});

test('an unreadable Date fires', () => {
  assert.match(dateMalformed.test(viewFixture({ headers: headersOf('Date: sometime last week') })) ?? '', /unreadable/);
});

test('well-formed dates, with zone comments and obsolete two-digit years, do not fire', () => {
  for (const date of ['Thu, 22 Aug 2002 08:17:21 -0400 (EDT)', 'Thu, 22 Aug 02 08:17:21 +1400', '22 Aug 2002 08:17:21 GMT']) {
    assert.equal(dateMalformed.test(viewFixture({ headers: headersOf(`Date: ${date}`) })), null, date);
  }
});
