import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../../test/support/temp-dir.js';
import type { ManifestEntry } from './manifest-entry.js';
import { ManifestFormatError, readManifestJson } from './manifest-reader.js';
import { MANIFEST_JSON, ManifestWriters } from './manifest-writers.js';

function entry(seq: number, overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  const id = String(seq).repeat(64).slice(0, 64);
  return {
    seq, archiveId: id, sha256: id, messageId: `m${seq}@example.com`, date: null, receivedAt: '2024-06-04T09:05:03.000Z', from: ['a@example.com'],
    to: ['b@example.com'], cc: [], bcc: [], journalRecipients: [], size: 10 * seq, reviewTags: [], file: 'export.zip', path: `messages/${id}.eml`, ...overrides,
  };
}

async function readAll(path: string): Promise<{ header: unknown; entries: ManifestEntry[] }> {
  let header: unknown = null;
  const entries: ManifestEntry[] = [];
  for await (const e of readManifestJson(path, { onHeader: (h) => (header = h) })) entries.push(e);
  return { header, entries };
}

describe('reading manifest.json an entry at a time', () => {
  it('reads back what ManifestWriters writes, with no entry, one, and several (strings holding line breaks, commas and brackets)', async (t) => {
    for (const entries of [[], [entry(1)], [entry(1, { messageId: 'x,\n]}\r\n"y"' }), entry(2), entry(3, { reviewTags: ['a', ']}'] })]]) {
      const dir = tempDir('manifest');
      t.after(dir.remove);
      const writers = await ManifestWriters.create(dir.path, { exportId: 'e-1,\n"', format: 'eml-zip' });
      for (const e of entries) await writers.add(e);
      await writers.commit();
      const path = join(dir.path, MANIFEST_JSON);
      assert.deepEqual(await readAll(path), { header: { exportId: 'e-1,\n"', format: 'eml-zip' }, entries });
      assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).messages, entries);
    }
  });

  it('refuses valid JSON in another layout, and broken layouts, with a ManifestFormatError', async (t) => {
    const dir = tempDir('manifest');
    t.after(dir.remove);
    const path = join(dir.path, MANIFEST_JSON);
    const head = '{"type":"custodian-export-manifest/1","exportId":"e","format":"mbox","messages":[';
    const [a, b] = [JSON.stringify(entry(1)), JSON.stringify(entry(2))];
    const cases: Array<[string, RegExp]> = [
      ['', /line 1: not the manifest header/],
      [JSON.stringify({ type: 'custodian-export-manifest/1', exportId: 'e', format: 'mbox', messages: [entry(1)] }), /line 1: not the manifest header/],
      [`${JSON.stringify({ type: 'custodian-export-manifest/1', exportId: 'e', format: 'mbox', messages: [] }, null, 2)}\n`, /line 1: not the manifest header/],
      [`${head}\n${a},\n${b},\n]}\n`, /line 4: a comma after the last entry/],
      [`${head}\n${a}\n${b}\n]}\n`, /line 3: an entry after one without a comma/],
      [`${head}\n${a},\n${b}`, /ends before the closing/],
      [`${head}\n${a}\n]}`, /no line break after/],
      [`${head}\n${a}\n]}\n\n`, /text after the closing/],
      [`${head}\n${a}\n]}\n{}`, /text after the closing/],
      [`${head}\n${a.slice(0, -1)},\n]}\n`, /line 2: /],
      [`${head}\n${JSON.stringify({ ...entry(1), extra: 1 })}\n]}\n`, /line 2: .*extra/],
      [`{"type":"other","exportId":"e","format":"mbox","messages":[\n]}\n`, /line 1: /],
    ];
    for (const [text, expected] of cases) {
      writeFileSync(path, text);
      await assert.rejects(readAll(path), (error: unknown) => error instanceof ManifestFormatError && expected.test(error.message), JSON.stringify(text.slice(0, 60)));
    }
  });
});
