import type { JobHandlers, JobName, JobPayloads } from './catalogue.js';

export type JobState = 'waiting' | 'active' | 'dead';

export interface QueueCounts {
  waiting: number;
  active: number;
  /** Jobs waiting for a retry after a transient failure (a subset of `waiting`). */
  delayed: number;
  dead: number;
  completed: number;
}

export interface DeadLetter {
  id: string;
  name: JobName;
  payload: unknown;
  attempts: number;
  reason: string;
  failedAt: string;
}

export interface RetryPolicy {
  /** Attempts before a job is dead-lettered. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, with ±50 % jitter. */
  backoffMs: number;
  /** Upper bound of one retry delay. */
  maxBackoffMs: number;
}

/** The queue port. The embedded adapter lives on SQLite; the cluster one on BullMQ. */
export interface JobQueue {
  /** Durably enqueue; an id already present (waiting, active or dead) is left alone. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void>;
  /**
   * Start consuming with the given handlers. The registry check refuses to start when a job
   * name in the catalogue has no handler.
   */
  start(handlers: JobHandlers, options: { concurrency: number }): void;
  /** Stop taking jobs and wait for those in flight to finish. */
  drain(): Promise<void>;
  counts(): Promise<QueueCounts>;
  deadLetters(limit: number, offset: number): Promise<DeadLetter[]>;
  /** Move a dead letter back to waiting with a fresh attempt budget. Returns false if absent. */
  retryDead(id: string): Promise<boolean>;
  close(): Promise<void>;
}
