import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { PartialFile } from './partial-file.js';

/**
 * A ZIP written entry by entry into a partial file, holding one entry in memory at a time. yazl
 * takes entries in order and only pulls an entry's stream while its output is being drained, so
 * `add` resolves once yazl has read the whole entry: the caller then reads the next original.
 * yazl keeps a small central-directory record per entry (and switches to ZIP64 past 65,535
 * entries); that, not the messages, is what grows with the export.
 */
export class ZipOutput {
  private readonly zip = new ZipFile();
  private readonly drained: Promise<void>;

  constructor(private readonly file: PartialFile) {
    this.drained = this.drain();
    // Surfaced through `add`/`finish`; keep an early failure from being an unhandled rejection.
    this.drained.catch(() => undefined);
  }

  /** Adds an entry from bytes or a stream; resolves once the entry is fully read. */
  async add(name: string, content: Buffer | Readable, options: { compress: boolean; mtime: Date }): Promise<void> {
    const stream = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    const read = finished(stream);
    this.zip.addReadStream(stream, name, { compress: options.compress, mtime: options.mtime, ...(Buffer.isBuffer(content) ? { size: content.length } : {}) });
    await Promise.race([read, this.drained.then(() => undefined)]);
  }

  /** Adds a file from disk as an entry, streamed. */
  addFile(name: string, path: string, options: { compress: boolean; mtime: Date }): Promise<void> {
    return this.add(name, createReadStream(path), options);
  }

  /** Writes the central directory; resolves once every byte is in the partial file. */
  async finish(): Promise<void> {
    this.zip.end();
    await this.drained;
  }

  private async drain(): Promise<void> {
    for await (const chunk of this.zip.outputStream as AsyncIterable<Buffer>) await this.file.write(chunk);
  }
}
