import { type Job, MetricsTime, Queue, type RedisOptions, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { JOB_NAMES, type JobHandler, type JobHandlers, type JobName, type JobOf, type JobPayloads } from '../catalogue.js';
import { checkHandlers } from '../check-handlers.js';
import { DependencyUnavailableError, UnrecoverableJobError } from '../errors.js';
import type { DeadLetter, JobQueue, QueueCounts, RetryPolicy } from '../job-queue.js';
import { retryDelay } from '../retry-delay.js';
import { fromBullmqJobId, toBullmqJobId } from './job-id.js';

/** The backoff type every job carries; the worker that retries it computes the delay. */
const BACKOFF_TYPE = 'custodian-exponential-jitter';

export interface BullmqJobQueueOptions {
  /** The Redis every role shares (host, port, username, password, tls, db …), handed to ioredis. */
  connection: RedisOptions;
  /** Prefix of every Redis key, so deployments and test runs can share one Redis. Default `custodian`. */
  prefix?: string;
  retry: RetryPolicy;
  logger: Logger;
  /**
   * How long a worker's lock on a running job lasts, in ms; the worker renews it at half that
   * while the job runs. A job whose lock lapses (its process died) is stalled. Default 30 000.
   */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs and put them back to waiting, in ms. Default 30 000. */
  stalledIntervalMs?: number;
  /**
   * How often a job may stall before it is dead-lettered instead of re-run. Default 1: a worker
   * killed mid-job gets its job re-run once; a message that kills every worker that touches it
   * ends in the dead-letter state instead of crashing workers forever.
   */
  maxStalledCount?: number;
}

type AnyQueue = Queue<JobPayloads[JobName], void, JobName>;
type AnyJob = Job<JobPayloads[JobName], void, JobName>;
type AnyWorker = Worker<JobPayloads[JobName], void, JobName>;

/**
 * The cluster JobQueue adapter on BullMQ. Each job name in the catalogue has its own queue (named
 * after it), so a long export never holds up ingestion and each kind can be watched on its own.
 *
 * - Job ids are the port's ids (encoded, see `job-id.ts`), so a duplicate enqueue is a no-op
 *   while the job waits, runs, waits for a retry or lies dead.
 * - Completed jobs are removed at once and counted (BullMQ's metrics counter, updated in the same
 *   Redis script that completes the job), as the SQLite adapter does; dead jobs are kept.
 * - Transient failures retry with {@link retryDelay}; an {@link UnrecoverableJobError} becomes
 *   BullMQ's `UnrecoverableError` and the job goes to `failed`, which is the dead-letter state.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly prefix: string;
  private readonly queues: ReadonlyMap<JobName, AnyQueue>;
  private workers: AnyWorker[] = [];
  /** Consecutive outage failures per queue in this process (see `pauseForOutage`). */
  private readonly outages = new Map<JobName, number>();

  constructor(private readonly options: BullmqJobQueueOptions) {
    this.prefix = options.prefix ?? 'custodian';
    this.queues = new Map(JOB_NAMES.map((name) => [name, this.openQueue(name)]));
  }

  private openQueue(name: JobName): AnyQueue {
    const queue: AnyQueue = new Queue(name, {
      // While Redis is unreachable an add waits for the reconnection; the spool bounds that wait
      // (the sink answers 451 and removes the file), and an add that lands later names a spool
      // file that is gone, so its job completes as a no-op.
      connection: this.options.connection,
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: this.options.retry.maxAttempts,
        backoff: { type: BACKOFF_TYPE },
        removeOnComplete: true,
        removeOnFail: false,
      },
    });
    // Without a listener an 'error' event (Redis unreachable) would throw and end the process.
    queue.on('error', (err) => this.options.logger.error({ err, queue: name }, 'job queue connection error'));
    return queue;
  }

  private queue(name: JobName): AnyQueue {
    return this.queues.get(name) as AnyQueue;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
    await this.queue(name).add(name, payload, { jobId: toBullmqJobId(jobId) });
  }

  start(handlers: JobHandlers, options: { concurrency: number }): void {
    checkHandlers(handlers);
    if (this.workers.length > 0) throw new Error('the job queue is already started');
    this.workers = JOB_NAMES.map((name) => this.startWorker(name, handlers[name] as JobHandler<JobName>, options.concurrency));
  }

  private startWorker(name: JobName, handler: JobHandler<JobName>, concurrency: number): AnyWorker {
    const { logger, retry } = this.options;
    const worker: AnyWorker = new Worker(name, (job) => this.run(name, handler, job), {
      connection: this.options.connection,
      prefix: this.prefix,
      concurrency,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.stalledIntervalMs ?? 30_000,
      maxStalledCount: this.options.maxStalledCount ?? 1,
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
      settings: { backoffStrategy: (attemptsMade: number) => retryDelay(retry, attemptsMade) },
    });
    worker.on('error', (err) => logger.error({ err, queue: name }, 'job worker error'));
    worker.on('stalled', (jobId) => logger.warn({ jobId: fromBullmqJobId(jobId), job: name }, 'job stalled (its worker stopped); re-running'));
    return worker;
  }

  private async run(name: JobName, handler: JobHandler<JobName>, job: AnyJob): Promise<void> {
    const id = fromBullmqJobId(String(job.id));
    // attemptsStarted counts every run, a stalled one too, like the SQLite adapter's claims.
    const attempt = job.attemptsStarted;
    try {
      await handler({ id, name, payload: job.data, attempt } as JobOf<JobName>);
      this.outages.delete(name);
    } catch (error) {
      if (error instanceof DependencyUnavailableError) throw await this.pauseForOutage(name, id, error);
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const unrecoverable = error instanceof UnrecoverableJobError;
      const log = { jobId: id, job: name, attempt, reason };
      if (unrecoverable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) this.options.logger.error(log, 'job dead-lettered');
      else this.options.logger.warn(log, 'job failed; retrying');
      // BullMQ keeps the thrown error's message as the failed reason: make it the same
      // "Name: message" the SQLite adapter records, and keep the handler's stack trace.
      const failure = unrecoverable ? new UnrecoverableError(reason) : new Error(reason, { cause: error });
      if (error instanceof Error && error.stack) failure.stack = error.stack;
      throw failure;
    }
  }

  /**
   * A service the job needs is away: pause the whole queue (every worker, every process: BullMQ's
   * rate limit lives in Redis) and put the job back without using an attempt, so an outage of any
   * length dead-letters nothing. The pause doubles while the outage lasts, up to the retry
   * policy's longest delay; one job then probes, and the first success ends it.
   */
  private async pauseForOutage(name: JobName, id: string, error: DependencyUnavailableError): Promise<Error> {
    const outages = (this.outages.get(name) ?? 0) + 1;
    this.outages.set(name, outages);
    const pauseMs = retryDelay(this.options.retry, outages);
    this.options.logger.warn({ jobId: id, job: name, pauseMs, reason: `${error.name}: ${error.message}` }, 'a service the job needs is unavailable; queue paused, job put back');
    await this.queue(name).rateLimit(pauseMs);
    return Worker.RateLimitError();
  }

  async drain(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    // close() without force stops fetching and waits for the jobs in flight to finish.
    await Promise.all(workers.map((worker) => worker.close()));
  }

  async counts(): Promise<QueueCounts> {
    const perQueue = await Promise.all(
      [...this.queues.values()].map(async (queue) => {
        const [counts, completed] = await Promise.all([
          queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed'),
          queue.getMetrics('completed', 0, 0),
        ]);
        const delayed = counts.delayed ?? 0;
        return {
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + delayed,
          active: counts.active ?? 0,
          delayed,
          dead: counts.failed ?? 0,
          completed: completed.meta.count,
        };
      }),
    );
    const total: QueueCounts = { waiting: 0, active: 0, delayed: 0, dead: 0, completed: 0 };
    for (const counts of perQueue) for (const key of Object.keys(total) as Array<keyof QueueCounts>) total[key] += counts[key];
    return total;
  }

  /** Newest first across all queues, as the SQLite adapter orders them. */
  async deadLetters(limit: number, offset: number): Promise<DeadLetter[]> {
    if (limit <= 0) return [];
    const end = offset + limit;
    const perQueue = await Promise.all(
      [...this.queues].map(async ([name, queue]) => (await queue.getFailed(0, end - 1)).filter(Boolean).map((job) => ({ name, job }))),
    );
    return perQueue
      .flat()
      .sort((a, b) => (b.job.finishedOn ?? 0) - (a.job.finishedOn ?? 0))
      .slice(offset, end)
      .map(({ name, job }) => ({
        id: fromBullmqJobId(String(job.id)),
        name,
        payload: job.data,
        attempts: job.attemptsStarted,
        reason: job.failedReason,
        failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
      }));
  }

  async retryDead(id: string): Promise<boolean> {
    const jobId = toBullmqJobId(id);
    for (const queue of this.queues.values()) {
      const job = await queue.getJob(jobId);
      if (job && (await job.isFailed())) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      }
    }
    return false;
  }

  async close(): Promise<void> {
    await this.drain();
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
