import { engineFailureError } from '../../search-engine/engine-failure.js';
import type { BulkItemResult } from '../../search-engine/search-engine.js';

/**
 * The error a failed bulk item stands for, classified exactly as the engine port classifies a
 * whole request (a busy cluster or a write block is transient: the job waits; 409 is a version
 * conflict; anything else will not pass by retrying).
 */
export function bulkItemError(item: Extract<BulkItemResult, { ok: false }>): Error {
  return engineFailureError(item.status, item.type, `bulk item ${item.id} failed with ${item.status} ${item.type}: ${item.reason}`);
}
