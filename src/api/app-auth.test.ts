import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApi } from './test-support/harness.js';

test('health answers without a token and reports its checks', async (t) => {
  const api = await startTestApi(t);
  const res = await api.request('/api/v1/health');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok', checks: { database: 'ok' } });
});

test('health answers 503 when a check fails or the check itself throws', async (t) => {
  const failing = await startTestApi(t, { health: async () => ({ ok: false, checks: { database: 'locked' } }) });
  const res = await failing.request('/api/v1/health');
  assert.equal(res.status, 503);
  assert.deepEqual(await res.json(), { status: 'unavailable', checks: { database: 'locked' } });

  const throwing = await startTestApi(t, { health: async () => Promise.reject(new Error('boom')) });
  assert.equal((await throwing.request('/api/v1/health')).status, 503);
});

test('a request without a token is refused with 401 and a Bearer challenge', async (t) => {
  const api = await startTestApi(t);
  const res = await api.request('/api/v1/messages?q=x');
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="custodian"');
  const body = (await res.json()) as { error: { code: string } };
  assert.equal(body.error.code, 'unauthorized');
});

test('an unknown, malformed or non-Bearer token is refused with 401 invalid_token', async (t) => {
  const api = await startTestApi(t);
  const wrong = `cus_${'A'.repeat(43)}`;
  for (const authorization of [`Bearer ${wrong}`, 'Bearer not-a-token', `Basic ${Buffer.from('a:b').toString('base64')}`, 'Bearer']) {
    const res = await api.request('/api/v1/messages', null, { headers: { authorization } });
    assert.equal(res.status, 401, authorization);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="custodian", error="invalid_token"');
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unauthorized');
  }
});

test('a valid token whose role the route does not admit gets 403', async (t) => {
  const api = await startTestApi(t);
  const cases = [
    ['/api/v1/messages', 'auditor'],
    ['/api/v1/queue', 'officer'],
    ['/api/v1/queue/dead-letters', 'auditor'],
    ['/api/v1/audit', 'officer'],
  ] as const;
  for (const [path, role] of cases) {
    const res = await api.request(path, role);
    assert.equal(res.status, 403, `${role} ${path}`);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'forbidden');
  }
});

test('an unknown route is a JSON 404 from the error middleware', async (t) => {
  const api = await startTestApi(t);
  for (const path of ['/api/v1/nope', '/', '/api/v2/health']) {
    const res = await api.request(path, 'admin');
    assert.equal(res.status, 404, path);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
  }
});

test('every response carries the security headers and no x-powered-by', async (t) => {
  const api = await startTestApi(t);
  for (const res of [await api.request('/api/v1/health'), await api.request('/api/v1/nope')]) {
    assert.equal(res.headers.get('x-powered-by'), null);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  }
});

test('an oversize or malformed JSON body is refused before any handler runs', async (t) => {
  const api = await startTestApi(t);
  const post = (body: string) =>
    api.request('/api/v1/queue/dead-letters/job-1/retry', 'admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const big = await post(JSON.stringify({ pad: 'x'.repeat(64 * 1024) }));
  assert.equal(big.status, 413);
  assert.equal(((await big.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  const broken = await post('{"a":');
  assert.equal(broken.status, 400);
  assert.equal(((await broken.json()) as { error: { code: string } }).error.code, 'invalid_request');
});

test('an unexpected error is a 500 internal that leaks nothing and is logged', async (t) => {
  const api = await startTestApi(t);
  api.index.search = async () => {
    throw new Error('SQLITE_CORRUPT at /var/lib/custodian/secret.db');
  };
  const res = await api.request('/api/v1/messages?q=x', 'officer');
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.deepEqual(JSON.parse(text), { error: { code: 'internal', message: 'Internal error.' } });
  assert.doesNotMatch(text, /secret|SQLITE/);
  assert.ok(api.logs.some((line) => line.level === 50 && line.code === 'internal'));
});
