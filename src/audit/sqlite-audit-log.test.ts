import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { freshDatabase } from '../../test/support/fresh-database.js';
import type { Db } from '../db/open-database.js';
import { createSqliteAuditLog } from './sqlite-audit-log.js';
import { verifyAuditChain } from './verify-audit-chain.js';

async function freshDb(t: TestContext): Promise<Db> {
  return freshDatabase(t, 'audit').db;
}

test('appended entries are listed oldest first with sequence, time, source and detail intact', async (t) => {
  const audit = createSqliteAuditLog(await freshDb(t));
  const before = Date.now();
  await audit.append({ actor: 'olga', action: 'search', source: '203.0.113.9', detail: { query: 'from:alice', returnedIds: ['a', 'b'] } });
  await audit.append({ actor: 'ada', action: 'queue.retry', source: 'cli:ada', detail: { id: 'job-1' } });
  const records = await audit.list({ limit: 10 });
  assert.deepEqual(
    records.map(({ seq, actor, action, source, detail }) => ({ seq, actor, action, source, detail })),
    [
      { seq: 1, actor: 'olga', action: 'search', source: '203.0.113.9', detail: { query: 'from:alice', returnedIds: ['a', 'b'] } },
      { seq: 2, actor: 'ada', action: 'queue.retry', source: 'cli:ada', detail: { id: 'job-1' } },
    ],
  );
  assert.ok(Date.parse(records[0]?.at ?? '') >= before - 1000);
});

test('listing honours limit, afterSeq and action', async (t) => {
  const audit = createSqliteAuditLog(await freshDb(t));
  for (const action of ['search', 'message.read', 'search', 'search']) await audit.append({ actor: 'x', action, source: 'system', detail: {} });
  assert.deepEqual((await audit.list({ limit: 2 })).map((r) => r.seq), [1, 2]);
  assert.deepEqual((await audit.list({ limit: 10, afterSeq: 2 })).map((r) => r.seq), [3, 4]);
  assert.deepEqual((await audit.list({ limit: 10, action: 'search', afterSeq: 1 })).map((r) => r.seq), [3, 4]);
  assert.deepEqual((await audit.list({ limit: 10, action: 'audit.read' })).map((r) => r.seq), []);
});

test('the audit and chain tables refuse UPDATE and DELETE', async (t) => {
  const db = await freshDb(t);
  await createSqliteAuditLog(db).append({ actor: 'olga', action: 'search', source: 'system', detail: {} });
  const refused = (table: string) => ({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER', message: `${table} is append-only` });
  assert.throws(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run(), refused('audit_log'));
  assert.throws(() => db.prepare('DELETE FROM audit_log').run(), refused('audit_log'));
  assert.throws(() => db.prepare("UPDATE audit_chain SET entry_hash = prev_hash").run(), refused('audit_chain'));
  assert.throws(() => db.prepare('DELETE FROM audit_chain').run(), refused('audit_chain'));
  assert.deepEqual(db.prepare('SELECT actor FROM audit_log').all(), [{ actor: 'olga' }]);
});

test('every append is chained in the same transaction, and the chain verifies', async (t) => {
  const db = await freshDb(t);
  const audit = createSqliteAuditLog(db);
  for (let i = 0; i < 5; i++) await audit.append({ actor: 'olga', action: 'search', source: '203.0.113.9', detail: { n: i } });
  assert.equal((db.prepare('SELECT count(*) AS n FROM audit_chain').get() as { n: number }).n, 5);
  const result = await verifyAuditChain(db);
  assert.equal(result.ok, true);
  assert.equal(result.checked, 5);
  assert.equal(result.lastSeq, 5);
});

test('rows written before the chain existed are chained, in order, when the adapter starts', async (t) => {
  const db = await freshDb(t);
  // As migration 1 wrote them: no source, detail as plain JSON.stringify (keys not sorted).
  const legacy = db.prepare("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, 'olga', 'search', ?)");
  legacy.run(Date.parse('2024-01-01T00:00:00Z'), JSON.stringify({ z: 1, a: [2, { y: 3, b: 4 }] }));
  legacy.run(Date.parse('2024-01-02T00:00:00Z'), '{}');
  const audit = createSqliteAuditLog(db);
  assert.deepEqual(db.prepare('SELECT seq FROM audit_chain ORDER BY seq').all(), [{ seq: 1 }, { seq: 2 }]);
  await audit.append({ actor: 'ada', action: 'search', source: 'system', detail: {} });
  assert.equal((await audit.list({ limit: 1 }))[0]?.source, 'unrecorded');
  const result = await verifyAuditChain(db);
  assert.deepEqual({ ok: result.ok, checked: result.checked }, { ok: true, checked: 3 });
});

test('two connections appending in turn (appliance and CLI) still form one chain', async (t) => {
  const db = await freshDb(t);
  const other = new Database(db.name);
  t.after(() => other.close());
  const appliance = createSqliteAuditLog(db);
  const cli = createSqliteAuditLog(other);
  for (let i = 0; i < 3; i++) {
    await appliance.append({ actor: 'api', action: 'search', source: '203.0.113.9', detail: { i } });
    await cli.append({ actor: 'cli:root', action: 'token.create', source: 'cli:root', detail: { i } });
  }
  const result = await verifyAuditChain(db);
  assert.deepEqual({ ok: result.ok, checked: result.checked }, { ok: true, checked: 6 });
});
