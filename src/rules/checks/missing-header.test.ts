import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingDate, missingFrom, missingMessageId, missingTo } from './missing-header.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

const complete = headersOf('From: a@example.com', 'To: b@example.org', 'Date: Thu, 22 Aug 2002 08:17:21 -0400', 'Message-ID: <1@example.com>');

test('a message with From, To, Date and Message-ID fires none of the missing-header checks', () => {
  for (const check of [missingDate, missingFrom, missingMessageId, missingTo]) assert.equal(check.test(viewFixture({ headers: complete })), null, check.id);
});

test('each missing header is reported by its own check', () => {
  assert.match(missingDate.test(viewFixture({ headers: complete.filter((h) => h.name !== 'date') })) ?? '', /date:/);
  assert.match(missingFrom.test(viewFixture({ headers: complete.filter((h) => h.name !== 'from') })) ?? '', /from:/);
  assert.match(missingMessageId.test(viewFixture({ headers: complete.filter((h) => h.name !== 'message-id') })) ?? '', /message-id:/);
});

test('a message addressed only by Cc is not missing its recipients, one with none is', () => {
  const ccOnly = headersOf('From: a@example.com', 'Cc: b@example.org');
  assert.equal(missingTo.test(viewFixture({ headers: ccOnly })), null);
  assert.notEqual(missingTo.test(viewFixture({ headers: headersOf('From: a@example.com', 'To:  ') })), null);
});
