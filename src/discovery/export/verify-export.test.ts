import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { ExportFormat } from './export-store.js';
import type { ManifestEntry } from './manifest-entry.js';
import { ManifestWriters } from './manifest-writers.js';
import { exportArchive } from './test-support/export-archive.js';
import { verifyExport } from './verify-export.js';

async function completedExport(t: TestContext, format: ExportFormat): Promise<{ directory: string; publicKeyPem: string }> {
  const archive = await exportArchive(t);
  const service = archive.service();
  const { id } = await service.request({ id: randomUUID(), format, selection: { caseId: null, query: 'subject:"from lines inside" OR subject:"no final newline"', reviewTag: null }, requestedBy: 'olga', requestSource: 'cli:olga' });
  await service.handler({ id: `export:${id}`, name: 'export', payload: { exportId: id }, attempt: 1 });
  return { directory: join(archive.exportsDirectory, id), publicKeyPem: archive.signingKey.publicKeyPem };
}

/** Writes both manifests again, through the real writer, with the entries `edit` makes of the current ones. */
async function rewriteManifests(directory: string, edit: (entries: ManifestEntry[]) => ManifestEntry[]): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as { exportId: string; format: ExportFormat; messages: ManifestEntry[] };
  const writers = await ManifestWriters.create(directory, { exportId: manifest.exportId, format: manifest.format });
  for (const entry of edit(manifest.messages)) await writers.add(entry);
  await writers.commit();
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

  it('reports a manifest.json in another layout than the one Custodian writes as unreadable, and reads no message', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'eml-zip');
    const path = join(directory, 'manifest.json');
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 2));
    const result = await verifyExport(directory, { publicKeyPem });
    assert.deepEqual(result.findings.map((f) => [f.kind, f.subject]), [['file-changed', 'manifest.json'], ['manifest-unreadable', 'manifest.json']]);
    assert.match(result.findings[1]?.detail ?? '', /line 1: not the manifest header line/);
    assert.equal(result.messagesChecked, 0);
  });

  it('matches ZIP entries the manifests list in another order, and reads CSV cells with quotes and line breaks', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'eml-zip');
    await rewriteManifests(directory, (entries) => entries.reverse().map((entry) => ({ ...entry, messageId: 'a "quoted",\r\nmulti-line\nid' })));
    const result = await verifyExport(directory, { publicKeyPem });
    assert.deepEqual(result.findings.map((f) => [f.kind, f.subject]), [['file-changed', 'manifest.csv'], ['file-changed', 'manifest.json']]);
    assert.equal(result.messagesChecked, 2);
  });

  it('names the ZIP entry the manifests leave out', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'eml-zip');
    let left = '';
    await rewriteManifests(directory, ([first, ...rest]) => {
      left = first?.path ?? '';
      return rest;
    });
    const result = await verifyExport(directory, { publicKeyPem });
    assert.deepEqual(result.findings.map((f) => [f.kind, f.subject]), [
      ['file-changed', 'manifest.csv'], ['file-changed', 'manifest.json'], ['message-count', 'manifest.json'], ['message-unlisted', `export.zip:${left}`],
    ]);
    assert.equal(result.messagesChecked, 1);
  });

  it('matches mbox messages to the manifest by position: one left out shifts the rest', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'mbox');
    await rewriteManifests(directory, (entries) => entries.slice(1));
    const result = await verifyExport(directory, { publicKeyPem });
    assert.deepEqual(result.findings.map((f) => [f.kind, f.subject]).slice(2), [['message-count', 'manifest.json'], ['message-hash', result.findings[3]?.subject], ['message-unlisted', 'export.mbox#2']]);
  });

  it('names the manifest entries a ZIP lacks after the entries it holds unlisted', async (t) => {
    const { directory, publicKeyPem } = await completedExport(t, 'eml-zip');
    await rewriteManifests(directory, (entries) => entries.map((entry, i) => (i === 0 ? { ...entry, path: 'messages/elsewhere.eml' } : entry)));
    const result = await verifyExport(directory, { publicKeyPem });
    assert.deepEqual(result.findings.map((f) => f.kind), ['file-changed', 'file-changed', 'message-unlisted', 'message-missing']);
    assert.equal(result.messagesChecked, 1);
  });
});
