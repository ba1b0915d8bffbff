import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { createAuthAudit } from '../../audit/auth-audit.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import type { ExpiredBatchRequest, ExpiredMessage, ExpiredMessages } from '../../retention/expiry/expired-messages.js';
import { deletionFixture, type DeletionFixture } from '../../retention/deletion/deletion-fixture.js';
import { SqliteSweepStore } from '../../retention/sweep/sqlite-sweep-store.js';
import type { SweepRun } from '../../retention/sweep/sweep-run.js';
import { Sweeper } from '../../retention/sweep/sweeper.js';
import { createRequireRole } from '../auth-middleware.js';
import { createErrorMiddleware } from '../error-middleware.js';
import { startApiServer } from '../start-api-server.js';
import { createSweepsRouter } from './sweeps.js';

type Role = 'admin' | 'officer' | 'auditor';

/** Every archived message expired on 2029-01-01 under `mail-7y`, in archive-id order. */
class AllExpired implements ExpiredMessages {
  constructor(private readonly f: DeletionFixture) {}

  async expiredBatch(request: ExpiredBatchRequest): Promise<ExpiredMessage[]> {
    const rows = this.f.db
      .prepare<[string, number], { id: string }>('SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?')
      .all(request.after?.messageId ?? '', request.limit);
    return rows.map((row) => ({ messageId: row.id, policyId: 'mail-7y', expiresAt: '2029-01-01T00:00:00.000Z' }));
  }
}

/** The sweeps router on the real auth guard and error middleware, over a real deletion path. */
async function startSweepsApi(t: TestContext) {
  const f = deletionFixture(t);
  const sweeper = new Sweeper({
    expired: new AllExpired(f), deleter: f.deleter, holds: f.holds, expiriesCurrent: async () => undefined, store: new SqliteSweepStore(f.db, f.writer), audit: f.audit, batchSize: 2,
  });
  const tokenStore = createSqliteTokenStore(f.db);
  const tokens: Record<Role, string> = {
    admin: (await tokenStore.create('ada-admin', 'admin')).token,
    officer: (await tokenStore.create('olga-officer', 'officer')).token,
    auditor: (await tokenStore.create('aldo-auditor', 'auditor')).token,
  };
  const app = express();
  app.use(express.json());
  app.use(createSweepsRouter({ sweeper, tombstones: f.tombstones, audit: f.audit, requireRole: createRequireRole(tokenStore, createAuthAudit({ audit: f.audit })) }));
  app.use(createErrorMiddleware(pino({ level: 'silent' })));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(() => server.close());
  const request = (path: string, as: Role | null, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (as !== null) headers.set('Authorization', `Bearer ${tokens[as]}`);
    if (init.body !== undefined) headers.set('Content-Type', 'application/json');
    return fetch(`${server.url}${path}`, { ...init, headers });
  };
  const audited = (action: string) =>
    (f.db.prepare('SELECT actor, source, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Array<{ actor: string; source: string; detail: string }>)
      .map((row) => ({ actor: row.actor, source: row.source, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  return { f, sweeper, request, audited };
}

/** Polls the run until it ends, each poll after the previous answer (no timers). */
async function finished(request: (path: string, as: Role) => Promise<Response>, id: string): Promise<SweepRun> {
  for (;;) {
    const run = (await (await request(`/retention/sweeps/${id}`, 'admin')).json()) as SweepRun;
    if (run.status === 'finished' || run.status === 'failed') return run;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('an admin starts a dry run, follows it, pages its list, and every step is audited', async (t) => {
  const { f, request, audited } = await startSweepsApi(t);
  const free = [await f.archive(1), await f.archive(2)].sort();
  await f.archive(3, 'custodian@example.com');
  const holdId = await f.hold('custodian@example.com');

  const res = await request('/retention/sweeps', 'admin', { method: 'POST', body: JSON.stringify({ dryRun: true }) });
  assert.equal(res.status, 202);
  const { id, dryRun } = (await res.json()) as { id: string; dryRun: boolean };
  assert.equal(dryRun, true);
  const run = await finished(request, id);
  assert.deepEqual([run.status, run.examined, run.deleted, run.held], ['finished', 3, 2, 1]);

  const seen: string[] = [];
  let after: string | null = null;
  do {
    const page = (await (await request(`/retention/sweeps/${id}/candidates?limit=1${after ? `&after=${after}` : ''}`, 'auditor')).json()) as { candidates: Array<{ messageId: string; policyId: string }>; nextCursor: string | null };
    seen.push(...page.candidates.map((c) => c.messageId));
    after = page.nextCursor;
  } while (after !== null);
  assert.deepEqual(seen, free, 'in the order found: archive-id order here');
  const heldPage = (await (await request(`/retention/sweeps/${id}/candidates?include=held`, 'admin')).json()) as { candidates: Array<{ holds: string[] }> };
  assert.deepEqual(heldPage.candidates.map((c) => c.holds), [[holdId]]);

  assert.deepEqual(audited('retention.sweep'), [{ actor: 'ada-admin', source: '127.0.0.1', detail: { id, dryRun: true } }]);
  // Three pages of one (the last empty) and the held page.
  assert.equal(audited('retention.sweep.candidates').length, 4);
  assert.equal(await f.index.count(), 3, 'a dry run deletes nothing');
});

test('a real sweep through the API leaves tombstones that auditors and officers page through, audited', async (t) => {
  const { f, request, audited } = await startSweepsApi(t);
  const ids = [await f.archive(1), await f.archive(2), await f.archive(3)];
  const res = await request('/retention/sweeps', 'admin', { method: 'POST', body: '{}' });
  assert.equal(res.status, 202);
  const { id } = (await res.json()) as { id: string };
  assert.equal((await finished(request, id)).deleted, 3);
  assert.equal((await request(`/retention/sweeps/${id}/candidates`, 'admin')).status, 400, 'a real sweep keeps no candidate list');

  const page = (await (await request('/tombstones?reason=retention&policyId=mail-7y&limit=2', 'auditor')).json()) as { tombstones: Array<{ messageId: string }>; nextCursor: string };
  assert.equal(page.tombstones.length, 2);
  const rest = (await (await request(`/tombstones?after=${page.nextCursor}`, 'officer')).json()) as { tombstones: Array<{ messageId: string }>; nextCursor: null };
  assert.deepEqual([...page.tombstones, ...rest.tombstones].map((x) => x.messageId).sort(), [...ids].sort());
  assert.equal(rest.nextCursor, null);
  assert.deepEqual(audited('tombstone.list').map((a) => [a.actor, (a.detail.returnedIds as string[]).length]), [['aldo-auditor', 2], ['olga-officer', 1]]);
});

test('only admins start sweeps; bad bodies, ids, filters and cursors are a 400; unknown sweeps a 404', async (t) => {
  const { request } = await startSweepsApi(t);
  for (const role of ['officer', 'auditor'] as const) {
    assert.equal((await request('/retention/sweeps', role, { method: 'POST', body: '{}' })).status, 403, role);
  }
  assert.equal((await request('/retention/sweeps', null, { method: 'POST', body: '{}' })).status, 401);
  assert.equal((await request('/retention/sweeps', 'admin', { method: 'POST', body: JSON.stringify({ dryRun: 'yes' }) })).status, 400);
  assert.equal((await request('/retention/sweeps', 'admin', { method: 'POST', body: JSON.stringify({ force: true }) })).status, 400);
  assert.equal((await request('/retention/sweeps/not-a-uuid', 'admin')).status, 400);
  assert.equal((await request('/retention/sweeps/8a3c5f8e-1f0b-4c57-9a57-2f1f0f6f4c11', 'admin')).status, 404);
  assert.equal((await request('/retention/sweeps/8a3c5f8e-1f0b-4c57-9a57-2f1f0f6f4c11', 'officer')).status, 403);
  for (const query of ['reason=gone', 'after=abc', 'limit=0', 'deletedFrom=yesterday', 'colour=red']) {
    assert.equal((await request(`/tombstones?${query}`, 'auditor')).status, 400, query);
  }
});
