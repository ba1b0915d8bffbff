import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleRuleSet } from '../test-support/fakes.js';
import { auditRows, startTestApi } from '../test-support/harness.js';

interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

test('admins, officers and auditors see the active rule set', async (t) => {
  const api = await startTestApi(t);
  for (const role of ['admin', 'officer', 'auditor'] as const) {
    const res = await api.request('/api/v1/rules', role);
    assert.equal(res.status, 200, role);
    assert.deepEqual(await res.json(), sampleRuleSet('rules-v1'));
  }
  assert.equal((await api.request('/api/v1/rules')).status, 401);
});

test('an admin reloads the rules: the new version is answered and the reload audited', async (t) => {
  const api = await startTestApi(t);
  const res = await api.request('/api/v1/rules/reload', 'admin', { method: 'POST' });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { version: 'rules-v2', previousVersion: 'rules-v1', loadedAt: '2024-05-01T09:00:00.000Z', rules: 2 });
  assert.equal(api.rules.current().version, 'rules-v2');
  assert.deepEqual(auditRows(api.db), [{ actor: 'ada-admin', action: 'rules.reload', detail: { activeVersion: 'rules-v1' } }]);
});

test('a reload with invalid rule files is a 422 with the reasons, keeping the active set', async (t) => {
  const api = await startTestApi(t);
  const errors = [{ file: 'rules/dlp/pci.yaml', line: 12, message: 'severity must be low, medium, high or critical' }];
  api.rules.nextReload = { ok: false, errors };
  const res = await api.request('/api/v1/rules/reload', 'admin', { method: 'POST' });
  assert.equal(res.status, 422);
  const body = (await res.json()) as ErrorJson;
  assert.equal(body.error.code, 'rules_invalid');
  assert.deepEqual(body.error.details, { errors, activeVersion: 'rules-v1' });
  assert.equal(api.rules.current().version, 'rules-v1');
  assert.equal(auditRows(api.db).length, 1);
});

test('only admins reload, and a reload that cannot be audited is not attempted', async (t) => {
  const api = await startTestApi(t, {
    audit: { append: async (entry) => (entry.action === 'rules.reload' ? Promise.reject(new Error('disk full')) : undefined), list: async () => [] },
  });
  assert.equal((await api.request('/api/v1/rules/reload', 'officer', { method: 'POST' })).status, 403);
  assert.equal((await api.request('/api/v1/rules/reload', 'admin', { method: 'POST' })).status, 500);
  assert.equal(api.rules.reloads, 0);
});
