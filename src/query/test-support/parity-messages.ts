import type { AddressEntry, ArchiveDocument, JournalEvent, JournalRecipient } from '../../domain/archive-record.js';
import type { Classification, RuleHit, Severity } from '../../domain/classification.js';

/**
 * The five test messages of `compile-sqlite.test.ts` as archive documents, built as the pipeline
 * would record them, so the search-engine parity test
 * (`src/archive/search-engine/search-engine-query-parity.test.ts`) runs every case of
 * `query-cases.ts` through `ArchiveIndex.record` and `search` against a real engine.
 */

function hit(ruleId: string, kind: 'spam' | 'dlp', severity: Severity | null, detector: string): RuleHit {
  return {
    ruleId, kind, pack: kind, description: ruleId, ...(severity === null ? {} : { severity }),
    evidence: [{ source: 'body', detector, samples: [] }], actions: [],
  };
}

function classification(verdict: 'spam' | 'ham' | 'error', score: number, severity: Severity | null, hits: RuleHit[], tags: string[]): Classification {
  return {
    rulesVersion: 'parity', status: verdict === 'error' ? 'error' : 'classified', ...(verdict === 'error' ? { error: 'not parsed' } : {}),
    spam: { score, threshold: 5, verdict }, dlp: { severity }, hits, tags, disposition: 'deliver', attachments: [],
  };
}

interface ParityMessage {
  document: ArchiveDocument;
  event: JournalEvent;
}

function message(
  id: string,
  fields: Pick<ArchiveDocument, 'messageId' | 'subject' | 'bodyText' | 'sentAt' | 'size' | 'classification'> & {
    receivedAt: string;
    addresses: Array<[AddressEntry['field'], string, string?]>;
    attachment?: { filename: string; text: string };
    journal?: { sender?: string; onBehalfOf?: string; recipients?: JournalRecipient[] };
  },
): ParityMessage {
  const document: ArchiveDocument = {
    id,
    size: fields.size,
    messageId: fields.messageId,
    subject: fields.subject,
    sentAt: fields.sentAt,
    receivedAt: fields.receivedAt,
    addresses: fields.addresses.map(([field, address, name]) => ({ field, address, name: name ?? '' })),
    bodyText: fields.bodyText,
    attachments: fields.attachment
      ? [{ filename: fields.attachment.filename, contentType: 'application/octet-stream', size: 100, sha256: '0'.repeat(64), text: fields.attachment.text }]
      : [],
    flags: [],
    decryptedCopyOf: null,
    classification: fields.classification,
  };
  const event: JournalEvent = {
    spoolId: `spool-${id}`,
    receivedSha256: '1'.repeat(64),
    role: 'primary',
    envelope: {
      mailFrom: 'journal@example.com', rcptTo: ['archive@archive.example'], clientAddress: '127.0.0.1', clientHostname: 'localhost',
      helo: 'mx', transmissionType: 'ESMTP', tls: null, authUser: null, receivedAt: fields.receivedAt,
    },
    journal: {
      source: 'exchange-envelope', sender: fields.journal?.sender ?? null, onBehalfOf: fields.journal?.onBehalfOf ?? null,
      reportedMessageId: null, reportedSubject: null, recipients: fields.journal?.recipients ?? [],
    },
  };
  return { document, event };
}

/** The fixtures of `compile-sqlite.test.ts` as archived messages (the header addresses with their display names). */
export const PARITY_MESSAGES: readonly ParityMessage[] = [
  message('m1', {
    messageId: 'abc123@example.com', subject: 'Quarterly report Q3', bodyText: 'Please find the revenue numbers attached. Regards, Alice',
    attachment: { filename: 'report-q3.xlsx', text: 'revenue 1000 EUR' },
    addresses: [['from', 'alice@example.com', 'Alice Smith'], ['to', 'bob@corp.example.com', 'Bob Jones'], ['cc', 'carol@other.org', 'Carol White']],
    sentAt: '2024-01-15T10:00:00Z', receivedAt: '2024-01-15T10:01:00Z', size: 5000,
    classification: classification('ham', 1.5, 'high', [hit('pci-card-number-high', 'dlp', 'high', 'credit-card'), hit('spam-html', 'spam', null, '')], ['pci']),
  }),
  message('m2', {
    messageId: 'lunch@corp.example.com', subject: 'Lunch on Friday?', bodyText: 'Shall we get lunch at the café downstairs?',
    // dave was a BCC recipient only the journal report revealed.
    addresses: [['from', 'bob@corp.example.com', 'Bob Jones'], ['to', 'alice@example.com', 'Alice Smith']],
    journal: { recipients: [{ address: 'dave@example.com', kind: 'bcc' }] },
    sentAt: null, receivedAt: '2024-01-31T23:59:59.999Z', size: 2048,
    classification: classification('spam', 5, null, [hit('spam-gtube', 'spam', null, 'email')], ['Bulk']),
  }),
  message('m3', {
    messageId: null, subject: 'Re: NEAR miss "incident"', bodyText: "The form said subject: NEAR(foo bar) ^start and it's fine; e-mail o'brien",
    addresses: [['from', 'carol@other.org', 'Carol White'], ['sender', 'assistant@other.org'], ['to', 'alice@example.com', 'Alice Smith']],
    journal: { recipients: [{ address: 'eve@sub.example.com', kind: 'envelope' }] },
    sentAt: '2024-02-01T00:00:00Z', receivedAt: '2024-02-01T00:05:00Z', size: 3 * 1024 * 1024,
    classification: classification('spam', 12.25, 'critical',
      [hit('secrets-aws-key', 'dlp', 'critical', 'aws-access-key'), hit('pci-card-number-high', 'dlp', 'high', 'credit-card')], ['pci', 'secrets']),
  }),
  message('m4', {
    messageId: 'inv-001@vendor.example.net', subject: 'Invoice 2024-001', bodyText: 'Amount due: 500 EUR',
    attachment: { filename: 'invoice.pdf', text: 'invoice total 500' },
    addresses: [['from', 'billing@vendor.example.net', 'Vendor Billing'], ['to', 'alice@example.com']],
    journal: { sender: 'journal@vendor.example.net', onBehalfOf: 'ceo@vendor.example.net' },
    sentAt: '2023-12-31T23:30:00-01:00', receivedAt: '2024-01-02T00:00:00Z', size: 10 * 1024,
    classification: classification('ham', -1, 'low', [hit('pii-email', 'dlp', 'low', 'email')], []),
  }),
  message('m5', {
    messageId: 'x@evil.test', subject: 'DROP TABLE messages; --', bodyText: 'quote \' and " test',
    addresses: [['from', 'mallory@evil.test', 'Mallory'], ['reply-to', 'replies@notexample.com'], ['to', 'trent@evil.test', 'Trent']],
    sentAt: '2024-03-10T12:00:00Z', receivedAt: '2024-03-10T12:00:00Z', size: 100,
    classification: classification('error', 0, null, [], []),
  }),
];
