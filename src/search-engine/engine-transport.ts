import { engineFailureError } from './engine-failure.js';
import { SearchEngineUnavailableError, type EngineKind, type Json } from './search-engine.js';

/**
 * The one thing the two client libraries differ in for us: how a REST request is sent (connection
 * pool, retries, auth, TLS, media types, product check). Everything else — paths, bodies, result
 * mapping, error classification, `ensureIndex` — is written once in {@link ClientSearchEngine}
 * (`client-search-engine.ts`) over this interface. Both engines share the REST paths we use.
 */
export interface EngineTransport {
  /** Which client library sends the requests. */
  readonly client: EngineKind;
  /**
   * Sends one request. Resolves for 2xx and for the statuses in `ignore`; otherwise rejects with
   * {@link SearchEngineUnavailableError}, `VersionConflictError` or `SearchEngineRequestError`
   * (see {@link toEngineError}).
   */
  request<T = Json>(request: EngineRequest): Promise<EngineResponse<T>>;
  close(): Promise<void>;
}

export interface EngineRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Path with every index name and id already URI-encoded. */
  path: string;
  querystring?: Record<string, string | number | boolean>;
  body?: Json;
  /** NDJSON lines (`_bulk`). */
  bulkBody?: Json[];
  /** Statuses answered as a response instead of an error (e.g. 404 for a GET that may miss). */
  ignore?: number[];
  /** Overrides the client's request timeout for long waits (task polling, cluster health). */
  timeoutMs?: number;
  /** Overrides the client's retry count (0 for health probes). */
  maxRetries?: number;
}

export interface EngineResponse<T> {
  status: number;
  body: T;
}

/** A client failure in neutral terms; each transport maps its client's error classes to it. */
export type TransportFault =
  /** No answer: connection refused or reset, timeout, no living node. */
  | { kind: 'unreachable'; message: string }
  /** The engine answered with an error status. */
  | { kind: 'response'; status: number; body: unknown }
  /** The client library itself refused (misconfiguration, unsupported product, bad JSON …). */
  | { kind: 'client'; message: string };

/** The error classes of one client library, for {@link faultOf}. */
export interface ClientErrorClasses {
  ResponseError: new (...args: never[]) => Error & { statusCode?: number | null; body: unknown };
  /** The classes meaning "no answer" (connection, timeout, no living node, aborted). */
  unreachable: Array<new (...args: never[]) => Error>;
}

/** A client library's error in neutral terms, by its classes (never by message text). */
export function faultOf(error: unknown, classes: ClientErrorClasses): TransportFault {
  if (error instanceof classes.ResponseError) return { kind: 'response', status: error.statusCode ?? 0, body: error.body };
  if (classes.unreachable.some((unreachable) => error instanceof unreachable)) return { kind: 'unreachable', message: (error as Error).message };
  return { kind: 'client', message: error instanceof Error ? error.message : String(error) };
}

/** The client-neutral parts of a request: params and per-request options as both clients take them. */
export function clientRequest(request: EngineRequest) {
  return {
    params: { method: request.method, path: request.path, querystring: request.querystring ?? {}, body: request.body, bulkBody: request.bulkBody },
    options: {
      ...(request.ignore ? { ignore: request.ignore } : {}),
      ...(request.timeoutMs !== undefined ? { requestTimeout: request.timeoutMs } : {}),
      ...(request.maxRetries !== undefined ? { maxRetries: request.maxRetries } : {}),
    },
  };
}

/**
 * The port's error for a client failure: transient faults (no answer, 429, 502–504, and a
 * `cluster_block_exception` whatever its status, e.g. the 403 of the write block a migration puts on
 * the old index) become {@link SearchEngineUnavailableError}, 409 `VersionConflictError`,
 * anything else `SearchEngineRequestError` with status, type and reason in the message
 * (see `engineFailureError`, which classifies failed bulk items the same way).
 */
export function toEngineError(fault: TransportFault, request: Pick<EngineRequest, 'method' | 'path'>, cause: unknown): Error {
  const what = `${request.method} ${request.path}`;
  switch (fault.kind) {
    case 'unreachable':
      return new SearchEngineUnavailableError(`search engine unreachable (${what}): ${fault.message}`, { cause });
    case 'client':
      return new Error(`search engine client refused ${what}: ${fault.message}`, { cause });
    case 'response': {
      const { type, reason } = errorDetails(fault.body);
      return engineFailureError(fault.status, type, `search engine answered ${fault.status} ${type} to ${what}: ${reason}`, { cause });
    }
  }
}

/**
 * `type` and `reason` of an engine error body (`{ error: { type, reason, root_cause } }` or
 * `{ error: "…" }`), or of the first of its `failures` when a by-query request answers an error
 * status with per-document failures and no `error` (e.g. `_delete_by_query` on a write-blocked
 * index: 403 with `failures[].cause.type` `cluster_block_exception`).
 */
export function errorDetails(body: unknown): { type: string; reason: string } {
  const firstFailure = isObject(body) && Array.isArray(body.failures) ? body.failures[0] : undefined;
  const error = isObject(body) ? body.error ?? (isObject(firstFailure) ? firstFailure.cause : undefined) : undefined;
  if (typeof error === 'string') return { type: 'error', reason: error };
  if (!isObject(error)) return { type: 'unknown', reason: typeof body === 'string' ? body : JSON.stringify(body) ?? 'no body' };
  const type = typeof error.type === 'string' ? error.type : 'unknown';
  let reason = typeof error.reason === 'string' ? error.reason : JSON.stringify(error);
  const rootCause = Array.isArray(error.root_cause) ? error.root_cause[0] : undefined;
  if (isObject(rootCause) && typeof rootCause.reason === 'string' && rootCause.reason !== reason) {
    reason = `${reason} (${String(rootCause.type)}: ${rootCause.reason})`;
  }
  return { type, reason };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Connection settings both transports take, already resolved from the config's files. */
export interface EngineConnection {
  nodes: string[];
  /** Basic auth, or an API key (the base64 `encoded` form) sent as `Authorization: ApiKey …`. */
  auth?: { username: string; password: string } | { apiKey: string };
  /** PEM CA bundle for the nodes' certificates; absent: the system CAs. */
  ca?: string;
  requestTimeoutMs: number;
}
