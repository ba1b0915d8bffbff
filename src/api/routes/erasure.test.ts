import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { createAuthAudit } from '../../audit/auth-audit.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import type { ErasureMessage, ErasureRequest } from '../../erasure/erasure-request.js';
import { ErasureService } from '../../erasure/erasure-service.js';
import { SqliteErasureStore } from '../../erasure/sqlite/sqlite-erasure-store.js';
import { createSqliteSubjectResolver } from '../../erasure/sqlite/sqlite-subject-resolver.js';
import { deletionFixture, type DeletionFixture } from '../../retention/deletion/deletion-fixture.js';
import { createRequireRole } from '../auth-middleware.js';
import { createErrorMiddleware } from '../error-middleware.js';
import { startApiServer } from '../start-api-server.js';
import { createErasureRouter } from './erasure.js';

interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

type As = 'olga' | 'otto' | 'aldo' | 'ada' | null;

interface Api {
  f: DeletionFixture;
  erasure: ErasureService;
  call(method: string, path: string, as: As, body?: unknown): Promise<Response>;
}

/** The erasure router mounted as app.ts mounts routers, with the real role guard, error middleware and deletion path. */
async function startErasureApi(t: TestContext): Promise<Api> {
  const f = deletionFixture(t);
  const tokenStore = createSqliteTokenStore(f.db);
  const tokens: Record<Exclude<As, null>, string> = {
    olga: (await tokenStore.create('olga-officer', 'officer')).token,
    otto: (await tokenStore.create('otto-officer', 'officer')).token,
    aldo: (await tokenStore.create('aldo-auditor', 'auditor')).token,
    ada: (await tokenStore.create('ada-admin', 'admin')).token,
  };
  const logger = pino({ level: 'silent' });
  const erasure = new ErasureService({
    store: new SqliteErasureStore(f.db, f.writer), resolver: createSqliteSubjectResolver(f.db), deleter: f.deleter, audit: f.audit, logger,
  });
  const app = express();
  app.use('/api/v1', express.json({ limit: '16kb', strict: true }), createErasureRouter({ erasure, audit: f.audit, requireRole: createRequireRole(tokenStore, createAuthAudit({ audit: f.audit })) }));
  app.use(createErrorMiddleware(logger));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(async () => {
    await server.close();
    await erasure.stop();
  });
  return {
    f,
    erasure,
    call(method, path, as, body) {
      const headers = new Headers();
      if (as !== null) headers.set('Authorization', `Bearer ${tokens[as]}`);
      if (body !== undefined) headers.set('Content-Type', 'application/json');
      return fetch(`${server.url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
  };
}

/** Erasure audit entries, oldest first, straight from the table. */
function erasureTrail(f: DeletionFixture): Array<[string, string]> {
  return (f.db.prepare(`SELECT actor, action FROM audit_log WHERE action LIKE 'erasure.%' ORDER BY seq`).all() as Array<{ actor: string; action: string }>)
    .map((row) => [row.action, row.actor]);
}

async function errorOf(res: Response): Promise<ErrorJson['error']> {
  return ((await res.json()) as ErrorJson).error;
}

test('one officer requests, the same officer is refused with 403 four-eyes, a second approves, and the outcome and refusals are readable', async (t) => {
  const api = await startErasureApi(t);
  // Every fixture message is journaled with hr@example.com as a Bcc recipient: that is the subject.
  const erased = await api.f.archive(1, 'dana@example.com');
  const held = await api.f.archive(2, 'carol@example.com');
  const holdId = await api.f.hold('carol@example.com');

  const created = await api.call('POST', '/erasure-requests', 'olga', { subject: 'HR@example.com', reason: 'DSR-2024-17' });
  assert.equal(created.status, 201);
  const request = (await created.json()) as ErasureRequest;
  assert.equal(request.state, 'pending');
  assert.equal(request.subject, 'hr@example.com');
  assert.equal(request.requestedBy, 'olga-officer');

  const own = await api.call('POST', `/erasure-requests/${request.id}/approve`, 'olga');
  assert.equal(own.status, 403);
  assert.deepEqual(await errorOf(own), {
    code: 'four_eyes', message: 'Four eyes: the officer who requested an erasure may not approve it; a second officer must.', details: { rule: 'four-eyes' },
  });

  const approved = await api.call('POST', `/erasure-requests/${request.id}/approve`, 'otto');
  assert.equal(approved.status, 202);
  assert.equal(((await approved.json()) as ErasureRequest).state, 'approved');
  await api.erasure.drain();
  assert.equal((await api.call('POST', `/erasure-requests/${request.id}/approve`, 'otto')).status, 409);

  const read = await api.call('GET', `/erasure-requests/${request.id}?outcome=refused`, 'aldo');
  assert.equal(read.status, 200);
  const body = (await read.json()) as { request: ErasureRequest; messages: ErasureMessage[]; nextCursor: string | null };
  assert.equal(body.request.state, 'partially-executed');
  assert.equal(body.request.decidedBy, 'otto-officer');
  assert.deepEqual(body.request.progress, { resolved: true, messages: 2, processed: 2, deleted: 1, refused: 1 });
  assert.deepEqual(body.messages, [{ messageId: held, outcome: 'refused', refusal: { reason: 'held', detail: `under legal hold ${holdId}` } }]);
  assert.equal(body.nextCursor, null);
  assert.equal(await api.f.index.get(erased), null);
  assert.ok(await api.f.index.get(held));

  assert.deepEqual(erasureTrail(api.f), [
    ['erasure.request', 'olga-officer'],
    ['erasure.denied', 'olga-officer'],
    ['erasure.approve', 'otto-officer'],
    ['erasure.execute', 'otto-officer'],
    ['erasure.complete', 'otto-officer'],
    ['erasure.read', 'aldo-auditor'],
  ]);
});

test('requests are listed newest first, by state and page, to officers and auditors, and each list is audited with the ids it returned', async (t) => {
  const api = await startErasureApi(t);
  const id = await api.f.archive(1);
  const ids: string[] = [];
  for (const reason of ['first', 'second', 'third']) {
    const res = await api.call('POST', '/erasure-requests', 'olga', { messageIds: [id], reason });
    ids.push(((await res.json()) as ErasureRequest).id);
  }
  assert.equal((await api.call('POST', `/erasure-requests/${ids[0]}/reject`, 'otto', { reason: 'Art. 17(3)(e)' })).status, 200);

  const seen: string[] = [];
  let after: string | null = null;
  do {
    const res = await api.call('GET', `/erasure-requests?state=pending&limit=1${after === null ? '' : `&after=${after}`}`, 'aldo');
    assert.equal(res.status, 200);
    const page = (await res.json()) as { requests: ErasureRequest[]; nextCursor: string | null };
    seen.push(...page.requests.map((r) => r.id));
    after = page.nextCursor;
  } while (after !== null);
  assert.deepEqual(seen, [ids[2], ids[1]]);

  const rejected = (await (await api.call('GET', '/erasure-requests?state=rejected', 'olga')).json()) as { requests: ErasureRequest[] };
  assert.deepEqual(rejected.requests.map((r) => [r.id, r.decisionReason]), [[ids[0], 'Art. 17(3)(e)']]);
  const listed = api.f.db.prepare(`SELECT detail FROM audit_log WHERE action = 'erasure.list' ORDER BY seq DESC LIMIT 1`).get() as { detail: string };
  assert.deepEqual(JSON.parse(listed.detail), { state: 'rejected', limit: 50, after: null, returnedIds: [ids[0]] });
});

test('only the requester may cancel, and only while pending', async (t) => {
  const api = await startErasureApi(t);
  const created = await api.call('POST', '/erasure-requests', 'olga', { messageIds: [await api.f.archive(1)], reason: 'DSR-5' });
  const { id } = (await created.json()) as ErasureRequest;

  const foreign = await api.call('POST', `/erasure-requests/${id}/cancel`, 'otto');
  assert.equal(foreign.status, 403);
  assert.deepEqual((await errorOf(foreign)).details, { rule: 'requester-only' });
  const cancelled = await api.call('POST', `/erasure-requests/${id}/cancel`, 'olga', { reason: 'duplicate of DSR-4' });
  assert.equal(cancelled.status, 200);
  assert.deepEqual(
    (({ state, decidedBy, decisionReason }: ErasureRequest) => ({ state, decidedBy, decisionReason }))((await cancelled.json()) as ErasureRequest),
    { state: 'cancelled', decidedBy: 'olga-officer', decisionReason: 'duplicate of DSR-4' },
  );
  const late = await api.call('POST', `/erasure-requests/${id}/approve`, 'otto');
  assert.equal(late.status, 409);
  assert.deepEqual((await errorOf(late)).details, { state: 'cancelled' });
});

test('bad bodies and queries are a 400, unknown requests a 404, and only officers change requests', async (t) => {
  const api = await startErasureApi(t);
  const messageId = await api.f.archive(1);
  const invalid: unknown[] = [
    { reason: 'no target' },
    { messageIds: [messageId], subject: 'dana@example.com', reason: 'both' },
    { messageIds: [messageId] },
    { messageIds: [messageId], reason: '   ' },
    { messageIds: ['not-an-id'], reason: 'x' },
    { messageIds: [], reason: 'x' },
    { subject: 'not an address', reason: 'x' },
    { subject: 'dana@example.com', reason: 'x', approveAlso: true },
  ];
  for (const body of invalid) {
    const res = await api.call('POST', '/erasure-requests', 'olga', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal((await errorOf(res)).code, 'invalid_request');
  }
  const { id } = (await (await api.call('POST', '/erasure-requests', 'olga', { messageIds: [messageId], reason: 'ok' })).json()) as ErasureRequest;
  assert.equal((await api.call('POST', `/erasure-requests/${id}/reject`, 'otto', {})).status, 400);
  for (const query of ['state=done', 'limit=0', 'after=abc', 'colour=red']) {
    assert.equal((await api.call('GET', `/erasure-requests?${query}`, 'olga')).status, 400, query);
  }
  assert.equal((await api.call('GET', `/erasure-requests/${id}?outcome=lost`, 'olga')).status, 400);
  assert.equal((await api.call('GET', '/erasure-requests/xyz', 'olga')).status, 400);
  assert.equal((await api.call('GET', `/erasure-requests/${'0'.repeat(32)}`, 'olga')).status, 404);
  assert.equal((await api.call('POST', `/erasure-requests/${'0'.repeat(32)}/approve`, 'otto')).status, 404);

  assert.equal((await api.call('POST', '/erasure-requests', 'aldo', { messageIds: [messageId], reason: 'x' })).status, 403);
  assert.equal((await api.call('POST', `/erasure-requests/${id}/approve`, 'aldo')).status, 403);
  assert.equal((await api.call('POST', `/erasure-requests/${id}/approve`, 'ada')).status, 403);
  assert.equal((await api.call('GET', '/erasure-requests', 'ada')).status, 403);
  assert.equal((await api.call('GET', '/erasure-requests', null)).status, 401);
  assert.equal((await api.call('GET', `/erasure-requests/${id}`, 'aldo')).status, 200);
  assert.ok(await api.f.index.get(messageId));
});
