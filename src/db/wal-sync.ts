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
 *
 * A failed fsync is final. After one, Linux may have dropped the dirty pages while a later fsync
 * reports success, so nothing committed since can be promised durable: every later `sync()`
 * rejects with the first error (the sink answers 451) until the process restarts and SQLite
 * recovers from what is really on disk.
 */
export class WalSync {
  private handle: Promise<FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(private readonly walFile: string) {}

  /** Resolves once everything committed before this call is durable; rejects if fsync fails. */
  sync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
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
    try {
      this.handle ??= open(this.walFile, 'r');
      await (await this.handle).sync();
    } catch (error) {
      this.failure ??= new Error(`fsync of ${this.walFile} failed; refusing to promise durability until restart`, { cause: error });
      throw this.failure;
    }
  }

  /** The first fsync failure, if any: the appliance reports itself unhealthy from then on. */
  get failed(): Error | null {
    return this.failure;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    // A handle that never opened (the sync already failed) has nothing to close.
    const opened = handle ? await handle.catch(() => null) : null;
    await opened?.close();
  }
}
