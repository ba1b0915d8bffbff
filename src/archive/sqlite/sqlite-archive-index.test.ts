import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { GroupCommit } from '../../db/group-commit.js';
import { MIGRATIONS } from '../../db/migrations.js';
import { openDatabase } from '../../db/open-database.js';
import { notClassified } from '../../domain/classification.js';
import { parseQuery } from '../../query/parse-query.js';
import { SqliteArchiveIndex } from './sqlite-archive-index.js';

test('messages archived before classification existed come out of the migration as not classified, never clean', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-migrate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'old.db');
  const old = new Database(file);
  old.exec(MIGRATIONS[0] ?? '');
  old.pragma('user_version = 1');
  const id = 'c'.repeat(64);
  old.prepare(
    `INSERT INTO messages (id, message_id, subject, sent_at, received_at, size, has_attachment, from_display, flags, document)
     VALUES (?, NULL, 'Old mail', NULL, 0, 10, 0, NULL, '[]', ?)`,
  ).run(id, JSON.stringify({ id, size: 10, messageId: null, subject: 'Old mail', sentAt: null, receivedAt: '1970-01-01T00:00:00.000Z', addresses: [], attachments: [], flags: [], decryptedCopyOf: null }));
  old.close();

  const db = openDatabase(file);
  const writer = new GroupCommit(db);
  t.after(async () => {
    await writer.close();
    db.close();
  });
  const index = new SqliteArchiveIndex(db, writer);
  assert.deepEqual((await index.get(id))?.document.classification, notClassified('not classified: archived before rules were introduced'));
  const found = await index.search({ query: parseQuery('classification:error spam:error'), sort: 'received', order: 'desc', limit: 10, after: null });
  assert.deepEqual(found.hits.map((h) => [h.id, h.spamVerdict, h.dlpSeverity, h.tags]), [[id, 'error', null, []]]);
});
