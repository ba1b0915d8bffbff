import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { JournalEnvelope, JournalRecipient } from '../../../domain/archive-record.js';
import type { SmtpEnvelope } from '../../../domain/envelope.js';
import { createUnjournalStage } from './create-unjournal-stage.js';

/** The fixtures live at the repository root, found from wherever this test was compiled to. */
function fixtureDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error('repository root not found');
    }
    dir = parent;
  }
  return join(dir, 'test', 'fixtures', 'mail', 'journal');
}

const FIXTURES = fixtureDir();
const ARCHIVE = ['journal@archive.example', 'Archive@Archive.example'];

function smtp(mailFrom: string, rcptTo: string[]): SmtpEnvelope {
  return {
    mailFrom,
    rcptTo,
    clientAddress: '192.0.2.10',
    clientHostname: 'mx1.example.com',
    helo: 'mx1.example.com',
    transmissionType: 'ESMTPS',
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    authUser: null,
    receivedAt: '2024-06-04T09:14:05.000Z',
  };
}

const JOURNAL_SMTP = smtp('MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com', ['journal@archive.example']);

/** How the test finds an original's bytes without the scanner. */
type ExpectedOriginal =
  | { role: 'primary' | 'decrypted-copy'; rfc822Index: number; firstLine: string; encoded?: 'base64' }
  | { role: 'primary'; whole: true };

interface Case {
  file: string;
  envelope: SmtpEnvelope;
  journal: JournalEnvelope;
  originals: ExpectedOriginal[];
  malformed?: RegExp;
}

const to = (address: string, extra: Partial<JournalRecipient> = {}): JournalRecipient => ({ address, kind: 'to', ...extra });
const cc = (address: string, extra: Partial<JournalRecipient> = {}): JournalRecipient => ({ address, kind: 'cc', ...extra });
const bcc = (address: string): JournalRecipient => ({ address, kind: 'bcc' });
const env = (address: string): JournalRecipient => ({ address, kind: 'envelope' });
const RECEIVED = 'Received: from EX01.contoso.com (10.0.0.11) by EX02.contoso.com (10.0.0.12)';

const CASES: Case[] = [
  {
    file: 'exchange-plain.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'db7pr04mb4410ab12@db7pr04mb4410.eurprd04.prod.outlook.com',
      reportedSubject: 'Quarterly numbers',
      recipients: [to('bob@contoso.com'), cc('carol@fabrikam.com'), env('dave@northwind.example')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-dl-expansion.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'am0pr02mb5a1@am0pr02mb5a1.eurprd02.prod.outlook.com',
      reportedSubject: 'Sales kickoff',
      recipients: [
        to('erin@contoso.com', { expandedFrom: 'sales@contoso.com' }),
        to('frank@contoso.com', { expandedFrom: 'sales@contoso.com' }),
        to('grace@contoso.com', { expandedFrom: 'sales-emea@contoso.com' }),
      ],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-bcc.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'vi1pr08mb3b@vi1pr08mb3b.eurprd08.prod.outlook.com',
      reportedSubject: 'Offer letter',
      recipients: [to('bob@contoso.com'), bcc('hr-records@contoso.com')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-forwarded.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'paxpr07mb7f@paxpr07mb7f.eurprd07.prod.outlook.com',
      reportedSubject: 'Contract draft',
      recipients: [
        to('bob-delegate@contoso.com', { forwardedFrom: 'bob@contoso.com' }),
        cc('ivan@contoso.com', { forwardedFrom: 'judy@contoso.com', expandedFrom: 'legal@contoso.com' }),
      ],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-no-message-id.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'assistant@contoso.com',
      onBehalfOf: 'karen@contoso.com',
      reportedMessageId: null,
      reportedSubject: 'Board minutes',
      recipients: [to('mallory@contoso.com')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-html-report.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'bn6pr11mb1f@bn6pr11mb1f.namprd11.prod.outlook.com',
      reportedSubject: 'Vendor invoice',
      recipients: [to('ap@contoso.com'), cc('controller@contoso.com', { expandedFrom: 'finance-leads@contoso.com' }), env('ext-auditor@auditfirm.example')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-irm-decrypted-copy.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'irm0001@contoso.com',
      reportedSubject: 'Merger terms',
      recipients: [to('bob@contoso.com')],
    },
    originals: [
      { role: 'primary', rfc822Index: 0, firstLine: RECEIVED },
      { role: 'decrypted-copy', rfc822Index: 1, firstLine: RECEIVED },
    ],
  },
  {
    file: 'exchange-non-ascii-subject.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'nonascii10@contoso.com',
      reportedSubject: 'Überweisung für Q3 – 東京',
      recipients: [to('joerg@contoso.com')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-latin1-report.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'latin15@contoso.com',
      reportedSubject: 'Café crème order',
      recipients: [to('bob@contoso.com')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED }],
  },
  {
    file: 'exchange-base64-original.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'b64orig11@contoso.com',
      reportedSubject: 'Encoded original',
      recipients: [to('bob@contoso.com')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: RECEIVED, encoded: 'base64' }],
  },
  {
    file: 'exchange-malformed-no-original.eml',
    envelope: JOURNAL_SMTP,
    journal: {
      source: 'exchange-envelope',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: 'malformed12@contoso.com',
      reportedSubject: 'Lost original',
      recipients: [to('bob@contoso.com')],
    },
    originals: [{ role: 'primary', whole: true }],
    malformed: /no message\/rfc822 part/,
  },
  {
    file: 'exchange-2003.eml',
    envelope: smtp('alice@contoso.com', ['journal@archive.example']),
    journal: {
      source: 'exchange-2003',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: '5f2a1b3c4d5e6f70@exch2k3.contoso.local',
      reportedSubject: null,
      recipients: [env('bob@contoso.com'), env('erin@contoso.com'), env('frank@contoso.com')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: 'Received: from mail pickup service by EXCH2K3.contoso.local with Microsoft SMTPSVC;' }],
  },
  {
    file: 'exchange-2003-misspelt.eml',
    envelope: smtp('alice@contoso.com', ['journal@archive.example']),
    journal: {
      source: 'exchange-2003',
      sender: 'alice@contoso.com',
      onBehalfOf: null,
      reportedMessageId: '5f2a1b3c4d5e6f71@exch2k3.contoso.local',
      reportedSubject: null,
      recipients: [env('bob@contoso.com'), env('erin@contoso.com'), to('bob@contoso.com'), cc('sales@contoso.com'), bcc('compliance@contoso.com')],
    },
    originals: [{ role: 'primary', rfc822Index: 0, firstLine: 'Received: from mail pickup service by EXCH2K3.contoso.local with Microsoft SMTPSVC;' }],
  },
  {
    file: 'postfix-bcc-copy.eml',
    envelope: smtp('Bob@Example.org', ['archive+alice=example.com@archive.example', 'ARCHIVE@archive.example']),
    journal: {
      source: 'bcc-copy',
      sender: 'bob@example.org',
      onBehalfOf: null,
      reportedMessageId: null,
      reportedSubject: null,
      recipients: [env('alice@example.com')],
    },
    originals: [{ role: 'primary', whole: true }],
  },
  {
    file: 'google-bcc-copy.eml',
    envelope: smtp('', ['archive@archive.example']),
    journal: {
      source: 'bcc-copy',
      sender: null,
      onBehalfOf: null,
      reportedMessageId: null,
      reportedSubject: null,
      recipients: [env('carol@example.com'), env('dan@example.com')],
    },
    originals: [{ role: 'primary', whole: true }],
  },
];

/**
 * The body of the n-th message/rfc822 part, located by plain text search rather than by the
 * scanner under test: after the part's blank line, up to the CRLF in front of the next delimiter.
 */
function locateRfc822Body(raw: Buffer, index: number): { start: number; end: number } {
  const text = raw.toString('latin1');
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  assert.ok(boundary, 'fixture has a top-level boundary');
  let at = -1;
  for (let i = 0; i <= index; i++) {
    at = text.indexOf('Content-Type: message/rfc822', at + 1);
    assert.ok(at >= 0, `fixture has message/rfc822 part #${index}`);
  }
  const start = text.indexOf('\r\n\r\n', at) + 4;
  const end = text.indexOf(`\r\n--${boundary}`, start);
  assert.ok(start > 3 && end > start);
  return { start, end };
}

describe('createUnjournalStage', () => {
  const stage = createUnjournalStage({ archiveAddresses: ARCHIVE, journalReportSources: ['192.0.2.0/24'] });

  for (const testCase of CASES) {
    describe(`given ${testCase.file}`, () => {
      const raw = readFileSync(join(FIXTURES, testCase.file));

      it('recovers the sender, source, report fields and exact recipients', async () => {
        const result = await stage(raw, testCase.envelope);
        assert.deepEqual(result.journal, testCase.journal);
      });

      it('returns each original as the expected bytes and role', async () => {
        const result = await stage(raw, testCase.envelope);
        assert.equal(result.originals.length, testCase.originals.length);
        testCase.originals.forEach((expected, i) => {
          const actual = result.originals[i];
          assert.ok(actual);
          assert.equal(actual.role, expected.role);
          if ('whole' in expected) {
            assert.equal(actual.bytes, raw, 'the received buffer itself is the original');
            return;
          }
          const { start, end } = locateRfc822Body(raw, expected.rfc822Index);
          if (expected.encoded === 'base64') {
            const decoded = Buffer.from(raw.subarray(start, end).toString('latin1'), 'base64');
            assert.ok(actual.bytes.equals(decoded), 'decoded original matches');
            assert.ok(decoded.toString('latin1').startsWith(`${expected.firstLine}\r\n`));
            return;
          }
          const slice = raw.subarray(start, end);
          assert.ok(actual.bytes.equals(slice), 'original is exactly the located byte range');
          assert.equal(actual.bytes.buffer, raw.buffer, 'original is a view of the received bytes, not a copy');
          assert.equal(actual.bytes.byteOffset - raw.byteOffset, start);
          assert.ok(actual.bytes.toString('latin1').startsWith(`${expected.firstLine}\r\n`), 'starts with the first header line');
          assert.equal(raw.toString('latin1', end, end + 4), '\r\n--', 'the CRLF before the delimiter is left out');
          assert.ok(actual.bytes.toString('latin1').endsWith('\r\n') && !actual.bytes.toString('latin1').endsWith('\r\n\r\n'));
        });
      });

      it(testCase.malformed ? 'flags the report as malformed with a reason' : 'raises no flags', async () => {
        const result = await stage(raw, testCase.envelope);
        if (testCase.malformed) {
          assert.equal(result.flags.length, 1);
          assert.equal(result.flags[0]?.flag, 'journal-report-malformed');
          assert.match(result.flags[0]?.reason ?? '', testCase.malformed);
        } else {
          assert.deepEqual(result.flags, []);
        }
      });
    });
  }

  it('keeps a journal report that is not multipart whole and flags it', async () => {
    const raw = Buffer.from('X-MS-Journal-Report:\r\nSubject: x\r\n\r\nSender: a@example.com\r\nTo: b@example.com\r\n');
    const result = await stage(raw, JOURNAL_SMTP);
    assert.equal(result.originals[0]?.bytes, raw);
    assert.equal(result.flags[0]?.flag, 'journal-report-malformed');
    assert.match(result.flags[0]?.reason ?? '', /not multipart/);
  });

  it('keeps a truncated journal report whole instead of archiving a cut-off original', async () => {
    const full = readFileSync(join(FIXTURES, 'exchange-plain.eml'));
    const raw = full.subarray(0, full.length - 200);
    const result = await stage(raw, JOURNAL_SMTP);
    assert.equal(result.originals.length, 1);
    assert.equal(result.originals[0]?.bytes, raw);
    assert.match(result.flags[0]?.reason ?? '', /missing-close-delimiter/);
    assert.equal(result.journal.sender, 'alice@contoso.com');
  });

  it('does not throw on binary garbage and treats it as a BCC copy', async () => {
    const raw = Buffer.from([0x00, 0xff, 0x0a, 0x2d, 0x2d, 0x0d, 0x0a, 0x3a, 0x0a, 0x0a, 0xfe]);
    const result = await stage(raw, smtp('<>', ['archive@archive.example']));
    assert.equal(result.journal.source, 'bcc-copy');
    assert.equal(result.journal.sender, null);
    assert.deepEqual(result.journal.recipients, []);
    assert.equal(result.originals[0]?.bytes, raw);
  });
});

describe('createUnjournalStage with journal reports from an untrusted client', () => {
  const stage = createUnjournalStage({ archiveAddresses: ARCHIVE, journalReportSources: ['10.0.0.0/8'] });
  const raw = readFileSync(join(FIXTURES, 'exchange-bcc.eml'));

  it('archives the report whole as a BCC copy and flags it, believing none of its envelope', async () => {
    const result = await stage(raw, JOURNAL_SMTP);
    assert.equal(result.journal.source, 'bcc-copy');
    assert.equal(result.originals.length, 1);
    assert.equal(result.originals[0]?.bytes, raw);
    assert.deepEqual(result.flags.map((f) => f.flag), ['journal-report-untrusted']);
    assert.ok(!result.journal.recipients.some((r) => r.address === 'hr-records@contoso.com'), 'the claimed Bcc is not believed');
  });

  it('believes a client that authenticated with SMTP AUTH', async () => {
    const result = await stage(raw, { ...JOURNAL_SMTP, authUser: 'exchange' });
    assert.equal(result.journal.source, 'exchange-envelope');
    assert.deepEqual(result.flags, []);
  });
});
