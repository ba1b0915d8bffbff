import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createFsBlobStore } from '../../../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../../../archive/sqlite/sqlite-archive-index.js';
import type { BlobStore } from '../../../archive/blob-store.js';
import { createSqliteAuditLog } from '../../../audit/sqlite-audit-log.js';
import type { AuditLog } from '../../../audit/audit-log.js';
import { GroupCommit } from '../../../db/group-commit.js';
import type { Db } from '../../../db/open-database.js';
import type { ArchiveDocument, JournalEvent } from '../../../domain/archive-record.js';
import { notClassified } from '../../../domain/classification.js';
import { loadOrCreateSigningKey } from '../../signing-key.js';
import { createCheckpointReader } from '../../sqlite/checkpoint-reader.js';
import { createLedgerCheckpoints, type LedgerCheckpoints } from '../../sqlite/ledger-checkpoints.js';
import { createSqliteLedger, type SqliteLedger } from '../../sqlite/sqlite-ledger.js';
import { freshDatabase } from '../../../../test/support/fresh-database.js';
import { defaultChecks } from '../default-checks.js';
import type { VerificationDeps } from '../run-verification.js';
import { SqliteVerificationStore } from '../sqlite-verification-store.js';
import { testEnvelope } from '../../../../test/support/test-envelope.js';

/** A real embedded archive in a temp directory: SQLite index, ledger, audit log, checkpoints and an fs blob store. */
export interface SmallArchive {
  db: Db;
  writer: GroupCommit;
  blobs: BlobStore;
  blobRoot: string;
  index: SqliteArchiveIndex;
  ledger: SqliteLedger;
  checkpoints: LedgerCheckpoints;
  audit: AuditLog;
  store: SqliteVerificationStore;
  /** Everything runVerification needs, with the default checks. */
  deps: VerificationDeps;
  /**
   * Archives one message in the pipeline's order — blob, index entry, ledger entry — stopping
   * after `upTo`; returns its id. Every step is idempotent, so a second call completes the first.
   */
  archive(text: string, upTo?: 'blob' | 'index' | 'ledger'): Promise<string>;
  /** Where the blob of `id` lives. */
  blobPath(id: string): string;
}

export function smallArchive(t: TestContext): SmallArchive {
  const { db, dir } = freshDatabase(t, 'verify');
  const writer = new GroupCommit(db);
  t.after(() => writer.close());
  const blobRoot = join(dir, 'blobs');
  mkdirSync(blobRoot, { recursive: true });
  const blobs = createFsBlobStore({ root: blobRoot, compression: 'gzip', encryptionKey: null });
  const index = new SqliteArchiveIndex(db, writer);
  const ledger = createSqliteLedger(db, writer);
  const key = loadOrCreateSigningKey(join(dir, 'keys', 'appliance-ed25519.pem'));
  const checkpoints = createLedgerCheckpoints({ db, writer, ledger, key });
  const audit = createSqliteAuditLog(db);
  const store = new SqliteVerificationStore(db, writer);
  const checks = defaultChecks({ ledger, checkpoints: createCheckpointReader(db), trustedPublicKey: key.publicKeyPem });
  return {
    db, writer, blobs, blobRoot, index, ledger, checkpoints, audit, store,
    deps: { db, blobs, blobRoot, store, checks },
    async archive(text, upTo = 'ledger') {
      const raw = Buffer.from(`Subject: ${text}\r\n\r\n${text}\r\n`);
      const id = createHash('sha256').update(raw).digest('hex');
      const receivedAt = new Date(Date.UTC(2026, 0, 1)).toISOString();
      await blobs.put(id, raw);
      if (upTo === 'blob') return id;
      await index.record(documentFor(id, raw.length, text, receivedAt), eventFor(id, receivedAt));
      if (upTo === 'index') return id;
      await ledger.recordArchived({ messageId: id, size: raw.length, receivedAt });
      return id;
    },
    blobPath: (id) => join(blobRoot, id.slice(0, 2), id.slice(2, 4), id),
  };
}

function documentFor(id: string, size: number, subject: string, receivedAt: string): ArchiveDocument {
  return {
    id, size, messageId: `${id.slice(0, 12)}@example.com`, subject, sentAt: receivedAt, receivedAt,
    addresses: [{ field: 'from', address: 'alice@example.com', name: 'Alice' }],
    bodyText: subject, attachments: [], flags: [], decryptedCopyOf: null,
    classification: notClassified('verification test message'),
  };
}

function eventFor(id: string, receivedAt: string): JournalEvent {
  return {
    spoolId: `spool-${id.slice(0, 12)}`, receivedSha256: id, role: 'primary',
    envelope: testEnvelope(receivedAt),
    journal: { source: 'exchange-envelope', sender: 'alice@example.com', onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [] },
  };
}
