import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { MAX_BODY_CHARS, renderMessagePdf } from './message-pdf.js';
import { darkPixels, pdfText, writePdf } from './test-support/read-back.js';

const FIXTURES = new URL('../../../../test/fixtures/mail/journal/', import.meta.url);
const ARCHIVE_ID = '5d41402abc4b2a76b9719d911017c592aa5d41402abc4b2a76b9719d911017c5';

async function render(raw: Buffer, reviewTags: string[] = ['responsive']): Promise<{ text: string; flat: string; file: string }> {
  const file = await writePdf((out) => renderMessagePdf({ raw, archiveId: ARCHIVE_ID, receivedAt: '2024-06-04T09:14:05.000Z', reviewTags }, out));
  const text = await pdfText(file);
  return { text, flat: text.replace(/\s+/g, ' '), file };
}

const fixture = (name: string): Promise<Buffer> => readFile(new URL(name, FIXTURES));

describe('renderMessagePdf', () => {
  it('renders the header block, the archive facts, the body and the named attachment of a message', async () => {
    const { flat, file } = await render(await fixture('exchange-base64-original.eml'), ['responsive', 'privileged']);
    for (const expected of ['From', 'Microsoft Exchange Server', 'journal@archive.example', 'Message-ID', ARCHIVE_ID, '2024-06-04T09:14:05.000Z', 'responsive, privileged', 'original.eml']) {
      assert.ok(flat.includes(expected), `"${expected}" is missing from:\n${flat}`);
    }
    assert.ok((await darkPixels(file, 1)) > 500);
  });

  it('renders an HTML-only message as converted text with a note, never as markup', async () => {
    const { flat } = await render(await fixture('exchange-html-report.eml'));
    assert.ok(flat.includes('Vendor invoice'));
    assert.ok(flat.includes('Sender: alice@contoso.com'));
    assert.ok(flat.includes('only an HTML body'));
    assert.ok(!flat.includes('<html>') && !flat.includes('<p>'), 'HTML markup is not printed');
  });

  it('renders a malformed journal report with what it holds', async () => {
    const { flat } = await render(await fixture('exchange-malformed-no-original.eml'));
    for (const expected of ['Lost original', 'MALFORMED12', 'original.dat', 'application/octet-stream']) assert.ok(flat.includes(expected), `"${expected}" is missing`);
  });

  it('renders a message cut off mid-MIME with a note that it may be truncated', async () => {
    const raw = await fixture('exchange-irm-decrypted-copy.eml');
    const { flat } = await render(raw.subarray(0, Math.floor(raw.length * 0.6)));
    assert.ok(flat.includes('final boundary is missing'), flat);
    assert.ok(flat.includes('Microsoft Exchange Server'));
  });

  it('renders a non-ASCII subject in Latin and CJK', async () => {
    const { flat } = await render(await fixture('exchange-non-ascii-subject.eml'));
    assert.ok(flat.includes('Überweisung für Q3 – 東京'), flat);
  });

  it('renders a message without a header/body separator and says so', async () => {
    const { flat } = await render(Buffer.from('Subject: Only headers\r\nFrom: a@example.org'));
    assert.ok(flat.includes('Only headers'));
    assert.ok(flat.includes('no blank line between header and body'));
  });

  it('truncates a huge body with a note saying how much was left out', async () => {
    const body = `${'Lorem ipsum dolor sit amet. '.repeat(Math.ceil((MAX_BODY_CHARS + 5000) / 28))}END-OF-BODY`;
    const raw = Buffer.from(`From: a@example.org\r\nTo: b@example.org\r\nSubject: Huge\r\nContent-Type: text/plain\r\n\r\n${body}`);
    const { flat } = await render(raw);
    assert.ok(flat.includes(`only the first ${MAX_BODY_CHARS.toLocaleString('en-US')} are shown`));
    assert.ok(!flat.includes('END-OF-BODY'));
  });
});
