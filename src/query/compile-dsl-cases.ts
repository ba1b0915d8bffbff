import type { AddressEntry, ArchiveDocument, JournalEvent, JournalRecipient } from '../domain/archive-record.js';
import type { Classification, RuleHit, Severity } from '../domain/classification.js';

/**
 * Test data shared by the DSL compiler's tests: the five messages and the query table of
 * `compile-sqlite.test.ts`, copied here so both backends answer the same questions (keep the two
 * tables in step). The messages are built as the pipeline would record them, so the search-engine
 * parity test (`src/archive/search-engine/search-engine-query-parity.test.ts`) runs every case
 * through `ArchiveIndex.record` and `search` against a real engine.
 */

const ALL = ['m1', 'm2', 'm3', 'm4', 'm5'];

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

/** Query → the ids it must return, exactly (from `compile-sqlite.test.ts`). */
export const PARITY_CASES: ReadonlyArray<[query: string, ids: string[]]> = [
  ['', ALL],
  // Free text, phrases, prefixes, boolean logic.
  ['report', ['m1']],
  ['REPORT', ['m1']],
  ['"quarterly report"', ['m1']],
  ['"report quarterly"', []],
  ['quart*', ['m1']],
  ['"quarterly rep"*', ['m1']],
  ['cafe', ['m2']],
  ['CAFÉ', ['m2']],
  ['e-mail', ['m3']],
  ["o'brien", ['m3']],
  ['alice', ['m1', 'm2', 'm3', 'm4']],
  ['eur', ['m1', 'm4']],
  ['lunch OR invoice', ['m2', 'm4']],
  ['lunch invoice', []],
  ['invoice -lunch', ['m4']],
  ['invoice -pdf', []],
  ['-report', ['m2', 'm3', 'm4', 'm5']],
  ['NOT report', ['m2', 'm3', 'm4', 'm5']],
  ['NOT (report OR invoice)', ['m2', 'm3', 'm5']],
  ['-report -invoice', ['m2', 'm3', 'm5']],
  ['lunch OR -alice', ['m2', 'm5']],
  ['report OR has:attachment', ['m1', 'm4']],
  ['report OR -has:attachment', ['m1', 'm2', 'm3', 'm5']],
  ['eur size<6K', ['m1']],
  ['!!!', []],
  ['-!!!', ALL],
  ['""', []],
  // Text fields.
  ['subject:revenue', []],
  ['body:revenue', ['m1']],
  ['attachment:revenue', ['m1']],
  ['filename:pdf', ['m4']],
  ['filename:invoice.pdf', ['m4']],
  ['subject:invoice', ['m4']],
  ['subject:alice', []],
  ['subject:(invoice OR lunch)', ['m2', 'm4']],
  // Addresses: exact, domain, names.
  ['from:alice@example.com', ['m1']],
  ['from:Alice@Example.COM', ['m1']],
  ['from:ceo@vendor.example.net', ['m4']],
  ['from:journal@vendor.example.net', ['m4']],
  ['from:assistant@other.org', ['m3']],
  ['from:replies@notexample.com', []],
  ['participants:replies@notexample.com', ['m5']],
  ['to:ceo@vendor.example.net', []],
  ['bcc:dave@example.com', ['m2']],
  ['bcc:dave', []],
  ['to:eve@sub.example.com', []],
  ['participants:eve@sub.example.com', ['m3']],
  ['from:@example.com', ['m1', 'm2']],
  ['from:example.com', ['m1', 'm2']],
  ['from:@example.net', ['m4']],
  ['to:@example.com', ['m1', 'm2', 'm3', 'm4']],
  ['participants:@example.com', ['m1', 'm2', 'm3', 'm4']],
  ['participants:@evil.test', ['m5']],
  ['from:alice', ['m1']],
  ['from:"alice smith"', ['m1']],
  ['from:"alice jones"', []],
  ['from:ali*', ['m1']],
  ['to:alice', ['m2', 'm3', 'm4']],
  ['cc:carol', ['m1']],
  ['from:carol', ['m3']],
  ['participants:alice', ['m1', 'm2', 'm3', 'm4']],
  ['from:(carol OR billing@vendor.example.net)', ['m3', 'm4']],
  // Flags, ids, dates, sizes.
  ['has:attachment', ['m1', 'm4']],
  ['message-id:<ABC123@example.com>', ['m1']],
  ['message-id:nope@example.com', []],
  ['after:2024-01-31', ['m2', 'm3', 'm5']],
  ['before:2024-01-31', ['m1', 'm4']],
  ['after:2024-01-31T23:59:59.999Z', ['m2', 'm3', 'm5']],
  ['sent:2024-01-31', ['m2']],
  ['sent:2024-01-01', ['m4']],
  ['sent:<=2024-01-31', ['m1', 'm2', 'm4']],
  ['sent:<2024-01-31', ['m1', 'm4']],
  ['sent:>2024-01-31', ['m3', 'm5']],
  ['sent:>=2024-02-01', ['m3', 'm5']],
  ['sent:2024-01-01..2024-01-31', ['m1', 'm2', 'm4']],
  ['sent:2024-01-15T10:00', ['m1']],
  ['received:2024-01-15T10:00', []],
  ['received:2024-01-15T10:01', ['m1']],
  ['received:2024-01-02', ['m4']],
  ['received<2024-01-15', ['m4']],
  ['size>10K', ['m3']],
  ['size>=10K', ['m3', 'm4']],
  ['size<2K', ['m5']],
  ['size<=2K', ['m2', 'm5']],
  ['size:1K..5M', ['m1', 'm2', 'm3', 'm4']],
  ['size:3M', ['m3']],
  // Mixed trees.
  ['from:alice@example.com has:attachment', ['m1']],
  ['to:alice -from:carol', ['m2', 'm4']],
  ['(from:bob OR from:carol) after:2024-01-20', ['m2', 'm3']],
  ['participants:@example.com -has:attachment', ['m2', 'm3']],
  ['from:example.com OR size<1K', ['m1', 'm2', 'm5']],
  ['-(from:example.com OR size<1K)', ['m3', 'm4']],
  // Injection attempts: searched for as text, never as SQL or FTS5 syntax, never widening.
  ['NEAR', ['m3']],
  ['"NEAR(foo bar)"', ['m3']],
  ['"foo NEAR bar"', []],
  ['"NEAR(invoice lunch)"', []],
  ['"subject: invoice"', []],
  ['"subject:invoice"', []],
  ['"^start"', ['m3']],
  ['"^friday"', ['m2']], // as an FTS5 operator, ^ would demand "friday" be the column's first word
  ['"*"', []],
  ["'", []],
  ['"\'"', []],
  ['"\\""', []],
  ['"\\"\\" OR \\"\\""', []],
  ['") OR 1=1 --"', []],
  ['"x\') OR (\'1\'=\'1"', []],
  ['subject:"x\') OR (\'1\'=\'1"', []],
  ['subject:"DROP TABLE messages; --"', ['m5']],
  ['body:"quote \' and \\" test"', ['m5']],
  ['"report" OR "x\\" OR \\"y"', ['m1']],
  ['"a AND b OR c NOT d"', []],
  ['"{subject body} : lunch"', []],
  ['{subject body}', []],
  ['"lunch" -"\\" OR \\"lunch"', ['m2']],
  ['from:"x\' OR 1=1 --@evil.test"', []],
  ["from:x'--@evil.test", []],
  ['from:@%', []],
  ['from:@%example.com', []],
  ['from:@_xample.com', []],
  ['participants:%', []],
  ["message-id:\"' OR 1=1 --\"", []],
  ['message-id:%', []],
  // Spam and DLP verdicts.
  ['spam:yes', ['m2', 'm3']],
  ['spam:NO', ['m1', 'm4']],
  ['spam:error', ['m5']],
  ['-spam:yes', ['m1', 'm4', 'm5']],
  ['score>=5', ['m2', 'm3']],
  ['score>5', ['m3']],
  ['score=5', ['m2']],
  ['score:5', ['m2']],
  ['score:>=12.25', ['m3']],
  ['score<0', ['m4']],
  ['score<=0', ['m4', 'm5']],
  ['score:-1..1.5', ['m1', 'm4', 'm5']],
  ['score:..0', ['m4', 'm5']],
  ['dlp:credit-card', ['m1', 'm3']],
  ['dlp:email', ['m4']],
  ['dlp:CREDIT-CARD', ['m1', 'm3']],
  ['dlp-severity:high', ['m1']],
  ['dlp-severity:critical', ['m3']],
  ['dlp-severity>=high', ['m1', 'm3']],
  ['dlp-severity>high', ['m3']],
  ['dlp-severity<high', ['m4']],
  ['dlp-severity<=medium', ['m4']],
  ['dlp-severity:medium..high', ['m1']],
  ['dlp-severity=low', ['m4']],
  ['-dlp-severity>=low', ['m2', 'm5']],
  ['rule:pci-card-number-high', ['m1', 'm3']],
  ['rule:spam-gtube', ['m2']],
  ['rule:(spam-gtube OR pii-email)', ['m2', 'm4']],
  ['tag:pci', ['m1', 'm3']],
  ['tag:bulk', ['m2']],
  ['tag:"pci"', ['m1', 'm3']],
  ['tag:"x\' OR 1=1 --"', []],
  ['classification:error', ['m5']],
  ['classification:classified', ['m1', 'm2', 'm3', 'm4']],
  ['report dlp:credit-card', ['m1']],
  ['spam:yes OR dlp-severity>=high', ['m1', 'm2', 'm3']],
  ['eur -rule:pci-card-number-high', ['m4']],
];
