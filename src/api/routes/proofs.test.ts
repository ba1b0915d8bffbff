import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { createAuthAudit } from '../../audit/auth-audit.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import { integrityFixture } from '../../integrity/test-support/integrity-fixture.js';
import { verifyProofBundle } from '../../integrity/verify-proof-bundle.js';
import { createRequireRole } from '../auth-middleware.js';
import { createErrorMiddleware } from '../error-middleware.js';
import { startApiServer } from '../start-api-server.js';
import { createProofsRouter } from './proofs.js';

type Role = 'admin' | 'officer' | 'auditor';

/** The proofs router on the real auth guard and error middleware, over a real ledger and checkpoints. */
async function startProofsApi(t: TestContext) {
  const fx = integrityFixture(t);
  const audit = createSqliteAuditLog(fx.db);
  const tokenStore = createSqliteTokenStore(fx.db);
  const tokens: Record<Role, string> = {
    admin: (await tokenStore.create('ada-admin', 'admin')).token,
    officer: (await tokenStore.create('olga-officer', 'officer')).token,
    auditor: (await tokenStore.create('aldo-auditor', 'auditor')).token,
  };
  const app = express();
  app.use(createProofsRouter({ proofs: fx.proofs, audit, requireRole: createRequireRole(tokenStore, createAuthAudit({ audit })) }));
  app.use(createErrorMiddleware(pino({ level: 'silent' })));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(() => server.close());
  const request = (path: string, as: Role | null) =>
    fetch(`${server.url}${path}`, { headers: as === null ? {} : { Authorization: `Bearer ${tokens[as]}` } });
  const audited = () =>
    (fx.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'proof.read' ORDER BY seq").all() as Array<{ actor: string; detail: string }>)
      .map((row) => ({ actor: row.actor, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  return { fx, request, audited };
}

test('an auditor downloads a proof bundle that verifies against the original, and the read is audited', async (t) => {
  const { fx, request, audited } = await startProofsApi(t);
  await fx.archive(0, 5);
  await fx.checkpoints.createCheckpoint();
  const res = await request(`/messages/${fx.original(3).id}/proof`, 'auditor');
  assert.equal(res.status, 200);
  const result = await verifyProofBundle(await res.json(), { originalBytes: fx.original(3).bytes, trustedPublicKey: fx.key.publicKeyPem });
  assert.ok(result.ok);
  assert.deepEqual(audited(), [{ actor: 'aldo-auditor', detail: { id: fx.original(3).id, treeSize: 5, leafIndex: 3 } }]);
});

test('officers and admins may read proofs; anonymous callers may not', async (t) => {
  const { fx, request } = await startProofsApi(t);
  await fx.archive(0, 1);
  await fx.checkpoints.createCheckpoint();
  const path = `/messages/${fx.original(0).id}/proof`;
  assert.equal((await request(path, 'officer')).status, 200);
  assert.equal((await request(path, 'admin')).status, 200);
  assert.equal((await request(path, null)).status, 401);
});

test('an unknown, uncheckpointed or malformed id is answered precisely and not audited', async (t) => {
  const { fx, request, audited } = await startProofsApi(t);
  assert.equal((await request(`/messages/${fx.original(0).id}/proof`, 'auditor')).status, 404);
  await fx.archive(0, 1);
  const pending = await request(`/messages/${fx.original(0).id}/proof`, 'auditor');
  assert.equal(pending.status, 404);
  assert.deepEqual(((await pending.json()) as { error: { details: unknown } }).error.details, { reason: 'not-checkpointed', seq: 1 });
  assert.equal((await request('/messages/NOT-HEX/proof', 'auditor')).status, 400);
  assert.deepEqual(audited(), []);
});
