import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { canonicalJson } from '../integrity/canonical-json.js';
import { REPORT_DATA_FIXTURES } from './definitions/test-support/report-data-fixtures.js';
import { renderFixture } from './definitions/test-support/render-fixture.js';
import { createReportDocument } from './pdf/report-document.js';
import { REPORT_ATTACHMENTS } from './render-report.js';
import type { ReportData } from './report-data.js';
import { readPdfAttachments, verifyReportPdf } from './verify-report.js';

/** A new PDF carrying `files` as attachments: how someone would re-make a report with altered contents. */
async function pdfWith(files: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk: Buffer, _encoding, callback) => { chunks.push(chunk); callback(); } });
  const doc = createReportDocument(out, { title: 'Retention report', footer: 'copy' });
  doc.paragraph('A copy.');
  for (const [name, content] of files) doc.attach(name, content, name);
  await doc.end();
  return Buffer.concat(chunks);
}

async function renderedRetention(t: Parameters<typeof renderFixture>[0]) {
  const fx = renderFixture(t);
  const { pdf, rendered } = await fx.render(await fx.definition('retention'), REPORT_DATA_FIXTURES.retention as ReportData);
  return { fx, pdf, rendered, files: await readPdfAttachments(pdf) };
}

describe('verifyReportPdf', () => {
  it('accepts an untouched report and returns its statement', async (t) => {
    const { fx, pdf, rendered, files } = await renderedRetention(t);
    const result = await verifyReportPdf(pdf, fx.key.publicKeyPem);
    assert.deepEqual(result, { ok: true, statement: rendered.statement, problems: [] });
    assert.deepEqual([...files.keys()].sort(), Object.values(REPORT_ATTACHMENTS).sort());
    assert.equal(files.get(REPORT_ATTACHMENTS.signature)?.toString('base64'), rendered.signature);
    assert.equal(files.get(REPORT_ATTACHMENTS.publicKey)?.toString('utf8'), fx.key.publicKeyPem);
  });

  it('rejects a copy whose data attachment was altered, naming both hashes', async (t) => {
    const { fx, rendered, files } = await renderedRetention(t);
    const data = JSON.parse(files.get(REPORT_ATTACHMENTS.data)?.toString('utf8') ?? '') as ReportData;
    data.figures.deletionsInPeriod = 3;
    const altered = Buffer.from(canonicalJson(data));
    const result = await verifyReportPdf(await pdfWith(new Map([...files, [REPORT_ATTACHMENTS.data, altered]])), fx.key.publicKeyPem);
    assert.equal(result.ok, false);
    assert.deepEqual(result.statement, rendered.statement);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0] ?? '', new RegExp(`^data altered: report-data\\.json has SHA-256 [0-9a-f]{64}, the statement says ${rendered.statement.dataSha256}$`));
  });

  it('rejects a copy whose statement was altered: the signature no longer verifies', async (t) => {
    const { fx, rendered, files } = await renderedRetention(t);
    const statement = Buffer.from(canonicalJson({ ...rendered.statement, generatedBy: 'someone-else@corp.example' }));
    const result = await verifyReportPdf(await pdfWith(new Map([...files, [REPORT_ATTACHMENTS.statement, statement]])), fx.key.publicKeyPem);
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [`statement altered: the signature does not verify over report-statement.json with key id ${fx.key.keyId}`]);
  });

  it('rejects a report checked against a different key, naming both key ids', async (t) => {
    const { fx, pdf } = await renderedRetention(t);
    const other = fx.otherKey();
    const result = await verifyReportPdf(pdf, other.publicKeyPem);
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [
      `wrong key: the statement says it was signed by key id ${fx.key.keyId}, the key given has id ${other.keyId}`,
      `the signature does not verify with the key given (key id ${other.keyId})`,
    ]);
  });

  it('rejects a PDF without the report attachments, and one missing the signature', async (t) => {
    const { fx, files } = await renderedRetention(t);
    const none = await verifyReportPdf(await pdfWith(new Map()), fx.key.publicKeyPem);
    assert.equal(none.ok, false);
    assert.match(none.problems.join('\n'), /^no attachments: the PDF carries none of report-data\.json, report-statement\.json, report-statement\.sig/);
    const unsigned = new Map(files);
    unsigned.delete(REPORT_ATTACHMENTS.signature);
    const result = await verifyReportPdf(await pdfWith(unsigned), fx.key.publicKeyPem);
    assert.deepEqual(result.problems, ['attachment report-statement.sig is missing']);
  });

  it('rejects bytes that are not a PDF', async () => {
    const result = await verifyReportPdf(Buffer.from('not a pdf'), '');
    assert.equal(result.ok, false);
    assert.match(result.problems[0] ?? '', /^not a readable PDF/);
  });
});
