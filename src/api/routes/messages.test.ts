import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditLog } from '../../audit/audit-log.js';
import { parseQuery } from '../../query/parse-query.js';
import { FOREIGN_CURSOR, sampleClassification, sampleMessage } from '../test-support/fakes.js';
import { auditRows, startTestApi, type TestApi } from '../test-support/harness.js';

interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

async function withMessages(api: TestApi, ...subjects: string[]) {
  const messages = subjects.map(sampleMessage);
  for (const { raw, stored } of messages) {
    api.index.messages.set(stored.document.id, stored);
    await api.blobs.put(stored.document.id, raw);
  }
  return messages;
}

test('a search returns the hits and audits the query and every returned id', async (t) => {
  const api = await startTestApi(t);
  const [first, second] = await withMessages(api, 'Invoice', 'Contract');
  const res = await api.request('/api/v1/messages?q=invoice%20from:alice&sort=size&order=asc&limit=10', 'officer');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = (await res.json()) as { total: number; hits: Array<{ id: string }>; nextCursor: string | null };
  const ids = [first?.stored.document.id, second?.stored.document.id];
  assert.equal(body.total, 2);
  assert.deepEqual(body.hits.map((hit) => hit.id), ids);
  assert.equal(body.nextCursor, null);

  assert.deepEqual(api.index.searches, [
    { query: { type: 'text', field: 'any', value: 'invoice from:alice', phrase: false, prefix: false }, sort: 'size', order: 'asc', limit: 10, after: null },
  ]);
  assert.deepEqual(auditRows(api.db), [
    {
      actor: 'olga-officer',
      action: 'search',
      detail: { query: 'invoice from:alice', sort: 'size', order: 'asc', limit: 10, after: null, total: 2, returnedIds: ids },
    },
  ]);
});

test('a search defaults to newest received first, 50 a page', async (t) => {
  const api = await startTestApi(t);
  assert.equal((await api.request('/api/v1/messages', 'admin')).status, 200);
  assert.deepEqual(api.index.searches[0], { query: { type: 'all' }, sort: 'received', order: 'desc', limit: 50, after: null });
});

test('a query syntax error is a 400 with the position, and nothing is searched or audited', async (t) => {
  const api = await startTestApi(t);
  const res = await api.request(`/api/v1/messages?q=${encodeURIComponent('subject:a)')}`, 'officer');
  assert.equal(res.status, 400);
  const body = (await res.json()) as ErrorJson;
  assert.equal(body.error.code, 'query_syntax');
  assert.deepEqual(body.error.details, { position: 9, reason: 'unbalanced-parenthesis' });
  assert.equal(api.index.searches.length, 0);
  assert.deepEqual(auditRows(api.db), []);
});

test("the real parser's syntax errors reach the client as query_syntax with their position", async (t) => {
  const api = await startTestApi(t, { parseQuery });
  const res = await api.request(`/api/v1/messages?q=${encodeURIComponent('subject:"abc')}`, 'officer');
  assert.equal(res.status, 400);
  const body = (await res.json()) as ErrorJson;
  assert.equal(body.error.code, 'query_syntax');
  assert.equal(body.error.details?.position, 8);
});

test('invalid search parameters are a 400 invalid_request naming the parameter', async (t) => {
  const api = await startTestApi(t);
  for (const query of ['limit=0', 'limit=1001', 'limit=ten', 'sort=subject', 'order=up', 'qq=typo', 'q=a&q=b']) {
    const res = await api.request(`/api/v1/messages?${query}`, 'officer');
    assert.equal(res.status, 400, query);
    const body = (await res.json()) as ErrorJson;
    assert.equal(body.error.code, 'invalid_request', query);
    assert.ok(Array.isArray(body.error.details?.issues), query);
  }
});

test('a cursor the index cannot use is a 400', async (t) => {
  const api = await startTestApi(t);
  const res = await api.request(`/api/v1/messages?after=${FOREIGN_CURSOR}`, 'officer');
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as ErrorJson).error.code, 'invalid_request');
});

test('reading a message returns document, events and parts, and is audited', async (t) => {
  const api = await startTestApi(t);
  const [message] = await withMessages(api, 'Invoice');
  const id = message?.stored.document.id ?? '';
  const res = await api.request(`/api/v1/messages/${id}`, 'auditor');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(await res.json(), {
    document: message?.stored.document,
    events: message?.stored.events,
    parts: [{ contentType: 'text/plain', size: message?.raw.length }],
  });
  assert.deepEqual(auditRows(api.db), [{ actor: 'aldo-auditor', action: 'message.read', detail: { id } }]);
});

test('the message view carries the classification, and search hits its verdict', async (t) => {
  const api = await startTestApi(t);
  const [message] = await withMessages(api, 'Cards');
  const id = message?.stored.document.id ?? '';
  const view = (await (await api.request(`/api/v1/messages/${id}`, 'officer')).json()) as { document: { classification: unknown } };
  assert.deepEqual(view.document.classification, sampleClassification());
  const search = (await (await api.request('/api/v1/messages?q=cards', 'officer')).json()) as { hits: Array<Record<string, unknown>> };
  const [hit] = search.hits;
  assert.deepEqual([hit?.spamScore, hit?.spamVerdict, hit?.dlpSeverity, hit?.tags], [1.5, 'ham', 'high', ['pci']]);
});

test('downloading the original returns the identical bytes with download headers, and is audited', async (t) => {
  const api = await startTestApi(t);
  const [message] = await withMessages(api, 'Invoice');
  const id = message?.stored.document.id ?? '';
  const res = await api.request(`/api/v1/messages/${id}/raw`, 'officer');
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), message?.raw);
  assert.equal(res.headers.get('content-type'), 'message/rfc822');
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="${id}.eml"`);
  assert.equal(res.headers.get('x-content-sha256'), id);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(auditRows(api.db), [{ actor: 'olga-officer', action: 'message.raw', detail: { id, size: message?.raw.length } }]);
});

test('an id the archive does not hold is a 404, a malformed id a 400, and neither is audited', async (t) => {
  const api = await startTestApi(t);
  const absent = 'a'.repeat(64);
  for (const path of [`/api/v1/messages/${absent}`, `/api/v1/messages/${absent}/raw`]) {
    const res = await api.request(path, 'admin');
    assert.equal(res.status, 404, path);
    assert.equal(((await res.json()) as ErrorJson).error.code, 'not_found');
  }
  for (const bad of ['A'.repeat(64), 'a'.repeat(63), '..%2F..%2Fetc%2Fpasswd']) {
    const res = await api.request(`/api/v1/messages/${bad}/raw`, 'admin');
    assert.equal(res.status, 400, bad);
    assert.equal(((await res.json()) as ErrorJson).error.code, 'invalid_request');
  }
  assert.deepEqual(auditRows(api.db), []);
});

test('an indexed message whose blob is missing is a 404 that does not reveal the storage path', async (t) => {
  const api = await startTestApi(t);
  const [message] = await withMessages(api, 'Invoice');
  const id = message?.stored.document.id ?? '';
  api.blobs.blobs.delete(id);
  const res = await api.request(`/api/v1/messages/${id}/raw`, 'admin');
  assert.equal(res.status, 404);
  assert.doesNotMatch(await res.text(), /secret/);
});

test('an original failing its integrity check is withheld with a 500 integrity_failure and logged as an alert', async (t) => {
  const api = await startTestApi(t);
  const [message] = await withMessages(api, 'Invoice');
  const id = message?.stored.document.id ?? '';
  api.blobs.corrupt.add(id);
  const res = await api.request(`/api/v1/messages/${id}/raw`, 'officer');
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.equal((JSON.parse(text) as ErrorJson).error.code, 'integrity_failure');
  assert.doesNotMatch(text, /secret/);
  assert.ok(api.logs.some((line) => line.alert === 'archive-integrity' && line.level === 50));
  assert.deepEqual(auditRows(api.db), []);
});

test('a read that cannot be audited is not served', async (t) => {
  const failingAudit: AuditLog = {
    append: async (entry) => (entry.action.startsWith('auth.') ? undefined : Promise.reject(new Error('disk full'))),
    list: async () => [],
  };
  const api = await startTestApi(t, { audit: failingAudit });
  const [message] = await withMessages(api, 'Invoice');
  const id = message?.stored.document.id ?? '';
  for (const path of ['/api/v1/messages?q=invoice', `/api/v1/messages/${id}`, `/api/v1/messages/${id}/raw`]) {
    const res = await api.request(path, 'admin');
    assert.equal(res.status, 500, path);
    const text = await res.text();
    assert.equal((JSON.parse(text) as ErrorJson).error.code, 'internal');
    assert.doesNotMatch(text, /Invoice|Hello|alice/);
  }
});
