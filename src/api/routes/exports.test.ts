import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import type { ExportService } from '../../discovery/export/export-service.js';
import type { ExportRecord } from '../../discovery/export/export-store.js';
import { exportArchive, type ExportArchive } from '../../discovery/export/test-support/export-archive.js';
import { auditRows } from '../test-support/harness.js';
import { startRouterApi, type RouterRequest } from '../test-support/router-api.js';
import { createExportsRouter } from './exports.js';

interface ExportsApi {
  archive: ExportArchive;
  service: ExportService;
  request: RouterRequest;
  /** Runs the jobs the API enqueued, as the queue would. */
  runJobs(): Promise<void>;
}

/** The exports router on a real archive, export service, token store and audit log, with the app's role guard and error middleware. */
async function startExportsApi(t: TestContext): Promise<ExportsApi> {
  const archive = await exportArchive(t);
  const service = archive.service();
  const { request } = await startRouterApi(t, archive.db, ({ audit, requireRole }) => [createExportsRouter({ exports: service, audit, requireRole })]);
  return {
    archive,
    service,
    request,
    async runJobs() {
      for (const exportId of archive.enqueued.splice(0)) await service.handler({ id: `export:${exportId}`, name: 'export', payload: { exportId }, attempt: 1 });
    },
  };
}

describe('the exports API', () => {
  it('lets an officer request an export (202, audited first), and officers and auditors read and download it, audited with its hash', async (t) => {
    const api = await startExportsApi(t);
    const requested = await api.request('/exports', 'officer', { format: 'mbox', query: 'subject:"no final newline"' });
    assert.equal(requested.status, 202);
    const record = (await requested.json()) as ExportRecord;
    assert.equal(record.status, 'queued');
    assert.equal(record.requestedBy, 'olga-officer');
    await api.runJobs();

    const read = await api.request(`/exports/${record.id}`, 'auditor');
    const completed = (await read.json()) as ExportRecord;
    assert.equal(completed.status, 'completed');
    const listed = (await (await api.request('/exports', 'auditor')).json()) as { items: ExportRecord[] };
    assert.deepEqual(listed.items.map((e) => e.id), [record.id]);

    const download = await api.request(`/exports/${record.id}/files/export.mbox`, 'auditor');
    assert.equal(download.status, 200);
    const bytes = Buffer.from(await download.arrayBuffer());
    const file = completed.files.find((f) => f.name === 'export.mbox');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), file?.sha256);
    assert.equal(download.headers.get('x-content-sha256'), file?.sha256);

    const rows = auditRows(api.archive.db);
    assert.deepEqual(rows.map((r) => r.action), ['export.request', 'export.read', 'export.list', 'export.download']);
    assert.deepEqual(rows[0]?.detail, { exportId: record.id, format: 'mbox', caseId: null, query: 'subject:"no final newline"', reviewTag: null });
    assert.deepEqual(rows[3]?.detail, { exportId: record.id, file: 'export.mbox', size: file?.size, sha256: file?.sha256 });
  });

  it('refuses auditors and admins a request, and answers bad selections with their error code', async (t) => {
    const api = await startExportsApi(t);
    assert.equal((await api.request('/exports', 'auditor', { format: 'mbox', query: 'a' })).status, 403);
    assert.equal((await api.request('/exports', 'admin', { format: 'mbox', query: 'a' })).status, 403);
    const bad = await api.request('/exports', 'officer', { format: 'mbox', query: 'subject:(' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'query_syntax');
    const noCase = await api.request('/exports', 'officer', { format: 'mbox', reviewTag: 'responsive' });
    assert.equal(((await noCase.json()) as { error: { code: string } }).error.code, 'invalid_request');
    const unknownCase = await api.request('/exports', 'officer', { format: 'mbox', caseId: randomUUID() });
    assert.equal(unknownCase.status, 404);
    assert.equal((await api.request('/exports', 'officer', { format: 'tar', query: 'a' })).status, 400);
    assert.deepEqual(auditRows(api.archive.db), [], 'nothing refused was audited as a request');
  });

  it('cancels a queued export (audited before), then refuses a second cancel and any download', async (t) => {
    const api = await startExportsApi(t);
    const record = (await (await api.request('/exports', 'officer', { format: 'eml-zip', query: 'received>2000-01-01' })).json()) as ExportRecord;
    const cancelled = await api.request(`/exports/${record.id}/cancel`, 'officer', {});
    assert.equal(cancelled.status, 200);
    assert.equal(((await cancelled.json()) as ExportRecord).status, 'cancelled');
    assert.equal((await api.request(`/exports/${record.id}/cancel`, 'officer', {})).status, 409);
    assert.equal((await api.request(`/exports/${record.id}/cancel`, 'auditor', {})).status, 403);
    assert.equal((await api.request(`/exports/${record.id}/files/export.zip`, 'officer')).status, 409);
    assert.deepEqual(auditRows(api.archive.db).map((r) => r.action), ['export.request', 'export.cancel']);
  });

  it('serves only the files a completed export lists, and withholds one changed on disk', async (t) => {
    const api = await startExportsApi(t);
    const record = (await (await api.request('/exports', 'officer', { format: 'eml-zip', query: 'subject:"from lines inside"' })).json()) as ExportRecord;
    await api.runJobs();
    assert.equal((await api.request(`/exports/${record.id}/files/..%2Fcustodian.db`, 'officer')).status, 400);
    assert.equal((await api.request(`/exports/${record.id}/files/other.zip`, 'officer')).status, 404);
    appendFileSync(`${api.archive.exportsDirectory}/${record.id}/manifest.csv`, 'extra\r\n');
    const withheld = await api.request(`/exports/${record.id}/files/manifest.csv`, 'officer');
    assert.equal(withheld.status, 500);
    assert.equal(((await withheld.json()) as { error: { code: string } }).error.code, 'integrity_failure');
    assert.equal(auditRows(api.archive.db).filter((r) => r.action === 'export.download').length, 0);
  });
});
