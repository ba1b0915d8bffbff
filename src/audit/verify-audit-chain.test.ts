import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { freshDatabase } from '../../test/support/fresh-database.js';
import type { Db } from '../db/open-database.js';
import { auditEntryHash } from './audit-chain.js';
import { createSqliteAuditLog } from './sqlite-audit-log.js';
import { toAuditRecord, type AuditRow } from './sqlite-audit-rows.js';
import { verifyAuditChain } from './verify-audit-chain.js';

/** A database with `count` chained entries. */
async function chainOf(t: TestContext, count: number): Promise<Db> {
  const { db } = freshDatabase(t, 'audit-verify');
  const audit = createSqliteAuditLog(db);
  for (let i = 1; i <= count; i++) await audit.append({ actor: 'olga', action: 'search', source: '203.0.113.9', detail: { n: i } });
  return db;
}

/** Runs SQL as an intruder would: on its own connection, triggers dropped, foreign keys off. */
function tamper(db: Db, sql: string): void {
  const intruder = new Database(db.name);
  try {
    intruder.pragma('foreign_keys = OFF');
    intruder.exec(`
      DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;
      DROP TRIGGER IF EXISTS audit_chain_no_update; DROP TRIGGER IF EXISTS audit_chain_no_delete;`);
    intruder.exec(sql);
  } finally {
    intruder.close();
  }
}

const messages = (result: { findings: Array<{ message: string }> }) => result.findings.map((f) => f.message);

test('an edited row is found by its entry number', async (t) => {
  const db = await chainOf(t, 20);
  tamper(db, `UPDATE audit_log SET detail = '{"n":999}' WHERE seq = 12`);
  const result = await verifyAuditChain(db, { batchSize: 5 });
  assert.equal(result.ok, false);
  assert.deepEqual(messages(result), ['entry 12: hash mismatch (edited)']);
});

test('deleted rows and their links are found as the missing range', async (t) => {
  const db = await chainOf(t, 20);
  tamper(db, 'DELETE FROM audit_chain WHERE seq IN (13, 14); DELETE FROM audit_log WHERE seq IN (13, 14)');
  const result = await verifyAuditChain(db, { batchSize: 4 });
  assert.deepEqual(messages(result), ['entries 13–14 missing (deleted)']);
  assert.deepEqual(result.findings[0], { kind: 'missing', seq: 13, toSeq: 14, message: 'entries 13–14 missing (deleted)' });
});

test('a deleted row whose link remains is found too, merged with a neighbouring deletion', async (t) => {
  const db = await chainOf(t, 10);
  tamper(db, 'DELETE FROM audit_log WHERE seq IN (4, 5); DELETE FROM audit_chain WHERE seq = 5');
  assert.deepEqual(messages(await verifyAuditChain(db)), ['entries 4–5 missing (deleted)']);
});

test('deleting the first entries is found against the genesis hash', async (t) => {
  const db = await chainOf(t, 5);
  tamper(db, 'DELETE FROM audit_chain WHERE seq <= 2; DELETE FROM audit_log WHERE seq <= 2');
  assert.deepEqual(messages(await verifyAuditChain(db)), ['entries 1–2 missing (deleted)']);
});

test('a row rewritten together with its hash breaks the link from the next entry', async (t) => {
  const db = await chainOf(t, 6);
  const row = db.prepare<[], AuditRow & { prev_hash: string }>(
    'SELECT l.seq, l.at, l.actor, l.action, l.source, l.detail, c.prev_hash FROM audit_log l JOIN audit_chain c USING (seq) WHERE seq = 3',
  ).get() as AuditRow & { prev_hash: string };
  const forged = { ...toAuditRecord(row), detail: { n: 'forged' } };
  tamper(db, `UPDATE audit_log SET detail = '{"n":"forged"}' WHERE seq = 3;
              UPDATE audit_chain SET entry_hash = '${auditEntryHash(row.prev_hash, forged)}' WHERE seq = 3`);
  assert.deepEqual(messages(await verifyAuditChain(db)), ["entry 4: chain broken (its prevHash is not entry 3's hash: entry 3 was rewritten)"]);
});

test('entries cut off the end are found against a head recorded elsewhere', async (t) => {
  const db = await chainOf(t, 8);
  const recorded = db.prepare<[], { seq: number; entryHash: string }>('SELECT seq, entry_hash AS entryHash FROM audit_chain WHERE seq = 8').get();
  assert.ok(recorded);
  tamper(db, 'DELETE FROM audit_chain WHERE seq >= 7; DELETE FROM audit_log WHERE seq >= 7');
  assert.equal((await verifyAuditChain(db)).ok, true, 'a truncated tail is invisible without an outside head');
  assert.deepEqual(messages(await verifyAuditChain(db, { expectedHead: recorded })), ['entries 7–8 missing (deleted after the recorded head)']);
});

test('a row written around the adapter is reported as outside the chain', async (t) => {
  const db = await chainOf(t, 3);
  db.prepare("INSERT INTO audit_log (at, actor, action, source, detail) VALUES (0, 'mallory', 'search', 'system', '{}')").run();
  assert.deepEqual(messages(await verifyAuditChain(db)), ['entry 4: not in the hash chain (written around the audit log)']);
});

test('progress is reported per batch and findings are capped but counted', async (t) => {
  const db = await chainOf(t, 9);
  tamper(db, `UPDATE audit_log SET detail = '{}' WHERE seq IN (2, 4, 6)`);
  const progress: number[] = [];
  const result = await verifyAuditChain(db, { batchSize: 4, maxFindings: 2, onProgress: (n) => progress.push(n) });
  assert.deepEqual(progress, [4, 8, 9]);
  assert.equal(result.findingCount, 3);
  assert.deepEqual(messages(result), ['entry 2: hash mismatch (edited)', 'entry 4: hash mismatch (edited)']);
});
