import type { Db } from './open-database.js';
import { WalSync } from './wal-sync.js';

interface Pending {
  work: () => unknown;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the single SQLite writer. Writes queued in the same event-loop turn run in one
 * transaction, and one WAL fsync covers every transaction committed while the previous fsync ran:
 * the SMTP sink can promise durability per message without paying an fsync per message. Each
 * write runs under its own SAVEPOINT, so one failing write rolls back alone and rejects alone; if
 * COMMIT itself fails, every write of the batch is rejected.
 *
 * Transactions commit with `synchronous = NORMAL`, and the fsync runs on libuv's thread pool
 * (`WalSync`), so the event loop never waits on the disk. A `durable` write (the default)
 * resolves only after that fsync. A write marked `durable: false` resolves at commit: it may be
 * lost by a power cut, never reordered (the WAL is a log, so a later commit never survives an
 * earlier lost one). That is for state that start-up recovery re-derives from durable state
 * (queue bookkeeping, index rows whose spooled message stays until their removal commits).
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;

  private readonly wal: WalSync;

  /** `db` must be a file database in WAL mode (as `openDatabase` makes it). */
  constructor(private readonly db: Db) {
    this.wal = new WalSync(`${db.name}-wal`);
  }

  /** Set once durability can no longer be promised (a WAL fsync failed); see `WalSync`. */
  get durabilityFailure(): Error | null {
    return this.wal.failed;
  }

  /** Releases the WAL file handle; call after the last write has settled. */
  close(): Promise<void> {
    return this.wal.close();
  }

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
    try {
      // The connection is FULL between batches: other writers on it (the audit log) rely on that.
      this.db.pragma('synchronous = NORMAL');
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
      this.db.pragma('synchronous = FULL');
    }
    const durable = batch.some((item, i) => item.durable && results[i]?.ok);
    const synced = durable ? this.wal.sync() : Promise.resolve();
    batch.forEach((item, i) => {
      const result = results[i] as (typeof results)[number];
      if (!result.ok) item.reject(result.error);
      else if (!item.durable) item.resolve(result.value);
      else synced.then(() => item.resolve(result.value), item.reject);
    });
  }
}
