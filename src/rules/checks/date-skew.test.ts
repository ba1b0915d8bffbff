import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateFarPast, dateInFuture } from './date-skew.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

const received = 'Received: from a.example.com ([192.0.2.1]) by mx.example.org; Thu, 22 Aug 2002 12:00:00 +0000';

test('a Date a day after the topmost Received stamp is in the future', () => {
  const view = viewFixture({ headers: headersOf(received, 'Date: Fri, 23 Aug 2002 12:00:00 +0000') });
  assert.match(dateInFuture.test(view) ?? '', /24 h after the topmost Received/);
  assert.equal(dateFarPast.test(view), null);
});

test('a Date a week before the topmost Received stamp is far in the past', () => {
  const view = viewFixture({ headers: headersOf(received, 'Date: Thu, 15 Aug 2002 12:00:00 +0000') });
  assert.match(dateFarPast.test(view) ?? '', /168 h before/);
  assert.equal(dateInFuture.test(view), null);
});

test('a Date an hour off, in another zone, fires neither check', () => {
  const view = viewFixture({ headers: headersOf(received, 'Date: Thu, 22 Aug 2002 09:00:00 -0400') });
  assert.equal(dateInFuture.test(view), null);
  assert.equal(dateFarPast.test(view), null);
});

test('without a Received stamp an old message is not far in the past, but a future one is judged by the clock', () => {
  assert.equal(dateFarPast.test(viewFixture({ headers: headersOf('Date: Thu, 15 Aug 2002 12:00:00 +0000') })), null);
  const future = new Date(Date.now() + 48 * 3_600_000).toUTCString();
  assert.match(dateInFuture.test(viewFixture({ headers: headersOf(`Date: ${future}`) })) ?? '', /after now/);
});
