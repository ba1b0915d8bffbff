import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import type { ReportRun } from '../../reports/report-run.js';
import { reportServiceFixture, type ReportServiceFixture } from '../../reports/test-support/report-service-fixture.js';
import { auditRows } from '../test-support/harness.js';
import { startRouterApi, type RouterRequest } from '../test-support/router-api.js';
import { createReportsRouter } from './reports.js';

interface ReportsApi {
  f: ReportServiceFixture;
  request: RouterRequest;
}

/** The reports router on the real report service, token store and audit log, with the app's role guard and error middleware. */
async function startReportsApi(t: TestContext): Promise<ReportsApi> {
  const f = await reportServiceFixture(t);
  const { request } = await startRouterApi(t, f.db, ({ audit, requireRole }) => [createReportsRouter({ reports: f.service, audit, requireRole })]);
  return { f, request };
}

async function errorOf(res: Response): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  return ((await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;
}

test('every role lists the reports on offer, with the ones that need a case marked', async (t) => {
  const api = await startReportsApi(t);
  for (const role of ['admin', 'officer', 'auditor'] as const) {
    const res = await api.request('/reports', role);
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: Array<{ id: string; title: string; needsCase: boolean }> };
    assert.deepEqual(items.filter((r) => r.needsCase).map((r) => r.id), ['case']);
    assert.ok(items.every((r) => r.title.length > 0));
  }
  assert.equal((await api.request('/reports', null)).status, 401);
});

test('an auditor requests a report, follows its run to done, and downloads the PDF and its signature, each download audited', async (t) => {
  const api = await startReportsApi(t);
  const res = await api.request('/reports/audit/runs', 'auditor', { from: '2024-01-01', to: '2024-02-01T00:00:00Z' });
  assert.equal(res.status, 202);
  const queued = (await res.json()) as ReportRun;
  assert.equal(res.headers.get('location'), `/api/v1/report-runs/${queued.id}`);
  assert.deepEqual([queued.state, queued.report, queued.period, queued.requestedBy], ['queued', 'audit', { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' }, 'aldo-auditor']);

  const early = await api.request(`/report-runs/${queued.id}/file`, 'auditor');
  assert.equal(early.status, 409);
  assert.deepEqual((await errorOf(early)).details, { state: 'queued' });

  await api.f.service.handleJob({ id: `report:${queued.id}`, name: 'report', payload: { runId: queued.id }, attempt: 1 });
  const done = (await (await api.request(`/report-runs/${queued.id}`, 'officer')).json()) as ReportRun;
  assert.equal(done.state, 'done');

  const pdf = await api.request(`/report-runs/${queued.id}/file`, 'officer');
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(pdf.headers.get('content-disposition'), `attachment; filename="${done.file}"`);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(createHash('sha256').update(bytes).digest('hex'), done.sha256);
  assert.equal(pdf.headers.get('x-report-sha256'), done.sha256);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');

  const sig = await api.request(`/report-runs/${queued.id}/file.sig.json`, 'auditor');
  assert.equal(sig.status, 200);
  assert.equal(((await sig.json()) as { pdf: { sha256: string } }).pdf.sha256, done.sha256);

  const list = (await (await api.request('/report-runs?report=audit', 'auditor')).json()) as { items: ReportRun[] };
  assert.deepEqual(list.items.map((run) => run.id), [queued.id]);

  assert.deepEqual(auditRows(api.f.db).map((row) => [row.actor, row.action, row.detail.file ?? null]), [
    ['aldo-auditor', 'report.generate', null],
    ['olga-officer', 'report.run.read', null],
    ['olga-officer', 'report.download', 'pdf'],
    ['aldo-auditor', 'report.download', 'signature'],
    ['aldo-auditor', 'report.runs', null],
  ]);
  assert.deepEqual(auditRows(api.f.db).find((row) => row.action === 'report.runs')?.detail.returnedIds, [queued.id]);
});

test('requests that cannot be right are refused with the code that says why, and nothing is recorded', async (t) => {
  const api = await startReportsApi(t);
  const bad = await api.request('/reports/audit/runs', 'officer', { from: '31/01/2024', to: '2024-02-01' });
  assert.equal(bad.status, 400);
  assert.equal((await errorOf(bad)).code, 'invalid_request');
  const backwards = await api.request('/reports/audit/runs', 'officer', { from: '2024-02-01', to: '2024-01-01' });
  assert.equal(backwards.status, 400);
  const unknown = await api.request('/reports/weekly-gossip/runs', 'officer', { from: '2024-01-01', to: '2024-02-01' });
  assert.equal(unknown.status, 404);
  const noCase = await api.request('/reports/case/runs', 'officer', { from: '2024-01-01', to: '2024-02-01' });
  assert.equal(noCase.status, 400);
  assert.match((await errorOf(noCase)).message, /case/);
  const missingCase = await api.request('/reports/case/runs', 'officer', { from: '2024-01-01', to: '2024-02-01', caseId: '8a1c3d53-6b0f-4a5e-9a7e-1f2b3c4d5e6f' });
  assert.equal(missingCase.status, 404);
  assert.equal((await api.request('/reports/audit/runs', 'admin', { from: '2024-01-01', to: '2024-02-01' })).status, 403);
  assert.equal((await api.request('/report-runs/8a1c3d53-6b0f-4a5e-9a7e-1f2b3c4d5e6f', 'officer')).status, 404);
  assert.equal((await api.request('/report-runs/8a1c3d53-6b0f-4a5e-9a7e-1f2b3c4d5e6f/file', 'officer')).status, 404);
  assert.equal((await api.request('/report-runs', 'admin')).status, 403);
  assert.deepEqual(auditRows(api.f.db), []);
  assert.deepEqual(api.f.enqueued, []);
});
