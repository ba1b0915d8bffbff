import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { CUSTODY_FILE, custodyRecordSchema, custodySignatureProblems, type CustodyRecord } from './chain-of-custody.js';
import { readCsvRecords } from './csv.js';
import { isExportFile } from './export-body.js';
import { MANIFEST_CSV_COLUMNS, manifestCsvCells, type ManifestEntry } from './manifest-entry.js';
import { readManifestJson } from './manifest-reader.js';
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

/**
 * Reads an export directory back as a recipient would: checks the custody record (signature with
 * the given key, size and SHA-256 of every listed file, nothing unlisted beside them), the two
 * manifests against each other, and re-imports the export files (unzips every volume, or splits
 * the mbox), hashing every message against the manifest. PDF renderings are checked to be PDFs; their
 * originals' hashes are in the manifest only. Memory does not grow with the export: the manifests are
 * read a record at a time (`manifest.json` in the line layout `ManifestWriters` writes; another is
 * `manifest-unreadable`) and the export files in step with them, one message in memory at a time.
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

  const manifests = await checkManifests(directory, statement);
  findings.push(...manifests.findings);
  let messagesChecked = 0;
  if (manifests.entries !== null) {
    if (manifests.entries !== statement.messageCount) add('message-count', MANIFEST_JSON, `${manifests.entries} entries, custody record says ${statement.messageCount} messages`);
    const reread = await rereadExportFiles(directory, statement, options);
    messagesChecked = reread.messagesChecked;
    findings.push(...reread.findings);
  }
  return { ok: findings.length === 0, custody, signatureChecked: options.publicKeyPem !== undefined, messagesChecked, findings };
}

type Statement = CustodyRecord['statement'];
const finding = (kind: ExportFinding['kind'], subject: string, detail: string): ExportFinding => ({ kind, subject, detail });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads `manifest.json` and `manifest.csv` side by side, a record of each at a time: the JSON's
 * header against the custody record, the CSV's header, row count and every row against the JSON.
 * Resolves to the findings (in the order the whole-file reading reported them) and the number of
 * entries, or null entries when `manifest.json` cannot be read (then nothing of the CSV is reported).
 */
async function checkManifests(directory: string, statement: Statement): Promise<{ findings: ExportFinding[]; entries: number | null }> {
  const headerFindings: ExportFinding[] = [];
  const rowFindings: ExportFinding[] = [];
  let csvUnreadable: ExportFinding | null = null;
  let csv: AsyncGenerator<string[]> | null = readCsvRecords(createReadStream(join(directory, MANIFEST_CSV)));
  const nextRow = async (): Promise<string[] | undefined> => {
    if (csv === null) return undefined;
    try {
      const next = await csv.next();
      if (next.done !== true) return next.value;
    } catch (error) {
      csvUnreadable = finding('manifest-unreadable', MANIFEST_CSV, messageOf(error));
    }
    csv = null;
    return undefined;
  };
  let entries = 0;
  let rows = 0;
  let header: string[] | undefined;
  try {
    const onHeader = (manifest: { exportId: string; format: string }) => {
      if (manifest.exportId !== statement.exportId || manifest.format !== statement.format) {
        headerFindings.push(finding('manifest-mismatch', MANIFEST_JSON, `names export ${manifest.exportId} (${manifest.format}), the custody record ${statement.exportId} (${statement.format})`));
      }
    };
    header = await nextRow();
    for await (const entry of readManifestJson(join(directory, MANIFEST_JSON), { onHeader })) {
      entries += 1;
      const row = await nextRow();
      if (row === undefined) continue;
      rows += 1;
      if (row.join('\u0000') !== manifestCsvCells(entry).join('\u0000')) rowFindings.push(finding('manifest-mismatch', MANIFEST_CSV, `row ${entries} differs from manifest.json (${entry.archiveId})`));
    }
  } catch (error) {
    await csv?.return(undefined);
    return { findings: [finding('manifest-unreadable', MANIFEST_JSON, messageOf(error))], entries: null };
  }
  while ((await nextRow()) !== undefined) rows += 1;
  if (csvUnreadable !== null) return { findings: [...headerFindings, csvUnreadable], entries };
  const csvFindings: ExportFinding[] = [];
  if (header?.join(',') !== MANIFEST_CSV_COLUMNS.join(',')) csvFindings.push(finding('manifest-mismatch', MANIFEST_CSV, 'unexpected header row'));
  if (rows !== entries) csvFindings.push(finding('manifest-mismatch', MANIFEST_CSV, `${rows} rows, manifest.json has ${entries} entries`));
  return { findings: [...headerFindings, ...csvFindings, ...rowFindings], entries };
}

/** A message (or ZIP entry) as read back: its SHA-256 (when hashed) and size. */
interface Digest {
  sha256: string | null;
  size: number;
}

/** One export file being read back in step with the manifest entries that name it. */
interface ExportFileReader {
  /** Reads on to the message `entry` lists (the next one, in the writer's order) and checks it. */
  match(entry: ManifestEntry): Promise<void>;
  /** After the manifest's last entry: what the file holds that no entry listed, then the entries it lacked. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

interface ReaderContext {
  path: string;
  statement: Statement;
  findings: ExportFinding[];
  check: (entry: ManifestEntry, digest: Digest) => void;
}

/**
 * Re-imports every export file in step with a second read of `manifest.json`: both are in seq
 * order (the mbox, and each ZIP volume, are written in manifest order), so each entry meets its
 * message next in its file and nothing is indexed; ZIP entries out of the manifest's order are held
 * (name and hash) until their entry comes. Findings come per export file, in the custody record's
 * order, then entries naming no export file.
 */
async function rereadExportFiles(directory: string, statement: Statement, options: VerifyExportOptions): Promise<{ findings: ExportFinding[]; messagesChecked: number }> {
  let messagesChecked = 0;
  const check = (entry: ManifestEntry, { sha256, size }: Digest) => {
    messagesChecked += 1;
    options.onMessage?.({ archiveId: entry.archiveId, sha256: sha256 ?? '', size });
    if (sha256 !== entry.sha256 || sha256 !== entry.archiveId || size !== entry.size) {
      perFile.get(entry.file)?.findings.push(finding('message-hash', entry.archiveId, `${entry.path}: ${size} bytes hashing to ${sha256}; the manifest lists ${entry.size} bytes, ${entry.sha256}`));
    }
  };
  const perFile = new Map<string, { findings: ExportFinding[]; reader: ExportFileReader; failed: boolean }>();
  for (const { name } of statement.files) {
    if (!isExportFile(statement.format, name) || perFile.has(name)) continue;
    const context: ReaderContext = { path: join(directory, name), statement, findings: [], check };
    perFile.set(name, { findings: context.findings, reader: statement.format === 'mbox' ? new MboxReader(context) : new ZipReader(context), failed: false });
  }
  // A file that cannot be read is reported once; the rest of it is not read.
  const guarded = async (name: string, step: (reader: ExportFileReader) => Promise<void>) => {
    const file = perFile.get(name);
    if (file === undefined || file.failed) return;
    try {
      await step(file.reader);
    } catch (error) {
      file.failed = true;
      file.findings.push(finding('file-changed', name, `cannot be read back: ${messageOf(error)}`));
      await file.reader.close().catch(() => undefined);
    }
  };
  const others: ExportFinding[] = [];
  try {
    let complete = false;
    try {
      for await (const entry of readManifestJson(join(directory, MANIFEST_JSON))) {
        if (perFile.has(entry.file)) await guarded(entry.file, (reader) => reader.match(entry));
        else others.push(finding('message-missing', entry.archiveId, `${entry.file} is not an export file of the custody record`));
      }
      complete = true;
    } catch (error) {
      // Read whole a moment ago: changed since.
      others.push(finding('manifest-unreadable', MANIFEST_JSON, messageOf(error)));
    }
    if (complete) for (const name of perFile.keys()) await guarded(name, (reader) => reader.finish());
  } finally {
    for (const { reader } of perFile.values()) await reader.close().catch(() => undefined);
  }
  return { findings: [...[...perFile.values()].flatMap((file) => file.findings), ...others], messagesChecked };
}

/** The mbox: its messages are the entries that name it, in order. */
class MboxReader implements ExportFileReader {
  private readonly messages: AsyncGenerator<{ fromLine: string; text: Buffer }>;
  private read = 0;
  private exhausted = false;

  constructor(private readonly context: ReaderContext) {
    this.messages = readMbox(context.path);
  }

  async match(entry: ManifestEntry): Promise<void> {
    const message = this.exhausted ? null : await this.next();
    if (message === null) {
      this.context.findings.push(finding('message-missing', entry.archiveId, `${entry.path} is not in the mbox`));
      return;
    }
    const bytes = trimAddedNewline(message.text, entry.size);
    this.context.check(entry, { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  }

  async finish(): Promise<void> {
    for (let message = await this.next(); message !== null; message = await this.next()) {
      this.context.findings.push(finding('message-unlisted', `${basename(this.context.path)}#${this.read}`, `a message the manifest does not list (${message.fromLine})`));
    }
  }

  async close(): Promise<void> {
    await this.messages.return(undefined);
  }

  private async next(): Promise<{ fromLine: string; text: Buffer } | null> {
    if (this.exhausted) return null;
    const next = await this.messages.next();
    if (next.done === true) {
      this.exhausted = true;
      return null;
    }
    this.read += 1;
    return next.value;
  }
}

/** An entry of a ZIP volume as read back: its bytes are not kept. */
interface ZipItem extends Digest {
  name: string;
  /** Position in the volume, from 0. */
  position: number;
  isPdf: boolean;
}

/**
 * A ZIP volume: the entries that name it are its messages in order, then (in the last volume) the
 * two manifests. Entries read ahead of the manifest (out of order, or past one the ZIP lacks) are
 * held as name, hash and size until their entry comes or the manifest ends.
 */
class ZipReader implements ExportFileReader {
  private zip: ZipFile | null = null;
  private entries: AsyncIterator<Entry> | null = null;
  private exhausted = false;
  private position = 0;
  private readonly ahead = new Map<string, ZipItem[]>();
  private readonly missing: ExportFinding[] = [];

  constructor(private readonly context: ReaderContext) {}

  async match(entry: ManifestEntry): Promise<void> {
    let item = this.takeAhead(entry.path);
    while (item === null) {
      const next = await this.next();
      if (next === null) {
        this.missing.push(finding('message-missing', entry.archiveId, `${entry.path} is not in ${entry.file}`));
        return;
      }
      if (next.name === entry.path) item = next;
      else this.ahead.set(next.name, [...(this.ahead.get(next.name) ?? []), next]);
    }
    if (this.context.statement.format === 'eml-zip') this.context.check(entry, item);
    else if (!item.isPdf) this.context.findings.push(finding('message-hash', entry.archiveId, `${item.name} is not a PDF`));
  }

  async finish(): Promise<void> {
    const unlisted = [...this.ahead.values()].flat().sort((a, b) => a.position - b.position);
    this.ahead.clear();
    for (let next = await this.next(); next !== null; next = await this.next()) unlisted.push(next);
    const listed = new Map(this.context.statement.files.map((f) => [f.name, f]));
    const volume = basename(this.context.path);
    for (const item of unlisted) {
      const outside = listed.get(item.name);
      if (outside !== undefined && isManifestName(item.name)) {
        if (item.sha256 !== outside.sha256) this.context.findings.push(finding('manifest-mismatch', `${volume}:${item.name}`, 'the manifest inside the ZIP differs from the one beside it'));
      } else {
        this.context.findings.push(finding('message-unlisted', `${volume}:${item.name}`, 'a ZIP entry the manifest does not list'));
      }
    }
    this.context.findings.push(...this.missing);
  }

  async close(): Promise<void> {
    this.exhausted = true;
    this.zip?.close();
    this.zip = null;
  }

  private takeAhead(name: string): ZipItem | null {
    const held = this.ahead.get(name);
    const item = held?.shift() ?? null;
    if (held?.length === 0) this.ahead.delete(name);
    return item;
  }

  private async next(): Promise<ZipItem | null> {
    if (this.exhausted) return null;
    if (this.zip === null) {
      this.zip = await openPromise(this.context.path, { lazyEntries: true, autoClose: true });
      this.entries = this.zip.eachEntry();
    }
    const next = await (this.entries as AsyncIterator<Entry>).next();
    if (next.done === true) {
      this.exhausted = true;
      return null;
    }
    const name = next.value.fileName;
    const stream = await this.zip.openReadStreamPromise(next.value);
    // Messages of eml-zip are hashed; of a PDF only its first bytes matter, unless it is a manifest's copy.
    const digest = await digestStream(stream, this.context.statement.format === 'eml-zip' || isManifestName(name));
    return { name, position: this.position++, ...digest };
  }
}

function isManifestName(name: string): boolean {
  return name === MANIFEST_CSV || name === MANIFEST_JSON;
}

/** Size and (when `hash`) SHA-256 of a stream, and whether it starts as a PDF does; nothing is kept. */
async function digestStream(stream: Readable, hash: boolean): Promise<Digest & { isPdf: boolean }> {
  const sha256 = hash ? createHash('sha256') : null;
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    sha256?.update(bytes);
    size += bytes.length;
    if (head.length < PDF_MAGIC.length) head = Buffer.concat([head, bytes.subarray(0, PDF_MAGIC.length - head.length)]);
  }
  return { sha256: sha256?.digest('hex') ?? null, size, isPdf: head.equals(PDF_MAGIC) };
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

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
