import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { freshDatabase } from '../../test/support/fresh-database.js';
import { createAuthAudit } from '../audit/auth-audit.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import { createSqliteTokenStore } from '../auth/sqlite-token-store.js';
import { createRequireRole, principalOf } from './auth-middleware.js';
import { createErrorMiddleware } from './error-middleware.js';
import { startApiServer } from './start-api-server.js';

/** One admin-only route behind the real guard, on a real database; `trustProxy` as the app would set it. */
async function startGuarded(t: TestContext, trustProxy: boolean) {
  const { db } = freshDatabase(t, 'auth-mw');
  const tokens = createSqliteTokenStore(db);
  const admin = (await tokens.create('ada-admin', 'admin')).token;
  const auditor = (await tokens.create('aldo-auditor', 'auditor')).token;
  const app = express();
  app.set('trust proxy', trustProxy);
  const requireRole = createRequireRole(tokens, createAuthAudit({ audit: createSqliteAuditLog(db) }));
  app.get('/api/v1/queue', requireRole('admin'), (req, res) => void res.json({ name: principalOf(req).name }));
  app.use(createErrorMiddleware(pino({ level: 'silent' })));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(() => server.close());
  const rows = () =>
    db
      .prepare<[], { actor: string; action: string; source: string; detail: string }>('SELECT actor, action, source, detail FROM audit_log ORDER BY seq')
      .all()
      .map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  const get = (headers: Record<string, string> = {}) => fetch(`${server.url}/api/v1/queue?x=1`, { headers });
  return { admin, auditor, rows, get };
}

test('a missing, unknown or under-privileged token is refused and audited once per source and reason per minute', async (t) => {
  const api = await startGuarded(t, false);
  assert.equal((await api.get()).status, 401);
  assert.equal((await api.get()).status, 401);
  assert.equal((await api.get({ Authorization: 'Bearer not-a-token' })).status, 401);
  assert.equal((await api.get({ Authorization: `Bearer ${api.auditor}` })).status, 403);
  assert.deepEqual(
    api.rows().map(({ actor, action, source, detail }) => ({ actor, action, source, detail })),
    [
      { actor: 'anonymous', action: 'auth.refused', source: '127.0.0.1', detail: { reason: 'missing-token', method: 'GET', path: '/api/v1/queue', suppressed: 0 } },
      { actor: 'anonymous', action: 'auth.refused', source: '127.0.0.1', detail: { reason: 'invalid-token', method: 'GET', path: '/api/v1/queue', suppressed: 0 } },
      {
        actor: 'aldo-auditor',
        action: 'auth.refused',
        source: '127.0.0.1',
        detail: { reason: 'role-not-allowed', method: 'GET', path: '/api/v1/queue', tokenId: api.rows()[2]?.detail.tokenId, role: 'auditor', suppressed: 0 },
      },
    ],
  );
});

test('an admitted token is recorded on its first use of the day, not on every request', async (t) => {
  const api = await startGuarded(t, false);
  for (let i = 0; i < 3; i++) assert.equal((await api.get({ Authorization: `Bearer ${api.admin}` })).status, 200);
  assert.deepEqual(api.rows().map(({ actor, action, source }) => [actor, action, source]), [['ada-admin', 'auth.first-use', '127.0.0.1']]);
});

test('the source follows the trust proxy setting: a forwarded address counts only behind a trusted proxy', async (t) => {
  const direct = await startGuarded(t, false);
  await direct.get({ 'X-Forwarded-For': '203.0.113.50' });
  assert.equal(direct.rows()[0]?.source, '127.0.0.1');
  const proxied = await startGuarded(t, true);
  await proxied.get({ 'X-Forwarded-For': '203.0.113.50' });
  assert.equal(proxied.rows()[0]?.source, '203.0.113.50');
});
