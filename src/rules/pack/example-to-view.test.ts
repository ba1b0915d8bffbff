import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleToView } from './example-to-view.js';

describe('exampleToView', () => {
  it('makes an ordinary message from an external sender to an internal user when the example says little', async () => {
    const view = await exampleToView({ subject: 'Hello', body: 'See https://example.org/page.' });
    assert.deepEqual(view.envelope, { sender: 'sender@external.example', recipients: ['user@internal.example'] });
    assert.deepEqual(view.addresses, [{ field: 'from', name: '', address: 'sender@external.example' }, { field: 'to', name: '', address: 'user@internal.example' }]);
    assert.deepEqual(view.auth, { spf: 'none', dkim: 'none', dmarc: 'none', arc: 'none', dkimVerified: 'none' });
    assert.deepEqual(view.headers.map((h) => h.name), ['from', 'to', 'subject', 'date', 'message-id', 'mime-version']);
    assert.deepEqual(view.urls, ['https://example.org/page']);
    assert.equal(view.subject, 'Hello');
    assert.ok(view.size > 0);
  });

  it('takes the envelope from the header addresses unless given, and adds address headers and attachments', async () => {
    const view = await exampleToView({
      from: '"Doe, Jane" <Jane@Corp.Example>',
      to: ['a@x.example'],
      cc: ['b@y.example'],
      headers: { 'Reply-To': 'Other <other@free.example>', received: ['one', 'two'], date: [] },
      attachments: [{ name: 'a.txt', type: 'Text/Plain', text: 'héllo' }, { name: 'b.bin', detectedType: 'application/x-msdownload', size: 9000 }],
      auth: { spf: 'fail' },
    });
    assert.deepEqual(view.envelope, { sender: 'jane@corp.example', recipients: ['a@x.example', 'b@y.example'] });
    assert.deepEqual(view.addresses.map((a) => `${a.field}:${a.name}:${a.address}`), ['from:Doe, Jane:jane@corp.example', 'to::a@x.example', 'cc::b@y.example', 'reply-to:Other:other@free.example']);
    assert.deepEqual(view.headers.filter((h) => h.name === 'received').map((h) => h.value), ['one', 'two']);
    assert.ok(!view.headers.some((h) => h.name === 'date'));
    assert.deepEqual(view.attachments, [
      { name: 'a.txt', declaredType: 'text/plain', detectedType: 'text/plain', size: 6, text: 'héllo', extraction: 'extracted' },
      { name: 'b.bin', declaredType: 'application/octet-stream', detectedType: 'application/x-msdownload', size: 9000, text: null, extraction: 'no-text' },
    ]);
    assert.equal(view.auth.spf, 'fail');
    const bounce = await exampleToView({ envelope: { sender: null, recipients: ['Postmaster@Internal.example'] } });
    assert.deepEqual(bounce.envelope, { sender: null, recipients: ['postmaster@internal.example'] });
  });

  it('parses an eml: example as the pipeline parses mail', async () => {
    const eml = [
      'From: Alice <alice@partner.example>',
      'To: bob@internal.example',
      'Subject: =?UTF-8?B?UmVwb3J0IMOc?=',
      'Message-ID: <1@partner.example>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Figures at https://partner.example/q3',
      '',
    ].join('\r\n');
    const view = await exampleToView({ eml, auth: { dmarc: 'pass' } });
    assert.equal(view.subject, 'Report Ü');
    assert.match(view.text, /Figures at/);
    assert.deepEqual(view.urls, ['https://partner.example/q3']);
    assert.equal(view.auth.dmarc, 'pass');
    assert.deepEqual(view.envelope, { sender: 'sender@external.example', recipients: ['user@internal.example'] });
    assert.ok(view.addresses.some((a) => a.field === 'from' && a.address === 'alice@partner.example' && a.name === 'Alice'));
  });
});
