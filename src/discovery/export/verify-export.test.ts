import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { ExportFormat } from './export-store.js';
import { exportArchive } from './test-support/export-archive.js';
import { verifyExport } from './verify-export.js';

async function completedExport(t: TestContext, format: ExportFormat): Promise<{ directory: string; publicKeyPem: string }> {
  const archive = await exportArchive(t);
  const service = archive.service();
  const { id } = await service.request({ id: randomUUID(), format, selection: { caseId: null, query: 'subject:"from lines inside" OR subject:"no final newline"', reviewTag: null }, requestedBy: 'olga', requestSource: 'cli:olga' });
  await service.handler({ id: `export:${id}`, name: 'export', payload: { exportId: id }, attempt: 1 });
  return { directory: join(archive.exportsDirectory, id), publicKeyPem: archive.signingKey.publicKeyPem };
}

describe('reading an export back', () => {
  it('names the message whose bytes were changed inside an mbox, besides the changed file', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'mbox');
    const path = join(directory, 'export.mbox');
    writeFileSync(path, readFileSync(path, 'latin1').replace('First line.', 'First line!'), 'latin1');
    const result = await verifyExport(directory, { publicKeyPem });
    assert.equal(result.ok, false);
    assert.deepEqual(result.findings.map((f) => f.kind).sort(), ['file-changed', 'message-hash']);
    assert.equal(result.messagesChecked, 2);
  });

  it('finds a file left beside the export that its custody record does not list', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'eml-zip');
    writeFileSync(join(directory, 'export.zip.partial'), 'half');
    const result = await verifyExport(directory, { publicKeyPem });
    assert.deepEqual(result.findings.map((f) => [f.kind, f.subject]), [['unlisted-file', 'export.zip.partial']]);
  });

  it('refuses a custody record whose statement was edited after signing', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'eml-zip');
    const path = join(directory, 'chain-of-custody.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"requestedBy": "olga"', '"requestedBy": "someone-else"'));
    const result = await verifyExport(directory, { publicKeyPem });
    assert.deepEqual(result.findings.map((f) => f.kind), ['signature']);
  });

  it('never reads outside the export directory for a file name a forged custody record gives', async (t) => {
    const { directory } = await completedExport(t, 'mbox');
    const path = join(directory, 'chain-of-custody.json');
    const record = JSON.parse(readFileSync(path, 'utf8')) as { statement: { files: Array<{ name: string; size: number; sha256: string }> } };
    record.statement.files.push({ name: '../../etc/hostname', size: 1, sha256: '0'.repeat(64) });
    writeFileSync(path, JSON.stringify(record));
    const result = await verifyExport(directory);
    assert.deepEqual(result.findings.map((f) => [f.kind, f.subject]), [['custody-unreadable', '../../etc/hostname']]);
  });
});
