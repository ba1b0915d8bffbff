/**
 * Thrown by a job handler when retrying cannot help (the input itself is the problem).
 * The job goes straight to the dead-letter state with this reason. Anything else thrown is
 * treated as transient and retried with backoff and jitter until attempts run out.
 */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';
}

/**
 * Thrown (or subclassed, e.g. `SearchEngineUnavailableError`) when a service the job needs is
 * away: the job is not at fault and an outage must not use up its attempts, or a long outage would
 * dead-letter every job it touched. The queue puts the job back, pauses (longer while the outage
 * lasts, up to the retry policy's longest delay) and tries again, for as long as it takes.
 */
export class DependencyUnavailableError extends Error {
  override readonly name: string = 'DependencyUnavailableError';
}
