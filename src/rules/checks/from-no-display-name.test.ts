import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromNoDisplayName } from './from-no-display-name.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('a bare From address fires', () => {
  assert.equal(fromNoDisplayName.test(viewFixture({ addresses: [{ field: 'from', name: '', address: 'offers@mailer.example.net' }] })), 'From is a bare address: offers@mailer.example.net');
});

test('a From with a name, or a message without From, does not fire', () => {
  assert.equal(fromNoDisplayName.test(viewFixture({ addresses: [{ field: 'from', name: 'Acme Sales', address: 'sales@acme.example.com' }] })), null);
  assert.equal(fromNoDisplayName.test(viewFixture({ addresses: [{ field: 'to', name: '', address: 'bob@example.org' }] })), null);
});
