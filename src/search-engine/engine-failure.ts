import { SearchEngineRequestError, SearchEngineUnavailableError, VersionConflictError } from './search-engine.js';

/** HTTP statuses that may pass by retrying later. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Engine error types that pass whatever status they come with. `cluster_block_exception` is a
 * block on an index or the cluster: the write block `ensureIndex` puts on the old index while it
 * moves the alias to a new mapping version (403; the write succeeds through the alias once it has
 * moved), a flood-stage disk block (lifted when disk is freed), no elected master (503). An
 * operator's read-only block is waited out the same way: the write is kept, not dead-lettered.
 */
const TRANSIENT_TYPES: ReadonlySet<string> = new Set(['cluster_block_exception']);

/** Whether an engine refusal with this HTTP status and error type may pass by retrying later. */
export function isTransientFailure(status: number, type: string): boolean {
  return TRANSIENT_STATUSES.has(status) || TRANSIENT_TYPES.has(type);
}

/**
 * The port's error for an engine refusal, by status and error type (never by message text), for
 * a whole request and for one failed bulk item alike: transient ({@link isTransientFailure}) →
 * {@link SearchEngineUnavailableError}, 409 → {@link VersionConflictError}, anything else
 * {@link SearchEngineRequestError}.
 */
export function engineFailureError(status: number, type: string, message: string, options?: ErrorOptions): Error {
  if (isTransientFailure(status, type)) return new SearchEngineUnavailableError(message, options);
  if (status === 409) return new VersionConflictError(message, options);
  return new SearchEngineRequestError(message, status, type, options);
}
