import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromDisplayNameSpoofsAddress } from './from-display-name-spoofs-address.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('a display name showing another address fires', () => {
  const view = viewFixture({ addresses: [{ field: 'from', name: 'service@paypal.com', address: 'x@evil.example' }] });
  assert.match(fromDisplayNameSpoofsAddress.test(view) ?? '', /service@paypal\.com.*x@evil\.example/);
});

test('a display name repeating the sender address, or a plain name, does not fire', () => {
  assert.equal(fromDisplayNameSpoofsAddress.test(viewFixture({ addresses: [{ field: 'from', name: 'Bob@Example.com', address: 'bob@example.com' }] })), null);
  assert.equal(fromDisplayNameSpoofsAddress.test(viewFixture({ addresses: [{ field: 'from', name: 'Bob Smith', address: 'bob@example.com' }] })), null);
});

test('an address in a To display name is not the sender spoofing', () => {
  assert.equal(fromDisplayNameSpoofsAddress.test(viewFixture({ addresses: [{ field: 'to', name: 'a@b.example', address: 'c@d.example' }] })), null);
});
