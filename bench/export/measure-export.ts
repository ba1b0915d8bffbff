/**
 * The measuring child of bench:export: one export of the whole archive in one format, through
 * the real ExportService and its job handler, in a process of its own so its peak RSS is the
 * export's alone. Reports its figures to the parent over IPC.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createFsBlobStore } from '../../src/archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';
import { SqliteCaseReview } from '../../src/discovery/case-review/sqlite/sqlite-case-review.js';
import { createExportService } from '../../src/discovery/export/export-service.js';
import type { ExportFormat } from '../../src/discovery/export/export-store.js';
import { SqliteExportStore } from '../../src/discovery/export/sqlite/sqlite-export-store.js';
import { isExportFile } from '../../src/discovery/export/export-body.js';
import { verifyExport } from '../../src/discovery/export/verify-export.js';
import { loadOrCreateSigningKey } from '../../src/integrity/signing-key.js';
import { parseQuery } from '../../src/query/parse-query.js';

export interface MeasureExportRequest {
  dbFile: string;
  blobRoot: string;
  exportsDirectory: string;
  keyFile: string;
  format: ExportFormat;
}

export interface ExportFigures {
  format: ExportFormat;
  messages: number;
  seconds: number;
  exportFileBytes: number;
  /** getrusage maximum resident set of this process, MiB. */
  peakRssMiB: number;
  /** Peak V8 heap in use, sampled every 100 ms during the export, MiB. */
  peakHeapMiB: number;
  /** Whether the read-back (re-import, hashes, signature) found nothing wrong; not timed. */
  verified: boolean;
  verifySeconds: number;
}

async function measure(request: MeasureExportRequest): Promise<ExportFigures> {
  const db = openDatabase(request.dbFile);
  const writer = new GroupCommit(db);
  const index = new SqliteArchiveIndex(db, writer);
  const store = new SqliteExportStore(db, writer);
  const signingKey = loadOrCreateSigningKey(request.keyFile);
  const service = createExportService({
    store, index, blobs: createFsBlobStore({ root: request.blobRoot, compression: 'gzip', encryptionKey: null }),
    caseReview: new SqliteCaseReview({ db, writer, index }), parseQuery, signingKey, applianceName: 'bench',
    exportsDirectory: request.exportsDirectory, enqueue: async () => undefined, maxAttempts: 1, progressEvery: 1000,
  });
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 100);
  const started = performance.now();
  const { id } = await service.request({
    id: randomUUID(), format: request.format, selection: { caseId: null, query: 'received>1970-01-01', reviewTag: null }, requestedBy: 'bench', requestSource: 'cli:bench',
  });
  await service.handler({ id: `export:${id}`, name: 'export', payload: { exportId: id }, attempt: 1 });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const record = await service.get(id);
  if (record?.status !== 'completed') throw new Error(`export ended ${record?.status ?? 'missing'}: ${record?.error ?? ''}`);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const verifyStarted = performance.now();
  const verification = await verifyExport(join(request.exportsDirectory, id), { publicKeyPem: signingKey.publicKeyPem });
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  await writer.close();
  db.close();
  return {
    format: request.format,
    messages: record.total ?? 0,
    seconds,
    // Every export file: one mbox, or every ZIP volume.
    exportFileBytes: record.files.filter((file) => isExportFile(record.format, file.name)).reduce((sum, file) => sum + file.size, 0),
    peakRssMiB,
    peakHeapMiB: peakHeap / 2 ** 20,
    verified: verification.ok && verification.messagesChecked === record.total,
    verifySeconds,
  };
}

const request = JSON.parse(process.argv[2] ?? '{}') as MeasureExportRequest;
measure(request).then(
  (figures) => process.send?.(figures, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
