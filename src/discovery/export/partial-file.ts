import { createHash, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDirectory } from '../../fs/sync-directory.js';
import type { ExportFile } from './export-store.js';

/** Small writes (CSV lines, JSON entries) are gathered to this size before they reach the disk. */
const FLUSH_BYTES = 256 * 1024;

/**
 * One export file being written: under `<name>.partial` until `commit`, which fsyncs it, renames
 * it to its name and fsyncs the directory, so a file under its final name is always complete and
 * on disk. Hashes and counts the bytes as they go (what the custody record lists). Writes are
 * sequential: the caller awaits each one, which is the backpressure that bounds memory.
 */
export class PartialFile {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  private constructor(
    readonly name: string,
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Creates `<directory>/<name>.partial` (replacing a leftover one). */
  static async create(directory: string, name: string): Promise<PartialFile> {
    const path = join(directory, name);
    return new PartialFile(name, path, await open(`${path}.partial`, 'w', 0o600));
  }

  async write(chunk: Buffer | string): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(bytes);
    this.size += bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Flushes, fsyncs, renames into place and fsyncs the directory. */
  async commit(): Promise<ExportFile> {
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
    await rename(`${this.path}.partial`, this.path);
    await syncDirectory(dirname(this.path));
    return { name: this.name, size: this.size, sha256: this.hash.digest('hex') };
  }

  /** Closes and removes the partial file (a cancel or failure). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(`${this.path}.partial`, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    // writeFile loops until every byte is written, from the current position.
    await this.handle.writeFile(data);
  }
}
