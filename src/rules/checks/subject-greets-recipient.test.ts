import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subjectGreetsRecipient } from './subject-greets-recipient.js';
import { viewFixture } from '../test-support/view-fixture.js';

const to = (address: string) => [{ field: 'to' as const, name: '', address }];

test('a subject that greets the recipient by the local part of their address fires', () => {
  assert.equal(subjectGreetsRecipient.test(viewFixture({ subject: 'jsmith, do we have your money?', addresses: to('jsmith@example.com') })), 'subject greets "jsmith"');
  assert.notEqual(subjectGreetsRecipient.test(viewFixture({ subject: 'Hi jsmith, news', envelope: { sender: null, recipients: ['jsmith@example.com'] } })), null);
});

test('names, local parts inside other words and short local parts do not fire', () => {
  assert.equal(subjectGreetsRecipient.test(viewFixture({ subject: 'John, lunch?', addresses: to('jsmith@example.com') })), null);
  assert.equal(subjectGreetsRecipient.test(viewFixture({ subject: 'jo, lunch?', addresses: to('jo@example.com') })), null);
  assert.equal(subjectGreetsRecipient.test(viewFixture({ subject: 'mrjsmith, hi', addresses: to('jsmith@example.com') })), null);
});
