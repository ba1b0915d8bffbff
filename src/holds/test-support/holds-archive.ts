import { createHash } from 'node:crypto';
import type { TestContext } from 'node:test';
import { freshDatabase } from '../../../test/support/fresh-database.js';
import { SqliteArchiveIndex } from '../../archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import type { AddressEntry, ArchiveDocument, JournalEvent, JournalRecipient } from '../../domain/archive-record.js';
import { SqliteLegalHolds, type SqliteLegalHoldsOptions } from '../sqlite/sqlite-legal-holds.js';
import { testEnvelope } from '../../../test/support/test-envelope.js';

/** What a test message says; everything else gets a plain default. */
export interface TestMessage {
  /** Makes the archive id (SHA-256 of this text). */
  name: string;
  subject?: string;
  body?: string;
  /** Header addresses. Default: From outsider@example.net, To nobody@example.net. */
  addresses?: AddressEntry[];
  /** Recipients only the journal report names. Default none. */
  journalRecipients?: JournalRecipient[];
  journalSender?: string | null;
  /** ISO-8601 Date header; null for none. Default 2024-03-01. */
  sentAt?: string | null;
  /** ISO-8601. Default 2024-03-02. */
  receivedAt?: string;
  /** Which received copy this is; a second copy of the same message merges. Default `<name>-copy`. */
  spoolId?: string;
}

/** A real archive (SQLite index through the group-commit writer) and a holds adapter on it. */
export interface HoldsArchive {
  db: Db;
  writer: GroupCommit;
  index: SqliteArchiveIndex;
  holds: SqliteLegalHolds;
  /** Records the message through the real index and returns its archive id (no hold evaluation). */
  record(message: TestMessage): Promise<string>;
  /** Another holds adapter on the same database, as after a restart. */
  reopen(options?: SqliteLegalHoldsOptions): SqliteLegalHolds;
}

/** The archive id a test message gets. */
export const archiveIdOf = (name: string): string => createHash('sha256').update(name).digest('hex');

/** Opens a fresh migrated database with an archive index and holds adapter; closed when the test ends. */
export function holdsArchive(t: TestContext, options: SqliteLegalHoldsOptions = {}): HoldsArchive {
  const { db } = freshDatabase(t, 'holds');
  const writer = new GroupCommit(db);
  t.after(() => writer.close());
  const index = new SqliteArchiveIndex(db, writer);
  return {
    db,
    writer,
    index,
    holds: new SqliteLegalHolds(db, writer, options),
    async record(message) {
      const document = documentOf(message);
      await index.record(document, eventOf(document, message));
      return document.id;
    },
    reopen: (reopened = {}) => new SqliteLegalHolds(db, writer, reopened),
  };
}

function documentOf(message: TestMessage): ArchiveDocument {
  return {
    id: archiveIdOf(message.name),
    size: 1000,
    messageId: `${message.name}@example.com`,
    subject: message.subject ?? `About ${message.name}`,
    sentAt: message.sentAt === undefined ? '2024-03-01T09:00:00.000Z' : message.sentAt,
    receivedAt: message.receivedAt ?? '2024-03-02T09:00:00.000Z',
    addresses: message.addresses ?? [
      { field: 'from', address: 'outsider@example.net', name: 'Out Sider' },
      { field: 'to', address: 'nobody@example.net', name: '' },
    ],
    bodyText: message.body ?? 'nothing to see',
    attachments: [],
    flags: [],
    decryptedCopyOf: null,
    classification: {
      rulesVersion: 'holds-test',
      status: 'classified',
      spam: { score: 0, threshold: 5, verdict: 'ham' },
      dlp: { severity: null },
      hits: [],
      tags: [],
      disposition: 'deliver',
      attachments: [],
    },
  };
}

function eventOf(document: ArchiveDocument, message: TestMessage): JournalEvent {
  const spoolId = message.spoolId ?? `${message.name}-copy`;
  return {
    spoolId,
    receivedSha256: archiveIdOf(spoolId),
    role: 'primary',
    envelope: testEnvelope(document.receivedAt),
    journal: {
      source: 'exchange-envelope',
      sender: message.journalSender ?? null,
      onBehalfOf: null,
      reportedMessageId: null,
      reportedSubject: null,
      recipients: message.journalRecipients ?? [],
    },
  };
}
