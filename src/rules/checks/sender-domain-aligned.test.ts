import assert from 'node:assert/strict';
import { test } from 'node:test';
import { senderDomainAligned } from './sender-domain-aligned.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

const from = (address: string) => [{ field: 'from' as const, name: 'News', address }];
const received = 'Received: from out.mail.example.com (out.mail.example.com [192.0.2.7]) by mx.internal.example; Thu, 22 Aug 2002 12:00:00 +0000';

test('From, Message-ID and a sending host in one organisation fire', () => {
  const view = viewFixture({ addresses: from('news@example.com'), headers: headersOf('Message-ID: <1.2@list.example.com>', received) });
  assert.match(senderDomainAligned.test(view) ?? '', /out\.mail\.example\.com are all in example\.com/);
});

test('a Message-ID from another domain does not fire', () => {
  const view = viewFixture({ addresses: from('news@example.com'), headers: headersOf('Message-ID: <1.2@dialup.example.net>', received) });
  assert.equal(senderDomainAligned.test(view), null);
});

test('a matching name only in the receiving server part does not fire', () => {
  const view = viewFixture({
    addresses: from('news@example.com'),
    headers: headersOf('Message-ID: <1.2@example.com>', 'Received: from unknown (dsl-7.example.net [198.51.100.9]) by mx.example.com (relay.example.com [192.0.2.1]); Thu, 22 Aug 2002 12:00:00 +0000'),
  });
  assert.equal(senderDomainAligned.test(view), null);
});

test('a message without Message-ID does not fire', () => {
  assert.equal(senderDomainAligned.test(viewFixture({ addresses: from('news@example.com'), headers: headersOf(received) })), null);
});
