/**
 * Thrown by a job handler when retrying cannot help (the input itself is the problem).
 * The job goes straight to the dead-letter state with this reason. Anything else thrown is
 * treated as transient and retried with backoff and jitter until attempts run out.
 */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';
}
