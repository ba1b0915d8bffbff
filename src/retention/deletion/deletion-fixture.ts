import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { BlobStore } from '../../archive/blob-store.js';
import { createFsBlobStore } from '../../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../../archive/sqlite/sqlite-archive-index.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { GroupCommit } from '../../db/group-commit.js';
import { openDatabase, type Db } from '../../db/open-database.js';
import type { ArchiveDocument, JournalEvent } from '../../domain/archive-record.js';
import type { Classification } from '../../domain/classification.js';
import { SqliteLegalHolds } from '../../holds/sqlite/sqlite-legal-holds.js';
import { createSqliteLedger, type SqliteLedger } from '../../integrity/sqlite/sqlite-ledger.js';
import type { ErasureProtection } from '../erasure-protection.js';
import { ArchiveMessageDeleter } from './archive-message-deleter.js';
import { SqliteTombstoneStore } from './sqlite-tombstone-store.js';
import { testEnvelope } from '../../../test/support/test-envelope.js';

/** A classification with a DLP hit and a tag, so a deletion has rule-hit, tag and incident rows to remove. */
const CLASSIFIED: Classification = {
  rulesVersion: 'test',
  status: 'classified',
  spam: { score: 1, threshold: 5, verdict: 'ham' },
  dlp: { severity: 'high' },
  hits: [{
    ruleId: 'pci-card', kind: 'dlp', pack: 'pci', description: 'card', severity: 'high',
    evidence: [{ source: 'body', detector: 'credit-card', count: 1, confidence: 'high', samples: ['**** 1881'] }],
    actions: [{ action: 'tag', tag: 'pci' }, { action: 'incident' }],
  }],
  tags: ['pci'],
  disposition: 'deliver',
  attachments: [],
};

/** Erasure protection as a plain map: message id → why. The retention adapter's behaviour, minus policies. */
export class MapErasureProtection implements ErasureProtection {
  readonly protectedIds = new Map<string, string>();

  async protectedAmong(messageIds: readonly string[]): Promise<Map<string, string>> {
    return new Map(messageIds.flatMap((id) => (this.protectedIds.has(id) ? [[id, this.protectedIds.get(id) as string] as const] : [])));
  }
}

export interface DeletionFixture {
  db: Db;
  writer: GroupCommit;
  index: SqliteArchiveIndex;
  blobs: BlobStore;
  blobRoot: string;
  ledger: SqliteLedger;
  holds: SqliteLegalHolds;
  protection: MapErasureProtection;
  audit: AuditLog;
  tombstones: SqliteTombstoneStore;
  deleter: ArchiveMessageDeleter;
  /** Archives message `n` (blob, index, ledger) from `from`; returns its archive id. */
  archive(n: number, from?: string): Promise<string>;
  /** Places a hold on a new case whose custodian is `custodian`; returns the hold id. */
  hold(custodian: string): Promise<string>;
}

/**
 * The embedded deletion path on real adapters: a migrated database, the SQLite index, a blob
 * store on disk, the ledger, legal holds and audit log. Removed when the test ends.
 */
export function deletionFixture(t: TestContext): DeletionFixture {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-deletion-'));
  const db = openDatabase(join(dir, 'custodian.db'));
  const writer = new GroupCommit(db);
  const blobRoot = join(dir, 'blobs');
  const index = new SqliteArchiveIndex(db, writer);
  const blobs = createFsBlobStore({ root: blobRoot, compression: 'gzip', encryptionKey: null });
  const ledger = createSqliteLedger(db, writer);
  const holds = new SqliteLegalHolds(db, writer);
  const protection = new MapErasureProtection();
  const audit = createSqliteAuditLog(db);
  const tombstones = new SqliteTombstoneStore(db, writer, index, (ids) => holds.heldAmongNow(ids));
  const deleter = new ArchiveMessageDeleter({ tombstones, blobs, holds, protection, ledger, audit });
  t.after(async () => {
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let cases = 0;
  return {
    db, writer, index, blobs, blobRoot, ledger, holds, protection, audit, tombstones, deleter,
    async archive(n, from = 'alice@example.com') {
      const raw = Buffer.from(`From: ${from}\r\nTo: bob@example.org\r\nSubject: message ${n}\r\n\r\nVisa 4111 1111 1111 1111\r\n`);
      const id = createHash('sha256').update(raw).digest('hex');
      const receivedAt = new Date(Date.UTC(2020, 0, 1, 0, n)).toISOString();
      const document: ArchiveDocument = {
        id, size: raw.length, messageId: `m${n}@example.com`, subject: `message ${n}`, sentAt: receivedAt, receivedAt,
        addresses: [{ field: 'from', address: from, name: '' }, { field: 'to', address: 'bob@example.org', name: 'Bob' }],
        bodyText: 'Visa 4111 1111 1111 1111', attachments: [], flags: [], decryptedCopyOf: null, classification: CLASSIFIED,
      };
      const event: JournalEvent = {
        spoolId: `spool-${n}`, receivedSha256: id, role: 'primary',
        envelope: testEnvelope(receivedAt, { mailFrom: from, rcptTo: ['archive@example.com'] }),
        journal: { source: 'bcc-copy', sender: from, onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [{ address: 'hr@example.com', kind: 'bcc' }] },
      };
      await blobs.put(id, raw);
      await index.record(document, event);
      await ledger.recordArchived({ messageId: id, size: raw.length, receivedAt });
      return id;
    },
    async hold(custodian) {
      const caseId = `case-${++cases}`;
      await holds.createCase({
        id: caseId, name: `Matter ${cases}`, description: 'litigation', scope: 'criteria', custodians: [custodian], query: null,
        sentFrom: null, sentBefore: null, createdBy: 'olga-officer',
      });
      return (await holds.placeHold({ id: `hold-${cases}`, caseId, placedBy: 'olga-officer', reason: 'preserve' })).id;
    },
  };
}
