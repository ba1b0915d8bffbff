import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { computeEntryHash, GENESIS_PREV_HASH, type LedgerRecord } from '../ledger-entry.js';
import { verifyLedger } from '../ledger-verifier.js';
import { integrityFixture } from '../test-support/integrity-fixture.js';

const all = async (batches: AsyncIterable<LedgerRecord[]>): Promise<LedgerRecord[]> => {
  const rows: LedgerRecord[] = [];
  for await (const batch of batches) rows.push(...batch);
  return rows;
};

/** Opens a second connection, as an intruder with file access would, and drops a guard trigger first. */
function tamper(file: string, trigger: string, sql: string, ...params: unknown[]): void {
  const intruder = new Database(file);
  try {
    intruder.exec(`DROP TRIGGER ${trigger}`);
    intruder.prepare(sql).run(...params);
  } finally {
    intruder.close();
  }
}

test('archivings and deletions form a hash chain that starts from 32 zero bytes and verifies', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 3);
  const first = fx.original(0);
  await fx.ledger.recordDeleted({
    messageId: first.id, size: first.bytes.length, receivedAt: '2026-01-01T00:00:00.000Z', reason: 'retention',
    policyId: 'default-7y', requestId: null, actor: 'retention', deletedAt: '2033-01-01T00:00:00.000Z',
  });
  const rows = await all(fx.ledger.batches());
  assert.deepEqual(rows.map((row) => [row.seq, row.kind]), [[1, 'archived'], [2, 'archived'], [3, 'archived'], [4, 'deleted']]);
  assert.equal(rows[0]?.prevHash, GENESIS_PREV_HASH);
  assert.deepEqual(rows[0]?.detail, { receivedAt: '2026-01-01T00:00:00.000Z' });
  assert.deepEqual(rows[3]?.detail, {
    receivedAt: '2026-01-01T00:00:00.000Z', reason: 'retention', policyId: 'default-7y', requestId: null, actor: 'retention', deletedAt: '2033-01-01T00:00:00.000Z',
  });
  rows.forEach((row, i) => {
    assert.equal(row.entryHash, computeEntryHash(row.prevHash, row));
    if (i > 0) assert.equal(row.prevHash, rows[i - 1]?.entryHash);
  });
  assert.deepEqual(await verifyLedger(fx.ledger.batches({ batchSize: 2 })), { entries: 4, findings: [] });
});

test('recording the same message twice, even at once, appends it once', async (t) => {
  const fx = integrityFixture(t);
  await Promise.all([fx.archive(0, 2), fx.archive(0, 2)]);
  await fx.archive(1, 3);
  assert.equal(fx.ledger.size(), 3);
  assert.equal(fx.ledger.archivedEntry(fx.original(1).id)?.seq, 2);
  assert.equal(fx.ledger.archivedEntry('f'.repeat(64)), null);
});

test('the table refuses updates, deletions and an insert that skips a seq', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 2);
  assert.throws(() => fx.db.prepare('UPDATE ledger SET size = 1 WHERE seq = 1').run(), /append-only/);
  assert.throws(() => fx.db.prepare('DELETE FROM ledger WHERE seq = 2').run(), /append-only/);
  assert.throws(
    () => fx.db.prepare("INSERT INTO ledger VALUES (5, 0, 'archived', 'x', 1, '{}', zeroblob(32), zeroblob(32))").run(),
    /seq must continue the chain/,
  );
});

test('an entry edited behind the triggers is named by its seq', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 5);
  tamper(fx.file, 'ledger_no_update', 'UPDATE ledger SET size = size + 1 WHERE seq = 3');
  const { findings } = await verifyLedger(fx.ledger.batches({ batchSize: 2 }));
  assert.deepEqual(findings, [{ code: 'entry-edited', seq: 3, message: 'entry 3: hash mismatch (edited)' }]);
});

test('a deleted line is reported as a seq gap after the entry before it', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 5);
  tamper(fx.file, 'ledger_no_delete', 'DELETE FROM ledger WHERE seq = 4');
  const { entries, findings } = await verifyLedger(fx.ledger.batches());
  assert.equal(entries, 4);
  assert.deepEqual(findings, [{ code: 'seq-gap', seq: 3, message: 'seq gap after 3 (deleted line)' }]);
});

test('an entry edited and re-hashed breaks the next link and the signed root', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 5);
  await fx.checkpoints.createCheckpoint();
  const row = (await all(fx.ledger.batches())).find((r) => r.seq === 3) as LedgerRecord;
  const forged = { ...row, size: row.size + 1 };
  tamper(fx.file, 'ledger_no_update', 'UPDATE ledger SET size = ?, entry_hash = ? WHERE seq = 3', forged.size, Buffer.from(computeEntryHash(row.prevHash, forged), 'hex'));
  const { findings } = await verifyLedger(fx.ledger.batches(), fx.checkpoints.claims());
  assert.deepEqual(findings.map((f) => f.message), ['entry 4: prev hash does not match entry 3', 'checkpoint at tree size 5: root does not match the ledger']);
});

test('lines cut from the end are found by the checkpoint that covered them', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 4);
  await fx.checkpoints.createCheckpoint();
  tamper(fx.file, 'ledger_no_delete', 'DELETE FROM ledger WHERE seq = 4');
  const { findings } = await verifyLedger(fx.ledger.batches(), fx.checkpoints.claims());
  assert.deepEqual(findings.map((f) => f.message), ['checkpoint at tree size 4: the ledger has only 3 entries (truncated)']);
});
