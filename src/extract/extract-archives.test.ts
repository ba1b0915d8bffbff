import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFiles } from './extract-files.js';
import { makeDocx, makePdf, makeZip, makeZipBomb, markEncrypted } from './test-support/fixtures.js';
import { DEFAULT_LIMITS } from './test-support/limits.js';

const zipInput = (bytes: Buffer, filename = 'outer.zip') => ({ bytes, filename, declaredType: 'application/zip' });

test('a ZIP reports itself and every entry, recursing into nested archives with their paths', async () => {
  const inner = await makeZip([{ path: 'deep/notes.txt', data: 'Inner secret 4111 1111 1111 1111' }]);
  const outer = await makeZip([
    { path: 'q3/report.pdf', data: await makePdf(['Revenue table']) },
    { path: 'q3/letter.docx', data: await makeDocx(['Dear customer']) },
    { path: 'inner.zip', data: inner, compress: false },
    { path: 'photo.png', data: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
  ]);
  const files = await extractFiles(zipInput(outer), DEFAULT_LIMITS);
  const summary = files.map((file) => [file.name, file.detectedType, file.status]);
  assert.deepEqual(summary, [
    ['outer.zip', 'application/zip', 'extracted'],
    ['outer.zip/q3/report.pdf', 'application/pdf', 'extracted'],
    ['outer.zip/q3/letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'extracted'],
    ['outer.zip/inner.zip', 'application/zip', 'extracted'],
    ['outer.zip/inner.zip/deep/notes.txt', 'text/plain', 'extracted'],
    ['outer.zip/photo.png', 'image/png', 'unsupported'],
  ]);
  assert.equal(files[0]?.text, 'q3/report.pdf\nq3/letter.docx\ninner.zip\nphoto.png');
  assert.equal(files[1]?.text, 'Revenue table');
  assert.equal(files[2]?.text, 'Dear customer');
  assert.equal(files[4]?.text, 'Inner secret 4111 1111 1111 1111');
});

test('archives nested deeper than maxArchiveDepth are reported, not opened', async () => {
  let nested = await makeZip([{ path: 'bottom.txt', data: 'bottom' }]);
  for (const name of ['l3.zip', 'l2.zip', 'l1.zip']) nested = await makeZip([{ path: name, data: nested }]);
  const files = await extractFiles(zipInput(nested, 'top.zip'), { ...DEFAULT_LIMITS, maxArchiveDepth: 2 });
  assert.deepEqual(
    files.map((file) => [file.name, file.status]),
    [
      ['top.zip', 'extracted'],
      ['top.zip/l1.zip', 'extracted'],
      ['top.zip/l1.zip/l2.zip', 'limit-exceeded'],
    ],
  );
  assert.match(files[2]?.reason ?? '', /maxArchiveDepth \(2\)/);
});

test('encrypted entries are reported encrypted, the others still read', async () => {
  const locked = markEncrypted(await makeZip([{ path: 'secret.txt', data: 'hidden text' }]));
  const files = await extractFiles(zipInput(locked, 'locked.zip'), DEFAULT_LIMITS);
  assert.deepEqual(
    files.map((file) => [file.name, file.status, file.text]),
    [
      ['locked.zip', 'extracted', 'secret.txt'],
      ['locked.zip/secret.txt', 'encrypted', null],
    ],
  );
});

test('past maxArchiveFiles one record says how many entries were not read', async () => {
  const zip = await makeZip(Array.from({ length: 10 }, (_, i) => ({ path: `f${i}.txt`, data: `file ${i}` })));
  const files = await extractFiles(zipInput(zip, 'many.zip'), { ...DEFAULT_LIMITS, maxArchiveFiles: 4 });
  assert.equal(files.length, 6);
  assert.deepEqual(files.slice(1, 5).map((file) => file.text), ['file 0', 'file 1', 'file 2', 'file 3']);
  const last = files[5];
  assert.equal(last?.name, 'many.zip');
  assert.equal(last?.status, 'limit-exceeded');
  assert.match(last?.reason ?? '', /^6 of 10 entries not read: maxArchiveFiles \(4\)/);
});

test('an entry that would expand past maxExpandedBytes is refused before it is inflated', async () => {
  const zip = await makeZip([
    { path: 'small.txt', data: 'fits' },
    { path: 'zeros.bin', data: Buffer.alloc(4 * 1024 * 1024) },
  ]);
  const files = await extractFiles(zipInput(zip, 'ratio.zip'), { ...DEFAULT_LIMITS, maxExpandedBytes: 1024 * 1024 });
  assert.deepEqual(
    files.map((file) => [file.name, file.status]),
    [
      ['ratio.zip', 'extracted'],
      ['ratio.zip/small.txt', 'extracted'],
      ['ratio.zip/zeros.bin', 'limit-exceeded'],
    ],
  );
  assert.match(files[2]?.reason ?? '', /maxExpandedBytes/);
});

test('a 42.zip-style bomb ends quickly with limit-exceeded records under the default limits', async () => {
  // 16 × 16 leaves of 8 MiB zeros: 2 GiB nominal from a few kilobytes.
  const bomb = await makeZipBomb(8 * 1024 * 1024, 16, 2);
  assert.ok(bomb.length < 64 * 1024, `bomb is ${bomb.length} bytes`);
  const started = performance.now();
  const files = await extractFiles(zipInput(bomb, 'bomb.zip'), DEFAULT_LIMITS);
  const elapsed = performance.now() - started;
  // 100 MiB of budget reads 12 leaves; every entry met after that is refused without inflating,
  // and the archives it would have taken to reach the other leaves are refused whole.
  const read = files.filter((file) => file.name.endsWith('/zeros.bin') && file.status !== 'limit-exceeded');
  assert.equal(read.length, 12);
  const refused = files.filter((file) => file.status === 'limit-exceeded');
  assert.ok(refused.length > 0 && refused.every((file) => /maxExpandedBytes/.test(file.reason ?? '')));
  assert.ok(refused.some((file) => file.name === 'bomb.zip/level2-15.zip'), 'the last top-level entry still has a record');
  assert.ok(files.length < 100, `${files.length} records`);
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

test('an empty archive has no text', async () => {
  const files = await extractFiles(zipInput(await makeZip([]), 'empty.zip'), DEFAULT_LIMITS);
  assert.deepEqual(files, [{ name: 'empty.zip', detectedType: 'application/zip', status: 'no-text', reason: 'the archive has no files', text: null, size: 22 }]);
});

test('a truncated archive is reported failed with a reason', async () => {
  const zip = await makeZip([{ path: 'a.txt', data: 'some text' }]);
  const files = await extractFiles(zipInput(zip.subarray(0, zip.length - 10), 'cut.zip'), DEFAULT_LIMITS);
  assert.equal(files[0]?.name, 'cut.zip');
  assert.equal(files[0]?.status, 'failed');
  assert.ok((files[0]?.reason ?? '').length > 0);
});

test('an Office document whose parts inflate past maxExpandedBytes stops there', async () => {
  const docx = await makeDocx(['x'.repeat(3 * 1024 * 1024)]);
  const files = await extractFiles({ bytes: docx, filename: 'huge.docx', declaredType: 'application/octet-stream' }, { ...DEFAULT_LIMITS, maxExpandedBytes: 1024 * 1024 });
  assert.equal(files.length, 1);
  assert.equal(files[0]?.status, 'limit-exceeded');
  assert.match(files[0]?.reason ?? '', /maxExpandedBytes/);
});
