import { createHash } from 'node:crypto';
import type { ArchiveDocument, JournalEvent } from '../../src/domain/archive-record.js';
import type { Classification } from '../../src/domain/classification.js';

/** Bump to invalidate cached archives when the generator changes. */
export const GENERATOR_VERSION = 'v1';

/** The custodian whose mail the benchmark's legal hold preserves. */
export const HELD_CUSTODIAN = 'custodian@held.bench.example';

const CLEAN: Classification = {
  rulesVersion: 'bench', status: 'classified', spam: { score: 0.5, threshold: 5, verdict: 'ham' }, dlp: { severity: null },
  hits: [], tags: [], disposition: 'deliver', attachments: [],
};

const START = Date.parse('2015-01-01T00:00:00Z');

/**
 * Message `i` of a synthetic archive: small real bytes (the id is their SHA-256, so a blob of them
 * is a valid blob), and the document and journal event the pipeline would make of them. Messages
 * with `held` come from the held custodian. Sorted by `i`, they were received a minute apart.
 */
export function syntheticMessage(i: number, held: boolean): { raw: Buffer; document: ArchiveDocument; event: JournalEvent } {
  const from = held ? HELD_CUSTODIAN : `sender${i % 5_000}@corp.bench.example`;
  const to = `rcpt${(i * 7) % 20_000}@partner.bench.example`;
  const receivedAt = new Date(START + i * 60_000).toISOString();
  const subject = `Quarterly figures ${i}`;
  const body = `Hello,\r\nthe figures for account ${i % 997} are attached in the usual place.\r\nRegards\r\n`;
  const raw = Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${i}@bench.example>\r\nDate: ${new Date(receivedAt).toUTCString()}\r\n\r\n${body}`);
  const id = createHash('sha256').update(raw).digest('hex');
  const document: ArchiveDocument = {
    id, size: raw.length, messageId: `${i}@bench.example`, subject, sentAt: receivedAt, receivedAt,
    addresses: [{ field: 'from', address: from, name: '' }, { field: 'to', address: to, name: '' }],
    bodyText: body, attachments: [], flags: [], decryptedCopyOf: null, classification: CLEAN,
  };
  const event: JournalEvent = {
    spoolId: `bench-${i}`, receivedSha256: id, role: 'primary',
    envelope: {
      mailFrom: from, rcptTo: ['journal@archive.bench.example'], clientAddress: '127.0.0.1', clientHostname: 'localhost',
      helo: 'mx', transmissionType: 'ESMTP', tls: null, authUser: null, receivedAt,
    },
    journal: { source: 'bcc-copy', sender: from, onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [{ address: to, kind: 'to' }] },
  };
  return { raw, document, event };
}

/** Whether message `i` of an archive of `messages` with `held` held ones is held: every (messages/held)-th. */
export function isHeld(i: number, messages: number, held: number): boolean {
  if (held <= 0) return false;
  return i % Math.floor(messages / held) === 0 && Math.floor(i / Math.floor(messages / held)) < held;
}
