import type { ExtractionStatus } from '../domain/classification.js';
import { AttachmentBudget, ExpandedBytesExceeded } from './attachment-budget.js';
import type { ExtractedFile, ExtractionInput, ExtractionLimits } from './extraction.js';
import { htmlText } from './formats/html-text.js';
import { ooxmlText, OoxmlUnreadable } from './formats/ooxml-text.js';
import { PdfEncrypted, pdfText } from './formats/pdf-text.js';
import { plainText } from './formats/plain-text.js';
import { rtfText } from './formats/rtf-text.js';
import { sniffType, type SniffedType } from './sniff-type.js';
import { TextSink } from './text-sink.js';
import { EntryTooLarge, ZipReader } from './zip/zip-reader.js';

/** The name reported for an attachment sent without a file name. */
export const UNNAMED = '(unnamed)';

/** Why a file has the text it has. */
type Outcome = { status: ExtractionStatus; reason: string };

function settle(record: ExtractedFile, outcome: Outcome): void {
  record.status = outcome.status;
  record.reason = outcome.reason;
}

interface FileToRead {
  /** Reported name: the path through enclosing archives. */
  name: string;
  /** The file's own name, for extension hints. */
  filename: string | null;
  declaredType: string;
  bytes: Uint8Array;
  /** How many archives enclose the file. */
  depth: number;
}

/**
 * Extracts the text of one attachment on the calling thread: the attachment's own record first,
 * then, for an archive, one record per entry, depth first. Content never makes this throw — a
 * corrupt, encrypted, unsupported or oversized file becomes a record saying so; only an abort
 * through `signal` rejects (with the signal's reason). Runs in the extractor's worker threads;
 * call it directly only where a stall is acceptable (tests, one-off tools).
 */
export async function extractFiles(input: ExtractionInput, limits: ExtractionLimits, signal?: AbortSignal): Promise<ExtractedFile[]> {
  const run = new ExtractionRun(limits, signal);
  await run.file({ name: input.filename ?? UNNAMED, filename: input.filename, declaredType: input.declaredType, bytes: input.bytes, depth: 0 });
  return run.files;
}

class ExtractionRun {
  readonly files: ExtractedFile[] = [];
  private readonly budget: AttachmentBudget;

  constructor(
    private readonly limits: ExtractionLimits,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.budget = new AttachmentBudget(limits);
  }

  async file(file: FileToRead): Promise<void> {
    this.signal?.throwIfAborted();
    const size = file.bytes.byteLength;
    if (size === 0) {
      this.files.push({ name: file.name, detectedType: null, status: 'no-text', reason: 'the file is empty', text: null, size });
      return;
    }
    const type = await sniffType(file.bytes, file.declaredType, file.filename);
    const record: ExtractedFile = { name: file.name, detectedType: type.mime, status: 'extracted', text: null, size };
    this.files.push(record);
    if (size > this.limits.maxInputBytes) {
      settle(record, { status: 'limit-exceeded', reason: `${size} bytes is over maxInputBytes (${this.limits.maxInputBytes})` });
    } else if (type.format === 'encrypted') {
      settle(record, { status: 'encrypted', reason: 'a password-protected Office document' });
    } else if (type.format === 'unsupported') {
      settle(record, { status: 'unsupported', reason: `no text extractor for ${type.mime ?? 'binary content of unknown type'}` });
    } else if (type.format === 'zip') {
      await this.archive(file, record);
    } else {
      const sink = new TextSink(this.limits.maxTextBytes);
      try {
        await this.readText(type, file.bytes, sink);
        if (sink.text() === '') settle(record, { status: 'no-text', reason: 'the file contains no text' });
        else if (sink.truncated) record.reason = `text cut at maxTextBytes (${this.limits.maxTextBytes})`;
      } catch (error) {
        settle(record, this.failure(error));
      }
      record.text = sink.text() || null;
    }
  }

  private async readText(type: SniffedType, bytes: Uint8Array, sink: TextSink): Promise<void> {
    switch (type.format) {
      case 'pdf':
        return pdfText(bytes, sink, this.signal);
      case 'docx':
      case 'xlsx':
      case 'pptx':
        return ooxmlText(type.format, bytes, sink, this.budget, this.signal);
      case 'rtf':
        return rtfText(bytes, sink, this.signal);
      case 'html':
        return htmlText(bytes, sink, this.limits.maxTextBytes);
      default:
        return plainText(bytes, sink, this.limits.maxTextBytes);
    }
  }

  /**
   * Reads an archive's entries into records of their own (named `archive.zip/path/in/it`). The
   * archive's own record lists the entries it read, one path a line, as its text: names inside an
   * archive are content too.
   */
  private async archive(file: FileToRead, record: ExtractedFile): Promise<void> {
    if (file.depth >= this.limits.maxArchiveDepth) {
      settle(record, { status: 'limit-exceeded', reason: `archive nested deeper than maxArchiveDepth (${this.limits.maxArchiveDepth}); not opened` });
      return;
    }
    const listing = new TextSink(this.limits.maxTextBytes);
    let zip: ZipReader | undefined;
    try {
      zip = await ZipReader.open(file.bytes);
      let seen = 0;
      for await (const item of zip.items()) {
        this.signal?.throwIfAborted();
        seen++;
        if (item.isDirectory) continue;
        if (!this.budget.takeFile()) {
          const unread = zip.entryCount - seen + 1;
          this.files.push({ ...record, status: 'limit-exceeded', text: null, reason: `${unread} of ${zip.entryCount} entries not read: maxArchiveFiles (${this.limits.maxArchiveFiles}) reached` });
          break;
        }
        listing.push(`${item.path}\n`);
        const entry = { name: `${file.name}/${item.path}`, detectedType: null, text: null, size: item.size };
        if (item.encrypted) {
          this.files.push({ ...entry, status: 'encrypted', reason: 'the archive entry is encrypted' });
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = await zip.read(item, this.budget, this.limits.maxInputBytes);
        } catch (error) {
          this.files.push({ ...entry, ...this.failure(error) });
          continue;
        }
        const filename = item.path.slice(item.path.lastIndexOf('/') + 1);
        await this.file({ name: entry.name, filename, declaredType: 'application/octet-stream', bytes, depth: file.depth + 1 });
      }
    } catch (error) {
      settle(record, this.failure(error));
    } finally {
      zip?.close();
    }
    record.text = listing.text() || null;
    if (record.status === 'extracted' && record.text === null) settle(record, { status: 'no-text', reason: 'the archive has no files' });
  }

  /** The outcome for an error while reading a file; an abort is not a file's fault and is rethrown. */
  private failure(error: unknown): Outcome {
    if (this.signal?.aborted) throw this.signal.reason;
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof EntryTooLarge || error instanceof ExpandedBytesExceeded) return { status: 'limit-exceeded', reason };
    if (error instanceof PdfEncrypted || (error instanceof OoxmlUnreadable && error.encrypted)) return { status: 'encrypted', reason };
    return { status: 'failed', reason };
  }
}
