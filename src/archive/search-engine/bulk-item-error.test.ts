import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SearchEngineRequestError, SearchEngineUnavailableError, VersionConflictError } from '../../search-engine/search-engine.js';
import { bulkItemError } from './bulk-item-error.js';

describe('a failed bulk item', () => {
  const item = (status: number, type: string) => ({ ok: false as const, id: 'm1', status, type, reason: 'because' });

  it('waits out a write block (the old index during a mapping migration) and a busy cluster', () => {
    assert.ok(bulkItemError(item(403, 'cluster_block_exception')) instanceof SearchEngineUnavailableError);
    assert.ok(bulkItemError(item(429, 'es_rejected_execution_exception')) instanceof SearchEngineUnavailableError);
  });

  it('is a version conflict at 409 and a refusal otherwise', () => {
    assert.ok(bulkItemError(item(409, 'version_conflict_engine_exception')) instanceof VersionConflictError);
    assert.ok(bulkItemError(item(400, 'mapper_parsing_exception')) instanceof SearchEngineRequestError);
  });
});
