import { open, type FileHandle } from 'node:fs/promises';

/**
 * Makes committed SQLite transactions durable without blocking the event loop. The writer
 * commits with `synchronous = NORMAL` (frames are written to the WAL, not fsync'd); this class
 * then fsyncs the WAL file from libuv's thread pool. fsync flushes the file, whichever descriptor
 * asks, so once `sync()` resolves every transaction committed before the call is on stable
 * storage: frames still in the WAL are synced by it, and frames already checkpointed are in the
 * database file, which SQLite syncs when a checkpoint completes.
 *
 * Concurrent callers share syncs: while one fsync runs, later callers wait for the next one
 * (which starts after theirs committed), so a burst costs two fsyncs, not one per caller.
 */
export class WalSync {
  private handle: Promise<FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly walFile: string) {}

  /** Resolves once everything committed before this call is durable; rejects if fsync fails. */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.fsync().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.next ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.next;
  }

  private startQueued(): Promise<void> {
    this.next = null;
    return this.sync();
  }

  private async fsync(): Promise<void> {
    this.handle ??= open(this.walFile, 'r');
    await (await this.handle).sync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle).close();
  }
}
