import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditRows } from '../api/test-support/harness.js';
import { CaseNotFoundError } from '../holds/holds-errors.js';
import type { JobOf } from '../queue/catalogue.js';
import { UnrecoverableJobError } from '../queue/errors.js';
import { InvalidReportRequestError, ReportFileAlteredError, ReportNotReadyError, UnknownReportError } from './report-errors.js';
import { verifyDetachedReportSignature } from './signed-report-file.js';
import { pdfText, reportServiceFixture } from './test-support/report-service-fixture.js';

const PERIOD = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-01T00:00:00Z') };
const OFFICER = { actor: 'olga-officer', source: '192.0.2.7' };
const jobOf = (runId: string, attempt = 1): JobOf<'report'> => ({ id: `report:${runId}`, name: 'report', payload: { runId }, attempt });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('generate writes a readable PDF and a detached signature that checks the file, audited before rendering', async (t) => {
  const f = await reportServiceFixture(t);
  const out = join(f.dir, 'out', 'integrity.pdf');
  mkdirSync(join(f.dir, 'out'));

  const written = await f.service.generate({ report: 'integrity', period: PERIOD, ...OFFICER }, out);

  const pdf = readFileSync(out);
  assert.equal(written.sha256, sha256(pdf));
  assert.equal(written.size, pdf.length);
  assert.deepEqual(readdirSync(join(f.dir, 'out')).sort(), ['integrity.pdf', 'integrity.pdf.sig.json']);
  const text = pdfText(out);
  assert.match(text, /custodian-test/);
  assert.match(text, /olga-officer/);
  const signature = JSON.parse(readFileSync(`${out}.sig.json`, 'utf8')) as { statement: { report: string; period: unknown; generatedBy: string }; pdf: { sha256: string }; keyId: string };
  assert.deepEqual(signature.statement.period, { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' });
  assert.equal(signature.statement.generatedBy, 'olga-officer');
  assert.equal(signature.pdf.sha256, written.sha256);
  assert.equal(signature.keyId, f.key.keyId);
  assert.deepEqual(verifyDetachedReportSignature(pdf, signature, f.key.publicKeyPem), []);
  assert.deepEqual(auditRows(f.db), [{
    actor: 'olga-officer', action: 'report.generate',
    detail: { report: 'integrity', from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z', caseId: null, out },
  }]);
});

test('a copy of a report altered by one byte fails its detached signature', async (t) => {
  const f = await reportServiceFixture(t);
  const out = join(f.dir, 'audit.pdf');
  await f.service.generate({ report: 'audit', period: PERIOD, ...OFFICER }, out);
  const pdf = readFileSync(out);
  const altered = Buffer.from(pdf);
  altered[altered.length - 10] = (altered[altered.length - 10] ?? 0) ^ 1;
  const signature: unknown = JSON.parse(readFileSync(`${out}.sig.json`, 'utf8'));
  const problems = verifyDetachedReportSignature(altered, signature, f.key.publicKeyPem);
  assert.equal(problems.length, 2);
  assert.match(problems[0] ?? '', /SHA-256/);
  assert.deepEqual(verifyDetachedReportSignature(pdf, { format: 'something else' }, f.key.publicKeyPem).length, 1);
});

test('a requested report is queued, rendered by its job into the reports directory, and downloaded with an audit entry', async (t) => {
  const f = await reportServiceFixture(t);
  const queued = await f.service.request({ report: 'audit', period: PERIOD, ...OFFICER });
  assert.equal(queued.state, 'queued');
  assert.deepEqual(f.enqueued, [queued.id]);
  await assert.rejects(f.service.openFile(queued.id, 'pdf', OFFICER), ReportNotReadyError);

  await f.service.handleJob(jobOf(queued.id));
  const done = await f.service.get(queued.id);
  assert.equal(done?.state, 'done');
  assert.equal(done?.file, `audit_2024-01-01_2024-02-01_${queued.id}.pdf`);
  const onDisk = readFileSync(join(f.reportsDirectory, done.file));
  assert.equal(done.sha256, sha256(onDisk));
  assert.equal(done.size, onDisk.length);
  assert.deepEqual(readdirSync(f.reportsDirectory).sort(), [done.file, `${done.file}.sig.json`]);

  // A retried job after the run completed leaves the finished run alone.
  await f.service.handleJob(jobOf(queued.id, 2));
  assert.deepEqual(await f.service.get(queued.id), done);

  const download = await f.service.openFile(queued.id, 'pdf', { actor: 'aldo-auditor', source: '192.0.2.8' });
  const chunks: Buffer[] = [];
  for await (const chunk of download.stream) chunks.push(chunk as Buffer);
  assert.equal(sha256(Buffer.concat(chunks)), done.sha256);
  const signature = await f.service.openFile(queued.id, 'signature', { actor: 'aldo-auditor', source: '192.0.2.8' });
  signature.stream.destroy();
  assert.equal(signature.fileName, `${done.file}.sig.json`);

  assert.deepEqual(auditRows(f.db).map((row) => [row.actor, row.action, row.detail.runId, row.detail.sha256 ?? null, row.detail.file ?? null]), [
    ['olga-officer', 'report.generate', queued.id, null, null],
    ['aldo-auditor', 'report.download', queued.id, done.sha256, 'pdf'],
    ['aldo-auditor', 'report.download', queued.id, done.sha256, 'signature'],
  ]);
  assert.deepEqual((await f.service.list({ limit: 10, offset: 0 })).map((run) => run.id), [queued.id]);
  assert.deepEqual(await f.service.list({ limit: 10, offset: 0, report: 'dlp-incidents' }), []);
});

test('runs left queued (their enqueue lost, or cut short by a crash) are enqueued again at start-up; finished ones are not', async (t) => {
  const f = await reportServiceFixture(t);
  const first = await f.service.request({ report: 'audit', period: PERIOD, ...OFFICER });
  const second = await f.service.request({ report: 'integrity', period: PERIOD, ...OFFICER });
  await f.service.handleJob(jobOf(first.id));
  f.enqueued.splice(0);
  assert.equal(await f.service.enqueueUnfinished(), 1);
  assert.deepEqual(f.enqueued, [second.id]);
});

test('a report PDF cut or grown on disk after it was written is withheld, with no download audited', async (t) => {
  const f = await reportServiceFixture(t);
  const queued = await f.service.request({ report: 'audit', period: PERIOD, ...OFFICER });
  await f.service.handleJob(jobOf(queued.id));
  const done = await f.service.get(queued.id);
  assert.ok(done?.file);
  appendFileSync(join(f.reportsDirectory, done.file), '\n% appended\n');
  await assert.rejects(f.service.openFile(queued.id, 'pdf', OFFICER), ReportFileAlteredError);
  assert.deepEqual(auditRows(f.db).map((row) => row.action), ['report.generate']);
});

test('a case report needs an existing case, and leaves a report.generate event on its timeline', async (t) => {
  const f = await reportServiceFixture(t);
  await assert.rejects(f.service.request({ report: 'case', period: PERIOD, ...OFFICER }), InvalidReportRequestError);
  await assert.rejects(f.service.request({ report: 'case', period: PERIOD, caseId: '8a1c3d53-6b0f-4a5e-9a7e-1f2b3c4d5e6f', ...OFFICER }), CaseNotFoundError);
  const legalCase = await f.holds.createCase({
    id: '0b7f2a8e-2f55-4a55-8a3a-5f1a9a3c1d20', name: 'Acme v. Corp', description: 'supplier dispute', scope: 'criteria',
    custodians: ['carol@corp.example'], query: null, sentFrom: null, sentBefore: null, createdBy: 'olga-officer',
  });
  await assert.rejects(f.service.request({ report: 'audit', period: PERIOD, caseId: legalCase.id, ...OFFICER }), InvalidReportRequestError);
  await assert.rejects(f.service.request({ report: 'no-such-report', period: PERIOD, ...OFFICER }), UnknownReportError);
  await assert.rejects(f.service.request({ report: 'audit', period: { from: PERIOD.to, to: PERIOD.from }, ...OFFICER }), InvalidReportRequestError);
  assert.deepEqual(auditRows(f.db), [], 'a refused request leaves no audit entry');

  const run = await f.service.runNow({ report: 'case', period: PERIOD, caseId: legalCase.id, ...OFFICER });
  assert.equal(run.state, 'done');
  assert.match(pdfText(f.service.filesOf(run).pdf), /Acme v\. Corp/);
  const events = await f.review.timeline(legalCase.id, { limit: 100, afterSeq: 0 });
  const generated = events.filter((event) => event.action === 'report.generate');
  assert.deepEqual(generated.map((event) => [event.actor, event.detail.report, event.detail.runId, event.detail.sha256]), [['olga-officer', 'case', run.id, run.sha256]]);
});

test('a render that fails for a transient reason goes back to queued for the retry, and fails the run on the last attempt', async (t) => {
  const f = await reportServiceFixture(t);
  // A file where the reports directory should be: mkdir fails until an operator fixes it.
  writeFileSync(f.reportsDirectory, 'not a directory');
  const run = await f.service.request({ report: 'integrity', period: PERIOD, ...OFFICER });

  await assert.rejects(f.service.handleJob(jobOf(run.id, 1)), (error: unknown) => !(error instanceof UnrecoverableJobError));
  const retrying = await f.service.get(run.id);
  assert.equal(retrying?.state, 'queued');
  assert.match(retrying.error ?? '', /EEXIST|ENOTDIR/);

  await assert.rejects(f.service.handleJob(jobOf(run.id, 3)), UnrecoverableJobError);
  assert.equal((await f.service.get(run.id))?.state, 'failed');
  assert.equal(existsSync(`${f.reportsDirectory}.partial`), false);
});

test('a job for a report no longer defined fails its run at once and dead-letters', async (t) => {
  const f = await reportServiceFixture(t);
  const run = await f.runs.create({ id: '1d6f6a5e-7d9b-4c35-9a1e-2f4b6c8d0e12', report: 'withdrawn', period: PERIOD, caseId: null, requestedBy: 'olga-officer', requestedAt: new Date() });
  await assert.rejects(f.service.handleJob(jobOf(run.id)), UnrecoverableJobError);
  const failed = await f.service.get(run.id);
  assert.equal(failed?.state, 'failed');
  assert.match(failed.error ?? '', /no report "withdrawn"/);
  await assert.rejects(f.service.handleJob(jobOf('2e7a7b6f-8e0c-4d46-8b2f-3a5c7d9e1f23')), UnrecoverableJobError);
});

test('the reports on offer say which need a case', async (t) => {
  const f = await reportServiceFixture(t);
  assert.deepEqual(f.service.reports().map((r) => [r.id, r.needsCase]), [['audit', false], ['case', true], ['dlp-incidents', false], ['integrity', false], ['retention', false]]);
});
