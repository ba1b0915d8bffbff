import { createHash } from 'node:crypto';
import { SqliteArchiveIndex } from '../../archive/sqlite/sqlite-archive-index.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import type { AddressEntry, ArchiveDocument, JournalEvent, JournalSource } from '../../domain/archive-record.js';
import { notClassified, type Classification, type Severity } from '../../domain/classification.js';

/** What a test message differs in; everything else is a plain, classified ham message. */
export interface TestMessage {
  subject?: string;
  body?: string;
  from?: string;
  to?: string[];
  /** ISO-8601 first receipt. Default 2024-01-31T12:00:00.000Z. */
  receivedAt?: string;
  source?: JournalSource;
  spam?: 'spam' | 'ham' | 'error';
  dlpSeverity?: Severity;
  tags?: string[];
  ruleIds?: string[];
  /** Detected MIME types of attachments. */
  attachmentTypes?: string[];
}

let counter = 0;

/**
 * Records a message through the real SQLite archive index, as the archive stage does, and returns
 * its archive id. Each call makes a distinct message.
 */
export async function archiveMessage(db: Db, writer: GroupCommit, message: TestMessage = {}): Promise<string> {
  const index = new SqliteArchiveIndex(db, writer);
  const subject = message.subject ?? `Message ${++counter}`;
  const id = createHash('sha256').update(`${subject}\n${counter}\n${process.hrtime.bigint()}`).digest('hex');
  const receivedAt = message.receivedAt ?? '2024-01-31T12:00:00.000Z';
  const from = message.from ?? 'alice@outside.example';
  const to = message.to ?? ['bob@corp.example'];
  const addresses: AddressEntry[] = [
    { field: 'from', address: from, name: '' },
    ...to.map((address): AddressEntry => ({ field: 'to', address, name: '' })),
  ];
  const types = message.attachmentTypes ?? [];
  const classification: Classification = {
    ...notClassified('unused'),
    status: 'classified',
    spam: { score: message.spam === 'spam' ? 9 : 0, threshold: 5, verdict: message.spam ?? 'ham' },
    dlp: { severity: message.dlpSeverity ?? null },
    hits: (message.ruleIds ?? []).map((ruleId) => ({ ruleId, kind: 'spam', pack: 'test', description: ruleId, score: 1, evidence: [], actions: [] })),
    tags: message.tags ?? [],
    attachments: types.map((detectedType, i) => ({ name: `file-${i}`, detectedType, status: 'no-text' })),
  };
  delete classification.error;
  const document: ArchiveDocument = {
    id,
    size: 100,
    messageId: `${id.slice(0, 12)}@test`,
    subject,
    sentAt: receivedAt,
    receivedAt,
    addresses,
    bodyText: message.body ?? 'hello',
    attachments: types.map((contentType, i) => ({ filename: `file-${i}`, contentType, size: 10, sha256: id, text: null })),
    flags: [],
    decryptedCopyOf: null,
    classification,
  };
  const event: JournalEvent = {
    spoolId: `spool-${id.slice(0, 16)}`,
    receivedSha256: id,
    envelope: {
      mailFrom: from,
      rcptTo: to,
      clientAddress: '192.0.2.1',
      clientHostname: 'mx.test',
      helo: 'mx.test',
      transmissionType: 'ESMTP',
      tls: null,
      authUser: null,
      receivedAt,
    },
    journal: { source: message.source ?? 'bcc-copy', sender: from, onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [] },
    role: 'primary',
  };
  await index.record(document, event);
  return id;
}
