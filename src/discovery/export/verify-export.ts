import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { openPromise } from 'yauzl';
import { z } from 'zod';
import { CUSTODY_FILE, custodyRecordSchema, custodySignatureProblems, type CustodyRecord } from './chain-of-custody.js';
import { parseCsv } from './csv.js';
import { isExportFile } from './export-body.js';
import { EXPORT_FORMATS } from './export-store.js';
import { MANIFEST_CSV_COLUMNS, manifestCsvCells, manifestEntrySchema, type ManifestEntry } from './manifest-entry.js';
import { MANIFEST_CSV, MANIFEST_JSON } from './manifest-writers.js';
import { readMbox } from './mbox-reader.js';
import { trimAddedNewline } from './mbox-format.js';

/** One thing wrong with an export directory. */
export interface ExportFinding {
  kind:
    | 'custody-unreadable' | 'signature' | 'file-missing' | 'file-changed' | 'unlisted-file' | 'manifest-unreadable' | 'manifest-mismatch'
    | 'message-hash' | 'message-missing' | 'message-unlisted' | 'message-count';
  /** The file, entry or archive id concerned. */
  subject: string;
  detail: string;
}

export interface ExportVerification {
  /** No findings (and, when a key was given, the signature verified). */
  ok: boolean;
  custody: CustodyRecord | null;
  /** False when no public key was given: the custody record's signature was not checked. */
  signatureChecked: boolean;
  /** Messages read back from the export file and hashed. */
  messagesChecked: number;
  findings: ExportFinding[];
}

export interface VerifyExportOptions {
  /** SPKI PEM of the appliance key; without it the signature is not checked. */
  publicKeyPem?: string;
  /** Called for every message read back (tests compare these with the archive). */
  onMessage?: (message: { archiveId: string; sha256: string; size: number }) => void;
}

const manifestSchema = z.strictObject({
  type: z.literal('custodian-export-manifest/1'),
  exportId: z.string(),
  format: z.enum(EXPORT_FORMATS),
  messages: z.array(manifestEntrySchema),
});

/**
 * Reads an export directory back as a recipient would: checks the custody record (signature with
 * the given key, size and SHA-256 of every listed file, nothing unlisted beside them), the two
 * manifests against each other, and re-imports the export files (unzips every volume, or splits
 * the mbox), hashing every message against the manifest. PDF renderings are checked to be PDFs; their
 * originals' hashes are in the manifest only.
 */
export async function verifyExport(directory: string, options: VerifyExportOptions = {}): Promise<ExportVerification> {
  const findings: ExportFinding[] = [];
  const add = (kind: ExportFinding['kind'], subject: string, detail: string) => findings.push({ kind, subject, detail });
  let custody: CustodyRecord;
  try {
    custody = custodyRecordSchema.parse(JSON.parse(await readFile(join(directory, CUSTODY_FILE), 'utf8')));
  } catch (error) {
    add('custody-unreadable', CUSTODY_FILE, error instanceof Error ? error.message : String(error));
    return { ok: false, custody: null, signatureChecked: false, messagesChecked: 0, findings };
  }
  const { statement } = custody;
  if (options.publicKeyPem !== undefined) {
    for (const problem of custodySignatureProblems(custody, options.publicKeyPem)) add('signature', CUSTODY_FILE, problem);
  }

  const listed = new Map(statement.files.map((f) => [f.name, f]));
  for (const name of await readdir(directory)) {
    if (name !== CUSTODY_FILE && !listed.has(name)) add('unlisted-file', name, 'not listed in the custody record');
  }
  for (const file of statement.files) {
    // Names come from a file that may have been forged: never read outside the export directory.
    if (basename(file.name) !== file.name) {
      add('custody-unreadable', file.name, 'a file name with a directory part; only files of the export directory are read');
      continue;
    }
    const actual = await hashFile(join(directory, file.name)).catch(() => null);
    if (actual === null) add('file-missing', file.name, 'listed in the custody record but not there');
    else if (actual.sha256 !== file.sha256 || actual.size !== file.size) {
      add('file-changed', file.name, `custody record says ${file.size} bytes, SHA-256 ${file.sha256}; found ${actual.size} bytes, ${actual.sha256}`);
    }
  }

  const entries = await readManifests(directory, statement, add);
  let messagesChecked = 0;
  if (entries !== null) {
    if (entries.length !== statement.messageCount) add('message-count', MANIFEST_JSON, `${entries.length} entries, custody record says ${statement.messageCount} messages`);
    const exportFiles = statement.files.map((f) => f.name).filter((name) => isExportFile(statement.format, name));
    const check = (entry: ManifestEntry, bytes: Buffer) => {
      messagesChecked += 1;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      options.onMessage?.({ archiveId: entry.archiveId, sha256, size: bytes.length });
      if (sha256 !== entry.sha256 || sha256 !== entry.archiveId || bytes.length !== entry.size) {
        add('message-hash', entry.archiveId, `${entry.path}: ${bytes.length} bytes hashing to ${sha256}; the manifest lists ${entry.size} bytes, ${entry.sha256}`);
      }
    };
    const inFile = (name: string) => entries.filter((entry) => entry.file === name);
    for (const name of exportFiles) {
      try {
        if (statement.format === 'mbox') await rereadMbox(join(directory, name), inFile(name), check, add);
        else await rereadZip(join(directory, name), inFile(name), statement, check, add);
      } catch (error) {
        add('file-changed', name, `cannot be read back: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const entry of entries) if (!exportFiles.includes(entry.file)) add('message-missing', entry.archiveId, `${entry.file} is not an export file of the custody record`);
  }
  return { ok: findings.length === 0, custody, signatureChecked: options.publicKeyPem !== undefined, messagesChecked, findings };
}

type AddFinding = (kind: ExportFinding['kind'], subject: string, detail: string) => void;

async function readManifests(directory: string, statement: CustodyRecord['statement'], add: AddFinding): Promise<ManifestEntry[] | null> {
  let entries: ManifestEntry[];
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(join(directory, MANIFEST_JSON), 'utf8')));
    if (manifest.exportId !== statement.exportId || manifest.format !== statement.format) {
      add('manifest-mismatch', MANIFEST_JSON, `names export ${manifest.exportId} (${manifest.format}), the custody record ${statement.exportId} (${statement.format})`);
    }
    entries = manifest.messages;
  } catch (error) {
    add('manifest-unreadable', MANIFEST_JSON, error instanceof Error ? error.message : String(error));
    return null;
  }
  try {
    const [header, ...rows] = parseCsv(await readFile(join(directory, MANIFEST_CSV), 'utf8'));
    if (header?.join(',') !== MANIFEST_CSV_COLUMNS.join(',')) add('manifest-mismatch', MANIFEST_CSV, 'unexpected header row');
    if (rows.length !== entries.length) add('manifest-mismatch', MANIFEST_CSV, `${rows.length} rows, manifest.json has ${entries.length} entries`);
    entries.forEach((entry, i) => {
      const row = rows[i];
      if (row !== undefined && row.join('\u0000') !== manifestCsvCells(entry).join('\u0000')) add('manifest-mismatch', MANIFEST_CSV, `row ${i + 1} differs from manifest.json (${entry.archiveId})`);
    });
  } catch (error) {
    add('manifest-unreadable', MANIFEST_CSV, error instanceof Error ? error.message : String(error));
  }
  return entries;
}

async function rereadMbox(path: string, entries: ManifestEntry[], check: (entry: ManifestEntry, bytes: Buffer) => void, add: AddFinding): Promise<void> {
  let i = 0;
  for await (const message of readMbox(path)) {
    const entry = entries[i];
    i += 1;
    if (entry === undefined) {
      add('message-unlisted', `${basename(path)}#${i}`, `a message the manifest does not list (${message.fromLine})`);
      continue;
    }
    check(entry, trimAddedNewline(message.text, entry.size));
  }
  for (const entry of entries.slice(i)) add('message-missing', entry.archiveId, `${entry.path} is not in the mbox`);
}

async function rereadZip(
  path: string, entries: ManifestEntry[], statement: CustodyRecord['statement'], check: (entry: ManifestEntry, bytes: Buffer) => void, add: AddFinding,
): Promise<void> {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const seen = new Set<string>();
  const listed = new Map(statement.files.map((f) => [f.name, f]));
  const zip = await openPromise(path, { lazyEntries: true, autoClose: true });
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      const stream = await zip.openReadStreamPromise(entry);
      const manifest = byPath.get(name);
      if (manifest !== undefined) {
        seen.add(name);
        const bytes = await readAll(stream);
        if (statement.format === 'eml-zip') check(manifest, bytes);
        else if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') add('message-hash', manifest.archiveId, `${name} is not a PDF`);
        continue;
      }
      const outside = listed.get(name);
      if (outside !== undefined && (name === MANIFEST_CSV || name === MANIFEST_JSON)) {
        const { sha256 } = await hashStream(stream);
        if (sha256 !== outside.sha256) add('manifest-mismatch', `${basename(path)}:${name}`, 'the manifest inside the ZIP differs from the one beside it');
        continue;
      }
      stream.resume();
      add('message-unlisted', `${basename(path)}:${name}`, 'a ZIP entry the manifest does not list');
    }
  } finally {
    zip.close();
  }
  for (const entry of entries) if (!seen.has(entry.path)) add('message-missing', entry.archiveId, `${entry.path} is not in ${entry.file}`);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function hashStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  return hashStream(createReadStream(path));
}
