import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xMailerBulkTools } from './x-mailer-bulk-tools.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

test('known bulk tools and random tokens fire', () => {
  for (const mailer of ['Easy DM free', 'QuickSender 1.05', 'Microsoft Outlook Express 6.00.2600.0000 DM', 'rexfdsUMJVQYfjVBi']) {
    assert.notEqual(xMailerBulkTools.test(viewFixture({ headers: headersOf(`X-Mailer: ${mailer}`) })), null, mailer);
  }
});

test('ordinary mail programs do not fire', () => {
  for (const mailer of ['Microsoft Outlook Express 6.00.2600.0000', 'Apple Mail (2.482)', 'Sylpheed version 0.8.2', 'SquirrelMail']) {
    assert.equal(xMailerBulkTools.test(viewFixture({ headers: headersOf(`X-Mailer: ${mailer}`) })), null, mailer);
  }
});
