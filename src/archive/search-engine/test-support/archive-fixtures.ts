import type { ArchiveDocument, AttachmentSummary, JournalEvent } from '../../../domain/archive-record.js';
import { notClassified } from '../../../domain/classification.js';

/** A parsed message as the pipeline hands it to `record`, with the fields a test cares about overridden. */
export function documentFor(id: string, overrides: Partial<ArchiveDocument> = {}): ArchiveDocument {
  return {
    id, size: 1234, messageId: `${id}@example.com`, subject: `Subject of ${id}`, sentAt: '2024-05-01T10:00:00.000Z',
    receivedAt: '2024-05-01T10:00:01.000Z', addresses: [{ field: 'from', address: 'alice@example.com', name: 'Alice' }],
    bodyText: 'body text', attachments: [], flags: [], decryptedCopyOf: null, classification: notClassified('not parsed: test'),
    ...overrides,
  };
}

/** One received copy, with journal-report BCC recipients. */
export function eventFor(spoolId: string, receivedAt: string, bcc: string[] = []): JournalEvent {
  return {
    spoolId, receivedSha256: '0'.repeat(64), role: 'primary',
    envelope: {
      mailFrom: 'journal@example.com', rcptTo: ['archive@example.com'], clientAddress: '127.0.0.1', clientHostname: 'localhost',
      helo: 'mx', transmissionType: 'ESMTP', tls: null, authUser: null, receivedAt,
    },
    journal: {
      source: 'exchange-envelope', sender: null, onBehalfOf: null, reportedMessageId: null, reportedSubject: null,
      recipients: bcc.map((address) => ({ address, kind: 'bcc' as const })),
    },
  };
}

/** An attachment summary with extracted `text` (null: none extracted). */
export function attachmentFor(filename: string, text: string | null): AttachmentSummary {
  return { filename, contentType: 'text/plain', size: Buffer.byteLength(text ?? ''), sha256: 'a'.repeat(64), text };
}

/** `count` distinct filler words (`w0 w1 w2 …`), about 7 bytes each: text that matches nothing a test searches for. */
export function fillerWords(count: number): string {
  return Array.from({ length: count }, (_, i) => `w${i}`).join(' ');
}
