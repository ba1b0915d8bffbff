import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

/** Recurring background work: sweeps, checkpoints, verification. */
export interface Scheduler {
  /**
   * Registers `task` under a unique `name` to run on `cronExpression` (node-cron syntax: five
   * fields, or six with seconds first; local time unless `options.timezone`, an IANA zone such as
   * `Etc/UTC`). Throws on a duplicate name or a bad expression.
   */
  add(name: string, cronExpression: string, task: () => Promise<void>, options?: { timezone?: string }): void;
  /** Starts every registered task (and any added later). */
  start(): void;
  /** Stops scheduling and resolves once every run in progress has finished. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  logger: Logger;
}

interface Job {
  name: string;
  cronTask: ScheduledTask;
  /** The run in progress, if any; it never rejects. */
  running: Promise<void> | null;
}

/**
 * A scheduler on node-cron. A run that is still going when its task fires again makes that firing
 * a skip (logged), never a second concurrent run: a slow sweep must not race itself. A task's
 * failure is logged and the next firing runs as usual; nothing it throws reaches the process.
 * node-cron's own warnings (missed firings after a blocked event loop) go to the same logger.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const logger = options.logger.child({ component: 'scheduler' });
  const jobs = new Map<string, Job>();
  let started = false;
  let stopped = false;

  const cronLogger = {
    info: (message: string) => logger.info(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string | Error, err?: Error) => logger.error({ err: err ?? message }, typeof message === 'string' ? message : 'node-cron error'),
    debug: (message: string | Error) => logger.debug(String(message)),
  };

  function fire(job: Job, task: () => Promise<void>): Promise<void> {
    if (job.running !== null) {
      logger.warn({ task: job.name }, 'scheduled run skipped: the previous run is still going');
      return job.running;
    }
    const startedAt = Date.now();
    logger.info({ task: job.name }, 'scheduled run started');
    job.running = task().then(
      () => logger.info({ task: job.name, ms: Date.now() - startedAt }, 'scheduled run finished'),
      (error: unknown) => logger.error({ task: job.name, ms: Date.now() - startedAt, err: error }, 'scheduled run failed'),
    ).finally(() => {
      job.running = null;
    });
    return job.running;
  }

  return {
    add(name, cronExpression, task, options = {}) {
      if (stopped) throw new Error('scheduler: stopped; cannot add tasks');
      if (jobs.has(name)) throw new Error(`scheduler: a task named "${name}" is already registered`);
      if (!cron.validate(cronExpression)) throw new Error(`scheduler: "${cronExpression}" (task "${name}") is not a cron expression`);
      // The task function never rejects (failures are logged in fire), so node-cron sees none.
      const job: Job = { name, running: null, cronTask: cron.createTask(cronExpression, () => fire(job, task), { name, logger: cronLogger, ...(options.timezone === undefined ? {} : { timezone: options.timezone }) }) };
      jobs.set(name, job);
      if (started) void job.cronTask.start();
    },

    start() {
      if (stopped) throw new Error('scheduler: stopped; cannot start again');
      started = true;
      for (const job of jobs.values()) void job.cronTask.start();
      logger.info({ tasks: [...jobs.keys()] }, 'scheduler started');
    },

    async stop() {
      stopped = true;
      const running: Array<Promise<void>> = [];
      for (const job of jobs.values()) {
        // destroy() also removes the task from node-cron's process-wide registry.
        await job.cronTask.destroy();
        if (job.running !== null) running.push(job.running);
      }
      await Promise.all(running);
      logger.info('scheduler stopped');
    },
  };
}
