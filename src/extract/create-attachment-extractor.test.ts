import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createAttachmentExtractor } from './create-attachment-extractor.js';
import type { ExtractedFile } from './extraction.js';
import { makePdf, makeZip } from './test-support/fixtures.js';
import { DEFAULT_LIMITS } from './test-support/limits.js';

test('the extractor reads an attachment in its worker thread', async () => {
  const extractor = createAttachmentExtractor(DEFAULT_LIMITS);
  try {
    const zip = await makeZip([{ path: 'a/report.pdf', data: await makePdf(['Inside the pool']) }]);
    const files = await extractor.extract({ bytes: zip, filename: 'pack.zip', declaredType: 'application/zip' });
    assert.deepEqual(
      files.map((file) => [file.name, file.status, file.text]),
      [
        ['pack.zip', 'extracted', 'a/report.pdf'],
        ['pack.zip/a/report.pdf', 'extracted', 'Inside the pool'],
      ],
    );
  } finally {
    await extractor.close();
  }
});

test('an attachment still being read at timeoutMs is reported timed-out, and the next one is still taken', async () => {
  const pdf = await makePdf(Array.from({ length: 300 }, (_, i) => `Page ${i} ${'many words on a page '.repeat(40)}`));
  const extractor = createAttachmentExtractor({ ...DEFAULT_LIMITS, timeoutMs: 1 });
  try {
    const started = performance.now();
    const files = await extractor.extract({ bytes: pdf, filename: 'slow.pdf', declaredType: 'application/pdf' });
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(files, [{ name: 'slow.pdf', detectedType: 'application/pdf', text: null, size: pdf.length, status: 'timed-out', reason: 'extraction took longer than timeoutMs (1 ms)' }]);
    const again = await extractor.extract({ bytes: pdf, filename: 'slow.pdf', declaredType: 'application/pdf' });
    assert.equal(again[0]?.status, 'timed-out');
  } finally {
    await extractor.close();
  }
});

test('an extractor created inside a worker thread extracts a PDF', async () => {
  const pdf = await makePdf(['Nested thread text']);
  const worker = new Worker(new URL('./test-support/nested-extract-worker.js', import.meta.url), {
    workerData: { input: { bytes: pdf, filename: 'nested.pdf', declaredType: 'application/pdf' }, limits: DEFAULT_LIMITS },
  });
  const [files] = (await once(worker, 'message')) as [ExtractedFile[]];
  assert.deepEqual(files, [{ name: 'nested.pdf', detectedType: 'application/pdf', status: 'extracted', text: 'Nested thread text', size: pdf.length }]);
  const [exitCode] = (await once(worker, 'exit')) as [number];
  assert.equal(exitCode, 0);
});
