import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditRecord } from '../../audit/audit-log.js';
import { auditRows, startTestApi } from '../test-support/harness.js';

test('an auditor lists the audit trail, filtered and paged, and the read is itself audited', async (t) => {
  const api = await startTestApi(t);
  await api.deps.audit.append({ actor: 'olga-officer', action: 'search', detail: { query: 'a' } });
  await api.deps.audit.append({ actor: 'olga-officer', action: 'message.read', detail: { id: 'x' } });
  await api.deps.audit.append({ actor: 'olga-officer', action: 'search', detail: { query: 'b' } });

  const res = await api.request('/api/v1/audit?action=search&afterSeq=1&limit=10', 'auditor');
  assert.equal(res.status, 200);
  const { records } = (await res.json()) as { records: AuditRecord[] };
  assert.deepEqual(
    records.map(({ seq, actor, action, detail }) => ({ seq, actor, action, detail })),
    [{ seq: 3, actor: 'olga-officer', action: 'search', detail: { query: 'b' } }],
  );
  assert.ok(!Number.isNaN(Date.parse(records[0]?.at ?? '')));
  assert.deepEqual(auditRows(api.db).at(-1), {
    actor: 'aldo-auditor',
    action: 'audit.read',
    detail: { limit: 10, afterSeq: 1, action: 'search', returned: 1 },
  });
});

test('an admin may read the audit trail; a page never contains its own read', async (t) => {
  const api = await startTestApi(t);
  const res = await api.request('/api/v1/audit', 'admin');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { records: [] });
  assert.equal(auditRows(api.db).length, 1);
});

test('invalid audit paging is a 400', async (t) => {
  const api = await startTestApi(t);
  for (const query of ['limit=0', 'afterSeq=-1', 'afterSeq=x', 'action=']) {
    assert.equal((await api.request(`/api/v1/audit?${query}`, 'auditor')).status, 400, query);
  }
});
