import type { RetryPolicy } from './job-queue.js';

/**
 * Exponential backoff with ±50 % jitter: attempt 1 waits about `backoffMs`, each later attempt
 * about twice as long, capped at `maxBackoffMs`. Jitter keeps a burst of failures (say, the
 * archive disk filling up) from retrying in lock-step.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random()));
}
