import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inert, manifestCsvCells, MANIFEST_CSV_COLUMNS, type ManifestEntry } from './manifest-entry.js';

const entry: ManifestEntry = {
  seq: 1, archiveId: 'a'.repeat(64), sha256: 'a'.repeat(64), messageId: '=HYPERLINK("http://x.example","click")', date: null,
  receivedAt: '2024-05-01T10:00:00.000Z', from: ['+evil@example.com'], to: ['bob@example.com'], cc: [], bcc: [], journalRecipients: ['bcc:-x@example.com'],
  size: 10, reviewTags: ['responsive'], file: 'export.zip', path: `messages/${'a'.repeat(64)}.eml`,
};

describe('the CSV manifest', () => {
  it('keeps cells from mail from running as spreadsheet formulas, and leaves the others as they are', () => {
    const cells = manifestCsvCells(entry);
    const cell = (column: (typeof MANIFEST_CSV_COLUMNS)[number]) => cells[MANIFEST_CSV_COLUMNS.indexOf(column)];
    assert.equal(cell('message_id'), `'=HYPERLINK("http://x.example","click")`);
    assert.equal(cell('from'), "'+evil@example.com");
    assert.equal(cell('to'), 'bob@example.com');
    assert.equal(cell('journal_recipients'), 'bcc:-x@example.com');
    assert.deepEqual(['@SUM(1)', '-1', '\tx', 'plain'].map(inert), ["'@SUM(1)", "'-1", "'\tx", 'plain']);
  });
});
