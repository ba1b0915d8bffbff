import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageIdMalformed } from './message-id-malformed.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

test('Message-IDs without brackets, without @ or with spaces are malformed', () => {
  for (const id of ['abc123@example.com', '<abc123>', '<abc 123@example.com>']) {
    assert.notEqual(messageIdMalformed.test(viewFixture({ headers: headersOf(`Message-ID: ${id}`) })), null, id);
  }
});

test('Outlook, sendmail and commented Message-IDs are well formed', () => {
  for (const id of ['<000801c24a2b$4f5c0a20$6401a8c0@host>', '<200208221309.NAA04623@webnote.net>', '<x.y@example.com> (added by relay)']) {
    assert.equal(messageIdMalformed.test(viewFixture({ headers: headersOf(`Message-ID: ${id}`) })), null, id);
  }
});
