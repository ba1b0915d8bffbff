import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forgedOutlookMua } from './forged-outlook-mua.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

test('Outlook with a sendmail-made Message-ID, or none, is forged', () => {
  assert.match(forgedOutlookMua.test(viewFixture({ headers: headersOf('X-Mailer: Microsoft Outlook Express 6.00.2600.0000', 'Message-ID: <200208221309.NAA04623@relay.example.net>') })) ?? '', /relay-made/);
  assert.match(forgedOutlookMua.test(viewFixture({ headers: headersOf('X-Mailer: Microsoft Outlook, Build 10.0.2627') })) ?? '', /no Message-ID/);
});

test('Outlook with its own Message-ID, and other mailers, do not fire', () => {
  assert.equal(forgedOutlookMua.test(viewFixture({ headers: headersOf('X-Mailer: Microsoft Outlook Express 6.00.2600.0000', 'Message-ID: <000801c24a2b$4f5c0a20$6401a8c0@host>') })), null);
  assert.equal(forgedOutlookMua.test(viewFixture({ headers: headersOf('X-Mailer: Mutt', 'Message-ID: <200208221309.NAA04623@relay.example.net>') })), null);
});
