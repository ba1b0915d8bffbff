import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import ZipStream from 'zip-stream';
import type { PartialFile } from './partial-file.js';

/**
 * A ZIP written entry by entry into a partial file with zip-stream, holding one entry in memory
 * at a time: `add` resolves once zip-stream has taken the whole entry, and the caller then hands
 * over the next original. zip-stream keeps a small central-directory record per entry (and writes
 * ZIP64 records past 65,535 entries); that, not the messages, is what grows with the export.
 * (yazl, tried first, looks for the next unwritten entry from the start of its list at every
 * step: quadratic, minutes at 100,000 entries.)
 */
export class ZipOutput {
  private readonly zip = new ZipStream({ zlib: { level: 6 } });
  private readonly drained: Promise<void>;
  /** Why writing the file stopped, if it did: every later `add` fails with it. */
  private failure: Error | null = null;
  /** Rejects the `add` in progress when writing the file fails under it. */
  private abortAdd: ((error: Error) => void) | null = null;

  constructor(private readonly file: PartialFile) {
    this.drained = this.drain().catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.abortAdd?.(this.failure);
      throw this.failure;
    });
    // Surfaced through `add`/`finish`; keep an early failure from being an unhandled rejection.
    this.drained.catch(() => undefined);
  }

  /** Adds an entry from bytes or a stream; resolves once the entry is fully read. */
  add(name: string, content: Buffer | Readable, options: { compress: boolean; mtime: Date }): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.abortAdd = reject;
      this.zip.entry(content, { name, date: options.mtime, store: !options.compress }, (error) => {
        this.abortAdd = null;
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** Adds a file from disk as an entry, streamed. */
  addFile(name: string, path: string, options: { compress: boolean; mtime: Date }): Promise<void> {
    return this.add(name, createReadStream(path), options);
  }

  /** Stops writing (an abandoned export): the ZIP stream is destroyed and its drain ends. */
  destroy(): void {
    this.zip.destroy();
  }

  /** Writes the central directory; resolves once every byte is in the partial file. */
  async finish(): Promise<void> {
    this.zip.finalize();
    await this.drained;
  }

  private async drain(): Promise<void> {
    for await (const chunk of this.zip as AsyncIterable<Buffer>) await this.file.write(chunk);
  }
}
