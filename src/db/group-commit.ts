import type { Db } from './open-database.js';

interface Pending {
  work: () => unknown;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the single SQLite writer. Writes queued in the same event-loop turn run in one
 * transaction, so one WAL fsync covers them all: the SMTP sink can promise durability per message
 * without paying an fsync per message. Each write runs under its own SAVEPOINT, so one failing
 * write rolls back alone and rejects alone; if COMMIT itself fails, every write of the batch is
 * rejected (nothing in it is durable).
 *
 * Durability is per write. A `durable` write (the default) is fsync'd before its promise resolves
 * (`synchronous = FULL`). A write marked `durable: false` may be lost by a power cut, never
 * reordered: the WAL is a log, so a later commit never survives an earlier lost one. That is
 * safe for state that start-up recovery re-derives from durable state (queue bookkeeping,
 * index rows whose spooled message is still there until their removal commits after them), and
 * it keeps fsyncs off the archive path, where they would stall the event loop.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  /** Runs `work` inside a batched transaction; resolves once the transaction is durable. */
  run<T>(work: () => T, options: { durable?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, durable: options.durable ?? true, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    // The connection stays FULL between batches: other writers on it (the audit log) rely on that.
    const relaxed = !batch.some((item) => item.durable);
    try {
      if (relaxed) this.db.pragma('synchronous = NORMAL');
      this.db.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        this.db.exec('SAVEPOINT item');
        try {
          results.push({ ok: true, value: item.work() });
          this.db.exec('RELEASE item');
        } catch (error) {
          this.db.exec('ROLLBACK TO item');
          this.db.exec('RELEASE item');
          results.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return;
    } finally {
      if (relaxed) this.db.pragma('synchronous = FULL');
    }
    batch.forEach((item, i) => {
      const result = results[i] as (typeof results)[number];
      if (result.ok) item.resolve(result.value);
      else item.reject(result.error);
    });
  }
}
