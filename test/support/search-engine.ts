import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { connectSearchEngine } from '../../src/search-engine/connect-search-engine.js';
import type { EngineKind, SearchEngine } from '../../src/search-engine/search-engine.js';

/** The OpenSearch node the cluster-profile tests use (`scripts/opensearch/run.sh start`; `.ci/run` starts it). */
export const TEST_OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9250';

/**
 * Whether the test OpenSearch answers. Missing, it skips the suite on a developer machine (one
 * line in the output) and fails it in CI (CI=true), where `.ci/run` must have started it.
 */
export async function requireSearchEngine(): Promise<{ skip: string | false }> {
  if (await answers(TEST_OPENSEARCH_URL)) return { skip: false };
  const notice = `OpenSearch not reachable at ${TEST_OPENSEARCH_URL}; start it with scripts/opensearch/run.sh start (.ci/run does)`;
  if (process.env.CI === 'true') throw new Error(notice);
  return { skip: notice };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** An index prefix no other test (or test run) uses: lower case, as index names must be. */
export function uniqueIndexPrefix(name: string): string {
  return `ct-${name}-${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toLowerCase();
}

/**
 * A connected SearchEngine on the test node through the given client library. The Elasticsearch
 * client reaches the OpenSearch node through {@link startElasticsearchCompatProxy}; `close` stops
 * the client, the proxy, and deletes every index under `indexPrefix`.
 */
export async function testSearchEngine(client: EngineKind, indexPrefix: string): Promise<{ engine: SearchEngine; close(): Promise<void> }> {
  const proxy = client === 'elasticsearch' ? await startElasticsearchCompatProxy(TEST_OPENSEARCH_URL) : null;
  const engine = await connectSearchEngine(
    { nodes: [proxy?.url ?? TEST_OPENSEARCH_URL], client, indexPrefix, requestTimeoutMs: 30_000 },
    { logger: pino({ level: 'silent' }) },
  );
  return {
    engine,
    close: async () => {
      try {
        await engine.deleteIndices(indexPrefix);
      } finally {
        await engine.close();
        await proxy?.close();
      }
    },
  };
}

/** The Elasticsearch client's versioned media types and the plain ones OpenSearch understands. */
const COMPATIBLE_MEDIA_TYPE = /application\/vnd\.elasticsearch\+(json|x-ndjson)\s*;\s*compatible-with=\d+/gi;

function plainMediaTypes(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers };
  for (const name of ['content-type', 'accept'] as const) {
    const value = out[name];
    if (typeof value === 'string') out[name] = value.replace(COMPATIBLE_MEDIA_TYPE, (_, kind: string) => `application/${kind}`);
  }
  return out;
}

/**
 * Test-only: lets `@elastic/elasticsearch` 8 talk to an OpenSearch node. The client sends
 * `application/vnd.elasticsearch+json; compatible-with=8`, which OpenSearch refuses, and insists on
 * the `x-elastic-product: Elasticsearch` response header. The proxy maps the one to
 * `application/json` and adds the other; bodies pass through untouched. This verifies our
 * Elasticsearch-client adapter code, not a real Elasticsearch server (see the README).
 */
export function startElasticsearchCompatProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  return startSearchEngineProxy(target, { elasticsearchCompatible: true });
}

export interface SearchEngineProxyOptions {
  /** Map the Elasticsearch client's media types and add its product header (see startElasticsearchCompatProxy). */
  elasticsearchCompatible: boolean;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: Buffer; cert: Buffer };
  /** Answer 401 to any request whose Authorization header is not exactly this. */
  requireAuthorization?: string;
}

/** A test proxy in front of the test node: plain, TLS-terminating, credential-checking or Elasticsearch-compatible. */
export async function startSearchEngineProxy(target: string, options: SearchEngineProxyOptions): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const productHeader: Record<string, string> = options.elasticsearchCompatible ? { 'x-elastic-product': 'Elasticsearch' } : {};
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (options.requireAuthorization !== undefined && req.headers.authorization !== options.requireAuthorization) {
      res.writeHead(401, { 'content-type': 'application/json', ...productHeader });
      res.end(JSON.stringify({ error: { type: 'security_exception', reason: 'missing or wrong credentials' }, status: 401 }));
      return;
    }
    const headers = options.elasticsearchCompatible ? plainMediaTypes(req.headers) : { ...req.headers };
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...productHeader });
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'application/json', ...productHeader });
      res.end(JSON.stringify({ error: { type: 'proxy_error', reason: error.message } }));
    });
    req.pipe(forward);
  };
  const server = options.tls === undefined ? createServer(handler) : createHttpsServer(options.tls, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${options.tls === undefined ? '127.0.0.1' : 'localhost'}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
