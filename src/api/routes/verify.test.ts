import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { createAuthAudit } from '../../audit/auth-audit.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import { createVerificationService } from '../../integrity/verify/verification-service.js';
import { smallArchive } from '../../integrity/verify/test-support/small-archive.js';
import { createRequireRole } from '../auth-middleware.js';
import { createErrorMiddleware } from '../error-middleware.js';
import { startApiServer } from '../start-api-server.js';
import { auditRows } from '../test-support/harness.js';
import { createVerifyRouter } from './verify.js';

interface RunJson {
  id: string;
  state: string;
  trigger: string;
  actor: string;
  findings: Array<{ kind: string; messageId?: string; findingSeq: number }>;
  nextAfterSeq: number | null;
  progress: Array<{ check: string; state: string }>;
}

/** The verify router mounted as the app mounts it, on a real archive, with real tokens and audit log. */
async function startVerifyApi(t: TestContext) {
  const archive = smallArchive(t);
  const tokenStore = createSqliteTokenStore(archive.db);
  const tokens = {
    admin: (await tokenStore.create('ada-admin', 'admin')).token,
    officer: (await tokenStore.create('olga-officer', 'officer')).token,
    auditor: (await tokenStore.create('aldo-auditor', 'auditor')).token,
  };
  const logger = pino({ level: 'silent' });
  const verifications = createVerificationService({ ...archive.deps, logger });
  const app = express();
  app.use('/api/v1', express.json(), createVerifyRouter({ verifications, audit: archive.audit, requireRole: createRequireRole(tokenStore, createAuthAudit({ audit: archive.audit })) }));
  app.use(createErrorMiddleware(logger));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(async () => {
    await verifications.close();
    await server.close();
  });
  const request = (path: string, as: keyof typeof tokens | null, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (as) headers.set('Authorization', `Bearer ${tokens[as]}`);
    return fetch(`${server.url}/api/v1${path}`, { ...init, headers });
  };
  const start = (body: unknown = {}) =>
    request('/integrity/verifications', 'admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** Polls the run until it has ended, as a client would. */
  const finished = async (id: string): Promise<RunJson> => {
    for (;;) {
      const body = (await (await request(`/integrity/verifications/${id}`, 'auditor')).json()) as RunJson;
      if (body.state !== 'running') return body;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  /** The audit entries this router wrote (the auth middleware writes its own). */
  const verifyAudits = () => auditRows(archive.db).filter((row) => row.action === 'integrity.verify').map((r) => [r.actor, r.action, r.detail]);
  return { archive, request, start, finished, verifyAudits };
}

test('an admin starts a verification: 202 with the run id, audited, and its findings are readable when it ends', async (t) => {
  const api = await startVerifyApi(t);
  const id = await api.archive.archive('lost');
  rmSync(api.archive.blobPath(id));
  const res = await api.start();
  assert.equal(res.status, 202);
  const body = (await res.json()) as { id: string; state: string; alreadyRunning: boolean };
  assert.equal(body.state, 'running');
  assert.equal(body.alreadyRunning, false);
  assert.equal(res.headers.get('location'), `/api/v1/integrity/verifications/${body.id}`);
  const run = await api.finished(body.id);
  assert.equal(run.state, 'findings');
  assert.equal(run.trigger, 'api');
  assert.equal(run.actor, 'ada-admin');
  assert.deepEqual(run.findings.map((f) => [f.kind, f.messageId]), [['missing-blob', id]]);
  assert.equal(run.nextAfterSeq, null);
  assert.deepEqual(api.verifyAudits(), [['ada-admin', 'integrity.verify', { skipBlobs: false }]]);
});

test('findings are paged with afterSeq', async (t) => {
  const api = await startVerifyApi(t);
  const ids = [await api.archive.archive('a'), await api.archive.archive('b')];
  for (const id of ids) rmSync(api.archive.blobPath(id));
  const { id } = (await (await api.start()).json()) as { id: string };
  await api.finished(id);
  const first = (await (await api.request(`/integrity/verifications/${id}?limit=1`, 'admin')).json()) as RunJson;
  assert.equal(first.findings.length, 1);
  assert.equal(first.nextAfterSeq, first.findings[0]?.findingSeq);
  const second = (await (await api.request(`/integrity/verifications/${id}?limit=1&afterSeq=${first.nextAfterSeq}`, 'admin')).json()) as RunJson;
  assert.deepEqual([...first.findings, ...second.findings].map((f) => f.messageId).sort(), [...ids].sort());
});

test('skipBlobs leaves the blob checks out of the run', async (t) => {
  const api = await startVerifyApi(t);
  const { id } = (await (await api.start({ skipBlobs: true })).json()) as { id: string };
  const run = await api.finished(id);
  assert.equal(run.state, 'clean');
  assert.deepEqual(run.progress.filter((p) => p.state === 'skipped').map((p) => p.check), ['index-blobs', 'orphan-blobs']);
});

test('only admins start runs; admins and auditors read them; officers neither', async (t) => {
  const api = await startVerifyApi(t);
  assert.equal((await api.request('/integrity/verifications', 'officer', { method: 'POST' })).status, 403);
  assert.equal((await api.request('/integrity/verifications', 'auditor', { method: 'POST' })).status, 403);
  assert.equal((await api.request('/integrity/verifications', null, { method: 'POST' })).status, 401);
  const { id } = (await (await api.start()).json()) as { id: string };
  await api.finished(id);
  assert.equal((await api.request(`/integrity/verifications/${id}`, 'admin')).status, 200);
  assert.equal((await api.request(`/integrity/verifications/${id}`, 'officer')).status, 403);
  const list = (await (await api.request('/integrity/verifications', 'auditor')).json()) as { runs: Array<{ id: string }> };
  assert.deepEqual(list.runs.map((r) => r.id), [id]);
});

test('an unknown run is a 404, a malformed id or body a 400', async (t) => {
  const api = await startVerifyApi(t);
  const unknown = await api.request('/integrity/verifications/00000000-0000-4000-8000-000000000000', 'admin');
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
  assert.equal((await api.request('/integrity/verifications/not-a-uuid', 'admin')).status, 400);
  assert.equal((await api.start({ skipBlobs: 'yes' })).status, 400);
  assert.equal((await api.start({ everything: true })).status, 400);
});

test('a second start while a run is going answers with the running run', async (t) => {
  const api = await startVerifyApi(t);
  for (let i = 0; i < 3; i++) await api.archive.archive(`message ${i}`);
  const [a, b] = await Promise.all([api.start(), api.start()]);
  const first = (await a.json()) as { id: string; alreadyRunning: boolean };
  const second = (await b.json()) as { id: string; alreadyRunning: boolean };
  assert.equal(second.id, first.id);
  assert.deepEqual([first.alreadyRunning, second.alreadyRunning].sort(), [false, true]);
  await api.finished(first.id);
  assert.equal(api.verifyAudits().length, 2, 'both requests are audited');
});

test('a start that cannot be audited starts nothing', async (t) => {
  const api = await startVerifyApi(t);
  api.archive.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON audit_log WHEN NEW.action = 'integrity.verify' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  assert.equal((await api.start()).status, 500);
  assert.equal(api.archive.store.list(10).length, 0);
});
