import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeadLetter } from '../../queue/job-queue.js';
import { auditRows, startTestApi } from '../test-support/harness.js';

const letter = (id: string): DeadLetter => ({
  id,
  name: 'ingest',
  payload: { spoolId: id },
  attempts: 5,
  reason: 'unparseable journal report',
  failedAt: '2024-05-01T10:00:00.000Z',
});

test('an admin sees the queue counts', async (t) => {
  const api = await startTestApi(t);
  api.queue.dead.push(letter('job-1'));
  const res = await api.request('/api/v1/queue', 'admin');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { waiting: 0, active: 0, delayed: 0, dead: 1, completed: 7 });
});

test('an admin pages through the dead letters', async (t) => {
  const api = await startTestApi(t);
  api.queue.dead.push(letter('job-1'), letter('job-2'), letter('job-3'));
  const res = await api.request('/api/v1/queue/dead-letters?limit=1&offset=1', 'admin');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { items: [letter('job-2')], limit: 1, offset: 1 });
  assert.equal((await api.request('/api/v1/queue/dead-letters?offset=-1', 'admin')).status, 400);
});

test('retrying a dead letter answers 202 and is audited', async (t) => {
  const api = await startTestApi(t);
  api.queue.dead.push(letter('job-1'));
  const res = await api.request('/api/v1/queue/dead-letters/job-1/retry', 'admin', { method: 'POST' });
  assert.equal(res.status, 202);
  assert.deepEqual(await res.json(), { id: 'job-1', state: 'waiting' });
  assert.deepEqual(api.queue.retried, ['job-1']);
  assert.deepEqual(auditRows(api.db), [{ actor: 'ada-admin', action: 'queue.retry', detail: { id: 'job-1' } }]);
});

test('retrying an unknown dead letter is a 404', async (t) => {
  const api = await startTestApi(t);
  const res = await api.request('/api/v1/queue/dead-letters/job-9/retry', 'admin', { method: 'POST' });
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
});

test('a retry that cannot be audited is not attempted', async (t) => {
  const api = await startTestApi(t, { audit: { append: async (entry) => (entry.action.startsWith('auth.') ? undefined : Promise.reject(new Error('disk full'))), list: async () => [] } });
  api.queue.dead.push(letter('job-1'));
  const res = await api.request('/api/v1/queue/dead-letters/job-1/retry', 'admin', { method: 'POST' });
  assert.equal(res.status, 500);
  assert.deepEqual(api.queue.retried, []);
});
