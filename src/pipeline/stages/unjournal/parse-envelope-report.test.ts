import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnvelopeReport } from './parse-envelope-report.js';

describe('parseEnvelopeReport', () => {
  it('matches field names case-insensitively and skips unknown fields', () => {
    const fields = parseEnvelopeReport('SENDER: Alice@Contoso.com\nsubject: Hi: there\nMESSAGE-ID: <x@y>\nLabel: keep\nrecipient: Bob@Contoso.com\n');
    assert.deepEqual(fields, {
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'x@y',
      reportedSubject: 'Hi: there',
      recipients: [{ address: 'bob@contoso.com', kind: 'envelope' }],
    });
  });

  it('reads Expanded and Forwarded in either order', () => {
    const fields = parseEnvelopeReport('To: a@x.com, Expanded: dl@x.com, Forwarded: b@x.com\r\nBcc: c@x.com, Forwarded: d@x.com, Expanded: dl2@x.com\r\n');
    assert.deepEqual(fields.recipients, [
      { address: 'a@x.com', kind: 'to', expandedFrom: 'dl@x.com', forwardedFrom: 'b@x.com' },
      { address: 'c@x.com', kind: 'bcc', forwardedFrom: 'd@x.com', expandedFrom: 'dl2@x.com' },
    ]);
  });

  it('keeps the same address once per kind', () => {
    const fields = parseEnvelopeReport('To: a@x.com\nTo: A@X.com, Expanded: dl@x.com\nCc: a@x.com\n');
    assert.deepEqual(fields.recipients, [
      { address: 'a@x.com', kind: 'to' },
      { address: 'a@x.com', kind: 'cc' },
    ]);
  });

  it('leaves the sender null for an empty reverse-path and ignores empty recipient lines', () => {
    const fields = parseEnvelopeReport('Sender: <>\nTo: \n');
    assert.equal(fields.sender, null);
    assert.deepEqual(fields.recipients, []);
  });
});
