import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromReplyToDomainMismatch } from './from-reply-to-domain-mismatch.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

const addresses = (from: string, replyTo: string) => [
  { field: 'from' as const, name: '', address: from },
  { field: 'reply-to' as const, name: '', address: replyTo },
];

test('a Reply-To in another organisation fires', () => {
  assert.match(fromReplyToDomainMismatch.test(viewFixture({ addresses: addresses('ceo@bank.example.com', 'winner@freemail.example.net') })) ?? '', /example\.com, Reply-To is example\.net/);
});

test('subdomains of the same registrable domain match', () => {
  assert.equal(fromReplyToDomainMismatch.test(viewFixture({ addresses: addresses('a@mail.example.co.uk', 'b@support.example.co.uk') })), null);
});

test('a mailing list that sets Reply-To to the list does not fire', () => {
  const view = viewFixture({ headers: headersOf('List-Id: <talk.lists.example.org>'), addresses: addresses('someone@example.com', 'talk@lists.example.org') });
  assert.equal(fromReplyToDomainMismatch.test(view), null);
});
