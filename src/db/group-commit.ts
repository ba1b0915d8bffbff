import type { Db } from './open-database.js';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the single SQLite writer. Writes queued in the same event-loop turn run in one
 * transaction, so one WAL fsync covers them all: the SMTP sink can promise durability per message
 * without paying an fsync per message. Each write runs under its own SAVEPOINT, so one failing
 * write rolls back alone and rejects alone; if COMMIT itself fails, every write of the batch is
 * rejected (nothing in it is durable).
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  /** Runs `work` inside a batched transaction; resolves once the transaction is durable. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
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
    }
    batch.forEach((item, i) => {
      const result = results[i] as (typeof results)[number];
      if (result.ok) item.resolve(result.value);
      else item.reject(result.error);
    });
  }
}
