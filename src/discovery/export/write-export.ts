import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArchiveIndex, StoredMessage } from '../../archive/archive-index.js';
import { BlobIntegrityError, BlobNotFoundError, type BlobStore } from '../../archive/blob-store.js';
import { syncDirectory } from '../../fs/sync-directory.js';
import type { SigningKey } from '../../integrity/signing-key.js';
import type { CaseReview } from '../case-review/case-review.js';
import { CUSTODY_FILE, signCustody, type CustodyStatement } from './chain-of-custody.js';
import { openExportBody, type ExportBody } from './export-body.js';
import { ExportCancelledError, ExportMessageError } from './export-errors.js';
import type { ExportFile, ExportRecord, ExportStore } from './export-store.js';
import { manifestEntryOf } from './manifest-entry.js';
import { MANIFEST_CSV, MANIFEST_JSON, ManifestWriters } from './manifest-writers.js';
import { PartialFile } from './partial-file.js';
import { readAhead } from './read-ahead.js';

/** What writing an export's files needs. */
export interface WriteExportDeps {
  store: ExportStore;
  index: ArchiveIndex;
  blobs: BlobStore;
  caseReview: CaseReview;
  signingKey: SigningKey;
  /** Named in the custody record beside the key id. */
  applianceName: string;
  /** Each export gets `<exportsDirectory>/<exportId>/`. */
  exportsDirectory: string;
  /** Messages between two progress updates. */
  progressEvery: number;
  /** Messages per ZIP volume. */
  zipVolumeMessages: number;
  now: () => Date;
}

/** Selection ids read from the store per page (and review tags asked for per page). */
const PAGE = 500;
/** Originals read ahead of the one being written: disk reads overlap compression and writes, memory stays bounded. */
const READ_AHEAD = 8;

/**
 * Writes every file of a running export whose selection is frozen, from scratch: the directory is
 * emptied first, each file is written as `*.partial` and renamed only once complete and fsynced,
 * and the custody record, signed, comes last. Resolves to the files (custody record last) once all
 * are durable. On any error (a cancel, a bad original, a disk fault) every file of the export is
 * removed before the error is rethrown, so nothing truncated is ever left under a final name.
 * @throws ExportCancelledError, ExportMessageError, or what the disk and stores throw
 */
export async function writeExportFiles(record: ExportRecord, deps: WriteExportDeps): Promise<{ files: ExportFile[]; finishedAt: string; count: number }> {
  const directory = join(deps.exportsDirectory, record.id);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await syncDirectory(dirname(directory));
  const mtime = new Date(record.requestedAt);
  let body: ExportBody | null = null;
  let manifests: ManifestWriters | null = null;
  try {
    body = await openExportBody(record.format, directory, { mtime, zipVolumeMessages: deps.zipVolumeMessages });
    manifests = await ManifestWriters.create(directory, { exportId: record.id, format: record.format });
    const count = await writeMessages(record, deps, body, manifests);
    const { csv, json } = await manifests.commit();
    manifests = null;
    const exported = await body.commit([{ name: MANIFEST_CSV, path: join(directory, MANIFEST_CSV) }, { name: MANIFEST_JSON, path: join(directory, MANIFEST_JSON) }]);
    body = null;
    const finishedAt = deps.now().toISOString();
    const files = [...exported, csv, json];
    const custody = await writeCustody(directory, custodyStatement(record, deps, { files, count, finishedAt }), deps.signingKey);
    return { files: [...files, custody], finishedAt, count };
  } catch (error) {
    await Promise.all([body?.abandon(), manifests?.abandon()]);
    await removeExportFiles(deps.exportsDirectory, record.id);
    throw error;
  }
}

/** Removes an export's directory (a cancelled or failed export leaves no files). */
export async function removeExportFiles(exportsDirectory: string, exportId: string): Promise<void> {
  await rm(join(exportsDirectory, exportId), { recursive: true, force: true });
  await syncDirectory(exportsDirectory).catch(() => undefined);
}

async function writeMessages(record: ExportRecord, deps: WriteExportDeps, body: ExportBody, manifests: ManifestWriters): Promise<number> {
  const { caseId } = record.selection;
  let done = 0;
  for (let afterSeq = 0; ;) {
    const page = await deps.store.selection(record.id, { afterSeq, limit: PAGE });
    if (page.length === 0) return done;
    const tagged = caseId === null ? [] : await deps.caseReview.tagsOf(caseId, page.map((item) => item.archiveId));
    const tagsOf = new Map(tagged.map((t) => [t.messageId, t.tags]));
    for await (const [{ seq, archiveId }, { stored, raw }] of readAhead(page, (item) => readMessage(deps, item.archiveId), READ_AHEAD)) {
      // Checked between messages: a cancel stops the export within a few messages.
      if (await deps.store.cancelRequested(record.id)) throw new ExportCancelledError(`export ${record.id} cancelled`);
      const reviewTags = tagsOf.get(archiveId) ?? [];
      const where = await body.add({ seq, archiveId, raw, receivedAt: stored.document.receivedAt, sender: stored.events[0]?.journal.sender ?? null, reviewTags });
      await manifests.add(manifestEntryOf({ seq, stored, sha256: archiveId, size: raw.length, reviewTags, ...where }));
      done += 1;
      if (done % deps.progressEvery === 0) await deps.store.progress(record.id, done);
    }
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
}

/** A message's index record and its original, checked. */
async function readMessage(deps: WriteExportDeps, archiveId: string): Promise<{ stored: StoredMessage; raw: Buffer }> {
  const stored = await deps.index.get(archiveId);
  if (stored === null) throw new ExportMessageError(archiveId, 'missing', `message ${archiveId} is no longer in the archive index (deleted since the export started?)`);
  return { stored, raw: await readOriginal(deps.blobs, archiveId) };
}

/** The original, checked here against its id whatever the blob store already checked. */
async function readOriginal(blobs: BlobStore, archiveId: string): Promise<Buffer> {
  const verifyHint = 'run `custodian verify` to find every damaged original';
  let raw: Buffer;
  try {
    raw = await blobs.get(archiveId);
  } catch (error) {
    if (error instanceof BlobIntegrityError) throw new ExportMessageError(archiveId, 'hash-mismatch', `the original of message ${archiveId} fails its integrity check; ${verifyHint}`);
    if (error instanceof BlobNotFoundError) throw new ExportMessageError(archiveId, 'missing', `the original of message ${archiveId} is missing from the blob store; ${verifyHint}`);
    throw error;
  }
  const actual = createHash('sha256').update(raw).digest('hex');
  if (actual !== archiveId) {
    throw new ExportMessageError(archiveId, 'hash-mismatch', `the original of message ${archiveId} hashes to ${actual}, not its archive id; ${verifyHint}`);
  }
  return raw;
}

function custodyStatement(record: ExportRecord, deps: WriteExportDeps, result: { files: ExportFile[]; count: number; finishedAt: string }): CustodyStatement {
  return {
    type: 'custodian-export-custody/1',
    exportId: record.id,
    requestedBy: record.requestedBy,
    requestSource: record.requestSource,
    requestedAt: record.requestedAt,
    startedAt: record.startedAt ?? result.finishedAt,
    finishedAt: result.finishedAt,
    selection: record.selection,
    format: record.format,
    messageCount: result.count,
    files: result.files,
    appliance: { name: deps.applianceName, keyId: deps.signingKey.keyId },
  };
}

async function writeCustody(directory: string, statement: CustodyStatement, key: SigningKey): Promise<ExportFile> {
  const file = await PartialFile.create(directory, CUSTODY_FILE);
  try {
    await file.write(`${JSON.stringify(signCustody(statement, key), null, 2)}\n`);
    return await file.commit();
  } catch (error) {
    await file.abandon();
    throw error;
  }
}
