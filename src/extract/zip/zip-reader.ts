import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { AttachmentBudget } from '../attachment-budget.js';

/** Thrown when one entry is larger than a file may be (`maxInputBytes`). */
export class EntryTooLarge extends Error {
  override readonly name = 'EntryTooLarge';
}

/** One entry of a ZIP archive, as its central directory describes it. */
export interface ZipItem {
  /** Path inside the archive, `/`-separated. */
  path: string;
  isDirectory: boolean;
  encrypted: boolean;
  /** Uncompressed size the archive declares; reading checks it (yauzl's `validateEntrySizes`). */
  size: number;
  entry: Entry;
}

/**
 * A ZIP archive held in memory (an attachment or an entry of another archive), read with yauzl.
 * Entries are listed lazily, so an archive with half a million entries costs only what is read,
 * and every inflated byte is charged to the attachment's budget while it streams, so a lying
 * header or a bomb stops at the limit instead of after it.
 */
export class ZipReader {
  private constructor(private readonly zip: ZipFile) {}

  static async open(bytes: Uint8Array): Promise<ZipReader> {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // decodeStrings off: yauzl rejects the whole archive on one unsafe name (`../x`), which would
    // let a hostile archive hide every other entry; names are decoded below without that check.
    return new ZipReader(await yauzl.fromBufferPromise(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }));
  }

  /** Entries the central directory declares, directories included. */
  get entryCount(): number {
    return this.zip.entryCount;
  }

  /** Entries in central-directory order. Stop iterating whenever enough have been seen. */
  async *items(): AsyncGenerator<ZipItem> {
    for await (const entry of this.zip.eachEntry()) {
      const path = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      yield { path, isDirectory: path.endsWith('/'), encrypted: entry.isEncrypted(), size: entry.uncompressedSize, entry };
    }
  }

  /**
   * The entry's bytes chunk by chunk, each charged to `budget`. Throws `EntryTooLarge` past
   * `maxBytes` and `ExpandedBytesExceeded` past the budget — before inflating anything when the
   * declared size already says so. Breaking out of the loop stops inflating.
   */
  async *chunks(item: ZipItem, budget: AttachmentBudget, maxBytes: number): AsyncGenerator<Buffer> {
    if (item.size > maxBytes) throw new EntryTooLarge(`entry of ${item.size} bytes is over the limit for one file (maxInputBytes, ${maxBytes})`);
    if (item.size > budget.remainingBytes) budget.spendBytes(item.size);
    const stream = await this.zip.openReadStreamPromise(item.entry);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        budget.spendBytes(chunk.length);
        yield chunk;
      }
    } finally {
      stream.destroy();
    }
  }

  /** The whole entry in memory, bounded as in `chunks`. */
  async read(item: ZipItem, budget: AttachmentBudget, maxBytes: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks(item, budget, maxBytes)) parts.push(chunk);
    return Buffer.concat(parts);
  }

  close(): void {
    this.zip.close();
  }
}
