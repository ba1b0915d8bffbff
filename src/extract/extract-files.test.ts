import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFiles } from './extract-files.js';
import type { ExtractedFile, ExtractionInput } from './extraction.js';
import { randomBytes } from 'node:crypto';
import { makeDocx, makePdf, makePptx, makeXlsx, makeZip } from './test-support/fixtures.js';
import { DEFAULT_LIMITS } from './test-support/limits.js';

const input = (bytes: Uint8Array | string, filename: string | null, declaredType = 'application/octet-stream'): ExtractionInput => ({
  bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes,
  filename,
  declaredType,
});

async function only(attachment: ExtractionInput, limits = DEFAULT_LIMITS): Promise<ExtractedFile> {
  const files = await extractFiles(attachment, limits);
  assert.equal(files.length, 1, JSON.stringify(files));
  return files[0] as ExtractedFile;
}

test('a two-page PDF yields both pages in order, whatever type was declared', async () => {
  const pdf = await makePdf(['Quarterly figures page one', 'Card 4111 1111 1111 1111 on page two']);
  const file = await only(input(pdf, 'report.pdf', 'application/octet-stream'));
  assert.equal(file.status, 'extracted');
  assert.equal(file.detectedType, 'application/pdf');
  assert.match(file.text ?? '', /Quarterly figures page one\s+Card 4111 1111 1111 1111 on page two/);
  assert.equal(file.size, pdf.length);
});

test('a PDF that needs a password is reported encrypted', async () => {
  const file = await only(input(await makePdf(['secret'], { userPassword: 'pw' }), 'locked.pdf'));
  assert.equal(file.status, 'encrypted');
  assert.equal(file.text, null);
});

test('a corrupt PDF is reported failed with a reason', async () => {
  const pdf = await makePdf(['soon broken']);
  const file = await only(input(Buffer.concat([pdf.subarray(0, 20), Buffer.alloc(400, 0x41)]), 'broken.pdf'));
  assert.equal(file.status, 'failed');
  assert.ok(file.reason && file.reason.length > 0);
});

test('PDF text stops at maxTextBytes and says it was cut', async () => {
  const pdf = await makePdf(Array.from({ length: 5 }, (_, i) => `Page ${i} ${'lorem ipsum '.repeat(20)}`));
  const file = await only(input(pdf, 'long.pdf'), { ...DEFAULT_LIMITS, maxTextBytes: 100 });
  assert.equal(file.status, 'extracted');
  assert.ok(Buffer.byteLength(file.text ?? '') <= 100);
  assert.match(file.reason ?? '', /maxTextBytes/);
});

test('a DOCX yields its paragraphs, tabs and header text', async () => {
  const docx = await makeDocx(['First paragraph', 'Name\tIBAN GB82 WEST 1234 5698 7654 32'], 'Confidential header');
  const file = await only(input(docx, 'letter.docx'));
  assert.equal(file.status, 'extracted');
  assert.equal(file.detectedType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(file.text, 'First paragraph\nName\tIBAN GB82 WEST 1234 5698 7654 32\n\n\nConfidential header');
});

test('a DOCX is recognised by its parts when file-type cannot see [Content_Types].xml', async () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const docx = await makeZip([
    { path: 'word/media/image1.bin', data: randomBytes(8192), compress: false },
    { path: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { path: 'word/document.xml', data: `<w:document ${W}><w:body><w:p><w:r><w:t>Late types</w:t></w:r></w:p></w:body></w:document>` },
  ]);
  const file = await only(input(docx, 'odd.docx'));
  assert.equal(file.detectedType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(file.text, 'Late types');
});

test('text in a DOCX text box is read once, not again from its VML fallback', async () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
  const box = (text: string): string => `<w:txbxContent><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:txbxContent>`;
  const body = `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">${box('Boxed 4111 1111 1111 1111')}</mc:Choice><mc:Fallback>${box('Boxed 4111 1111 1111 1111')}</mc:Fallback></mc:AlternateContent></w:r></w:p>`;
  const docx = await makeZip([
    { path: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { path: 'word/document.xml', data: `<w:document ${W}><w:body>${body}</w:body></w:document>` },
  ]);
  const file = await only(input(docx, 'box.docx'));
  assert.equal(file.text, 'Boxed 4111 1111 1111 1111');
});

test('a password-protected Office document is reported encrypted', async () => {
  // The OLE compound-file signature, and the stream name MS-OFFCRYPTO stores the package under.
  const cfb = Buffer.alloc(4096);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(cfb);
  Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 1024 + 64);
  const file = await only(input(cfb, 'locked.docx'));
  assert.equal(file.status, 'encrypted');
  assert.equal(file.detectedType, 'application/x-cfb');
});

test('an XLSX yields its cells row by row with shared strings resolved', async () => {
  const xlsx = await makeXlsx([
    ['Name', 'SSN', 'Amount'],
    ['Alice', '078-05-1120', 1250.5],
  ]);
  const file = await only(input(xlsx, 'people.xlsx'));
  assert.equal(file.status, 'extracted');
  assert.equal(file.detectedType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(file.text, 'Name\tSSN\tAmount\t\nAlice\t078-05-1120\t1250.5');
});

test('a PPTX yields slides in slide order, then speaker notes', async () => {
  const pptx = await makePptx(['Slide one', 'Slide two', 'Slide three', 'Slide four', 'Slide five', 'Slide six', 'Slide seven', 'Slide eight', 'Slide nine', 'Slide ten'], ['Speaker note']);
  const file = await only(input(pptx, 'deck.pptx'));
  assert.equal(file.status, 'extracted');
  assert.equal(file.detectedType, 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
  const lines = (file.text ?? '').split('\n').filter((line) => line !== '');
  assert.deepEqual(lines, ['Slide one', 'Slide two', 'Slide three', 'Slide four', 'Slide five', 'Slide six', 'Slide seven', 'Slide eight', 'Slide nine', 'Slide ten', 'Speaker note']);
});

test('an HTML file yields its text without markup', async () => {
  const file = await only(input('<!DOCTYPE html><html><body><h1>Payroll</h1><p>Account <b>12345678</b></p><script>var x=1</script></body></html>', 'page.html', 'text/html'));
  assert.equal(file.status, 'extracted');
  assert.equal(file.detectedType, 'text/html');
  assert.match(file.text ?? '', /PAYROLL\s+Account 12345678/i);
  assert.doesNotMatch(file.text ?? '', /<b>|var x/);
});

test('an RTF document yields its text, with code-page and Unicode escapes decoded and pictures left out', async () => {
  const rtf = String.raw`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Helvetica;}}{\info{\author Someone}}\f0\pard Caf\'e9 {\b bold} na\u239?ve\par {\pict\wmetafile8 0102030405060708}Sort code 12-34-56\par}`;
  const file = await only(input(rtf, 'note.rtf', 'application/octet-stream'));
  assert.equal(file.status, 'extracted');
  assert.equal(file.detectedType, 'application/rtf');
  assert.equal(file.text, 'Café bold naïve\r\nSort code 12-34-56');
});

test('plain text is decoded as UTF-8, or as UTF-16 when a byte-order mark says so', async () => {
  const utf8 = await only(input('Grüße, IBAN DE89 3704 0044 0532 0130 00', 'notes.txt', 'text/plain'));
  assert.equal(utf8.status, 'extracted');
  assert.equal(utf8.detectedType, 'text/plain');
  assert.equal(utf8.text, 'Grüße, IBAN DE89 3704 0044 0532 0130 00');
  const utf16 = await only(input(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zażółć 123', 'utf16le')]), 'wide.txt'));
  assert.equal(utf16.status, 'extracted');
  assert.equal(utf16.text, 'Zażółć 123');
});

test('text without a declared text type is recognised by its content; a CSV keeps its type from the name', async () => {
  const file = await only(input('id,card\n1,4111111111111111\n', 'export.csv', 'application/octet-stream'));
  assert.equal(file.status, 'extracted');
  assert.equal(file.detectedType, 'text/csv');
  assert.equal(file.text, 'id,card\n1,4111111111111111');
});

test('an executable declared as text/plain is seen for what it is and reported unsupported', async () => {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  const file = await only(input(exe, 'readme.txt', 'text/plain'));
  assert.equal(file.status, 'unsupported');
  assert.ok(file.detectedType !== null && file.detectedType !== 'text/plain', String(file.detectedType));
  assert.match(file.reason ?? '', /no text extractor/);
});

test('binary content of no known type is unsupported with a null detected type', async () => {
  const file = await only(input(Buffer.from([0, 1, 2, 3, 0, 0, 7, 8, 9, 0, 255, 254, 1]), 'blob.dat'));
  assert.equal(file.status, 'unsupported');
  assert.equal(file.detectedType, null);
});

test('an empty file has no text', async () => {
  const file = await only(input(Buffer.alloc(0), 'empty.txt', 'text/plain'));
  assert.equal(file.status, 'no-text');
  assert.equal(file.text, null);
});

test('a PDF without text (a scan) is reported no-text', async () => {
  const file = await only(input(await makePdf(['']), 'scan.pdf'));
  assert.equal(file.status, 'no-text');
  assert.equal(file.text, null);
  assert.equal(file.reason, 'the file contains no text');
});

test('an attachment over maxInputBytes is not read', async () => {
  const file = await only(input('x'.repeat(2000), 'big.txt', 'text/plain'), { ...DEFAULT_LIMITS, maxInputBytes: 1000 });
  assert.equal(file.status, 'limit-exceeded');
  assert.equal(file.text, null);
  assert.match(file.reason ?? '', /maxInputBytes/);
});

test('an attachment without a file name is reported as (unnamed)', async () => {
  const file = await only(input('hello', null, 'text/plain'));
  assert.equal(file.name, '(unnamed)');
});

test('an abort through the signal rejects instead of reporting a file', async () => {
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await assert.rejects(extractFiles(input('hello', 'a.txt', 'text/plain'), DEFAULT_LIMITS, controller.signal), /stop/);
});
