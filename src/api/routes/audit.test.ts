import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import Database from 'better-sqlite3';
import { freshDatabase } from '../../../test/support/fresh-database.js';
import type { AuditRecord } from '../../audit/audit-log.js';
import { createAuthAudit } from '../../audit/auth-audit.js';
import { createSqliteAuditChain } from '../../audit/sqlite-audit-chain.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { verifyAuditExport } from '../../audit/verify-audit-export.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import type { Db } from '../../db/open-database.js';
import { createRequireRole } from '../auth-middleware.js';
import { createErrorMiddleware } from '../error-middleware.js';
import { startApiServer } from '../start-api-server.js';
import { createAuditRouter } from './audit.js';

type Role = 'admin' | 'officer' | 'auditor';

/** The audit router on a real database, guarded by the real role middleware, as app.ts mounts it. */
async function startAuditApi(t: TestContext) {
  const { db } = freshDatabase(t, 'audit-route');
  const audit = createSqliteAuditLog(db);
  const tokenStore = createSqliteTokenStore(db);
  const tokens: Record<Role, string> = {
    admin: (await tokenStore.create('ada-admin', 'admin')).token,
    officer: (await tokenStore.create('olga-officer', 'officer')).token,
    auditor: (await tokenStore.create('aldo-auditor', 'auditor')).token,
  };
  const app = express();
  const requireRole = createRequireRole(tokenStore, createAuthAudit({ audit }));
  app.use('/api/v1', createAuditRouter({ audit, auditChain: createSqliteAuditChain(db), requireRole }));
  app.use(createErrorMiddleware(pino({ level: 'silent' })));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(() => server.close());
  return {
    db,
    audit,
    request: (path: string, as: Role | null) =>
      fetch(`${server.url}${path}`, { headers: as === null ? {} : { Authorization: `Bearer ${tokens[as]}` } }),
  };
}

/** Audit rows other than the `auth.first-use` records that admitted requests leave. */
function actions(db: Db): Array<{ actor: string; action: string; source: string; detail: Record<string, unknown> }> {
  return db
    .prepare<[], { actor: string; action: string; source: string; detail: string }>("SELECT actor, action, source, detail FROM audit_log WHERE action != 'auth.first-use' ORDER BY seq")
    .all()
    .map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

test('an auditor lists the audit trail, filtered and paged, and the read is itself audited with its source', async (t) => {
  const api = await startAuditApi(t);
  await api.audit.append({ actor: 'olga-officer', source: '198.51.100.7', action: 'search', detail: { query: 'a' } });
  await api.audit.append({ actor: 'olga-officer', source: '198.51.100.7', action: 'message.read', detail: { id: 'x' } });
  await api.audit.append({ actor: 'olga-officer', source: '198.51.100.7', action: 'search', detail: { query: 'b' } });

  const res = await api.request('/api/v1/audit?action=search&afterSeq=1&limit=10', 'auditor');
  assert.equal(res.status, 200);
  const { records } = (await res.json()) as { records: AuditRecord[] };
  assert.deepEqual(
    records.map(({ seq, actor, action, source, detail }) => ({ seq, actor, action, source, detail })),
    [{ seq: 3, actor: 'olga-officer', action: 'search', source: '198.51.100.7', detail: { query: 'b' } }],
  );
  assert.ok(!Number.isNaN(Date.parse(records[0]?.at ?? '')));
  assert.deepEqual(actions(api.db).at(-1), {
    actor: 'aldo-auditor',
    action: 'audit.read',
    source: '127.0.0.1',
    detail: { limit: 10, afterSeq: 1, action: 'search', returned: 1 },
  });
});

test('an admin may read the audit trail; a page never contains its own read', async (t) => {
  const api = await startAuditApi(t);
  const res = await api.request('/api/v1/audit?action=audit.read', 'admin');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { records: [] });
  assert.equal(actions(api.db).length, 1);
});

test('invalid audit paging and export ranges are a 400', async (t) => {
  const api = await startAuditApi(t);
  for (const query of ['limit=0', 'afterSeq=-1', 'afterSeq=x', 'action=']) {
    assert.equal((await api.request(`/api/v1/audit?${query}`, 'auditor')).status, 400, query);
  }
  for (const query of ['from=yesterday', 'to=2024-13-01', 'format=csv']) {
    assert.equal((await api.request(`/api/v1/audit/export?${query}`, 'auditor')).status, 400, query);
  }
});

test('an export streams NDJSON that verifies, and the export is audited before it is sent', async (t) => {
  const api = await startAuditApi(t);
  // More entries than one export batch, written in one transaction and chained as at a start.
  const insert = api.db.prepare("INSERT INTO audit_log (at, actor, action, source, detail) VALUES (?, 'olga-officer', 'search', '198.51.100.7', ?)");
  api.db.transaction(() => {
    for (let i = 0; i < 1200; i++) insert.run(Date.now(), JSON.stringify({ i }));
  })();
  createSqliteAuditLog(api.db);

  const res = await api.request('/api/v1/audit/export', 'auditor');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/x-ndjson/);
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="?audit-1-\d+\.ndjson"?$/);
  const lines = (await res.text()).split('\n').filter((line) => line !== '');
  const result = await verifyAuditExport(lines);
  assert.equal(result.ok, true);
  assert.equal(result.firstSeq, 1);
  // The export holds everything before its own record (the auditor's first-use came first).
  const exportRecord = actions(api.db).at(-1);
  assert.equal(exportRecord?.action, 'audit.export');
  assert.equal(exportRecord?.detail.lastSeq, result.lastSeq);
  assert.equal(lines.length, result.lastSeq);
});

test('an edited or deleted audit row shows up in the next export, by entry number', async (t) => {
  const api = await startAuditApi(t);
  for (let i = 0; i < 20; i++) await api.audit.append({ actor: 'olga-officer', source: '198.51.100.7', action: 'search', detail: { i } });
  const intruder = new Database(api.db.name);
  intruder.pragma('foreign_keys = OFF');
  intruder.exec(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_chain_no_delete;
    UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5;
    DELETE FROM audit_chain WHERE seq IN (13, 14); DELETE FROM audit_log WHERE seq IN (13, 14);`);
  intruder.close();
  const res = await api.request('/api/v1/audit/export?from=2000-01-01&to=2100-01-01T00:00:00Z', 'admin');
  const result = await verifyAuditExport((await res.text()).split('\n'));
  assert.deepEqual(result.findings.map((f) => f.message), ['entry 5: hash mismatch (edited)', 'entries 13–14 missing (deleted)']);
});

test('officers may not read or export the audit trail, and the refusal is audited', async (t) => {
  const api = await startAuditApi(t);
  assert.equal((await api.request('/api/v1/audit/export', 'officer')).status, 403);
  assert.equal((await api.request('/api/v1/audit/export', null)).status, 401);
  assert.deepEqual(
    actions(api.db).map(({ actor, action, source, detail }) => [actor, action, source, detail.reason, detail.path]),
    [
      ['olga-officer', 'auth.refused', '127.0.0.1', 'role-not-allowed', '/api/v1/audit/export'],
      ['anonymous', 'auth.refused', '127.0.0.1', 'missing-token', '/api/v1/audit/export'],
    ],
  );
});
