import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { freshDatabase } from '../../test/support/fresh-database.js';
import type { Db } from '../db/open-database.js';
import { createSqliteAuditLog } from './sqlite-audit-log.js';

async function freshDb(t: TestContext): Promise<Db> {
  return freshDatabase(t, 'audit').db;
}

test('appended entries are listed oldest first with sequence, time and detail intact', async (t) => {
  const audit = createSqliteAuditLog(await freshDb(t));
  const before = Date.now();
  await audit.append({ actor: 'olga', action: 'search', detail: { query: 'from:alice', returnedIds: ['a', 'b'] } });
  await audit.append({ actor: 'ada', action: 'queue.retry', detail: { id: 'job-1' } });
  const records = await audit.list({ limit: 10 });
  assert.deepEqual(
    records.map(({ seq, actor, action, detail }) => ({ seq, actor, action, detail })),
    [
      { seq: 1, actor: 'olga', action: 'search', detail: { query: 'from:alice', returnedIds: ['a', 'b'] } },
      { seq: 2, actor: 'ada', action: 'queue.retry', detail: { id: 'job-1' } },
    ],
  );
  assert.ok(Date.parse(records[0]?.at ?? '') >= before - 1000);
});

test('listing honours limit, afterSeq and action', async (t) => {
  const audit = createSqliteAuditLog(await freshDb(t));
  for (const action of ['search', 'message.read', 'search', 'search']) await audit.append({ actor: 'x', action, detail: {} });
  assert.deepEqual((await audit.list({ limit: 2 })).map((r) => r.seq), [1, 2]);
  assert.deepEqual((await audit.list({ limit: 10, afterSeq: 2 })).map((r) => r.seq), [3, 4]);
  assert.deepEqual((await audit.list({ limit: 10, action: 'search', afterSeq: 1 })).map((r) => r.seq), [3, 4]);
  assert.deepEqual((await audit.list({ limit: 10, action: 'audit.read' })).map((r) => r.seq), []);
});

test('the audit table refuses UPDATE and DELETE', async (t) => {
  const db = await freshDb(t);
  await createSqliteAuditLog(db).append({ actor: 'olga', action: 'search', detail: {} });
  const refused = { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'audit_log is append-only' };
  assert.throws(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run(), refused);
  assert.throws(() => db.prepare('DELETE FROM audit_log').run(), refused);
  assert.deepEqual(db.prepare('SELECT actor FROM audit_log').all(), [{ actor: 'olga' }]);
});
