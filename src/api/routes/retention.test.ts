import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { createAuthAudit } from '../../audit/auth-audit.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import { SqliteRetentionReviews } from '../../retention/sqlite/sqlite-retention-reviews.js';
import { archiveMessage } from '../../retention/test-support/archive-message.js';
import { policySet } from '../../retention/test-support/policy-set.js';
import { RecordingDeleter } from '../../retention/test-support/recording-deleter.js';
import { retentionFixture } from '../../retention/test-support/retention-fixture.js';
import { createRequireRole } from '../auth-middleware.js';
import { createErrorMiddleware } from '../error-middleware.js';
import { startApiServer } from '../start-api-server.js';
import { createRetentionRouter } from './retention.js';

type Role = 'admin' | 'officer' | 'auditor';

/** The retention router in an express app with the real role guard and error middleware, over real SQLite retention. */
async function startRetentionApi(t: TestContext) {
  const set = await policySet(`policies:
  - { id: default, description: Everything else, period: { years: 7 }, action: delete }
  - { id: spam-90-days, description: Spam, scope: { spamVerdict: spam, query: 'subject:offer' }, period: { days: 90 }, action: review, priority: 10 }
`);
  const fixture = retentionFixture(t, set);
  const spam: string[] = [];
  for (const day of ['01', '02']) {
    const id = await archiveMessage(fixture.db, fixture.writer, { spam: 'spam', subject: `Offer ${day}`, receivedAt: `2024-01-${day}T00:00:00.000Z` });
    await fixture.retention.assign(id);
    spam.push(id);
  }
  const deleter = new RecordingDeleter();
  const tokenStore = createSqliteTokenStore(fixture.db);
  const tokens: Record<Role, string> = {
    admin: (await tokenStore.create('ada-admin', 'admin')).token,
    officer: (await tokenStore.create('olga-officer', 'officer')).token,
    auditor: (await tokenStore.create('aldo-auditor', 'auditor')).token,
  };
  const audit = createSqliteAuditLog(fixture.db);
  const app = express();
  app.use('/api/v1', express.json({ limit: '16kb', strict: true }), createRetentionRouter({
    retention: fixture.retention,
    reviews: new SqliteRetentionReviews({ db: fixture.db, writer: fixture.writer, deleter, clock: () => fixture.now.value }),
    audit,
    requireRole: createRequireRole(tokenStore, createAuthAudit({ audit })),
  }));
  app.use(createErrorMiddleware(pino({ level: 'silent' })));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(() => server.close());
  const request = (path: string, as: Role | null, body?: unknown) => fetch(`${server.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(as ? { Authorization: `Bearer ${tokens[as]}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { ...fixture, spam, deleter, request, version: set.version };
}

test('every role reads the policies in force, with their sources and the latest recompute', async (t) => {
  const api = await startRetentionApi(t);
  await api.retention.resume();
  await api.retention.idle();
  for (const role of ['admin', 'officer', 'auditor'] as const) {
    const res = await api.request('/retention/policies', role);
    assert.equal(res.status, 200, role);
    const body = (await res.json()) as { version: string; policies: Array<Record<string, unknown>>; recompute: { state: string; examined: number } };
    assert.equal(body.version, api.version);
    assert.deepEqual(body.policies[1], {
      id: 'spam-90-days', description: 'Spam', scope: { spamVerdict: ['spam'], query: 'subject:offer' }, period: { unit: 'days', count: 90 },
      action: 'review', priority: 10, erasable: true, source: body.policies[1]?.source,
    });
    assert.match(String(body.policies[1]?.source), /policies\.yaml:3$/);
    assert.deepEqual([body.recompute.state, body.recompute.examined], ['done', 2]);
  }
  assert.equal((await api.request('/retention/policies', null)).status, 401);
});

test('an officer lists the review queue, and the list is audited with every returned id', async (t) => {
  const api = await startRetentionApi(t);
  const res = await api.request('/retention/review?limit=1', 'officer');
  assert.equal(res.status, 200);
  const page = (await res.json()) as { items: Array<{ messageId: string; policyId: string }>; nextCursor: string };
  assert.deepEqual(page.items.map((i) => [i.messageId, i.policyId]), [[api.spam[0], 'spam-90-days']]);
  const next = (await (await api.request(`/retention/review?limit=1&after=${page.nextCursor}`, 'officer')).json()) as { items: Array<{ messageId: string }> };
  assert.deepEqual(next.items.map((i) => i.messageId), [api.spam[1]]);
  assert.deepEqual(api.audits().map((a) => [a.action, a.detail.returnedIds]), [['retention.review.list', [api.spam[0]]], ['retention.review.list', [api.spam[1]]]]);
  assert.equal((await api.request('/retention/review', 'auditor')).status, 403);
  assert.equal((await api.request('/retention/review', 'admin')).status, 403);
  assert.equal((await api.request('/retention/review?after=nonsense', 'officer')).status, 400);
});

test('an officer keeps or deletes a message, each decision audited before it is applied', async (t) => {
  const api = await startRetentionApi(t);
  const keep = await api.request(`/retention/review/${api.spam[0]}`, 'officer', { decision: 'keep', keepDays: 10, reason: 'complaint pending' });
  assert.equal(keep.status, 200);
  assert.deepEqual(await keep.json(), { messageId: api.spam[0], decision: 'keep', keptUntil: new Date(api.now.value + 10 * 86_400_000).toISOString() });
  const del = await api.request(`/retention/review/${api.spam[1]}`, 'officer', { decision: 'delete', reason: 'junk' });
  assert.equal(del.status, 200);
  const deleted = (await del.json()) as { decision: string; outcome: { deleted: Array<{ messageId: string; actor: string }> } };
  assert.deepEqual(deleted.outcome.deleted.map((d) => [d.messageId, d.actor]), [[api.spam[1], 'olga-officer']]);
  assert.deepEqual(api.audits().map((a) => [a.action, a.detail]), [
    ['retention.review.decide', { messageId: api.spam[0], decision: 'keep', keepDays: 10, reason: 'complaint pending' }],
    ['retention.review.decide', { messageId: api.spam[1], decision: 'delete', reason: 'junk' }],
  ]);
});

test('bad decisions are a 400, a message not awaiting review a 404, and only officers decide', async (t) => {
  const api = await startRetentionApi(t);
  const id = api.spam[0] ?? '';
  for (const body of [{ decision: 'keep', reason: 'r' }, { decision: 'keep', keepDays: 5, forever: true, reason: 'r' }, { decision: 'delete' }, { decision: 'archive', reason: 'r' }, { decision: 'delete', reason: 'r', extra: 1 }]) {
    const res = await api.request(`/retention/review/${id}`, 'officer', body);
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  assert.equal((await api.request('/retention/review/not-an-id', 'officer', { decision: 'delete', reason: 'r' })).status, 400);
  const missing = await api.request(`/retention/review/${'0'.repeat(64)}`, 'officer', { decision: 'keep', forever: true, reason: 'r' });
  assert.equal(missing.status, 404);
  assert.equal((await api.request(`/retention/review/${id}`, 'admin', { decision: 'delete', reason: 'r' })).status, 403);
  assert.deepEqual(api.deleter.calls, []);
});
