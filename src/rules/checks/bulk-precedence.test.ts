import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulkPrecedence } from './bulk-precedence.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

test('Precedence: bulk without a way to unsubscribe fires', () => {
  assert.match(bulkPrecedence.test(viewFixture({ headers: headersOf('Precedence: Bulk') })) ?? '', /bulk/);
});

test('a list with List-Unsubscribe or List-Id does not fire', () => {
  assert.equal(bulkPrecedence.test(viewFixture({ headers: headersOf('Precedence: list', 'List-Unsubscribe: <mailto:leave@lists.example.org>') })), null);
  assert.equal(bulkPrecedence.test(viewFixture({ headers: headersOf('Precedence: bulk', 'List-Id: <news.example.org>') })), null);
});

test('other precedences do not fire', () => {
  assert.equal(bulkPrecedence.test(viewFixture({ headers: headersOf('Precedence: first-class') })), null);
});
