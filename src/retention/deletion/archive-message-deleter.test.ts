import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlobNotFoundError, type BlobStore } from '../../archive/blob-store.js';
import type { Ledger } from '../../integrity/ledger.js';
import { ArchiveMessageDeleter } from './archive-message-deleter.js';
import { deletionFixture, type DeletionFixture } from './deletion-fixture.js';

const RETENTION = { reason: 'retention', actor: 'retention', policyId: 'mail-7y' } as const;

/** Rows left anywhere in the index for message `id` (by its rowid, found before deletion). */
function indexRows(f: DeletionFixture, rowid: number): Record<string, number> {
  const count = (sql: string) => (f.db.prepare(sql).get(rowid) as { n: number }).n;
  return {
    messages: count('SELECT count(*) AS n FROM messages WHERE rowid = ?'),
    addresses: count('SELECT count(*) AS n FROM message_addresses WHERE message_rowid = ?'),
    fts: count('SELECT count(*) AS n FROM message_fts WHERE rowid = ?'),
    events: count('SELECT count(*) AS n FROM journal_events WHERE message_rowid = ?'),
    classification: count('SELECT count(*) AS n FROM message_classification WHERE message_rowid = ?'),
    hits: count('SELECT count(*) AS n FROM message_rule_hits WHERE message_rowid = ?'),
    tags: count('SELECT count(*) AS n FROM message_tags WHERE message_rowid = ?'),
  };
}

const rowidOf = (f: DeletionFixture, id: string) => (f.db.prepare('SELECT rowid FROM messages WHERE id = ?').get(id) as { rowid: number }).rowid;
const blobPath = (f: DeletionFixture, id: string) => join(f.blobRoot, id.slice(0, 2), id.slice(2, 4), id);
const ledgerKinds = (f: DeletionFixture, id: string) =>
  (f.db.prepare('SELECT kind FROM ledger WHERE message_id = ? ORDER BY seq').all(id) as Array<{ kind: string }>).map((r) => r.kind);
const auditOf = (f: DeletionFixture, action: string) =>
  (f.db.prepare('SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Array<{ actor: string; detail: string }>)
    .map((r) => ({ actor: r.actor, detail: JSON.parse(r.detail) as Record<string, unknown> }));
const unfinished = (f: DeletionFixture) => (f.db.prepare('SELECT count(*) AS n FROM deletions_unfinished').get() as { n: number }).n;

test('a deleted message leaves no index row, full-text entry or blob, only its tombstone, a ledger entry and its incidents', async (t) => {
  const f = deletionFixture(t);
  const id = await f.archive(1);
  const kept = await f.archive(2);
  const rowid = rowidOf(f, id);
  const before = indexRows(f, rowid);
  assert.ok(Object.values(before).every((n) => n > 0), JSON.stringify(before));

  const outcome = await f.deleter.delete([id], RETENTION);

  assert.deepEqual(outcome.refused, []);
  assert.deepEqual(outcome.deleted.map((d) => [d.messageId, d.reason, d.policyId, d.requestId, d.actor]), [[id, 'retention', 'mail-7y', null, 'retention']]);
  assert.deepEqual(indexRows(f, rowid), { messages: 0, addresses: 0, fts: 0, events: 0, classification: 0, hits: 0, tags: 0 });
  assert.equal((f.db.prepare(`SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH 'visa'`).get() as { n: number }).n, 1);
  await assert.rejects(f.blobs.get(id), BlobNotFoundError);
  assert.ok((await f.blobs.get(kept)).length > 0);
  assert.deepEqual(ledgerKinds(f, id), ['archived', 'deleted']);
  assert.equal((f.db.prepare('SELECT count(*) AS n FROM incidents WHERE message_id = ?').get(id) as { n: number }).n, 1);
  const page = await f.tombstones.list({ messageId: id }, 10, null);
  assert.deepEqual(page.tombstones.map((x) => [x.messageId, x.size, x.receivedAt, x.policyId]), [[id, outcome.deleted[0]?.size, '2020-01-01T00:01:00.000Z', 'mail-7y']]);
  assert.equal(unfinished(f), 0);
  assert.deepEqual(auditOf(f, 'message.delete'), [{ actor: 'retention', detail: { reason: 'retention', policyId: 'mail-7y', requestId: null, messageIds: [id] } }]);
});

test('tombstones can be neither changed nor deleted, even with SQL', async (t) => {
  const f = deletionFixture(t);
  const id = await f.archive(1);
  await f.deleter.delete([id], RETENTION);
  assert.throws(() => f.db.prepare(`UPDATE tombstones SET actor = 'someone else'`).run(), /never changed/);
  assert.throws(() => f.db.prepare('DELETE FROM tombstones').run(), /never deleted/);
});

test('a held message is refused with its holds, audited, and left whole', async (t) => {
  const f = deletionFixture(t);
  const held = await f.archive(1, 'custodian@example.com');
  const free = await f.archive(2);
  const holdId = await f.hold('custodian@example.com');

  const outcome = await f.deleter.delete([held, free], RETENTION);

  assert.deepEqual(outcome.deleted.map((d) => d.messageId), [free]);
  assert.deepEqual(outcome.refused, [{ messageId: held, reason: 'held', detail: `under legal hold ${holdId}` }]);
  assert.notEqual(await f.index.get(held), null);
  assert.ok((await f.blobs.get(held)).length > 0);
  assert.deepEqual(ledgerKinds(f, held), ['archived']);
  assert.deepEqual(auditOf(f, 'deletion.refused'), [{
    actor: 'retention',
    detail: { reason: 'retention', policyId: 'mail-7y', requestId: null, refused: [{ messageId: held, reason: 'held', detail: `under legal hold ${holdId}`, holds: [holdId] }] },
  }]);
  assert.deepEqual((await f.tombstones.list({ messageId: held }, 10, null)).tombstones, []);
});

test('a hold placed after the deleter asked, before the burial commits, still keeps the message', async (t) => {
  const f = deletionFixture(t);
  const message = await f.archive(1, 'custodian@example.com');
  let holdId = '';
  // The holds answer "not held"; the hold is then placed before the burial transaction runs.
  const lateDeleter = new ArchiveMessageDeleter({
    tombstones: f.tombstones, blobs: f.blobs, protection: f.protection, ledger: f.ledger, audit: f.audit,
    holds: { heldAmong: async () => { holdId = await f.hold('custodian@example.com'); return new Map(); } },
  });

  const outcome = await lateDeleter.delete([message], RETENTION);

  assert.deepEqual(outcome.deleted, []);
  assert.deepEqual(outcome.refused, [{ messageId: message, reason: 'held', detail: `under legal hold ${holdId}` }]);
  assert.notEqual(await f.index.get(message), null);
  assert.deepEqual(ledgerKinds(f, message), ['archived']);
  assert.equal(auditOf(f, 'deletion.refused').length, 1);
});

test('an erasure refuses policy-protected messages; a retention deletion does not ask', async (t) => {
  const f = deletionFixture(t);
  const record = await f.archive(1);
  const other = await f.archive(2);
  f.protection.protectedIds.set(record, 'policy sec-17a-4 keeps it until 2027-01-01');
  const erasure = await f.deleter.delete([record, other], { reason: 'erasure', actor: 'olga-officer', requestId: 'req-1' });
  assert.deepEqual(erasure.refused, [{ messageId: record, reason: 'policy-protected', detail: 'policy sec-17a-4 keeps it until 2027-01-01' }]);
  assert.deepEqual(erasure.deleted.map((d) => [d.messageId, d.reason, d.requestId, d.actor]), [[other, 'erasure', 'req-1', 'olga-officer']]);
  assert.deepEqual((await f.deleter.delete([record], RETENTION)).deleted.map((d) => d.messageId), [record]);
});

test('deleting a message again is a no-op reported as already deleted; an unknown one as not in the archive', async (t) => {
  const f = deletionFixture(t);
  const id = await f.archive(1);
  const first = await f.deleter.delete([id], RETENTION);
  const again = await f.deleter.delete([id, 'f'.repeat(64)], RETENTION);
  assert.deepEqual(again.deleted, []);
  assert.deepEqual(again.refused, [
    { messageId: id, reason: 'not-found', detail: `already deleted at ${first.deleted[0]?.deletedAt} (retention, by retention)` },
    { messageId: 'f'.repeat(64), reason: 'not-found', detail: 'not in the archive' },
  ]);
  assert.equal((await f.tombstones.list({}, 10, null)).tombstones.length, 1);
  assert.deepEqual(ledgerKinds(f, id), ['archived', 'deleted']);
});

test('a crash between the tombstone and the blob removal is completed by resume()', async (t) => {
  const f = deletionFixture(t);
  const ids = [await f.archive(1), await f.archive(2)];
  // The process "dies" at the first blob removal: the tombstones and index removals are committed.
  const dying: BlobStore = { put: f.blobs.put, get: f.blobs.get, delete: async () => { throw new Error('killed'); } };
  const crashed = new ArchiveMessageDeleter({ ...f, blobs: dying });
  await assert.rejects(crashed.delete(ids, RETENTION), /killed/);
  assert.equal(unfinished(f), 2);
  assert.ok(ids.every((id) => existsSync(blobPath(f, id))));
  assert.ok(ids.every((id) => f.db.prepare('SELECT 1 FROM messages WHERE id = ?').get(id) === undefined));

  const restarted = new ArchiveMessageDeleter(f);
  assert.equal(await restarted.resume(), 2);
  assert.ok(ids.every((id) => !existsSync(blobPath(f, id))));
  assert.deepEqual(ids.map((id) => ledgerKinds(f, id)), [['archived', 'deleted'], ['archived', 'deleted']]);
  assert.equal(unfinished(f), 0);
  assert.equal(await restarted.resume(), 0);
});

test('a crash before the ledger entry is completed by resume(), writing the entry once', async (t) => {
  const f = deletionFixture(t);
  const id = await f.archive(1);
  const dying: Ledger = { recordArchived: f.ledger.recordArchived, recordDeleted: async () => { throw new Error('killed'); } };
  await assert.rejects(new ArchiveMessageDeleter({ ...f, ledger: dying }).delete([id], RETENTION), /killed/);
  assert.deepEqual(ledgerKinds(f, id), ['archived']);
  assert.ok(existsSync(blobPath(f, id)));
  await new ArchiveMessageDeleter(f).resume();
  assert.deepEqual(ledgerKinds(f, id), ['archived', 'deleted']);
  assert.ok(!existsSync(blobPath(f, id)));
});
