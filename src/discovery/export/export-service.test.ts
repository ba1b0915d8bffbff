import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { openPromise } from 'yauzl';
import type { BlobStore } from '../../archive/blob-store.js';
import { UnrecoverableJobError } from '../../queue/errors.js';
import { QuerySyntaxError } from '../../query/query-syntax-error.js';
import { custodyRecordSchema } from './chain-of-custody.js';
import { parseCsv } from './csv.js';
import { ExportStateError, InvalidExportError } from './export-errors.js';
import type { ExportService } from './export-service.js';
import type { ExportFormat, ExportOutcome, ExportRecord, ExportSelection, ExportStore } from './export-store.js';
import { MANIFEST_CSV_COLUMNS } from './manifest-entry.js';
import { exportArchive, type ExportArchive } from './test-support/export-archive.js';
import { verifyExport } from './verify-export.js';

const OFFICER = 'olga-officer';
const everything: ExportSelection = { caseId: null, query: 'received>2000-01-01', reviewTag: null };
const job = (exportId: string, attempt = 1) => ({ id: `export:${exportId}`, name: 'export' as const, payload: { exportId }, attempt });

async function requestAndRun(service: ExportService, format: ExportFormat, selection: ExportSelection = everything): Promise<ExportRecord> {
  const requested = await service.request({ id: randomUUID(), format, selection, requestedBy: OFFICER, requestSource: '192.0.2.7' });
  await service.handler(job(requested.id));
  const record = await service.get(requested.id);
  assert.ok(record);
  return record;
}

/** Reads the export back and returns the archive ids whose bytes hashed to them. */
async function reimported(archive: ExportArchive, record: ExportRecord): Promise<string[]> {
  const seen: string[] = [];
  const result = await verifyExport(join(archive.exportsDirectory, record.id), {
    publicKeyPem: archive.signingKey.publicKeyPem,
    onMessage: (m) => {
      assert.equal(m.sha256, m.archiveId);
      seen.push(m.sha256);
    },
  });
  assert.deepEqual(result.findings, []);
  assert.equal(result.ok, true);
  assert.equal(result.signatureChecked, true);
  return seen;
}

/** A blob store that runs `onGet` before each read (its argument counts reads from 1). */
function watchedBlobs(blobs: BlobStore, onGet: (n: number, id: string) => Promise<void>): BlobStore {
  let n = 0;
  return { ...blobs, get: async (id) => { await onGet(++n, id); return blobs.get(id); } };
}

describe('an export of a query', () => {
  for (const format of ['eml-zip', 'mbox'] as const) {
    it(`writes every selected original byte-exact as ${format}, and reads back with the archive's hashes`, async (t) => {
      const archive = await exportArchive(t);
      const record = await requestAndRun(archive.service(), format);
      assert.equal(record.status, 'completed');
      assert.equal(record.total, archive.ids.length);
      assert.equal(record.done, archive.ids.length);
      assert.deepEqual(record.files.map((f) => f.name), [format === 'mbox' ? 'export.mbox' : 'export.zip', 'manifest.csv', 'manifest.json', 'chain-of-custody.json']);
      assert.deepEqual(await reimported(archive, record), archive.ids, 'every original, in the order received');
      assert.deepEqual(readdirSync(join(archive.exportsDirectory, record.id)).sort(), record.files.map((f) => f.name).sort(), 'no partial files left');
    });
  }

  it('splits a ZIP export into volumes, each message listed with its volume, and reads back across them', async (t) => {
    const archive = await exportArchive(t);
    const record = await requestAndRun(archive.service({ zipVolumeMessages: 2 }), 'eml-zip');
    assert.equal(record.status, 'completed');
    const volumes = Math.ceil(archive.ids.length / 2);
    const expected = Array.from({ length: volumes }, (_, i) => (i === 0 ? 'export.zip' : `export-${i + 1}.zip`));
    assert.deepEqual(record.files.map((f) => f.name), [...expected, 'manifest.csv', 'manifest.json', 'chain-of-custody.json']);
    assert.deepEqual(await reimported(archive, record), archive.ids, 'every original once, in order, across the volumes');
    const manifest = JSON.parse(readFileSync(join(archive.exportsDirectory, record.id, 'manifest.json'), 'utf8')) as { messages: Array<{ seq: number; file: string }> };
    assert.deepEqual(manifest.messages.map((m) => m.file), manifest.messages.map((m) => expected[Math.floor((m.seq - 1) / 2)]));
  });

  it('keeps an mbox message that has no final line ending and body lines starting with "From " exact', async (t) => {
    const archive = await exportArchive(t);
    const record = await requestAndRun(archive.service(), 'mbox', { caseId: null, query: 'subject:"no final newline" OR subject:"from lines inside"', reviewTag: null });
    const mbox = readFileSync(join(archive.exportsDirectory, record.id, 'export.mbox'), 'latin1');
    assert.match(mbox, /\n>From here on the body/);
    assert.match(mbox, /\n>>From an already quoted line/);
    assert.match(mbox, /\n>>>From twice quoted/);
    assert.match(mbox, /\nFrom\r\n/, 'a bare "From" without a space is no separator and stays');
    const seen = await reimported(archive, record);
    assert.equal(seen.length, 2);
  });

  it('renders one PDF per message as pdf-zip, each showing its archive id, with the manifests inside the ZIP', async (t) => {
    const archive = await exportArchive(t);
    const record = await requestAndRun(archive.service(), 'pdf-zip', { caseId: null, query: 'subject:"no final newline" OR subject:"from lines inside"', reviewTag: null });
    assert.equal(record.status, 'completed');
    const result = await verifyExport(join(archive.exportsDirectory, record.id), { publicKeyPem: archive.signingKey.publicKeyPem });
    assert.deepEqual(result.findings, []);
    const zip = await openPromise(join(archive.exportsDirectory, record.id, 'export.zip'), { lazyEntries: true });
    const names: string[] = [];
    for await (const entry of zip.eachEntry()) {
      names.push(entry.fileName);
      const bytes = Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray() as Buffer[]);
      if (!entry.fileName.endsWith('.pdf')) continue;
      const pdf = join(archive.dir, 'one.pdf');
      writeFileSync(pdf, bytes);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      assert.ok(text.includes(entry.fileName.slice('messages/'.length, -'.pdf'.length)), 'the PDF shows its archive id');
    }
    zip.close();
    assert.equal(names.filter((n) => n.endsWith('.pdf')).length, 2);
    assert.deepEqual(names.slice(-2), ['manifest.csv', 'manifest.json']);
  });

  it('writes a manifest CSV that parses, with a row per message matching the archive', async (t) => {
    const archive = await exportArchive(t);
    const record = await requestAndRun(archive.service(), 'eml-zip');
    const [header, ...rows] = parseCsv(readFileSync(join(archive.exportsDirectory, record.id, 'manifest.csv'), 'utf8'));
    assert.deepEqual(header, [...MANIFEST_CSV_COLUMNS]);
    assert.equal(rows.length, archive.ids.length);
    const column = (name: (typeof MANIFEST_CSV_COLUMNS)[number]) => MANIFEST_CSV_COLUMNS.indexOf(name);
    assert.deepEqual(rows.map((r) => r[column('archive_id')]), archive.ids);
    const fromLines = rows.find((r) => r[column('message_id')] === 'from-lines@example.com');
    assert.ok(fromLines);
    assert.equal(fromLines[column('from')], 'quoted@example.com');
    assert.equal(fromLines[column('cc')], 'jane@example.com');
    assert.equal(fromLines[column('path')], `messages/${fromLines[column('archive_id')]}.eml`);
    const bcc = rows.find((r) => r[column('bcc')]?.includes('hr-records@contoso.com') || r[column('journal_recipients')]?.includes('hr-records@contoso.com'));
    assert.ok(bcc, 'journal-only (BCC) recipients are listed');
  });

  it('signs a custody record naming who, from where, what and the hash of the export file', async (t) => {
    const archive = await exportArchive(t);
    const record = await requestAndRun(archive.service(), 'eml-zip');
    const custody = custodyRecordSchema.parse(JSON.parse(readFileSync(join(archive.exportsDirectory, record.id, 'chain-of-custody.json'), 'utf8')));
    assert.equal(custody.statement.requestedBy, OFFICER);
    assert.equal(custody.statement.requestSource, '192.0.2.7');
    assert.deepEqual(custody.statement.selection, everything);
    assert.equal(custody.statement.messageCount, archive.ids.length);
    assert.equal(custody.statement.appliance.keyId, archive.signingKey.keyId);
    assert.deepEqual(custody.statement.files, record.files.slice(0, 3));
    assert.equal(custody.statement.finishedAt, record.finishedAt);
  });

  it('refuses a query that does not parse, and an export of the whole archive by omission', async (t) => {
    const service = (await exportArchive(t)).service();
    await assert.rejects(service.validate({ caseId: null, query: 'subject:(', reviewTag: null }), QuerySyntaxError);
    await assert.rejects(service.validate({ caseId: null, query: ' ', reviewTag: null }), InvalidExportError);
    await assert.rejects(service.validate({ caseId: null, query: null, reviewTag: 'responsive' }), InvalidExportError);
  });
});

describe('an export within a case', () => {
  async function openCase(archive: ExportArchive): Promise<string> {
    const id = randomUUID();
    await archive.holds.createCase({ id, name: 'Matter', description: '', scope: 'all', custodians: [], query: null, sentFrom: null, sentBefore: null, createdBy: OFFICER });
    return id;
  }

  it('exports only the messages with the review tag, lists their tags, and records the steps on the case timeline', async (t) => {
    const archive = await exportArchive(t);
    const caseId = await openCase(archive);
    const tagged = archive.ids.slice(2, 5);
    await archive.caseReview.addTag({ caseId, messageIds: tagged, tag: 'responsive', actor: OFFICER });
    await archive.caseReview.addTag({ caseId, messageIds: [tagged[0] as string], tag: 'privileged', actor: OFFICER });
    const record = await requestAndRun(archive.service(), 'mbox', { caseId, query: null, reviewTag: 'responsive' });
    assert.equal(record.status, 'completed');
    assert.deepEqual((await reimported(archive, record)).sort(), [...tagged].sort());
    const manifest = JSON.parse(readFileSync(join(archive.exportsDirectory, record.id, 'manifest.json'), 'utf8')) as { messages: Array<{ archiveId: string; reviewTags: string[] }> };
    assert.deepEqual(manifest.messages.find((m) => m.archiveId === tagged[0])?.reviewTags, ['privileged', 'responsive']);
    const actions = (await archive.caseReview.timeline(caseId, { limit: 100, afterSeq: 0 })).map((e) => e.action).filter((a) => a.startsWith('export.'));
    assert.deepEqual(actions, ['export.request', 'export.complete']);
  });

  it('exports a search within the case scope', async (t) => {
    const archive = await exportArchive(t);
    const caseId = await openCase(archive);
    const record = await requestAndRun(archive.service(), 'eml-zip', { caseId, query: 'message-id:from-lines@example.com', reviewTag: null });
    assert.equal((await reimported(archive, record)).length, 1);
  });
});

describe('cancelling, failing and crashing', () => {
  it('stops a running export between messages when cancelled, removing its files', async (t: TestContext) => {
    const archive = await exportArchive(t);
    let exportId = '';
    let service: ExportService | null = null;
    service = archive.service({ blobs: watchedBlobs(archive.blobs, async (n) => { if (n === 3) await service?.cancel({ id: exportId, actor: OFFICER }); }) });
    exportId = (await service.request({ id: randomUUID(), format: 'eml-zip', selection: everything, requestedBy: OFFICER, requestSource: 'cli:olga' })).id;
    await service.handler(job(exportId));
    const record = await service.get(exportId);
    assert.equal(record?.status, 'cancelled');
    assert.equal(record?.error, `cancelled by ${OFFICER}`);
    assert.deepEqual(record?.files, []);
    assert.equal(existsSync(join(archive.exportsDirectory, exportId)), false);
    await assert.rejects(service.cancel({ id: exportId, actor: OFFICER }), ExportStateError);
  });

  it('never completes an export whose cancel was accepted while its files were being finished', async (t) => {
    const archive = await exportArchive(t);
    const real = archive.store;
    // The cancel lands after the last check between messages, just before the export would be marked completed.
    const store: ExportStore = Object.assign(Object.create(real) as ExportStore, {
      async finish(id: string, outcome: ExportOutcome) {
        if (outcome.status === 'completed') assert.equal(await real.requestCancel(id, `cancelled by ${OFFICER}`), 'flagged');
        return real.finish(id, outcome);
      },
    });
    const service = archive.service({ store });
    const { id } = await service.request({ id: randomUUID(), format: 'mbox', selection: everything, requestedBy: OFFICER, requestSource: 'cli:olga' });
    await service.handler(job(id));
    const record = await service.get(id);
    assert.equal(record?.status, 'cancelled');
    assert.deepEqual(record?.files, []);
    assert.equal(existsSync(join(archive.exportsDirectory, id)), false);
  });

  it('cancels a queued export at once; its job then does nothing', async (t) => {
    const archive = await exportArchive(t);
    const service = archive.service();
    const { id } = await service.request({ id: randomUUID(), format: 'mbox', selection: everything, requestedBy: OFFICER, requestSource: 'cli:olga' });
    assert.equal((await service.cancel({ id, actor: OFFICER })).status, 'cancelled');
    await service.handler(job(id));
    assert.equal((await service.get(id))?.status, 'cancelled');
    assert.equal(existsSync(join(archive.exportsDirectory, id)), false);
  });

  it('fails for good, naming the message, when an original was tampered with on disk', async (t) => {
    const archive = await exportArchive(t);
    const victim = archive.ids[4] as string;
    const blobFile = join(archive.blobRoot, victim.slice(0, 2), victim.slice(2, 4), victim);
    const bytes = readFileSync(blobFile);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x01, bytes.length - 1);
    writeFileSync(blobFile, bytes);
    const service = archive.service();
    const { id } = await service.request({ id: randomUUID(), format: 'eml-zip', selection: everything, requestedBy: OFFICER, requestSource: 'cli:olga' });
    await assert.rejects(service.handler(job(id)), UnrecoverableJobError);
    const record = await service.get(id);
    assert.equal(record?.status, 'failed');
    assert.match(record?.error ?? '', new RegExp(`${victim}.*custodian verify`));
    assert.equal(existsSync(join(archive.exportsDirectory, id)), false);
  });

  it('fails for good when the blob store hands back bytes that do not hash to the archive id', async (t) => {
    const archive = await exportArchive(t);
    const victim = archive.ids[1] as string;
    const lying: BlobStore = { ...archive.blobs, get: async (id) => (id === victim ? Buffer.from('not the original') : archive.blobs.get(id)) };
    const service = archive.service({ blobs: lying });
    const { id } = await service.request({ id: randomUUID(), format: 'mbox', selection: everything, requestedBy: OFFICER, requestSource: 'cli:olga' });
    await assert.rejects(service.handler(job(id)), UnrecoverableJobError);
    assert.match((await service.get(id))?.error ?? '', new RegExp(victim));
  });

  it('starts the files again after a crash mid-export and completes a verified export of the same selection', async (t) => {
    const archive = await exportArchive(t);
    const first = archive.service({ blobs: watchedBlobs(archive.blobs, async (n) => { if (n === 5) await new Promise<never>(() => undefined); }) });
    const { id } = await first.request({ id: randomUUID(), format: 'eml-zip', selection: everything, requestedBy: OFFICER, requestSource: 'cli:olga' });
    // The first run hangs at the fifth message: as far as the disk and database know, the process died there.
    const progressed = archive.store.progress.bind(archive.store);
    let reachedFour: () => void = () => undefined;
    const atFour = new Promise<void>((resolve) => { reachedFour = resolve; });
    archive.store.progress = async (exportId, done) => { await progressed(exportId, done); if (done === 4) reachedFour(); };
    void first.handler(job(id));
    await atFour;
    const directory = join(archive.exportsDirectory, id);
    assert.deepEqual(readdirSync(directory).sort(), ['export.zip.partial', 'manifest.csv.partial', 'manifest.json.partial']);
    const crashed = await archive.store.get(id);
    assert.equal(crashed?.status, 'running');
    assert.equal(crashed?.total, archive.ids.length, 'the selection was frozen when the export started');

    // More mail arrives; the resumed export must still write exactly the frozen selection.
    await archive.archiveMessage(Buffer.from('From: late@example.com\r\nSubject: late\r\n\r\nArrived after the export started.\r\n'), '2024-07-01T00:00:00.000Z');
    const rerun = archive.service();
    await rerun.handler(job(id, 2));
    const record = await rerun.get(id);
    assert.equal(record?.status, 'completed');
    assert.deepEqual(await reimported(archive, record as ExportRecord), archive.ids);
    assert.deepEqual(readdirSync(directory).sort(), ['chain-of-custody.json', 'export.zip', 'manifest.csv', 'manifest.json']);
  });

  it('enqueues unfinished exports again at start-up', async (t) => {
    const archive = await exportArchive(t);
    const service = archive.service();
    const { id } = await service.request({ id: randomUUID(), format: 'mbox', selection: everything, requestedBy: OFFICER, requestSource: 'cli:olga' });
    archive.enqueued.length = 0;
    assert.equal(await service.enqueueUnfinished(), 1);
    assert.deepEqual(archive.enqueued, [id]);
  });
});
