import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { pino } from 'pino';
import { createFsBlobStore } from '../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../archive/sqlite/sqlite-archive-index.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import { loadConfig } from '../config/load-config.js';
import { GroupCommit } from '../db/group-commit.js';
import { openDatabase } from '../db/open-database.js';
import type { ArchiveDocument, JournalEvent } from '../domain/archive-record.js';
import { notClassified } from '../domain/classification.js';
import { createComplianceServices } from './compliance-services.js';
import { testEnvelope } from '../../test/support/test-envelope.js';

async function setUp(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-compliance-'));
  const db = openDatabase(join(dir, 'custodian.db'));
  const writer = new GroupCommit(db);
  const blobRoot = join(dir, 'blobs');
  const blobs = createFsBlobStore({ root: blobRoot, compression: 'gzip', encryptionKey: null });
  const index = new SqliteArchiveIndex(db, writer);
  const compliance = await createComplianceServices({
    config: loadConfig({ env: { CUSTODIAN_DATA_DIR: dir } }), db, writer, index, blobs, blobRoot, audit: createSqliteAuditLog(db), logger: pino({ level: 'silent' }),
  });
  t.after(async () => {
    await compliance.stop();
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const raw = Buffer.from('From: alice@example.com\r\nTo: bob@example.org\r\nSubject: again\r\n\r\nhello\r\n');
  const id = createHash('sha256').update(raw).digest('hex');
  const receivedAt = '2024-01-01T00:00:00.000Z';
  const document: ArchiveDocument = {
    id, size: raw.length, messageId: 'again@example.com', subject: 'again', sentAt: receivedAt, receivedAt,
    addresses: [{ field: 'from', address: 'alice@example.com', name: '' }], bodyText: 'hello', attachments: [], flags: [],
    decryptedCopyOf: null, classification: notClassified('test'),
  };
  const event = (spoolId: string): JournalEvent => ({
    spoolId, receivedSha256: id, role: 'primary',
    envelope: testEnvelope(receivedAt, { mailFrom: 'alice@example.com', rcptTo: ['archive@example.com'] }),
    journal: { source: 'bcc-copy', sender: 'alice@example.com', onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [] },
  });
  const archive = async (spoolId: string) => {
    await blobs.put(id, raw);
    await index.record(document, event(spoolId));
    await compliance.afterRecord(document);
  };
  return { compliance, blobs, index, document, archive, id, raw, event };
}

test('the same bytes archived again while their earlier deletion is finishing make the job retry', async (t) => {
  const { compliance, archive, id } = await setUp(t);
  await archive('s1');
  // The burial committed; the ledger entry and blob removal have not run yet (a crash, or the gap before them).
  await compliance.tombstones.bury([id], { reason: 'retention', actor: 'retention' }, new Date().toISOString());
  await assert.rejects(archive('s2'), /earlier deletion is finishing/);
});

test('the same bytes archived again after a deletion removed their blob make the job retry, and the retry stores them anew', async (t) => {
  const { compliance, blobs, index, document, archive, id, raw, event } = await setUp(t);
  await archive('s1');
  const outcome = await compliance.deleter.delete([id], { reason: 'retention', actor: 'retention' });
  assert.equal(outcome.deleted.length, 1);
  // A copy whose store step ran while the old blob still existed (so wrote nothing) is recorded now.
  await index.record(document, event('s2'));
  await assert.rejects(compliance.afterRecord(document), { name: 'BlobNotFoundError' });
  await blobs.put(id, raw); // what the retried job's store step does
  await compliance.afterRecord(document);
  assert.deepEqual(await blobs.get(id), raw);
});
