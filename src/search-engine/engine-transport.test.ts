import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors as elasticsearchErrors } from '@elastic/elasticsearch';
import { errors as opensearchErrors } from '@opensearch-project/opensearch';
import { engineFailureError, isTransientFailure } from './engine-failure.js';
import { errorDetails, faultOf, toEngineError, type TransportFault } from './engine-transport.js';
import { SearchEngineRequestError, SearchEngineUnavailableError, VersionConflictError } from './search-engine.js';

const request = { method: 'PUT', path: '/ct-items/_doc/a' } as const;

function engineError(status: number, type = 'some_exception', reason = 'went wrong'): Error {
  return toEngineError({ kind: 'response', status, body: { error: { type, reason }, status } }, request, undefined);
}

describe('search engine error classification', () => {
  for (const status of [429, 502, 503, 504]) {
    it(`treats HTTP ${status} as an engine to retry later`, () => {
      assert.ok(engineError(status) instanceof SearchEngineUnavailableError);
    });
  }

  it('treats a node that does not answer as an engine to retry later', () => {
    const error = toEngineError({ kind: 'unreachable', message: 'connect ECONNREFUSED' }, request, undefined);
    assert.ok(error instanceof SearchEngineUnavailableError);
    assert.match(error.message, /PUT \/ct-items\/_doc\/a/);
  });

  it('treats a write refused by an index block (403 cluster_block_exception) as an engine to retry later', () => {
    const error = engineError(403, 'cluster_block_exception', 'index [ct-items-v1] blocked by: [FORBIDDEN/8/index write (api)];');
    assert.ok(error instanceof SearchEngineUnavailableError);
    assert.match(error.message, /403 cluster_block_exception/);
    assert.ok(engineError(429, 'cluster_block_exception') instanceof SearchEngineUnavailableError);
  });

  it('classifies a by-query request refused document by document by its first failure (delete by query on a write-blocked index)', () => {
    const body = {
      took: 1, deleted: 0,
      failures: [{ index: 'ct-items-v1', id: 'a', cause: { type: 'cluster_block_exception', reason: 'index [ct-items-v1] blocked by: [FORBIDDEN/8/index write (api)];' }, status: 403 }],
    };
    const error = toEngineError({ kind: 'response', status: 403, body }, { method: 'POST', path: '/ct-items/_delete_by_query' }, undefined);
    assert.ok(error instanceof SearchEngineUnavailableError);
    assert.match(error.message, /403 cluster_block_exception .*blocked by/);
  });

  it('keeps other 403 refusals (credentials, privileges) as request errors: retrying will not fix them', () => {
    const error = engineError(403, 'security_exception', 'action [indices:data/write/index] is unauthorized');
    assert.ok(error instanceof SearchEngineRequestError);
    assert.equal(error.status, 403);
  });

  it('classifies a failed bulk item by status and type as a whole request is classified', () => {
    assert.ok(engineFailureError(403, 'cluster_block_exception', 'bulk item a failed') instanceof SearchEngineUnavailableError);
    assert.ok(engineFailureError(429, 'es_rejected_execution_exception', 'bulk item a failed') instanceof SearchEngineUnavailableError);
    assert.ok(engineFailureError(409, 'version_conflict_engine_exception', 'bulk item a failed') instanceof VersionConflictError);
    const refused = engineFailureError(400, 'mapper_parsing_exception', 'bulk item a failed');
    assert.ok(refused instanceof SearchEngineRequestError);
    assert.equal(refused.type, 'mapper_parsing_exception');
    assert.deepEqual([isTransientFailure(403, 'cluster_block_exception'), isTransientFailure(403, 'security_exception')], [true, false]);
  });

  it('treats HTTP 409 as a version conflict', () => {
    assert.ok(engineError(409, 'version_conflict_engine_exception') instanceof VersionConflictError);
  });

  it('keeps status, type and reason of any other refusal', () => {
    const error = engineError(400, 'mapper_parsing_exception', 'failed to parse field [n]');
    assert.ok(error instanceof SearchEngineRequestError);
    assert.equal(error.status, 400);
    assert.equal(error.type, 'mapper_parsing_exception');
    assert.match(error.message, /400 mapper_parsing_exception .*failed to parse field \[n\]/);
  });

  it('reads the reason of string errors and adds a differing root cause', () => {
    assert.deepEqual(errorDetails({ error: 'alias [x] missing', status: 404 }), { type: 'error', reason: 'alias [x] missing' });
    assert.deepEqual(
      errorDetails({ error: { type: 'search_phase_execution_exception', reason: 'all shards failed', root_cause: [{ type: 'query_shard_exception', reason: 'bad field' }] } }),
      { type: 'search_phase_execution_exception', reason: 'all shards failed (query_shard_exception: bad field)' },
    );
  });

  it('classifies both client libraries’ connection errors by class as unreachable', () => {
    const faults: TransportFault[] = [
      faultOf(new opensearchErrors.ConnectionError('refused'), {
        ResponseError: opensearchErrors.ResponseError, unreachable: [opensearchErrors.ConnectionError],
      }),
      faultOf(new elasticsearchErrors.ConnectionError('refused'), {
        ResponseError: elasticsearchErrors.ResponseError, unreachable: [elasticsearchErrors.ConnectionError],
      }),
    ];
    assert.deepEqual(faults, [{ kind: 'unreachable', message: 'refused' }, { kind: 'unreachable', message: 'refused' }]);
    assert.deepEqual(faultOf(new TypeError('bad'), { ResponseError: opensearchErrors.ResponseError, unreachable: [] }), { kind: 'client', message: 'bad' });
  });
});
