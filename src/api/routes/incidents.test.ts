import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { SqliteArchiveIndex } from '../../archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../db/group-commit.js';
import type { Incident, IncidentPage } from '../../incidents/incident-store.js';
import { sampleMessage } from '../test-support/fakes.js';
import { auditRows, startTestApi, type TestApi } from '../test-support/harness.js';

interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Archives messages through the real SQLite index, which raises their incidents; returns the incident ids. */
async function raiseIncidents(t: TestContext, api: TestApi, ...subjects: string[]): Promise<string[]> {
  const writer = new GroupCommit(api.db);
  t.after(() => writer.close());
  const index = new SqliteArchiveIndex(api.db, writer);
  const ids: string[] = [];
  for (const subject of subjects) {
    const { stored } = sampleMessage(subject);
    const document = { ...stored.document, bodyText: 'Visa 4111 1111 1111 1111', attachments: [] };
    const [event] = stored.events;
    if (event === undefined) throw new Error('sample message without an event');
    ids.push(...(await index.record(document, event)).incidentIds);
  }
  return ids;
}

const patch = (body: unknown): RequestInit => ({ method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('an officer lists incidents newest first, and the list is audited with every returned id', async (t) => {
  const api = await startTestApi(t);
  const [first, second] = await raiseIncidents(t, api, 'Cards', 'More cards');
  const res = await api.request('/api/v1/incidents?status=open&severity=high&limit=10', 'officer');
  assert.equal(res.status, 200);
  const page = (await res.json()) as IncidentPage;
  assert.equal(page.total, 2);
  assert.deepEqual(page.incidents.map((i) => i.id), [second, first]);
  assert.deepEqual(page.incidents[0]?.evidence[0]?.samples, ['**** **** **** 1881']);
  assert.equal(page.nextCursor, null);
  assert.deepEqual(auditRows(api.db), [
    {
      actor: 'olga-officer',
      action: 'incident.list',
      detail: { filter: { status: 'open', severity: 'high' }, limit: 10, after: null, total: 2, returnedIds: [second, first] },
    },
  ]);
});

test('an auditor pages through incidents with the cursor', async (t) => {
  const api = await startTestApi(t);
  const ids = await raiseIncidents(t, api, 'One', 'Two', 'Three');
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const res = await api.request(`/api/v1/incidents?limit=2${after ? `&after=${after}` : ''}`, 'auditor');
    assert.equal(res.status, 200);
    const page = (await res.json()) as IncidentPage;
    seen.push(...page.incidents.map((i) => i.id));
    after = page.nextCursor;
  } while (after !== null);
  assert.deepEqual(seen, [...ids].reverse());
});

test('bad incident filters and foreign cursors are a 400, and admins may not read incidents', async (t) => {
  const api = await startTestApi(t);
  for (const query of ['status=closed', 'severity=extreme', 'createdFrom=yesterday', 'limit=0', 'rule=x', 'after=bm90LWEtY3Vyc29y']) {
    const res = await api.request(`/api/v1/incidents?${query}`, 'officer');
    assert.equal(res.status, 400, query);
    assert.equal(((await res.json()) as ErrorJson).error.code, 'invalid_request', query);
  }
  assert.equal((await api.request('/api/v1/incidents', 'admin')).status, 403);
  assert.equal((await api.request('/api/v1/incidents')).status, 401);
  assert.deepEqual(auditRows(api.db), []);
});

test('reading one incident returns it whole and is audited; an unknown one is a 404', async (t) => {
  const api = await startTestApi(t);
  const [id = ''] = await raiseIncidents(t, api, 'Cards');
  const res = await api.request(`/api/v1/incidents/${id}`, 'auditor');
  assert.equal(res.status, 200);
  const incident = (await res.json()) as Incident;
  assert.deepEqual([incident.id, incident.ruleId, incident.pack, incident.status, incident.version], [id, 'pci-card-number-high', 'pci', 'open', 1]);
  assert.equal((await api.request(`/api/v1/incidents/${'0'.repeat(32)}`, 'auditor')).status, 404);
  assert.equal((await api.request('/api/v1/incidents/not-an-id', 'auditor')).status, 400);
  assert.deepEqual(auditRows(api.db), [{ actor: 'aldo-auditor', action: 'incident.read', detail: { id } }]);
});

test('an officer reviews an incident: status, reviewer, note and version, audited first', async (t) => {
  const api = await startTestApi(t);
  const [id = ''] = await raiseIncidents(t, api, 'Cards');
  const res = await api.request(`/api/v1/incidents/${id}`, 'officer', patch({ version: 1, status: 'dismissed', note: 'Test card number.' }));
  assert.equal(res.status, 200);
  const incident = (await res.json()) as Incident;
  assert.equal(incident.status, 'dismissed');
  assert.equal(incident.reviewer, 'olga-officer');
  assert.equal(incident.version, 2);
  assert.deepEqual(incident.notes.map((n) => [n.author, n.text]), [['olga-officer', 'Test card number.']]);
  assert.deepEqual(auditRows(api.db), [
    { actor: 'olga-officer', action: 'incident.update', detail: { id, version: 1, status: 'dismissed', note: 'Test card number.' } },
  ]);
});

test('a review based on a stale version is a 409 with the current version, and changes nothing', async (t) => {
  const api = await startTestApi(t);
  const [id = ''] = await raiseIncidents(t, api, 'Cards');
  assert.equal((await api.request(`/api/v1/incidents/${id}`, 'officer', patch({ version: 1, status: 'reviewed' }))).status, 200);
  const res = await api.request(`/api/v1/incidents/${id}`, 'officer', patch({ version: 1, status: 'dismissed', note: 'Mine.' }));
  assert.equal(res.status, 409);
  const body = (await res.json()) as ErrorJson;
  assert.equal(body.error.code, 'version_conflict');
  assert.deepEqual(body.error.details, { currentVersion: 2 });
  const stored = await api.deps.incidents.get(id);
  assert.deepEqual([stored?.status, stored?.notes], ['reviewed', []]);
});

test('a review must name a version and change something; only officers review; unknown incidents are a 404', async (t) => {
  const api = await startTestApi(t);
  const [id = ''] = await raiseIncidents(t, api, 'Cards');
  for (const body of [{ status: 'reviewed' }, { version: 1 }, { version: 1, status: 'closed' }, { version: 1, note: '  ' }, { version: 1, note: 'x', extra: true }]) {
    const res = await api.request(`/api/v1/incidents/${id}`, 'officer', patch(body));
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  assert.equal((await api.request(`/api/v1/incidents/${id}`, 'auditor', patch({ version: 1, status: 'reviewed' }))).status, 403);
  assert.equal((await api.request(`/api/v1/incidents/${id}`, 'admin', patch({ version: 1, status: 'reviewed' }))).status, 403);
  assert.equal((await api.request(`/api/v1/incidents/${'0'.repeat(32)}`, 'officer', patch({ version: 1, status: 'reviewed' }))).status, 404);
  assert.equal((await api.deps.incidents.get(id))?.version, 1);
});

test('a review that cannot be audited is not applied', async (t) => {
  const api = await startTestApi(t, { audit: { append: async (entry) => (entry.action.startsWith('auth.') ? undefined : Promise.reject(new Error('disk full'))), list: async () => [] } });
  const [id = ''] = await raiseIncidents(t, api, 'Cards');
  const res = await api.request(`/api/v1/incidents/${id}`, 'officer', patch({ version: 1, status: 'reviewed' }));
  assert.equal(res.status, 500);
  assert.equal((await api.deps.incidents.get(id))?.status, 'open');
  assert.equal((await api.request('/api/v1/incidents', 'officer')).status, 500);
});
