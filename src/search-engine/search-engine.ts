/**
 * The search-engine port: the few operations the cluster adapters (archive index, incidents,
 * audit log, tokens) need from Elasticsearch or OpenSearch, in one neutral shape. Two
 * implementations wrap the two official clients (`@elastic/elasticsearch` 8, which speaks to 8.x
 * and 9.x servers, and `@opensearch-project/opensearch`); everything above this port is written
 * once. Request bodies are the query DSL both engines share, built by code, never from user text.
 */

import { DependencyUnavailableError } from '../queue/errors.js';

/** Which engine answered the cluster's root request (`GET /`). */
export type EngineKind = 'elasticsearch' | 'opensearch';

export interface EngineInfo {
  kind: EngineKind;
  /** Server version, e.g. `8.15.2` or `2.19.1`. */
  version: string;
  clusterName: string;
  /** Which client library talks to it. */
  client: EngineKind;
}

/** A JSON object as both engines take and return it. */
export type Json = Record<string, unknown>;

/** Optimistic concurrency and create-only writes (`if_seq_no` / `if_primary_term`, `op_type=create`). */
export interface WriteOptions {
  /** Fail with {@link VersionConflictError} when a document with this id exists. */
  create?: boolean;
  /** Fail with {@link VersionConflictError} unless the stored document is still at this version. */
  ifVersion?: DocVersion;
  /**
   * `wait_for`: resolve once the write is visible to search (tests, read-your-writes APIs);
   * default false: visible within the refresh interval. A write is durable (translog) either way.
   */
  refresh?: boolean | 'wait_for';
}

export interface DocVersion {
  seqNo: number;
  primaryTerm: number;
}

export interface StoredDoc<T> {
  id: string;
  source: T;
  version: DocVersion;
}

export type BulkOperation =
  | { op: 'index'; index: string; id: string; doc: Json; create?: boolean; ifVersion?: DocVersion }
  | { op: 'update'; index: string; id: string; doc: Json; upsert?: Json }
  | { op: 'delete'; index: string; id: string };

/** One item's result, in the order of the operations. */
export type BulkItemResult =
  | { ok: true; id: string; version: DocVersion | null }
  | { ok: false; id: string; status: number; type: string; reason: string };

export interface SearchHitOf<T> {
  id: string;
  source: T;
  /** The hit's sort values (for `search_after`); empty when the search had no sort. */
  sort: unknown[];
}

export interface SearchResponseOf<T> {
  /** Exact total (requests are sent with `track_total_hits: true`). */
  total: number;
  hits: Array<SearchHitOf<T>>;
  aggregations: Json;
}

/**
 * What `ensureIndex` creates: a versioned concrete index `<alias>-v<version>` behind `alias`.
 * Bumping `version` (a mapping change) creates the new index, reindexes the old one into it and
 * moves the alias in one atomic alias update.
 */
export interface IndexSpec {
  alias: string;
  version: number;
  settings: Json;
  mappings: Json;
}

export interface SearchEngine {
  readonly info: EngineInfo;
  /** Creates or migrates the index behind `spec.alias`; a no-op when it is current. Safe to run from many processes at once. */
  ensureIndex(spec: IndexSpec): Promise<void>;
  /** Realtime GET (sees writes not yet refreshed); null when absent. */
  get<T>(index: string, id: string): Promise<StoredDoc<T> | null>;
  /** Many realtime GETs at once, in the order of `ids`; null for each absent one. */
  getMany<T>(index: string, ids: readonly string[]): Promise<Array<StoredDoc<T> | null>>;
  put(index: string, id: string, doc: Json, options?: WriteOptions): Promise<DocVersion>;
  /** True when the document existed. */
  delete(index: string, id: string, options?: { refresh?: boolean | 'wait_for' }): Promise<boolean>;
  bulk(operations: readonly BulkOperation[], options?: { refresh?: boolean | 'wait_for' }): Promise<BulkItemResult[]>;
  /** `body` is a search request body (query, sort, size, search_after, aggs, _source …). */
  search<T>(index: string, body: Json): Promise<SearchResponseOf<T>>;
  count(index: string, query: Json): Promise<number>;
  /** Deletes what `query` matches; resolves to how many were deleted. */
  deleteByQuery(index: string, query: Json, options?: { refresh?: boolean }): Promise<number>;
  refresh(index: string): Promise<void>;
  /** Deletes the concrete indices whose names start with `prefix` (tests and `custodian` tooling). */
  deleteIndices(prefix: string): Promise<void>;
  /** True when the cluster answers with health yellow or green within `timeoutMs`. */
  healthy(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** A create-only or versioned write lost to a concurrent writer (HTTP 409). */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
}

/**
 * The engine cannot be reached or refused for a reason that may pass (connection refused,
 * timeout, 429 too many requests, 503): the caller retries; a job waits for the engine without
 * using up its attempts (see DependencyUnavailableError).
 */
export class SearchEngineUnavailableError extends DependencyUnavailableError {
  override readonly name = 'SearchEngineUnavailableError';
}

/**
 * The engine refused a request for a reason that will not pass by retrying (bad mapping, missing
 * index, malformed query, 401/403 …). `status` is the HTTP status, `type` the engine's error type
 * (e.g. `index_not_found_exception`).
 */
export class SearchEngineRequestError extends Error {
  override readonly name = 'SearchEngineRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
