import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freshDatabase } from '../../../../test/support/fresh-database.js';
import { testEnvelope } from '../../../../test/support/test-envelope.js';
import { createFsBlobStore } from '../../../archive/fs-blob-store.js';
import type { BlobStore } from '../../../archive/blob-store.js';
import { SqliteArchiveIndex } from '../../../archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../../db/group-commit.js';
import type { Db } from '../../../db/open-database.js';
import type { ArchiveDocument } from '../../../domain/archive-record.js';
import type { Classification } from '../../../domain/classification.js';
import { SqliteLegalHolds } from '../../../holds/sqlite/sqlite-legal-holds.js';
import { loadOrCreateSigningKey, type SigningKey } from '../../../integrity/signing-key.js';
import { createParseStage } from '../../../pipeline/stages/parse/index.js';
import { createUnjournalStage } from '../../../pipeline/stages/unjournal/create-unjournal-stage.js';
import { parseQuery } from '../../../query/parse-query.js';
import { SqliteCaseReview } from '../../case-review/sqlite/sqlite-case-review.js';
import { createExportService, type ExportService, type ExportServiceDeps } from '../export-service.js';
import { SqliteExportStore } from '../sqlite/sqlite-export-store.js';

const REPOSITORY = new URL('../../../../../', import.meta.url).pathname;
const JOURNAL_FIXTURES = join(REPOSITORY, 'test/fixtures/mail/journal');
const EXPORT_FIXTURES = join(REPOSITORY, 'test/fixtures/export');
const LIMITS = { maxParseBytes: 10 * 1024 * 1024, maxAttachments: 100, maxMimeDepth: 30, maxAttachmentTextBytes: 65536, maxBodyTextBytes: 1024 * 1024 };
const CLASSIFIED: Classification = {
  rulesVersion: 'test', status: 'classified', spam: { score: 0, threshold: 5, verdict: 'ham' }, dlp: { severity: null },
  hits: [], tags: [], disposition: 'deliver', attachments: [],
};

/** A real archive on a fresh database: index, filesystem blob store, holds, case review and exports. */
export interface ExportArchive {
  db: Db;
  dir: string;
  writer: GroupCommit;
  index: SqliteArchiveIndex;
  blobs: BlobStore;
  blobRoot: string;
  holds: SqliteLegalHolds;
  caseReview: SqliteCaseReview;
  store: SqliteExportStore;
  signingKey: SigningKey;
  exportsDirectory: string;
  /** Archive ids of every original archived from the fixtures, in the order received. */
  ids: string[];
  /** Archives one more message (through the same stages); resolves to its archive ids. */
  archiveMessage(raw: Buffer, receivedAt: string): Promise<string[]>;
  /** Export ids handed to `enqueue`. */
  enqueued: string[];
  /** An export service on this archive; `overrides` replace its deps. */
  service(overrides?: Partial<ExportServiceDeps>): ExportService;
}

/**
 * Archives every journal fixture (`test/fixtures/mail/journal`) and the export fixtures
 * (`test/fixtures/export`: mbox traps, no final line ending) through the real unjournal and parse
 * stages, the filesystem blob store (uncompressed, so a test can tamper with a blob file) and the
 * SQLite index, a minute apart.
 */
export async function exportArchive(t: TestContext): Promise<ExportArchive> {
  const { db, dir } = freshDatabase(t, 'export');
  const writer = new GroupCommit(db);
  t.after(() => writer.close());
  const index = new SqliteArchiveIndex(db, writer);
  const blobRoot = join(dir, 'blobs');
  const blobs = createFsBlobStore({ root: blobRoot, compression: 'none', encryptionKey: null });
  const unjournal = createUnjournalStage({ archiveAddresses: ['journal@archive.example', 'archive@archive.example'], journalReportSources: ['127.0.0.1'] });
  const parse = createParseStage(LIMITS);
  const files = [
    ...readdirSync(JOURNAL_FIXTURES).sort().map((name) => join(JOURNAL_FIXTURES, name)),
    ...readdirSync(EXPORT_FIXTURES).sort().map((name) => join(EXPORT_FIXTURES, name)),
  ];
  let spool = 0;
  const archiveMessage = async (raw: Buffer, receivedAt: string): Promise<string[]> => {
    const envelope = testEnvelope(receivedAt, { rcptTo: ['journal@archive.example'] });
    const unwrapped = await unjournal(raw, envelope);
    const archived: string[] = [];
    for (const original of unwrapped.originals) {
      const id = createHash('sha256').update(original.bytes).digest('hex');
      const fields = await parse(original.bytes);
      const document: ArchiveDocument = {
        id, size: original.bytes.length, ...fields, flags: [...unwrapped.flags, ...fields.flags], receivedAt, decryptedCopyOf: null, classification: CLASSIFIED,
      };
      await blobs.put(id, original.bytes);
      await index.record(document, { spoolId: `spool-${++spool}`, receivedSha256: createHash('sha256').update(raw).digest('hex'), envelope, journal: unwrapped.journal, role: original.role });
      archived.push(id);
    }
    return archived;
  };
  const ids: string[] = [];
  for (const [minute, file] of files.entries()) {
    for (const id of await archiveMessage(readFileSync(file), new Date(Date.UTC(2024, 5, 1) + minute * 60_000).toISOString())) if (!ids.includes(id)) ids.push(id);
  }
  const store = new SqliteExportStore(db, writer);
  const caseReview = new SqliteCaseReview({ db, writer, index });
  const signingKey = loadOrCreateSigningKey(join(dir, 'keys', 'signing.pem'));
  const exportsDirectory = join(dir, 'exports');
  const enqueued: string[] = [];
  return {
    db, dir, writer, index, blobs, blobRoot, holds: new SqliteLegalHolds(db, writer), caseReview, store, signingKey, exportsDirectory, ids, archiveMessage, enqueued,
    service: (overrides = {}) => createExportService({
      store, index, blobs, caseReview, parseQuery, signingKey, applianceName: 'test-appliance', exportsDirectory,
      enqueue: async (id) => void enqueued.push(id), maxAttempts: 3, progressEvery: 2, ...overrides,
    }),
  };
}
