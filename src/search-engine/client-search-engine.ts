import type { Logger } from 'pino';
import { isObject, toEngineError, type EngineRequest, type EngineTransport } from './engine-transport.js';
import { deleteIndicesWithPrefix, ensureIndex } from './ensure-index.js';
import type {
  BulkItemResult,
  BulkOperation,
  DocVersion,
  EngineInfo,
  IndexSpec,
  Json,
  SearchEngine,
  SearchResponseOf,
  StoredDoc,
  WriteOptions,
} from './search-engine.js';

/**
 * The {@link SearchEngine} port over either client library: every path, body and result mapping
 * lives here once; {@link EngineTransport} (`opensearch-engine.ts`, `elasticsearch-engine.ts`)
 * only sends the requests. Built by `connectSearchEngine`, which identifies the engine first.
 */
export class ClientSearchEngine implements SearchEngine {
  constructor(
    private readonly transport: EngineTransport,
    readonly info: EngineInfo,
    private readonly logger: Logger,
  ) {}

  ensureIndex(spec: IndexSpec): Promise<void> {
    return ensureIndex(this.transport, spec, this.logger);
  }

  async get<T>(index: string, id: string): Promise<StoredDoc<T> | null> {
    const request: EngineRequest = { method: 'GET', path: `/${segment(index)}/_doc/${segment(id)}`, ignore: [404] };
    const { status, body } = await this.transport.request<RawDoc>(request);
    if (status === 404) failOnMissingIndex(status, body, request);
    return storedDoc<T>(body);
  }

  async getMany<T>(index: string, ids: readonly string[]): Promise<Array<StoredDoc<T> | null>> {
    if (ids.length === 0) return [];
    const { body } = await this.transport.request<{ docs: RawDoc[] }>({
      method: 'POST', path: `/${segment(index)}/_mget`, body: { ids: [...ids] },
    });
    return body.docs.map((doc) => {
      if (isObject(doc.error)) throw toEngineError({ kind: 'response', status: 404, body: doc }, { method: 'POST', path: `/${index}/_mget` }, undefined);
      return storedDoc<T>(doc);
    });
  }

  async put(index: string, id: string, doc: Json, options: WriteOptions = {}): Promise<DocVersion> {
    const { body } = await this.transport.request<RawWrite>({
      method: 'PUT',
      path: `/${segment(index)}/${options.create === true ? '_create' : '_doc'}/${segment(id)}`,
      querystring: { ...versionQuery(options.ifVersion), ...refreshQuery(options.refresh) },
      body: doc,
    });
    return { seqNo: body._seq_no, primaryTerm: body._primary_term };
  }

  async delete(index: string, id: string, options: { refresh?: boolean | 'wait_for' } = {}): Promise<boolean> {
    const request: EngineRequest = {
      method: 'DELETE', path: `/${segment(index)}/_doc/${segment(id)}`, querystring: refreshQuery(options.refresh), ignore: [404],
    };
    const { status, body } = await this.transport.request<RawWrite>(request);
    if (status === 404) failOnMissingIndex(status, body, request);
    return body.result === 'deleted';
  }

  async bulk(operations: readonly BulkOperation[], options: { refresh?: boolean | 'wait_for' } = {}): Promise<BulkItemResult[]> {
    if (operations.length === 0) return [];
    const { body } = await this.transport.request<{ items: Array<Record<string, RawBulkItem>> }>({
      method: 'POST', path: '/_bulk', querystring: refreshQuery(options.refresh), bulkBody: operations.flatMap(bulkLines),
    });
    return body.items.map((item, position) => bulkItemResult(item, operations[position]?.id ?? ''));
  }

  async search<T>(index: string, body: Json): Promise<SearchResponseOf<T>> {
    const response = await this.transport.request<RawSearch>({
      method: 'POST', path: `/${segment(index)}/_search`, body: { ...body, track_total_hits: true },
    });
    const { hits } = response.body;
    return {
      total: typeof hits.total === 'number' ? hits.total : hits.total?.value ?? 0,
      hits: hits.hits.map((hit) => ({ id: hit._id, source: hit._source as T, sort: hit.sort ?? [] })),
      aggregations: response.body.aggregations ?? {},
    };
  }

  async count(index: string, query: Json): Promise<number> {
    const { body } = await this.transport.request<{ count: number }>({ method: 'POST', path: `/${segment(index)}/_count`, body: { query } });
    return body.count;
  }

  async deleteByQuery(index: string, query: Json, options: { refresh?: boolean } = {}): Promise<number> {
    const request: EngineRequest = {
      method: 'POST',
      path: `/${segment(index)}/_delete_by_query`,
      // A document changed while the deletion runs is left alone (e.g. put on hold meanwhile).
      querystring: { conflicts: 'proceed', ...(options.refresh === true ? { refresh: true } : {}) },
      body: { query },
    };
    const { body } = await this.transport.request<{ deleted: number; failures?: unknown[] }>(request);
    const failure = body.failures?.[0];
    if (failure !== undefined) {
      throw toEngineError({ kind: 'response', status: failureStatus(failure), body: { error: isObject(failure) ? failure.cause : failure } }, request, undefined);
    }
    return body.deleted;
  }

  async refresh(index: string): Promise<void> {
    await this.transport.request({ method: 'POST', path: `/${segment(index)}/_refresh` });
  }

  deleteIndices(prefix: string): Promise<void> {
    return deleteIndicesWithPrefix(this.transport, prefix);
  }

  /** Waits up to `timeoutMs` (default 5000) for status yellow; any failure answers false. */
  async healthy(timeoutMs = 5_000): Promise<boolean> {
    try {
      const { body } = await this.transport.request<{ status?: string; timed_out?: boolean }>({
        method: 'GET',
        path: '/_cluster/health',
        querystring: { wait_for_status: 'yellow', timeout: `${Math.max(1, Math.round(timeoutMs))}ms` },
        ignore: [408],
        timeoutMs: timeoutMs + 5_000,
        maxRetries: 0,
      });
      return body.timed_out !== true && (body.status === 'green' || body.status === 'yellow');
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

/** An index name or document id as one URI path segment. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

interface RawDoc {
  _id: string;
  found?: boolean;
  _source?: unknown;
  _seq_no?: number;
  _primary_term?: number;
  error?: unknown;
}

interface RawWrite {
  _id: string;
  result: string;
  _seq_no: number;
  _primary_term: number;
}

interface RawBulkItem {
  _id?: string | null;
  status: number;
  _seq_no?: number;
  _primary_term?: number;
  error?: { type?: string; reason?: string };
}

interface RawSearch {
  hits: {
    total?: number | { value: number };
    hits: Array<{ _id: string; _source?: unknown; sort?: unknown[] }>;
  };
  aggregations?: Json;
}

function storedDoc<T>(doc: RawDoc): StoredDoc<T> | null {
  if (doc.found !== true) return null;
  return { id: doc._id, source: doc._source as T, version: { seqNo: doc._seq_no ?? 0, primaryTerm: doc._primary_term ?? 0 } };
}

/** A 404 that is not "no such document" (e.g. `index_not_found_exception`) is an error, not a miss. */
function failOnMissingIndex(status: number, body: unknown, request: EngineRequest): void {
  if (isObject(body) && body.error !== undefined) throw toEngineError({ kind: 'response', status, body }, request, undefined);
}

function versionQuery(version: DocVersion | undefined): Record<string, number> {
  return version === undefined ? {} : { if_seq_no: version.seqNo, if_primary_term: version.primaryTerm };
}

function refreshQuery(refresh: boolean | 'wait_for' | undefined): Record<string, string> {
  return refresh === undefined || refresh === false ? {} : { refresh: refresh === true ? 'true' : 'wait_for' };
}

function bulkLines(operation: BulkOperation): Json[] {
  const target = { _index: operation.index, _id: operation.id };
  switch (operation.op) {
    case 'index':
      return [{ [operation.create === true ? 'create' : 'index']: { ...target, ...versionQuery(operation.ifVersion) } }, operation.doc];
    case 'update':
      return [{ update: target }, operation.upsert === undefined ? { doc: operation.doc } : { doc: operation.doc, upsert: operation.upsert }];
    case 'delete':
      return [{ delete: target }];
  }
}

function bulkItemResult(item: Record<string, RawBulkItem>, fallbackId: string): BulkItemResult {
  const result = Object.values(item)[0];
  if (result === undefined) return { ok: false, id: fallbackId, status: 0, type: 'unknown', reason: 'empty bulk item' };
  const id = result._id ?? fallbackId;
  if (result.error !== undefined) {
    return { ok: false, id, status: result.status, type: result.error.type ?? 'unknown', reason: result.error.reason ?? JSON.stringify(result.error) };
  }
  const version = result._seq_no === undefined || result._primary_term === undefined ? null : { seqNo: result._seq_no, primaryTerm: result._primary_term };
  return { ok: true, id, version };
}

function failureStatus(failure: unknown): number {
  return isObject(failure) && typeof failure.status === 'number' ? failure.status : 500;
}
