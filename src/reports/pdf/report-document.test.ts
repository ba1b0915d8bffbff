import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { createReportDocument, ReportDocumentEndedError } from './report-document.js';
import { darkPixels, pageCount, pdfAttachments, pdfText, wordBoxes, writePdf } from './test-support/read-back.js';

const A4_WIDTH = 595.28;
const SIDE_MARGIN = 56.7;
const ADDRESS = 'a.very.long.unbroken.local.part.that.goes.on.and.on.and.on@subdomain.of.a.rather.long.company.domain.example';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('createReportDocument', () => {
  it('repeats the header row on every page a long table reaches and keeps every row', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`row-${i}`, `sender${i}@example.org`, String(i * 7)]);
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Long table', footer: 'test' });
      doc.heading('Deletions');
      doc.table([{ title: 'Policy name' }, { title: 'Sender address', width: 2 }, { title: 'Message count', align: 'right' }], rows);
      await doc.end();
    });
    const pages = await pageCount(file);
    assert.ok(pages >= 3, `expected the table to span at least 3 pages, got ${pages}`);
    let seen = '';
    for (let page = 1; page <= pages; page += 1) {
      const text = await pdfText(file, { page, layout: true });
      assert.match(text, /Policy name\s+Sender address\s+Message count/, `page ${page} lacks the header row`);
      seen += text;
    }
    for (const [name, sender, count] of rows) assert.match(seen, new RegExp(`${name}\\s+${sender}\\s+${count}\\b`));
  });

  it('wraps long unbroken addresses and SHA-256 hex inside their cells without losing a character', async () => {
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Wrapping', footer: 'test' });
      doc.table([{ title: 'Sender' }, { title: 'SHA-256' }, { title: 'Size', align: 'right' }], [[ADDRESS, SHA256, '12']]);
      doc.keyValues([['Address', `${ADDRESS}${ADDRESS}`]]);
      doc.paragraph(`${SHA256}${SHA256}${SHA256}`);
      await doc.end();
    });
    const joined = (await pdfText(file)).replace(/\s+/g, '');
    assert.ok(joined.includes(ADDRESS), 'the address comes back in full');
    assert.ok(joined.includes(`${ADDRESS}${ADDRESS}`), 'the doubled address comes back in full');
    assert.ok(joined.includes(SHA256.repeat(3)), 'the tripled hash comes back in full');
    const words = await wordBoxes(file, 1);
    assert.ok(!words.some((w) => w.word === ADDRESS), 'the address was wrapped, not set on one line');
    for (const word of words) assert.ok(word.xMax <= A4_WIDTH - SIDE_MARGIN + 1, `"${word.word}" overflows the right margin (${word.xMax})`);
  });

  it('renders Greek, Cyrillic, CJK and Arabic text that pdftotext extracts again', async () => {
    const samples = ['Καλημέρα κόσμε', 'Привет, мир', '東京の会議は明日です', '你好世界', 'مرحبا بالعالم'];
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Scripts', footer: 'Ελληνικά · Русский · 日本語 · العربية' });
      doc.heading('Αναφορά — Отчёт — 报告');
      for (const sample of samples) doc.paragraph(sample);
      doc.table([{ title: 'Name' }, { title: 'Value' }], samples.map((s, i) => [s, String(i)]));
      await doc.end();
    });
    const text = await pdfText(file);
    for (const sample of samples) assert.ok(text.includes(sample), `"${sample}" is missing from:\n${text}`);
    assert.ok(text.includes('Αναφορά — Отчёт — 报告'));
    assert.ok(text.includes('Русский'));
  });

  it('draws a page that is visibly not blank', async () => {
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Ink', footer: 'test' });
      doc.heading('Retention report');
      doc.paragraph('Policies in force and messages per policy. '.repeat(30));
      await doc.end();
    });
    assert.ok((await darkPixels(file, 1)) > 500);
  });

  it('draws bar and line charts with vector graphics whose titles, ticks and labels extract', async () => {
    const weeks = Array.from({ length: 52 }, (_, i) => ({ label: `W${String(i + 1).padStart(2, '0')}`, value: 100 + i * 3 }));
    const months = ['2024-01', '2024-02', '2024-03', '2024-04'].map((label, i) => ({ label, value: [5, 12, 7, 30][i] as number }));
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Charts', footer: 'test' });
      doc.barChart(weeks, { title: 'Deletions by week', valueLabel: 'messages' });
      doc.lineChart(months, { title: 'Expiries by month' });
      await doc.end();
    });
    const text = await pdfText(file, { page: 1 });
    for (const expected of ['Deletions by week', 'messages', 'W01', 'Expiries by month', '2024-01', '2024-04', '30', '253']) {
      assert.ok(text.includes(expected), `"${expected}" is missing from:\n${text}`);
    }
    assert.ok(!text.includes('W02'), 'labels of 52 weeks are thinned out');
    const labelsOnly = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Charts', footer: 'test' });
      doc.paragraph('Deletions by week messages');
      await doc.end();
    });
    assert.ok((await darkPixels(file, 1)) > 4 * (await darkPixels(labelsOnly, 1)), 'bars and lines put far more ink on the page than their labels');
  });

  it('uses horizontal bars when category labels would collide, printing every label', async () => {
    const rules = ['Credit card numbers (PCI DSS)', 'IBAN account numbers', 'Personal data (GDPR Art. 9)', 'Source code'];
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Top rules', footer: 'test' });
      doc.barChart(rules.map((label, i) => ({ label, value: 40 - i * 9 })), { title: 'Top rules' });
      await doc.end();
    });
    const text = await pdfText(file);
    for (const rule of rules) assert.ok(text.includes(rule), `"${rule}" is missing`);
  });

  it('says "no data" for an empty series', async () => {
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Empty', footer: 'test' });
      doc.lineChart([], { title: 'Incidents by week' });
      doc.barChart([], { title: 'Top rules' });
      await doc.end();
    });
    const text = await pdfText(file);
    assert.equal(text.match(/no data/g)?.length, 2);
  });

  it('embeds an attached file that pdf.js reads back with its description and bytes', async () => {
    const data = Buffer.from(JSON.stringify({ figures: { messagesArchived: 1234 } }));
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Attached', footer: 'test' });
      doc.paragraph('See the attached data.');
      doc.attach('report-data.json', data, 'The report data as JSON');
      await doc.end();
    });
    const attachments = await pdfAttachments(file);
    assert.deepEqual(attachments.get('report-data.json')?.content, data);
    assert.equal(attachments.get('report-data.json')?.description, 'The report data as JSON');
  });

  it('prints the footer with "page N of M" on every page and the metadata in the document info', async () => {
    const file = await writePdf(async (out) => {
      const doc = createReportDocument(out, { title: 'Footers', subject: 'Audit', keywords: 'custodian, audit', footer: 'Appliance mail-01 · generated by alice' });
      for (let i = 0; i < 120; i += 1) doc.paragraph(`Paragraph ${i}.`);
      await doc.end();
    });
    const pages = await pageCount(file);
    assert.ok(pages >= 2);
    for (let page = 1; page <= pages; page += 1) {
      const text = await pdfText(file, { page });
      assert.ok(text.includes('Appliance mail-01 · generated by alice'), `page ${page} lacks the footer`);
      assert.ok(text.includes(`page ${page} of ${pages}`), `page ${page} lacks its number`);
    }
  });

  it('resolves end() once the whole file is on disk and refuses blocks afterwards', async () => {
    let ended: ReturnType<typeof createReportDocument> | undefined;
    const file = await writePdf(async (out) => {
      ended = createReportDocument(out, { title: 'Ending', footer: 'test' });
      ended.paragraph('Done.');
      await ended.end();
    });
    assert.match((await readFile(file)).subarray(-8).toString('latin1'), /%%EOF\s*$/);
    assert.throws(() => ended?.paragraph('late'), ReportDocumentEndedError);
  });
});
