import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forgedFreemailReceived } from './forged-freemail-received.js';
import { viewFixture } from '../test-support/view-fixture.js';

const from = (address: string) => [{ field: 'from' as const, name: '', address }];
const received = (...values: string[]) => values.map((value) => ({ name: 'received', value }));

test('a Hotmail sender whose mail never passed a Hotmail server is forged', () => {
  const view = viewFixture({ addresses: from('deals4u@hotmail.com'), headers: received('from dsl-1-2-3-4.example.net ([192.0.2.4]) by mx.internal.example; Thu, 22 Aug 2002 12:00:00 +0000') });
  assert.match(forgedFreemailReceived.test(view) ?? '', /hotmail\.com but no Received hop/);
});

test('mail that passed the provider’s servers, other domains and locally submitted mail do not fire', () => {
  const viaYahoo = received('from web1.mail.yahoo.com (web1.mail.yahoo.com [216.136.0.1]) by mx.internal.example; Thu, 22 Aug 2002 12:00:00 +0000');
  assert.equal(forgedFreemailReceived.test(viewFixture({ addresses: from('jo@yahoo.com'), headers: viaYahoo })), null);
  assert.equal(forgedFreemailReceived.test(viewFixture({ addresses: from('jo@example.com'), headers: received('from a by b; Thu, 22 Aug 2002 12:00:00 +0000') })), null);
  assert.equal(forgedFreemailReceived.test(viewFixture({ addresses: from('jo@hotmail.com') })), null);
});
