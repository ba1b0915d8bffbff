import {
  SearchEngineRequestError, SearchEngineUnavailableError, VersionConflictError, type BulkItemResult,
} from '../../search-engine/search-engine.js';

/** Statuses a bulk item fails with that pass by themselves: the engine is busy or a shard is moving. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * The error a failed bulk item stands for, classified as the engine port classifies whole
 * requests: a busy cluster is {@link SearchEngineUnavailableError} (the job is retried), 409 is
 * {@link VersionConflictError}, anything else will not pass by retrying.
 */
export function bulkItemError(item: Extract<BulkItemResult, { ok: false }>): Error {
  const message = `bulk item ${item.id} failed with ${item.status} ${item.type}: ${item.reason}`;
  if (TRANSIENT_STATUSES.has(item.status)) return new SearchEngineUnavailableError(message);
  if (item.status === 409) return new VersionConflictError(message);
  return new SearchEngineRequestError(message, item.status, item.type);
}
