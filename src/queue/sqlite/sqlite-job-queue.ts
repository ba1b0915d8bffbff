import type { Logger } from 'pino';
import type { Db } from '../../db/open-database.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { JobHandler, JobHandlers, JobName, JobOf, JobPayloads } from '../catalogue.js';
import { checkHandlers } from '../check-handlers.js';
import { DependencyUnavailableError, UnrecoverableJobError } from '../errors.js';
import type { DeadLetter, JobQueue, QueueCounts, RetryPolicy } from '../job-queue.js';
import { retryDelay } from '../retry-delay.js';

/**
 * Job bookkeeping may be lost by a power cut (never reordered): a lost completion re-runs an
 * idempotent job, a lost failure record re-runs it sooner. Only enqueueing must be durable.
 */
const RELAXED = { durable: false } as const;

interface JobRow {
  id: string;
  name: JobName;
  payload: string;
  attempts: number;
}

export interface SqliteJobQueueOptions {
  db: Db;
  writer: GroupCommit;
  retry: RetryPolicy;
  logger: Logger;
  /** How often to look for due jobs when nothing wakes the queue. Default 250 ms. */
  pollMs?: number;
}

/**
 * The embedded JobQueue adapter: jobs are rows in the same SQLite database as the spool, so the
 * SMTP sink can spool and enqueue in one transaction. Completed jobs are deleted and counted.
 * One process owns the database (the data-directory lock), so a claimed job needs no lease: a
 * job is active only while this process runs it, and start-up returns every active job to waiting.
 */
export class SqliteJobQueue implements JobQueue {
  private readonly pollMs: number;
  private handlers: JobHandlers | null = null;
  private concurrency = 1;
  private readonly inFlight = new Set<Promise<void>>();
  /** The running claim loop, if any; `drain` waits for it so no claim outlives the queue. */
  private claimLoop: Promise<void> | null = null;
  private stopped = true;
  /** Consecutive outage failures per job name (see DependencyUnavailableError); a success resets it. */
  private readonly outages = new Map<JobName, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly statements;

  constructor(private readonly options: SqliteJobQueueOptions) {
    this.pollMs = options.pollMs ?? 250;
    const { db } = options;
    this.statements = {
      insert: db.prepare(
        `INSERT INTO jobs (id, name, payload, state, attempts, run_at, created_at, updated_at)
         VALUES (?, ?, ?, 'waiting', 0, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      claim: db.prepare(
        `UPDATE jobs SET state = 'active', attempts = attempts + 1, updated_at = ?
         WHERE id IN (SELECT id FROM jobs WHERE state = 'waiting' AND run_at <= ? ORDER BY run_at LIMIT ?)
         RETURNING id, name, payload, attempts`,
      ),
      complete: db.prepare(`DELETE FROM jobs WHERE id = ? AND state = 'active'`),
      countCompleted: db.prepare(
        `INSERT INTO job_stats (name, completed) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET completed = completed + 1`,
      ),
      retryLater: db.prepare(
        `UPDATE jobs SET state = 'waiting', run_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = 'active'`,
      ),
      // The claim counted an attempt; an outage gives it back.
      waitOutOutage: db.prepare(
        `UPDATE jobs SET state = 'waiting', run_at = ?, last_error = ?, updated_at = ?, attempts = attempts - 1 WHERE id = ? AND state = 'active'`,
      ),
      kill: db.prepare(`UPDATE jobs SET state = 'dead', last_error = ?, updated_at = ? WHERE id = ? AND state = 'active'`),
      releaseAll: db.prepare(`UPDATE jobs SET state = 'waiting' WHERE state = 'active'`),
      counts: db.prepare(
        `SELECT state, count(*) AS n, sum(run_at > ?) AS delayed FROM jobs GROUP BY state`,
      ),
      completed: db.prepare(`SELECT coalesce(sum(completed), 0) AS n FROM job_stats`),
      dead: db.prepare(
        `SELECT id, name, payload, attempts, last_error, updated_at FROM jobs WHERE state = 'dead'
         ORDER BY updated_at DESC LIMIT ? OFFSET ?`,
      ),
      revive: db.prepare(
        `UPDATE jobs SET state = 'waiting', attempts = 0, run_at = ?, last_error = NULL, updated_at = ?
         WHERE id = ? AND state = 'dead'`,
      ),
    };
  }

  /**
   * Inserts a job inside the caller's transaction. The spool uses this so that a message is never
   * stored without its job, nor a job without its message.
   */
  enqueueInTransaction<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): void {
    const now = Date.now();
    this.statements.insert.run(jobId, name, JSON.stringify(payload), now, now, now);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
    await this.options.writer.run(() => this.enqueueInTransaction(name, payload, jobId));
    this.wake();
  }

  /**
   * Start-up recovery for the embedded profile, where one process owns the database: every job
   * left active by a crash goes back to waiting.
   */
  recoverAbandoned(): number {
    return this.statements.releaseAll.run().changes;
  }

  start(handlers: JobHandlers, options: { concurrency: number }): void {
    checkHandlers(handlers);
    this.handlers = handlers;
    this.concurrency = options.concurrency;
    this.stopped = false;
    this.wake();
  }

  /** Look for work now (called after an in-process enqueue, and by the poll timer). */
  wake(): void {
    if (this.stopped || this.claimLoop) return;
    this.claimLoop = this.claimAndRun().finally(() => {
      this.claimLoop = null;
      this.schedulePoll();
    });
  }

  private async claimAndRun(): Promise<void> {
    try {
      while (!this.stopped && this.inFlight.size < this.concurrency) {
        const now = Date.now();
        const free = this.concurrency - this.inFlight.size;
        // Claims need not be durable: after a crash every active job goes back to waiting.
        const rows = await this.options.writer.run(() => this.statements.claim.all(now, now, free) as JobRow[], RELAXED);
        if (rows.length === 0) break;
        for (const row of rows) this.track(this.runJob(row));
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'claiming jobs failed; will retry');
    }
  }

  private track(run: Promise<void>): void {
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      this.wake();
    });
  }

  private schedulePoll(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, this.pollMs);
  }

  private async runJob(row: JobRow): Promise<void> {
    const job = { id: row.id, name: row.name, payload: null as unknown, attempt: row.attempts };
    try {
      job.payload = JSON.parse(row.payload) as unknown;
      const handler = (this.handlers as JobHandlers)[job.name] as JobHandler<JobName>;
      await handler(job as JobOf<JobName>);
      this.outages.delete(job.name);
      await this.options.writer.run(() => {
        this.statements.complete.run(job.id);
        this.statements.countCompleted.run(job.name);
      }, RELAXED);
    } catch (error) {
      await this.fail(job, error);
    }
  }

  private async fail(job: { id: string; name: JobName; attempt: number }, error: unknown): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const now = Date.now();
    const unrecoverable = error instanceof UnrecoverableJobError;
    const exhausted = job.attempt >= this.options.retry.maxAttempts;
    try {
      if (error instanceof DependencyUnavailableError) {
        // Not the job's fault: it waits for the service without using an attempt (see the error's TSDoc).
        const outages = (this.outages.get(job.name) ?? 0) + 1;
        this.outages.set(job.name, outages);
        const delay = retryDelay(this.options.retry, outages);
        this.options.logger.warn({ jobId: job.id, job: job.name, delay, reason }, 'a service the job needs is unavailable; job put back');
        await this.options.writer.run(() => this.statements.waitOutOutage.run(now + delay, reason, now, job.id), RELAXED);
      } else if (unrecoverable || exhausted) {
        this.options.logger.error({ jobId: job.id, job: job.name, attempt: job.attempt, reason }, 'job dead-lettered');
        await this.options.writer.run(() => this.statements.kill.run(reason, now, job.id), RELAXED);
      } else {
        const delay = retryDelay(this.options.retry, job.attempt);
        this.options.logger.warn({ jobId: job.id, job: job.name, attempt: job.attempt, delay, reason }, 'job failed; retrying');
        await this.options.writer.run(() => this.statements.retryLater.run(now + delay, reason, now, job.id), RELAXED);
      }
    } catch (writeError) {
      // The job stays active until the next start puts it back to waiting. Nothing is lost.
      this.options.logger.error({ err: writeError, jobId: job.id }, 'could not record job failure');
    }
  }

  async drain(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.claimLoop || this.inFlight.size > 0) await Promise.allSettled([this.claimLoop, ...this.inFlight]);
  }

  async counts(): Promise<QueueCounts> {
    const rows = this.statements.counts.all(Date.now()) as Array<{ state: string; n: number; delayed: number }>;
    const byState = new Map(rows.map((r) => [r.state, r]));
    return {
      waiting: byState.get('waiting')?.n ?? 0,
      active: byState.get('active')?.n ?? 0,
      delayed: byState.get('waiting')?.delayed ?? 0,
      dead: byState.get('dead')?.n ?? 0,
      completed: (this.statements.completed.get() as { n: number }).n,
    };
  }

  async deadLetters(limit: number, offset: number): Promise<DeadLetter[]> {
    const rows = this.statements.dead.all(limit, offset) as Array<JobRow & { last_error: string; updated_at: number }>;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      payload: JSON.parse(r.payload) as unknown,
      attempts: r.attempts,
      reason: r.last_error,
      failedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  async retryDead(id: string): Promise<boolean> {
    const now = Date.now();
    const changed = await this.options.writer.run(() => this.statements.revive.run(now, now, id).changes);
    if (changed > 0) this.wake();
    return changed > 0;
  }

  async close(): Promise<void> {
    await this.drain();
  }
}
